package org.layerscope.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.layerscope.session.CaptureLoader;
import org.layerscope.session.PacketTable;
import org.layerscope.testutil.Tools;

/**
 * {@code export-timeline} loads a table that keeps neither bytes nor Info text (so a 1.5M-frame capture fits a
 * 256 MiB heap): its rows draw the same timeline as the window's full table, byte for byte.
 */
class DrawOnlyTableTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"mqtt-tls12-mutual.pcapng", "mqtt-tls13-mutual.pcapng", "mqtt-tls-wrong-server-ca.pcapng",
            "mqtt-plain-5.pcapng"})
    void drawsTheSameTimeline(String sample) throws Exception {
        Path file = Tools.repoRoot().resolve("sample-pcaps").resolve(sample);
        PacketTable full = new CaptureLoader(file).runAndGet();
        CaptureLoader drawOnly = new CaptureLoader(file, null, false);
        drawOnly.run();
        PacketTable lean = drawOnly.table();
        assertEquals(full.size(), lean.size());
        for (int row = 0; row < full.size(); row++) {
            assertEquals(full.label(row), lean.label(row), "label of row " + row);
            assertEquals(full.phase(row), lean.phase(row), "phase of row " + row);
            assertEquals("", lean.info(row), "a draw-only table keeps no Info");
        }
        for (String ext : new String[] {"svg", "png"}) {
            Path a = tmp.resolve("full." + ext);
            Path b = tmp.resolve("lean." + ext);
            TimelineExporter.export(full, a, 1400, 0, Locale.ENGLISH, Palette.named("light"));
            TimelineExporter.export(lean, b, 1400, 0, Locale.ENGLISH, Palette.named("light"));
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), sample + " as " + ext);
        }
    }
}
