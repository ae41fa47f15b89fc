package org.layerscope.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerscope.model.Field;
import org.layerscope.testutil.Tools;

/**
 * The decrypted TLS data of each frame (what the window's "Decrypted TLS" bytes view shows, and what
 * the offsets of fields read inside TLS point into: TLS 1.3's encrypted handshake, Finished, alerts, MQTT)
 * against tshark's "Decrypted TLS" data sources ({@code tshark -P -x} with the same key log): for every
 * frame, the plaintext of its decrypted records in order, byte for byte; and every such field lies inside
 * that data.
 */
class DecryptedBytesDifferentialTest {
    static Stream<String> samples() throws Exception {
        try (Stream<Path> s = Files.list(Tools.repoRoot().resolve("sample-pcaps"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".keylog"))
                    .map(n -> n.replace(".keylog", ".pcapng")).sorted().toList().stream();
        }
    }

    /** tshark's decrypted TLS data per frame: its "Decrypted TLS" data sources, one per decrypted record, in order. */
    static Map<Long, byte[]> tsharkDecrypted(String tshark, Path capture, Path keylog) {
        String keys = "tls.keylog_file:" + keylog;
        Map<Long, List<ByteArrayOutputStream>> blocks = new HashMap<>();
        long frame = 0;
        ByteArrayOutputStream cur = null;
        // -P: each packet starts with its summary line ("   12 0.019702 127.0.0.1 → ..."); the data sources
        // follow, headed "Frame (N bytes):", "Decrypted TLS (N bytes):" ... when there are several
        java.util.regex.Pattern summary = java.util.regex.Pattern.compile("^\\s*(\\d+) \\d+\\.\\d+ .*");
        for (String line : Tools.run(tshark, "-r", capture.toString(), "-o", keys, "-P", "-x").requireSuccess().lines()) {
            java.util.regex.Matcher m = summary.matcher(line);
            if (m.matches()) {
                frame = Long.parseLong(m.group(1));
                cur = null;
            } else if (line.startsWith("Frame (")) {
                cur = null;
            } else if (line.startsWith("Decrypted TLS (")) {
                cur = new ByteArrayOutputStream();
                blocks.computeIfAbsent(frame, k -> new ArrayList<>()).add(cur);
            } else if (line.matches("^[0-9a-f]{4}  .*")) {
                if (cur != null) {
                    // "0000  32 21 00 0f ...   2!..": the hex columns only
                    for (String b : line.substring(6, Math.min(line.length(), 6 + 16 * 3)).trim().split(" +")) {
                        if (b.matches("[0-9a-f]{2}")) {
                            cur.write(Integer.parseInt(b, 16));
                        }
                    }
                }
            } else if (!line.isBlank()) {
                cur = null; // another data source (reassembled, ...)
            }
        }
        Map<Long, byte[]> out = new HashMap<>();
        blocks.forEach((n, l) -> {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (ByteArrayOutputStream b : l) {
                all.writeBytes(b.toByteArray());
            }
            out.put(n, all.toByteArray());
        });
        return out;
    }

    @ParameterizedTest
    @MethodSource("samples")
    void theDecryptedDataOfEveryFrameIsTsharks(String name) throws Exception {
        String tshark = Tools.require("tshark").toString();
        Path capture = Tools.requireFile(Tools.repoRoot().resolve("sample-pcaps").resolve(name), "sample");
        Path keylog = capture.resolveSibling(name.replace(".pcapng", ".keylog"));
        Map<Long, byte[]> expected = tsharkDecrypted(tshark, capture, keylog);
        List<PacketResult> results = AnalysisRunner.analyze(capture, true, keylog);
        int compared = 0;
        for (PacketResult r : results) {
            byte[] want = expected.getOrDefault(r.number(), new byte[0]);
            assertArrayEquals(want, r.decrypted(), name + " frame " + r.number() + " decrypted TLS data");
            compared += want.length > 0 ? 1 : 0;
            checkOffsets(name, r, r.tree());
        }
        assertTrue(compared > 0, name + ": some frames carry decrypted TLS data");
        if (name.contains("tls13")) {
            assertTrue(handshakeTypes[0] > 0, name + ": TLS 1.3's encrypted handshake messages point into the decrypted data");
        }
    }

    /** Every field read inside TLS points into the frame's decrypted data; an MQTT topic's bytes spell it. */
    private final int[] handshakeTypes = {0};

    private void checkOffsets(String name, PacketResult r, Field f) {
        for (Field c : f.children()) {
            if (Field.inDecrypted(c.offset())) {
                int at = c.offset() - Field.DECRYPTED;
                assertTrue(at + c.length() <= r.decrypted().length, name + " frame " + r.number() + " " + c.name());
                if (c.name().equals("mqtt.topic")) {
                    assertEquals(c.value(), new String(r.decrypted(), at, c.length(), StandardCharsets.UTF_8));
                }
                if (c.name().equals("tls.handshake.type")) {
                    assertEquals(c.value(), String.valueOf(r.decrypted()[at] & 0xff), name + " frame " + r.number());
                    handshakeTypes[0]++;
                }
            }
            checkOffsets(name, r, c);
        }
    }
}
