package org.layerscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.layerscope.testutil.Tools;

/** The presets in capture-filters/: one file each, a comment header, an expression libpcap compiles. */
class CaptureFiltersTest {
    @Test
    void namesMatchTheFolder() throws IOException {
        Path dir = Tools.repoRoot().resolve("capture-filters");
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bpf"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
            assertEquals(CaptureFilters.NAMES.stream().sorted().toList(), names);
        }
    }

    @Test
    void everyPresetHasAHeaderAndAnExpression() {
        for (CaptureFilters.Preset p : CaptureFilters.all()) {
            assertFalse(p.title().isBlank(), p.name());
            assertFalse(p.description().isBlank(), p.name());
            assertFalse(p.expression().isBlank(), p.name());
        }
        assertEquals("tcp port 8883", CaptureFilters.byName("mqtt-tls").orElseThrow().expression());
        assertEquals("ip and tcp port 8883", CaptureFilters.byName("mqtt-tls-ipv4").orElseThrow().expression());
        assertEquals("tcp port 1883", CaptureFilters.byName("mqtt").orElseThrow().expression());
        assertEquals("tcp port 443", CaptureFilters.byName("https").orElseThrow().expression());
        assertEquals("tcp port 443", CaptureFilters.resolve("mqtt-tls-443-alpn"));
        assertEquals("udp", CaptureFilters.resolve("udp"));
    }

    @Test
    void libpcapCompilesEveryPresetAndRejectsNonsense() throws CaptureException {
        CaptureSupport.requireLoopbackCapture();
        for (CaptureFilters.Preset p : CaptureFilters.all()) {
            LiveCapture.checkFilter(p.expression());
        }
        try {
            LiveCapture.checkFilter("tcp port eighty");
            throw new AssertionError("accepted a bad filter");
        } catch (CaptureException e) {
            assertEquals(CaptureException.Reason.BAD_FILTER, e.reason());
            assertFalse(e.detail().isEmpty(), "libpcap's message is kept");
            assertTrue(e.getMessage().contains("tcp port eighty"), e.getMessage());
        }
    }
}
