package org.layerscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.testutil.Tools;

/** convert: round trips with tshark and editcap, byte-for-byte copies, embedded secrets. */
class ConvertCommandTest {
    static final Path SAMPLES = Tools.repoRoot().resolve("sample-pcaps");
    static final Path SHARED = Tools.repoRoot().resolve("../shared/wireshark-captures/captures");

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int status;
        try {
            System.setOut(new PrintStream(sink, true));
            status = LayerScopeCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), args);
        } finally {
            System.setOut(old);
        }
        return new Run(status, sink.toString(), err.toString());
    }

    static List<RawFrame> frames(Path p) throws IOException {
        List<RawFrame> l = new ArrayList<>();
        try (CaptureReader r = CaptureFiles.open(p)) {
            for (RawFrame f; (f = r.next()) != null; ) {
                l.add(f);
            }
        }
        return l;
    }

    @Test
    void commentsAddedByConvertAreSeenByTshark(@TempDir Path tmp) throws Exception {
        String tshark = Tools.require("tshark").toString();
        Path in = Tools.requireFile(SAMPLES.resolve("mqtt-tls12-mutual.pcapng"), "sample");
        Path out = tmp.resolve("annotated.pcapng");
        Run r = run("convert", in.toString(), out.toString(), "--comment", "4=the client says hello",
                "--comment", "6=certificate checked here", "--comment", "6=second note");
        assertEquals(0, r.status(), r.err());
        Tools.Result t = Tools.run(tshark, "-r", out.toString(), "-T", "fields", "-e", "frame.number", "-e", "frame.comment");
        t.requireSuccess();
        List<String> commented = new ArrayList<>();
        for (String line : t.stdout().split("\n")) {
            String[] c = line.split("\t", -1);
            if (c.length > 1 && !c[1].isEmpty()) {
                commented.add(c[0] + "=" + c[1]);
            }
        }
        assertEquals(List.of("4=the client says hello", "6=certificate checked here,second note"), commented);
    }

    @Test
    void commentsWrittenByEditcapAreRead(@TempDir Path tmp) throws Exception {
        String editcap = Tools.require("editcap").toString();
        Path in = Tools.requireFile(SAMPLES.resolve("mqtt-plain-311.pcapng"), "sample");
        Path out = tmp.resolve("editcap.pcapng");
        Tools.run(editcap, "-a", "2:written by editcap", in.toString(), out.toString()).requireSuccess();
        List<RawFrame> f = frames(out);
        assertEquals(List.of("written by editcap"), f.get(1).comments());
        Run r = run("analyze", out.toString(), "--format", "json", "--no-tree");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().split("\n")[1].contains("\"comments\":[\"written by editcap\"]"), r.out().split("\n")[1]);
        // and convert keeps it
        Path copy = tmp.resolve("copy.pcapng");
        assertEquals(0, run("convert", out.toString(), copy.toString()).status());
        assertEquals(List.of("written by editcap"), frames(copy).get(1).comments());
    }

    @Test
    void copiesKeepEveryPacketByteForByte(@TempDir Path tmp) throws Exception {
        for (Path in : List.of(SAMPLES.resolve("mqtt-tls13-mutual.pcapng"), SHARED.resolve("many_interfaces.pcapng.1"),
                SHARED.resolve("sip.pcapng"), SHARED.resolve("dhe1.pcapng.gz"))) {
            Tools.requireFile(in, "capture");
            Path out = tmp.resolve("copy.pcapng");
            Run r = run("convert", in.toString(), out.toString());
            assertEquals(0, r.status(), r.err());
            List<RawFrame> a = frames(in);
            List<RawFrame> b = frames(out);
            assertEquals(a.size(), b.size(), in.toString());
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).data(), b.get(i).data(), in + " frame " + (i + 1));
                assertEquals(a.get(i).timestampNanos(), b.get(i).timestampNanos(), in + " frame " + (i + 1));
                assertEquals(a.get(i).originalLength(), b.get(i).originalLength());
                assertEquals(a.get(i).linkType(), b.get(i).linkType());
                assertEquals(a.get(i).comments(), b.get(i).comments());
            }
        }
    }

    @Test
    void copiesAreReadByTsharkWithTheSameFrames(@TempDir Path tmp) throws Exception {
        String tshark = Tools.require("tshark").toString();
        Path in = Tools.requireFile(SHARED.resolve("many_interfaces.pcapng.1"), "capture");
        Path out = tmp.resolve("copy.pcapng");
        assertEquals(0, run("convert", in.toString(), out.toString()).status());
        Tools.Result a = Tools.run(tshark, "-r", in.toString(), "-x").requireSuccess();
        Tools.Result b = Tools.run(tshark, "-r", out.toString(), "-x").requireSuccess();
        assertEquals(a.stdout(), b.stdout());
    }

    @Test
    void embeddedSecretsLetTsharkDecryptWithoutAKeyLog(@TempDir Path tmp) throws Exception {
        String tshark = Tools.require("tshark").toString();
        Path in = Tools.requireFile(SAMPLES.resolve("mqtt-tls13-mutual.pcapng"), "sample");
        Path keys = Tools.requireFile(SAMPLES.resolve("mqtt-tls13-mutual.keylog"), "key log");
        Path out = tmp.resolve("secrets.pcapng");
        Run r = run("convert", in.toString(), out.toString(), "--keylog", keys.toString(), "--embed-secrets");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("Share it with care"), r.err());
        Tools.Result t = Tools.run(tshark, "-r", out.toString(), "-2", "-T", "fields", "-e", "mqtt.msgtype").requireSuccess();
        List<String> types = new ArrayList<>();
        for (String line : t.stdout().split("\n")) {
            if (!line.isBlank()) {
                types.add(line.trim());
            }
        }
        assertEquals(List.of("1", "2", "3", "4", "14"), types);
        // without --embed-secrets nothing secret is written
        Path plain = tmp.resolve("plain.pcapng");
        assertEquals(0, run("convert", in.toString(), plain.toString()).status());
        assertFalse(Files.readString(plain, java.nio.charset.StandardCharsets.ISO_8859_1).contains("TRAFFIC_SECRET"));
    }

    @Test
    void badArgumentsGiveExitTwoAndWriteNothing(@TempDir Path tmp) {
        Path out = tmp.resolve("out.pcapng");
        assertEquals(2, run("convert", tmp.resolve("missing.pcap").toString(), out.toString()).status());
        assertEquals(2, run("convert", SAMPLES.resolve("mqtt-plain-5.pcapng").toString(), out.toString(),
                "--comment", "x=y").status());
        assertEquals(2, run("convert", SAMPLES.resolve("mqtt-plain-5.pcapng").toString(), out.toString(),
                "--embed-secrets").status());
        assertFalse(Files.exists(out));
    }
}
