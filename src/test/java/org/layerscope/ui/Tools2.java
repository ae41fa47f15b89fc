package org.layerscope.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import org.layerscope.testutil.Tools;

/** Sample lookup that does not skip (for wiring the fake capture service). */
final class Tools2 {
    private Tools2() {
    }

    static Path sampleOrNull(String name) {
        Path p = Tools.repoRoot().resolve("sample-pcaps").resolve(name);
        return Files.exists(p) ? p : null;
    }
}
