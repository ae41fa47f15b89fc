package org.layerscope.pcapio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports go through a temporary file: the target is replaced only by a complete file. */
class AtomicFileTest {
    @Test
    void aCompleteWriteReplacesTheTargetAndAFailedOneLeavesIt(@TempDir Path tmp) throws IOException {
        Path target = tmp.resolve("sub/report.md");
        AtomicFile.write(target, out -> out.write("first".getBytes(StandardCharsets.UTF_8)));
        assertEquals("first", Files.readString(target));
        IOException boom = assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
            out.write("half of a second ver".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", boom.getMessage());
        assertEquals("first", Files.readString(target), "the old file is untouched");
        try (var files = Files.list(target.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left");
        }
        AtomicFile.write(target, out -> out.write('x'));
        assertEquals("x", Files.readString(target));
    }
}
