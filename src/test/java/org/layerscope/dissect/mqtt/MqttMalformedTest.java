package org.layerscope.dissect.mqtt;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.Severity;

/**
 * Every packet of the fixtures, truncated at every length and with random byte flips: the decoder never
 * throws, a truncated packet always gets an expert item, and what was decoded is kept.
 */
class MqttMalformedTest {
    private static final String[] FIXTURES = {"mqtt-plain-311", "mqtt-plain-5", "synthetic-311", "synthetic-5"};

    static Stream<Arguments> packets() {
        List<Arguments> out = new ArrayList<>();
        for (String name : FIXTURES) {
            int level = name.endsWith("-5") ? 5 : 4;
            List<MqttFixtures.Decoded> decoded = MqttFixtures.decode(MqttFixtures.chunks(MqttFixtures.readTsv(name + ".tsv")));
            for (int i = 0; i < decoded.size(); i++) {
                MqttFixtures.Decoded d = decoded.get(i);
                out.add(Arguments.of(name + "#" + i + " " + MqttNames.type(d.packet().type()), level, d.dir(), d.bytes()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packets")
    void truncatedAtEveryLength(String name, int level, Direction dir, byte[] packet) {
        for (int cut = 1; cut < packet.length; cut++) {
            MqttDecoder d = new MqttDecoder(level);
            Field root = Field.root();
            List<ExpertItem> ex = new ArrayList<>();
            int n = cut;
            MqttPacket p = assertDoesNotThrow(() -> d.decode(dir, packet, 0, n, root, ex), "cut at " + cut);
            assertEquals((packet[0] & 0xff) >> 4, p.type(), "type kept, cut at " + cut);
            assertFalse(ex.isEmpty(), "cut at " + cut + " gives an expert item");
            assertTrue(ex.stream().anyMatch(e -> e.key().equals("mqtt.malformed") && e.severity() == Severity.ERROR),
                    "cut at " + cut + ": " + ex);
            assertTrue(p.info().endsWith("[Malformed Packet]"), p.info());
            assertNoInternalError(ex, "cut at " + cut);
            assertNotNull(root.find("mqtt"), "tree kept");
            // offsets stay inside what was given
            assertInside(root, n);
            // and the same with a decode at an offset, without a tree
            byte[] shifted = new byte[n + 3];
            System.arraycopy(packet, 0, shifted, 3, n);
            List<ExpertItem> exShifted = new ArrayList<>();
            MqttPacket q = new MqttDecoder(level).decode(dir, shifted, 3, n, Field.NONE, exShifted);
            assertEquals(p, q);
            assertNoInternalError(exShifted, "cut at " + cut + ", shifted, no tree");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packets")
    void randomByteFlips(String name, int level, Direction dir, byte[] packet) {
        Random rnd = new Random(name.hashCode());
        for (int round = 0; round < 200; round++) {
            byte[] b = packet.clone();
            int flips = 1 + rnd.nextInt(3);
            for (int i = 0; i < flips; i++) {
                b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
            MqttDecoder d = new MqttDecoder(level);
            Field root = Field.root();
            List<ExpertItem> ex = new ArrayList<>();
            MqttPacket p = assertDoesNotThrow(() -> d.decode(dir, b, 0, b.length, root, ex));
            assertEquals((b[0] & 0xff) >> 4, p.type());
            assertInside(root, b.length);
            assertNoInternalError(ex, "flips round " + round);
            int probed = MqttFramer.probe(b, 0, b.length);
            if (probed != b.length) {
                assertFalse(ex.isEmpty(), "length changed by the flip (" + probed + " != " + b.length + ") is reported");
            }
            assertDoesNotThrow(() -> MqttFramer.startsWithConnect(b, 0, b.length));
        }
    }

    /** A whole direction's byte stream with flipped bytes, cut by the framer: never throws. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void corruptedStreams(String name, List<byte[]> packets) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        packets.forEach(all::writeBytes);
        byte[] clean = all.toByteArray();
        Random rnd = new Random(7);
        for (int round = 0; round < 100; round++) {
            byte[] b = clean.clone();
            for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            MqttDecoder d = new MqttDecoder();
            int pos = 0;
            while (pos < b.length) {
                int n = MqttFramer.probe(b, pos, b.length - pos);
                if (n < 0 || n > b.length - pos) {
                    break;
                }
                int at = pos;
                List<ExpertItem> ex = new ArrayList<>();
                assertDoesNotThrow(() -> d.decode(Direction.CLIENT_TO_SERVER, b, at, n, Field.root(), ex));
                assertNoInternalError(ex, "round " + round + " at " + at);
                pos += n;
            }
        }
    }

    static Stream<Arguments> streams() {
        List<Arguments> out = new ArrayList<>();
        for (String name : FIXTURES) {
            List<MqttFixtures.Decoded> decoded = MqttFixtures.decode(MqttFixtures.chunks(MqttFixtures.readTsv(name + ".tsv")));
            for (Direction dir : Direction.values()) {
                List<byte[]> packets = new ArrayList<>();
                for (MqttFixtures.Decoded d : decoded) {
                    if (d.dir() == dir && d.stream() == 0) {
                        packets.add(d.bytes());
                    }
                }
                out.add(Arguments.of(name + " stream 0 " + dir, packets));
            }
        }
        return out.stream();
    }

    /**
     * The decoder catches every exception at its boundary, so "does not throw" alone cannot fail: a bug of ours
     * shows as a "Dissector error" expert item (MqttDecoder's catch-all), which malformed input must never cause.
     */
    static void assertNoInternalError(List<ExpertItem> ex, String where) {
        for (ExpertItem e : ex) {
            assertFalse(e.text().contains("Dissector error"), where + ": an exception was swallowed: " + e);
        }
    }

    private static void assertInside(Field f, int len) {
        for (Field c : f.children()) {
            if (c.offset() >= 0) {
                assertTrue(c.offset() + c.length() <= len, c.name() + " at " + c.offset() + "+" + c.length()
                        + " past " + len);
            }
            assertInside(c, len);
        }
    }
}
