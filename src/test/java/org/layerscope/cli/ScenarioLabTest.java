package org.layerscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerscope.capture.CaptureSupport;
import org.layerscope.demo.EmbeddedBroker;
import org.layerscope.demo.LayerScopeHome;
import org.layerscope.demo.Scenario;
import org.layerscope.demo.TlsVersion;
import org.layerscope.dissect.tls.TlsNames;
import org.layerscope.testutil.Tools;

/**
 * {@code run-capture --scenario NAME} for real on the loopback interface (as root), every scenario with TLS 1.2 and
 * 1.3 where TLS is staged, all in this JVM: the exit status (0 for ok, 3 for a failure), the verdict of connection 0
 * that {@code diagnose FILE --keylog KEYS} gives, and tshark (with the same key log) agreeing on the alert or the
 * close that decided it.
 */
class ScenarioLabTest {
    @TempDir
    static Path home;
    @TempDir
    static Path dir;

    @BeforeAll
    static void useTemporaryHome() {
        System.setProperty(LayerScopeHome.PROPERTY, home.toString());
    }

    @AfterAll
    static void restoreHome() {
        System.clearProperty(LayerScopeHome.PROPERTY);
    }

    static Stream<Arguments> scenarios() {
        List<Arguments> l = new ArrayList<>();
        for (Scenario s : Scenario.values()) {
            if (s.usesTls()) {
                l.add(Arguments.of(s, "1.2"));
                l.add(Arguments.of(s, "1.3"));
            } else {
                l.add(Arguments.of(s, "auto"));
            }
        }
        return l.stream();
    }

    @Test
    void listsEveryScenarioInEnglishAndJapanese() {
        String en = stdout("scenarios", "--lang", "en");
        String ja = stdout("scenarios", "--lang", "ja");
        List<String> enLines = List.of(en.split("\n"));
        List<String> jaLines = List.of(ja.split("\n"));
        assertEquals(Scenario.values().length + 1, enLines.size(), en);
        assertEquals(enLines.size(), jaLines.size());
        for (int i = 0; i < Scenario.values().length; i++) {
            Scenario s = Scenario.values()[i];
            String[] e = enLines.get(i + 1).split("\t");
            String[] j = jaLines.get(i + 1).split("\t");
            assertEquals(List.of(s.id(), s.expectedVerdict()), List.of(e[0], e[1]));
            assertEquals(List.of(s.id(), s.expectedVerdict()), List.of(j[0], j[1]));
            assertEquals(3, e.length);
            assertFalse(e[2].startsWith("scenario."), "an English description: " + e[2]);
            assertTrue(j[2].codePoints().anyMatch(c -> c >= 0x3040), "a Japanese description: " + j[2]);
        }
        RunCaptureSupport.Run bad = RunCaptureSupport.run("run-capture", "--scenario", "nonsense");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("unknown scenario 'nonsense' (one of: ok, broker-down,"), bad.err());
    }

    @ParameterizedTest(name = "{0} TLS {1}")
    @MethodSource("scenarios")
    void stagedCapturedAndDiagnosed(Scenario s, String tls) throws Exception {
        CaptureSupport.requireLoopbackCapture();
        Tools.require("tshark");
        int port = EmbeddedBroker.freePort(EmbeddedBroker.HOST);
        Path out = dir.resolve(s.id() + "-" + tls + ".pcapng");
        Path keys = dir.resolve(s.id() + "-" + tls + ".keylog");
        long t0 = System.nanoTime();
        RunCaptureSupport.Run r = RunCaptureSupport.run("run-capture", "--scenario", s.id(), "--tls", tls, "--port",
                Integer.toString(port), "--out", out.toString(), "--keylog", keys.toString(), "--format", "text");
        assertTrue(System.nanoTime() - t0 < 40_000_000_000L, "each step has a time limit");
        if (s.succeeds()) {
            assertEquals(0, r.exit(), r.err());
            RunCaptureSupport.assertSampleLines(r);
        } else {
            RunCaptureSupport.assertFailedExchange(r, out, "");
        }
        assertTrue(r.err().contains("Staging the scenario '" + s.id() + "'") || s == Scenario.OK, r.err());
        String expected = s.expectedVerdict(TlsVersion.parse(tls));
        String[] conn0 = diagnoseConnection0(out, keys);
        assertEquals(expected, conn0[4], String.join("\t", conn0) + "\n" + r.err());
        long frame = Long.parseLong(conn0[5]);
        assertLessonEndsWhereItStopped(out, keys, s, expected, frame);
        Oracle o = new Oracle(out, port, keys);
        switch (expected.contains(":") ? expected.substring(0, expected.indexOf(':') + 1) : expected) {
            case "ok" -> assertFalse(o.rows("mqtt.msgtype==14 && tcp.dstport==" + port, "frame.number").isEmpty(),
                    "tshark sees the client's DISCONNECT");
            case "tcp-refused" -> {
                assertEquals(List.of(), o.rows("tcp.flags.syn==1 && tcp.flags.ack==1", "frame.number"));
                assertEquals(frame, o.first("tcp.flags.reset==1 && tcp.srcport==" + port));
            }
            case "tls-alert-by-client:", "tls-alert-by-server:" -> {
                String name = expected.substring(expected.indexOf(':') + 1);
                List<String[]> alerts = o.rows("tls.alert_message.desc", "frame.number", "tcp.srcport",
                        "tls.alert_message.desc");
                if (alerts.isEmpty()) {
                    // BouncyCastle's TLS 1.2-only server answers a TLS 1.3-only ClientHello with an alert record of
                    // version 0x0304, which tshark 4.0 does not take for TLS ("Continuation Data"): read the record
                    // from tshark's TCP payload of the deciding frame instead
                    String[] raw = o.rows("frame.number==" + frame, "frame.number", "tcp.srcport", "tcp.payload")
                            .get(0);
                    assertTrue(raw[2].matches("1503040002[0-9a-f]{4}"), "an alert record: " + raw[2]);
                    alerts = List.<String[]>of(new String[] {raw[0], raw[1], Integer.toString(Integer.parseInt(
                            raw[2].substring(12, 14), 16))});
                }
                String[] a = alerts.get(0);
                assertEquals(frame, Long.parseLong(a[0]), "the deciding frame holds the first alert");
                assertEquals(expected.startsWith("tls-alert-by-server"), a[1].equals(Integer.toString(port)),
                        "the side that sent it: " + String.join(" ", a));
                assertEquals(name, TlsNames.alertDescription(Integer.parseInt(a[2].split(",")[0])));
            }
            case "closed-by-server-after-connect", "closed-by-server-after-publish" -> {
                long fin = o.first("tcp.flags.fin==1 && tcp.srcport==" + port);
                assertEquals(frame, fin, "the server's FIN decides");
                assertEquals(List.of(), o.rows("tls.alert_message && tcp.srcport==" + port + " && frame.number<"
                        + fin, "frame.number"), "no alert from the server before its FIN");
                List<String> client = o.column("mqtt.msgtype && tcp.dstport==" + port, "mqtt.msgtype");
                List<String> server = o.column("mqtt.msgtype && tcp.srcport==" + port, "mqtt.msgtype");
                if (expected.endsWith("connect")) {
                    assertEquals(List.of("1"), client, "only the CONNECT");
                    assertEquals(List.of(), server, "no CONNACK");
                } else {
                    assertEquals(List.of("1", "3"), client, "CONNECT, PUBLISH");
                    assertEquals(List.of("2"), server, "a CONNACK, no PUBACK");
                }
            }
            case "client-id-taken-over" -> {
                List<String[]> connects = o.rows("mqtt.msgtype==1", "frame.number", "tcp.stream", "mqtt.clientid");
                assertEquals(2, connects.size(), "two CONNECTs");
                assertEquals(List.of("0", "1"), connects.stream().map(c -> c[1]).toList());
                assertEquals(connects.get(0)[2], connects.get(1)[2], "the same client id");
                long serverEnd = o.first("tcp.stream==0 && tcp.srcport==" + port + " && (tls.alert_message || "
                        + "tcp.flags.fin==1)");
                assertEquals(frame, serverEnd, "the server's first alert or FIN on connection 0");
                assertTrue(serverEnd > Long.parseLong(connects.get(1)[0]), "after the second CONNECT");
            }
            case "keepalive-timeout" -> {
                assertEquals(List.of("2"), o.column("mqtt.msgtype==1", "mqtt.kalive"));
                List<String[]> client = o.rows("mqtt.msgtype && tcp.dstport==" + port + " && frame.number<" + frame,
                        "frame.time_relative");
                double silentFrom = Double.parseDouble(client.get(client.size() - 1)[0]);
                double end = Double.parseDouble(o.rows("frame.number==" + frame, "frame.time_relative").get(0)[0]);
                assertTrue(end - silentFrom >= 3.0, "silent for " + (end - silentFrom) + " s");
                assertEquals(frame, o.first("tcp.srcport==" + port + " && (tls.alert_message || tcp.flags.fin==1)"));
            }
            default -> throw new AssertionError("no oracle for " + expected);
        }
    }

    /** What a command that writes UTF-8 to the process's standard output prints (it must exit 0). */
    static String stdout(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        RunCaptureSupport.Run r;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            r = RunCaptureSupport.run(args);
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, r.exit(), r.err());
        return captured.toString(StandardCharsets.UTF_8);
    }

    /**
     * The scenario's capture opens as a lesson (connection 0, with the run's key log): a failure's last step says where
     * it stopped, with the verdict of diagnose and its deciding frame; a success has no such step.
     */
    static void assertLessonEndsWhereItStopped(Path file, Path keys, Scenario s, String verdict, long frame) {
        Path tsv = file.resolveSibling(file.getFileName() + ".lesson.tsv");
        RunCaptureSupport.Run l = RunCaptureSupport.run("lesson", file.toString(), "--keylog", keys.toString(),
                "--stream", "0", "--lang", "en", "--format", "tsv", "--out", tsv.toString());
        assertEquals(0, l.exit(), l.err());
        String text;
        try {
            text = java.nio.file.Files.readString(tsv);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String[] lines = text.strip().split("\\R");
        assertEquals("step\tframes\tphase\tfrom\ttitle\tnarration", lines[0]);
        assertTrue(lines.length > 1, "the lesson has steps: " + text);
        String[] last = lines[lines.length - 1].split("\t", -1);
        if (s.succeeds()) {
            assertFalse(last[4].startsWith("Where it stopped"), lines[lines.length - 1]);
        } else {
            assertEquals("Where it stopped: " + verdict, last[4], lines[lines.length - 1]);
            assertTrue(List.of(last[1].split(",")).contains(Long.toString(frame)),
                    "the last step names the deciding frame " + frame + ": " + lines[lines.length - 1]);
        }
    }

    /** The first line of {@code diagnose FILE --keylog KEYS} (connection 0), split at tabs. */
    static String[] diagnoseConnection0(Path file, Path keys) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        RunCaptureSupport.Run d;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            d = RunCaptureSupport.run("diagnose", file.toString(), "--keylog", keys.toString(), "--lang", "en");
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, d.exit(), d.err());
        String text = captured.toString(StandardCharsets.UTF_8);
        String first = text.lines().filter(l -> l.startsWith("0\t")).findFirst().orElseThrow(() ->
                new AssertionError("no connection 0 in\n" + text));
        return first.split("\t");
    }

    /** tshark's view of a capture (MQTT over TLS on the port, decrypted with the key log). */
    record Oracle(Path file, int port, Path keys) {
        List<String[]> rows(String filter, String... fields) {
            List<String> cmd = new ArrayList<>(List.of(Tools.require("tshark").toString(), "-r", file.toString(),
                    "-2", "-d", "tcp.port==" + port + ",tls", "-d", "tls.port==" + port + ",mqtt", "-o",
                    "tls.keylog_file:" + keys, "-Y", filter, "-T", "fields", "-E", "separator=/t"));
            for (String f : fields) {
                cmd.add("-e");
                cmd.add(f);
            }
            return Tools.run(cmd, java.util.Map.of(), java.time.Duration.ofSeconds(60)).requireSuccess().lines()
                    .stream().filter(l -> !l.isBlank()).map(l -> l.split("\t", -1)).toList();
        }

        List<String> column(String filter, String field) {
            List<String> l = new ArrayList<>();
            for (String[] r : rows(filter, field)) {
                l.addAll(List.of(r[0].split(",")));
            }
            return l;
        }

        long first(String filter) {
            List<String[]> r = rows(filter, "frame.number");
            assertFalse(r.isEmpty(), "tshark finds " + filter);
            return Long.parseLong(r.get(0)[0]);
        }
    }
}
