package org.layerscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.analysis.export.FrameFormatter;
import org.layerscope.model.RawFrame;
import org.layerscope.testutil.Tools;

/** --filter on analyze, diagnose and convert: only matching frames or connections, phases of the whole capture, exit 2 on a bad expression. */
class FilterOptionTest {
    static final Path SAMPLES = ConvertCommandTest.SAMPLES;

    private static Path sample(String name) {
        return Tools.requireFile(SAMPLES.resolve(name), "sample capture " + name);
    }

    private static List<String> frameColumn(String tsv) {
        List<String> l = new ArrayList<>();
        for (String line : tsv.split("\n")) {
            if (!line.startsWith("frame\t") && !line.isEmpty()) {
                l.add(line.substring(0, line.indexOf('\t')));
            }
        }
        return l;
    }

    @Test
    void analyzePrintsOnlyMatchingFramesWithTheirUnfilteredLines() {
        // TLS 1.3 without keys: the phases of frames 9.. are inferred from the frames around them
        Path f = sample("mqtt-tls13-mutual.pcapng");
        ConvertCommandTest.Run all = ConvertCommandTest.run("analyze", f.toString(), "--format", "tsv");
        ConvertCommandTest.Run some = ConvertCommandTest.run("analyze", f.toString(), "--format", "tsv",
                "--filter", "tls.record.opaque_type == 23 && !tls.handshake");
        assertEquals(0, some.status(), some.err());
        assertEquals("", some.err());
        String[] allLines = all.out().split("\n");
        List<String> expected = new ArrayList<>();
        expected.add(allLines[0]);
        for (String line : Arrays.asList(allLines).subList(1, allLines.length)) {
            int frame = Integer.parseInt(line.substring(0, line.indexOf('\t')));
            if (List.of(8, 9, 10, 11, 13, 15, 16, 17, 18, 19).contains(frame)) {
                expected.add(line); // the same line: same phase column, same info
            }
        }
        assertEquals(String.join("\n", expected) + "\n", some.out());
        assertTrue(some.out().contains("\tteardown\t"), "frames 18 and 19 keep their teardown phase");

        ConvertCommandTest.Run text = ConvertCommandTest.run("analyze", f.toString(), "--filter", "ls.phase_inferred == 1");
        assertEquals(0, text.status());
        String[] t = text.out().split("\n");
        assertEquals(1 + 11, t.length, text.out());
        assertTrue(t[1].trim().startsWith("9 ") && t[1].contains("application-data?"), t[1]);
    }

    @Test
    void analyzeJsonWithAFilterAndWithoutTrees() throws Exception {
        Path f = sample("mqtt-tls12-mutual.pcapng");
        Path k = sample("mqtt-tls12-mutual.keylog");
        ConvertCommandTest.Run r = ConvertCommandTest.run("analyze", f.toString(), "--keylog", k.toString(), "--format", "json",
                "--no-tree", "--filter", "mqtt.topic == \"sdk/test/python\"");
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(1, lines.length, r.out());
        assertTrue(lines[0].startsWith("{\"frame\":12,"), lines[0]);
        assertFalse(CliOutputTest.topLevelKeys(lines[0]).contains("fields"), "--no-tree still leaves out the tree");
        ConvertCommandTest.Run withTree = ConvertCommandTest.run("analyze", f.toString(), "--keylog", k.toString(), "--format",
                "json", "--filter", "mqtt.topic == \"sdk/test/python\"");
        assertTrue(CliOutputTest.topLevelKeys(withTree.out().trim()).contains("fields"));
    }

    @Test
    void aFilterThatMatchesNothingPrintsTheHeaderOnly() {
        ConvertCommandTest.Run r = ConvertCommandTest.run("analyze", sample("mqtt-plain-311.pcapng").toString(), "--format",
                "tsv", "--filter", "udp");
        assertEquals(0, r.status(), r.err());
        assertEquals(FrameFormatter.TSV_HEADER + "\n", r.out());
        ConvertCommandTest.Run empty = ConvertCommandTest.run("analyze", sample("mqtt-plain-311.pcapng").toString(), "--format",
                "tsv", "--filter", "");
        assertEquals(ConvertCommandTest.run("analyze", sample("mqtt-plain-311.pcapng").toString(), "--format", "tsv").out(),
                empty.out(), "an empty filter shows every frame");
    }

    @Test
    void aBadExpressionExitsWithTwoAndACaret(@TempDir Path tmp) {
        Path f = sample("mqtt-plain-311.pcapng");
        String expected = "layerscope: bad --filter: expected a value at 12" + System.lineSeparator()
                + "  tcp.port == " + System.lineSeparator()
                + "              ^" + System.lineSeparator();
        for (String[] args : List.of(
                new String[] {"analyze", f.toString(), "--filter", "tcp.port == "},
                new String[] {"diagnose", f.toString(), "--filter", "tcp.port == "},
                new String[] {"convert", f.toString(), tmp.resolve("out.pcapng").toString(), "--filter", "tcp.port == "})) {
            ConvertCommandTest.Run r = ConvertCommandTest.run(args);
            assertEquals(2, r.status(), args[0]);
            assertEquals(expected, r.err().replace("\n", System.lineSeparator()).replace("\r\r", "\r"), args[0]);
            assertEquals("", r.out(), args[0]);
            assertFalse(r.err().contains("Exception"));
        }
        assertFalse(Files.exists(tmp.resolve("out.pcapng")), "nothing written");
        ConvertCommandTest.Run unknown = ConvertCommandTest.run("analyze", f.toString(), "--filter", "mqtt.topik == x");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().startsWith("layerscope: bad --filter: unknown field 'mqtt.topik' (did you mean mqtt.topic?) at 0"),
                unknown.err());
    }

    @Test
    void diagnoseReportsOnlyConnectionsWithAMatchingFrame() throws Exception {
        Path f = sample("mqtt-plain-5.pcapng");
        ConvertCommandTest.Run all = ConvertCommandTest.run("diagnose", f.toString());
        ConvertCommandTest.Run alice = ConvertCommandTest.run("diagnose", f.toString(), "--filter", "mqtt.username == \"alice\"");
        assertEquals(0, alice.status(), alice.err());
        String line = Arrays.stream(all.out().split("\n")).filter(l -> l.startsWith("2\t")).findFirst().orElseThrow();
        assertTrue(alice.out().startsWith(line + "\n\n# stream 2: "), alice.out());
        assertFalse(alice.out().contains("# stream 0:"));

        ConvertCommandTest.Run json = ConvertCommandTest.run("diagnose", f.toString(), "--format", "json", "--filter",
                "mqtt.msgtype == 3 && mqtt.qos == 2");
        assertEquals(0, json.status(), json.err());
        List<String> streams = new ArrayList<>();
        for (String l : json.out().split("\n")) {
            streams.add(l.replaceAll("^\\{\"stream\":(\\d+),.*", "$1"));
        }
        // the QoS 2 publishes are on the connections of pub5-q2 and the will test
        ConvertCommandTest.Run frames = ConvertCommandTest.run("analyze", f.toString(), "--format", "json", "--no-tree",
                "--filter", "mqtt.msgtype == 3 && mqtt.qos == 2");
        List<String> expected = Arrays.stream(frames.out().split("\n")).map(l -> l.replaceAll(".*\"stream\":(\\d+),.*", "$1"))
                .distinct().sorted().toList();
        assertFalse(expected.isEmpty());
        assertEquals(expected, streams);

        ConvertCommandTest.Run none = ConvertCommandTest.run("diagnose", f.toString(), "--filter", "phase == other");
        assertEquals(0, none.status());
        assertEquals("", none.out());
    }

    @Test
    void convertWritesOnlyTheMatchingFramesByteForByte(@TempDir Path tmp) throws Exception {
        Path in = sample("mqtt-tls12-mutual.pcapng");
        Path k = sample("mqtt-tls12-mutual.keylog");
        Path out = tmp.resolve("mqtt-only.pcapng");
        ConvertCommandTest.Run r = ConvertCommandTest.run("convert", in.toString(), out.toString(), "--keylog", k.toString(),
                "--filter", "mqtt or phase == \"teardown\"", "--comment", "12=the publish", "--comment", "3=not kept");
        assertEquals(0, r.status(), r.err());
        assertEquals("layerscope: warning: frame 3 does not match the filter; its comment was not added\n", r.err());
        List<RawFrame> original = ConvertCommandTest.frames(in);
        List<RawFrame> copy = ConvertCommandTest.frames(out);
        List<Integer> kept = List.of(10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
        assertEquals(kept.size(), copy.size());
        for (int i = 0; i < kept.size(); i++) {
            RawFrame o = original.get(kept.get(i) - 1);
            RawFrame c = copy.get(i);
            assertArrayEquals(o.data(), c.data(), "frame " + kept.get(i));
            assertEquals(o.timestampNanos(), c.timestampNanos());
            assertEquals(o.originalLength(), c.originalLength());
            assertEquals(kept.get(i) == 12 ? List.of("the publish") : List.of(), c.comments());
        }

        Path pcap = tmp.resolve("syn.pcap");
        ConvertCommandTest.Run p = ConvertCommandTest.run("convert", in.toString(), pcap.toString(), "--filter", "tcp.flags.syn == 1");
        assertEquals(0, p.status(), p.err());
        List<RawFrame> syn = ConvertCommandTest.frames(pcap);
        assertEquals(2, syn.size());
        assertArrayEquals(original.get(1).data(), syn.get(1).data());

        Path none = tmp.resolve("none.pcapng");
        ConvertCommandTest.Run n = ConvertCommandTest.run("convert", in.toString(), none.toString(), "--filter", "udp");
        assertEquals(0, n.status());
        assertTrue(n.err().contains("no frame matches the filter"), n.err());
        assertEquals(0, ConvertCommandTest.frames(none).size());
    }

    @Test
    void tsharkReadsTheFilteredCopy(@TempDir Path tmp) throws Exception {
        String tshark = Tools.require("tshark").toString();
        Path in = sample("mqtt-plain-5.pcapng");
        Path out = tmp.resolve("publishes.pcapng");
        ConvertCommandTest.Run r = ConvertCommandTest.run("convert", in.toString(), out.toString(), "--filter", "mqtt.msgtype == 3");
        assertEquals(0, r.status(), r.err());
        // (not mqtt.topic: a publish that only names a topic alias needs the earlier frames for tshark to show its topic)
        Tools.Result all = Tools.run(tshark, "-n", "-r", in.toString(), "-Y", "mqtt.msgtype == 3", "-T", "fields",
                "-e", "frame.len", "-e", "mqtt.msgtype", "-e", "tcp.payload").requireSuccess();
        Tools.Result copy = Tools.run(tshark, "-n", "-r", out.toString(), "-T", "fields", "-e", "frame.len", "-e", "mqtt.msgtype", "-e", "tcp.payload")
                .requireSuccess();
        assertEquals(all.lines(), copy.lines());
        assertEquals(8, copy.lines().size());
    }
}
