package org.layerscope.ui;

import java.nio.file.Path;
import org.layerscope.testutil.Tools;

/** Sample captures of {@code sample-pcaps/} (tests skip without them, or fail under LAYERSCOPE_REQUIRE_ALL). */
public final class Samples {
    public static final String TLS12 = "mqtt-tls12-mutual.pcapng";
    public static final String TLS13 = "mqtt-tls13-mutual.pcapng";
    public static final String PLAIN = "mqtt-plain-311.pcapng";

    private Samples() {
    }

    public static Path require(String name) {
        return Tools.requireFile(Tools.repoRoot().resolve("sample-pcaps").resolve(name), "sample capture " + name);
    }
}
