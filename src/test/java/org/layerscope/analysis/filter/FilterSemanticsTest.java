package org.layerscope.analysis.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.PacketResult;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.testutil.Tools;

/** Semantics beyond the table: absent fields, occurrences, trees, threads, and the readers of values and literals. */
class FilterSemanticsTest {
    private static final Path PLAIN = Tools.repoRoot().resolve("sample-pcaps/mqtt-plain-311.pcapng");

    /** Both filters select the same frames, and some: two empty selections would prove nothing. */
    private static void assertSameNonEmpty(String expected, String actual, Path capture) throws Exception {
        List<Long> want = select(expected, capture);
        assertFalse(want.isEmpty(), expected + " selects nothing in " + capture.getFileName());
        assertEquals(want, select(actual, capture), actual);
    }

    private static List<Long> select(String expression, Path capture) throws Exception {
        return Captures.select(DisplayFilter.compile(expression), Captures.analyze(Tools.requireFile(capture, "sample"), null));
    }

    @Test
    void everyComparisonOnAnAbsentFieldIsFalse() throws Exception {
        Path dhcp = Tools.repoRoot().resolve("../shared/wireshark-captures/captures/dhcp.pcap");
        for (String op : List.of("==", "!=", "===", "!==", "<", "<=", ">", ">=")) {
            assertEquals(List.of(), select("tcp.port " + op + " 80", dhcp), op);
            assertEquals(4, select("!(tcp.port " + op + " 80)", dhcp).size(), op);
        }
        assertEquals(List.of(), select("mqtt.topic contains \"a\" || mqtt.topic matches \".\" || mqtt.topic in {a}", dhcp));
        assertEquals(List.of(), select("tcp.srcport != tcp.dstport", dhcp));
    }

    @Test
    void occurrencesAnyAndAll() throws Exception {
        Path tls12 = Tools.repoRoot().resolve("sample-pcaps/mqtt-tls12-mutual.pcapng");
        // frame 8: Certificate, ClientKeyExchange, CertificateVerify (22), ChangeCipherSpec (20), Finished (22)
        assertTrue(select("tls.record.content_type == 20", tls12).contains(8L));
        assertTrue(select("tls.record.content_type == 22", tls12).contains(8L));
        assertFalse(select("tls.record.content_type != 22", tls12).contains(8L));
        assertTrue(select("tls.record.content_type !== 22", tls12).contains(8L));
        assertFalse(select("tls.record.content_type === 22", tls12).contains(8L));
        assertSameNonEmpty("ip.src == 127.0.0.1 || ip.dst == 127.0.0.1", "ip.addr == 127.0.0.1", tls12);
        assertSameNonEmpty("tcp.srcport == 8883 || tcp.dstport == 8883", "tcp.port == 8883", tls12);
        assertEquals(List.of(), select("tcp.port != 8883", tls12), "every frame has 8883 on one side");
    }

    @Test
    void precedenceNotAndOr() throws Exception {
        assertSameNonEmpty("tcp.flags.syn == 1 or (tcp.flags.fin == 1 and tcp.flags.ack == 1)", "tcp.flags.syn == 1 or tcp.flags.fin == 1 and tcp.flags.ack == 1", PLAIN);
        // every payload of this capture is MQTT: these two are empty, so they are checked on pure ACKs as well
        assertEquals(select("(not mqtt) and tcp.len > 0", PLAIN), select("not mqtt and tcp.len > 0", PLAIN));
        assertEquals(select("!mqtt && tcp.len > 0", PLAIN), select("not mqtt and tcp.len > 0", PLAIN));
        assertSameNonEmpty("(not mqtt) and tcp.len == 0", "not mqtt and tcp.len == 0", PLAIN);
        assertSameNonEmpty("!mqtt && tcp.len == 0", "not mqtt and tcp.len == 0", PLAIN);
        assertSameNonEmpty("(not tcp.flags.syn == 1) and mqtt", "not tcp.flags.syn == 1 and mqtt", PLAIN);
        assertNotEquals(select("not (mqtt and tcp.len > 0)", PLAIN), select("not mqtt and tcp.len > 0", PLAIN),
                "not binds tighter than and");
    }

    @Test
    void literalsAreReadLikeWiresharks() throws Exception {
        assertSameNonEmpty("tcp.dstport == 1883", "tcp.dstport == 0x75b", PLAIN);
        assertSameNonEmpty("tcp.dstport == 1883", "tcp.dstport == 03533", PLAIN);
        assertSameNonEmpty("tcp.dstport == 1883", "tcp.dstport == 0b11101011011", PLAIN);
        assertSameNonEmpty("tcp.dstport == 1883", "tcp.dstport == \"1883\"", PLAIN);
        assertSameNonEmpty("tcp.flags.syn == 1", "tcp.flags.syn == True", PLAIN);
        assertSameNonEmpty("tcp.flags.syn == 1", "tcp.flags.syn == 7", PLAIN);
        assertSameNonEmpty("tcp.flags == 0x002", "tcp.flags == 2", PLAIN);
        assertSameNonEmpty("mqtt.topic == \"sdk/test/python\"", "mqtt.topic == sdk/test/python", PLAIN);
        assertSameNonEmpty("tcp.payload contains \"MQTT\"", "tcp.payload contains 4d:51:54:54", PLAIN);
        assertSameNonEmpty("tcp.payload contains \"MQTT\"", "tcp.payload contains 4D515454", PLAIN);
        assertSameNonEmpty("frame.time_relative <= 0.001", "frame.time_relative <= 1e-3", PLAIN);
        assertEquals(List.of(1L, 2L, 3L), select("frame.number in {1..3}", PLAIN));
        assertEquals(List.of(1L, 2L, 3L), select("frame.number < 4", PLAIN));
    }

    @Test
    void theFilterOnlyNeedsTreesForDissectorFields() throws Exception {
        assertTrue(DisplayFilter.compile("tcp.port == 1883").needsTree());
        assertTrue(DisplayFilter.compile("ls.phase == teardown or mqtt").needsTree());
        assertFalse(DisplayFilter.compile("phase == teardown && frame.number > 3 || ls.comment").needsTree());
        assertEquals(Set.of("phase", "frame.number", "ls.comment"),
                DisplayFilter.compile("phase == teardown && frame.number > 3 || ls.comment").referencedFields());
        assertTrue(DisplayFilter.compile("tcp.port == 1883 and frame.len > 60").usesOnlyWiresharkFields());
        assertFalse(DisplayFilter.compile("tcp.port == 1883 and phase == teardown").usesOnlyWiresharkFields());

        // without trees, LayerScope's computed fields still work; dissector fields are absent
        List<PacketResult> noTrees = new ArrayList<>();
        Analyzer a = new Analyzer(false, noTrees::add);
        try (CaptureReader r = CaptureFiles.open(PLAIN)) {
            for (RawFrame f; (f = r.next()) != null; ) {
                a.accept(f);
            }
        }
        a.finish();
        DisplayFilter phase = DisplayFilter.compile("phase == \"tcp-handshake\"");
        assertFalse(select("phase == \"tcp-handshake\"", PLAIN).isEmpty(), "the capture has a TCP handshake");
        assertEquals(select("phase == \"tcp-handshake\"", PLAIN), Captures.select(phase, noTrees));
        assertEquals(List.of(), Captures.select(DisplayFilter.compile("tcp"), noTrees));
    }

    @Test
    void oneCompiledFilterServesManyThreads() throws Exception {
        DisplayFilter f = DisplayFilter.compile("mqtt.msgtype in {3, 8} || tcp.flags.fin == 1 && ip.addr == 127.0.0.0/8");
        List<PacketResult> frames = Captures.analyze(PLAIN, null);
        List<Long> expected = Captures.select(f, frames);
        assertFalse(expected.isEmpty());
        for (int round = 0; round < 20; round++) {
            List<Long> parallel = frames.parallelStream().filter(f::matches).map(PacketResult::number).toList();
            assertEquals(expected, parallel);
        }
    }

    @Test
    void readingValues() {
        assertEquals(24, Values.number("0x018"));
        assertEquals(-5, Values.number("-5"));
        assertEquals(Values.NO_VALUE, Values.number("12ab"));
        assertEquals(Values.NO_VALUE, Values.number("2274657374206d65737361676522"));
        assertEquals(Values.NO_VALUE, Values.number("22746573742065737361676522"), "too long for a long");
        assertEquals(0x7f000001L, Values.ipv4("127.0.0.1", 0, 9));
        assertEquals(-1, Values.ipv4("127.0.0", 0, 7));
        assertEquals(-1, Values.ipv4("127.0.0.1.", 0, 10));
        assertEquals(-1, Values.ipv4("1.2.3.256", 0, 9));
        assertEquals(-1, Values.ipv4("1..2.3", 0, 6));
        byte[] loop = new byte[16];
        loop[15] = 1;
        assertArrayEquals(loop, Values.ipv6("::1"));
        assertArrayEquals(new byte[16], Values.ipv6("::"));
        assertArrayEquals(Values.ipv6("fe80:0:0:0:200:86ff:fe05:80fa"), Values.ipv6("fe80::200:86ff:fe05:80fa"));
        assertArrayEquals(Values.ipv6("::ffff:7f00:1"), Values.ipv6("::ffff:127.0.0.1"));
        assertArrayEquals(Values.ipv6("1:0:0:0:0:0:0:0"), Values.ipv6("1::"));
        assertNull(Values.ipv6("1::2::3"));
        assertNull(Values.ipv6("1:2:3:4:5:6:7:8:9"));
        assertNull(Values.ipv6("1:2:3"));
        assertNull(Values.ipv6("12345::"));
        assertNull(Values.ipv6("fe80::1:"));
        assertNull(Values.ipv6("127.0.0.1"));
        assertEquals(0x000b8201fc42L, Values.ether("00:0b:82:01:fc:42"));
        assertEquals(0x000b8201fc42L, Values.ether("000b.8201.fc42"));
        assertEquals(0x000b8201fc42L, Values.ether("00-0B-82-01-FC-42"));
        assertEquals(-1, Values.ether("00:0b:82:01:fc"));
        assertEquals("160301", Values.bytesLiteral("16:03:01"));
        assertEquals("0a0b", Values.bytesLiteral("a:b"));
        assertNull(Values.bytesLiteral("16:03-01"));
        assertNull(Values.bytesLiteral("123"));
        assertEquals(8L, Values.integerLiteral("010"));
        assertEquals(22L, Values.integerLiteral("0x16"));
        assertEquals(5L, Values.integerLiteral("0b101"));
        assertEquals(-3L, Values.integerLiteral("-3"));
        assertEquals(0L, Values.integerLiteral("0"));
        assertNull(Values.integerLiteral("08"));
        assertNull(Values.integerLiteral("1.5"));
        assertEquals(1_500_000_000L, Values.seconds("1.5"));
        assertEquals(1_000L, Values.seconds("0.000001"));
        assertEquals("6d5154", Values.utf8Hex("mQT"));
        assertEquals("MQ", Values.hexToLatin1("4d51…"));
        assertTrue(Values.hexContains("0a1b2c", "1b2c"));
        assertFalse(Values.hexContains("0a1b2c", "a1b2"), "only at byte boundaries");
    }

    @Test
    void matchingAFrameDoesNotCostMuch() throws IOException, FilterSyntaxException {
        // a rough guard, not a benchmark: 100 000 evaluations of a tree filter on real frames in well under a minute
        DisplayFilter f = DisplayFilter.compile("tls.record.content_type == 23 && tcp.port in {8883, 1883} || mqtt.topic contains \"x\"");
        List<PacketResult> frames = Captures.analyze(Tools.repoRoot().resolve("sample-pcaps/mqtt-tls12-mutual.pcapng"), null);
        long start = System.nanoTime();
        int n = 0;
        for (int i = 0; i < 100_000; i++) {
            n += f.matches(frames.get(i % frames.size())) ? 1 : 0;
        }
        assertTrue(n > 0);
        assertTrue(System.nanoTime() - start < 60_000_000_000L);
    }
}
