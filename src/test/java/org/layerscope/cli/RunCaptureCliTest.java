package org.layerscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.layerscope.analysis.export.FrameFormatter;
import org.layerscope.capture.CaptureSupport;
import org.layerscope.demo.CertificateAuthority;
import org.layerscope.demo.EmbeddedBroker;
import org.layerscope.demo.LayerScopeHome;
import org.layerscope.testutil.Tools;
import org.layerscope.tls.keys.KeyLog;

/**
 * {@code layerscope run-capture} for real on the loopback interface (as root): the embedded broker with TLS 1.2
 * and 1.3, the failures (exit 3, capture saved, one-line reason) and the capture errors (exit 2 and the fix).
 */
class RunCaptureCliTest {
    @TempDir
    static Path home;
    @TempDir
    Path dir;

    @BeforeAll
    static void useTemporaryHome() {
        System.setProperty(LayerScopeHome.PROPERTY, home.toString());
    }

    @AfterAll
    static void restoreHome() {
        System.clearProperty(LayerScopeHome.PROPERTY);
    }

    @Test
    void embeddedBrokerTls12() throws Exception {
        CaptureSupport.requireLoopbackCapture();
        int port = EmbeddedBroker.freePort(EmbeddedBroker.HOST);
        Path out = dir.resolve("tls12.pcapng");
        Path keys = dir.resolve("tls12.keylog");
        RunCaptureSupport.Run r = RunCaptureSupport.run("run-capture", "--tls", "1.2", "--port",
                Integer.toString(port), "--out", out.toString(), "--format", "tsv", "--keylog", keys.toString());
        assertEquals(0, r.exit(), r.err());
        RunCaptureSupport.assertSampleLines(r);
        RunCaptureSupport.assertInsideVisible(r.out());
        List<String> lines = List.of(r.out().split("\n"));
        assertEquals(FrameFormatter.TSV_HEADER, lines.get(0));
        assertEquals(RunCaptureSupport.analyze(out).size() + 1, lines.size(), "one line per frame");
        RunCaptureSupport.assertFullExchange(out);
        RunCaptureSupport.assertTsharkSeesHandshake(out, port, true);
        List<String> info = RunCaptureSupport.tsharkInfo(out, port);
        assertTrue(String.join("\n", info).contains("Encrypted Alert"), "the broker's close_notify: " + info);
        // the same output as 'analyze --keylog' of the saved file and key log
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        RunCaptureSupport.Run analyzed;
        try {
            System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
            analyzed = RunCaptureSupport.run("analyze", out.toString(), "--format", "tsv", "--keylog",
                    keys.toString());
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, analyzed.exit());
        assertEquals(analyzed.out() + captured.toString(StandardCharsets.UTF_8), r.out());
        // no persistence: the broker writes nothing, not even in its data folder
        try (java.util.stream.Stream<Path> files = Files.list(home.resolve("broker"))) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void embeddedBrokerTls13() throws Exception {
        CaptureSupport.requireLoopbackCapture();
        int port = EmbeddedBroker.freePort(EmbeddedBroker.HOST);
        Path out = dir.resolve("tls13.pcapng");
        RunCaptureSupport.Run r = RunCaptureSupport.run("run-capture", "--tls", "1.3", "--port",
                Integer.toString(port), "--out", out.toString(), "--format", "json", "--no-tree");
        assertEquals(0, r.exit(), r.err());
        RunCaptureSupport.assertSampleLines(r);
        for (String line : r.out().split("\n")) {
            assertTrue(line.isEmpty() || line.startsWith("{\"frame\":"), line);
            assertFalse(line.contains("\"phase_inferred\":true"), line);
        }
        for (String inside : List.of("Connect Command", "Connect Ack", "Publish Message", "Publish Ack",
                "Disconnect Req", "Encrypted Extensions", "Certificate Verify")) {
            assertTrue(r.out().contains(inside), "decrypted by default: " + inside);
        }
        RunCaptureSupport.assertFullExchange(out);
        RunCaptureSupport.assertTsharkSeesHandshake(out, port, false);
        String all = String.join("\n", Tools.run(Tools.require("tshark").toString(), "-r", out.toString(), "-d",
                "tcp.port==" + port + ",tls", "-T", "fields", "-e", "tls.handshake.extensions.supported_version")
                .requireSuccess().lines());
        assertTrue(all.contains("0x0304"), "TLS 1.3 negotiated: " + all);
    }

    /**
     * The secrets of LayerScope's own session, for each TLS version: {@code --keylog} writes an owner-only NSS key
     * log that tshark decrypts the capture with (and without it tshark sees no MQTT); a second run in its own JVM
     * with {@code --embed-secrets} saves a capture tshark decrypts with no key log option, says so, and prints no
     * secret on its real standard output or error (nor does any library log one).
     */
    @ParameterizedTest
    @ValueSource(strings = {"1.2", "1.3"})
    void secretsOfItsOwnSessions(String tls) throws Exception {
        CaptureSupport.requireLoopbackCapture();
        Tools.require("tshark");
        int port = EmbeddedBroker.freePort(EmbeddedBroker.HOST);
        Path out = dir.resolve("keylog-" + tls + ".pcapng");
        Path keys = dir.resolve("keys").resolve("run-" + tls + ".keylog"); // a folder that does not exist yet
        RunCaptureSupport.Run r = RunCaptureSupport.run("run-capture", "--tls", tls, "--port", Integer.toString(port),
                "--out", out.toString(), "--format", "tsv", "--keylog", keys.toString());
        assertEquals(0, r.exit(), r.err());
        RunCaptureSupport.assertInsideVisible(r.out());
        assertEquals("rw-------", RunCaptureSupport.permissions(keys));
        KeyLog keyLog = KeyLog.read(keys);
        KeyLog.ReadResult read = new KeyLog().addAll(keys);
        assertEquals(0, read.bad(), "every line is an NSS key log line");
        assertEquals(tls.equals("1.2") ? 1 : 4, read.secrets(), Files.readAllLines(keys).size() + " lines");
        assertTrue(r.err().contains("written to " + keys), r.err());
        RunCaptureSupport.assertNoSecretIn(r.out() + r.err(), keyLog, "run-capture's output");
        assertEquals(RunCaptureSupport.INSIDE, RunCaptureSupport.tsharkMqttTypes(out, port, "-o",
                "tls.keylog_file:" + keys), "tshark decrypts with the key log");
        assertEquals(List.of(), RunCaptureSupport.tsharkMqttTypes(out, port), "no secrets in this file");
        assertTrue(RunCaptureSupport.embeddedSecrets(out).isEmpty());

        int port2 = EmbeddedBroker.freePort(EmbeddedBroker.HOST);
        Path embedded = dir.resolve("embedded-" + tls + ".pcapng");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Tools.Result e = Tools.run(List.of(javaBin, "-cp", System.getProperty("java.class.path"),
                "org.layerscope.app.Main", "run-capture", "--tls", tls, "--port", Integer.toString(port2), "--out",
                embedded.toString(), "--format", "text", "--embed-secrets"),
                java.util.Map.of(LayerScopeHome.ENV, home.toString()), java.time.Duration.ofSeconds(90));
        assertEquals(0, e.exitCode(), e.stderr());
        assertTrue(e.stderr().contains("Note: " + embedded + " now holds the TLS secrets of 1 session(s): anyone "
                + "with this file can decrypt its sessions"), e.stderr());
        assertFalse(e.stderr().contains("org.bouncycastle"), "no library log lines: " + e.stderr());
        assertEquals(RunCaptureSupport.INSIDE, RunCaptureSupport.tsharkMqttTypes(embedded, port2),
                "tshark decrypts the embedded capture without a key log option");
        assertEquals("rw-------", RunCaptureSupport.permissions(embedded));
        KeyLog inFile = RunCaptureSupport.embeddedSecrets(embedded);
        assertEquals(1, inFile.sessionCount(), "only the capture's session");
        RunCaptureSupport.assertNoSecretIn(e.stdout() + e.stderr(), inFile, "the process's standard output and error");
        for (String inside : List.of("Connect Command", "Connect Ack", "Publish Message", "Publish Ack",
                "Disconnect Req")) {
            assertTrue(e.stdout().contains(inside), inside + " in\n" + e.stdout());
        }
    }

    @Test
    void brokerDown() throws Exception {
        CaptureSupport.requireLoopbackCapture();
        CertificateAuthority.Pki pki = CertificateAuthority.ensure(home.resolve("pki")).pki();
        int port = EmbeddedBroker.freePort(EmbeddedBroker.HOST);
        Path profile = profile("down.properties", port, pki.clientCert(), pki.clientKey(), pki.caCert());
        Path out = dir.resolve("down.pcapng");
        long t0 = System.nanoTime();
        RunCaptureSupport.Run r = RunCaptureSupport.run("run-capture", "--profile", profile.toString(), "--out",
                out.toString(), "--format", "tsv");
        RunCaptureSupport.assertFailedExchange(r, out, "Connection refused");
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "no hang");
        assertTrue(r.out().contains("RST"), r.out());
    }

    @Test
    void wrongCaAndUntrustedClient() throws Exception {
        CaptureSupport.requireLoopbackCapture();
        CertificateAuthority.Pki pki = CertificateAuthority.ensure(home.resolve("pki")).pki();
        CertificateAuthority.Pki other = CertificateAuthority.create(dir.resolve("other"), "Unrelated CA");
        int port = EmbeddedBroker.freePort(EmbeddedBroker.HOST);
        try (EmbeddedBroker broker = EmbeddedBroker.start(pki, port, dir.resolve("broker"))) {
            Path wrongCa = profile("wrong-ca.properties", port, pki.clientCert(), pki.clientKey(), other.caCert());
            Path out = dir.resolve("wrong-ca.pcapng");
            // TLS 1.2: the client's alert is in the clear (TLS 1.3 encrypts it)
            RunCaptureSupport.Run r = RunCaptureSupport.run("run-capture", "--profile", wrongCa.toString(), "--tls",
                    "1.2", "--out", out.toString(), "--format", "tsv");
            RunCaptureSupport.assertFailedExchange(r, out, "certification path");
            assertTrue(String.join("\n", RunCaptureSupport.tsharkInfo(out, port)).contains("Alert"),
                    "the client's alert is captured");

            for (String tls : List.of("1.2", "1.3")) {
                Path untrusted = profile("untrusted.properties", port, other.clientCert(), other.clientKey(),
                        pki.caCert());
                Path out2 = dir.resolve("untrusted-" + tls + ".pcapng");
                RunCaptureSupport.Run r2 = RunCaptureSupport.run("run-capture", "--profile", untrusted.toString(),
                        "--tls", tls, "--out", out2.toString(), "--format", "text");
                RunCaptureSupport.assertFailedExchange(r2, out2, "");
            }
        }
    }

    @Test
    void captureErrorsGiveTheFixAndExit2() throws Exception {
        CaptureSupport.requireLoopbackCapture();
        int port = EmbeddedBroker.freePort(EmbeddedBroker.HOST);
        RunCaptureSupport.Run bad = RunCaptureSupport.run("run-capture", "--port", Integer.toString(port),
                "--filter", "tcp prot 8883", "--out", dir.resolve("x.pcapng").toString());
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().contains("'tcp prot 8883' is not valid"), bad.err());
        assertTrue(bad.err().contains("Fix: "), bad.err());
        RunCaptureSupport.Run noIf = RunCaptureSupport.run("run-capture", "--port", Integer.toString(port),
                "--interface", "nosuchif0", "--out", dir.resolve("y.pcapng").toString());
        assertEquals(2, noIf.exit(), noIf.err());
        assertTrue(noIf.err().contains("layerscope interfaces"), noIf.err());
        RunCaptureSupport.Run badTls = RunCaptureSupport.run("run-capture", "--tls", "1.1");
        assertEquals(2, badTls.exit(), badTls.err());
        RunCaptureSupport.Run badProfile = RunCaptureSupport.run("run-capture", "--profile",
                dir.resolve("none.properties").toString());
        assertEquals(2, badProfile.exit(), badProfile.err());
        assertTrue(badProfile.err().contains("no such file"), badProfile.err());
        // the run with the missing interface started the broker on this port; it stops in the background
        long deadline = System.currentTimeMillis() + 15_000;
        while (!EmbeddedBroker.isFree(EmbeddedBroker.HOST, port) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        try (java.net.ServerSocket taken = new java.net.ServerSocket(port, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            RunCaptureSupport.Run busy = RunCaptureSupport.run("run-capture", "--port", Integer.toString(port));
            assertEquals(2, busy.exit(), busy.err());
            assertTrue(busy.err().contains("Port " + port + " on 127.0.0.1 is taken"), busy.err());
            assertTrue(busy.err().contains("--port "), busy.err());
        }
    }

    @Test
    void withoutCapturePermissionExit2AndTheFix() throws Exception {
        CaptureSupport.requireLoopbackCapture();
        Path setpriv = Tools.require("setpriv");
        int port = EmbeddedBroker.freePort(EmbeddedBroker.HOST);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(setpriv.toString(), "--bounding-set=-net_raw,-net_admin",
                "--inh-caps=-net_raw,-net_admin", "--", javaBin, "-cp", System.getProperty("java.class.path"),
                "org.layerscope.app.Main", "run-capture", "--port", Integer.toString(port), "--out",
                dir.resolve("np.pcapng").toString()));
        Tools.Result r = Tools.run(cmd, java.util.Map.of(LayerScopeHome.ENV, home.toString()),
                java.time.Duration.ofSeconds(60));
        assertEquals(2, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("No permission to capture on interface"), r.stderr());
        assertTrue(r.stderr().contains("setcap cap_net_raw"), r.stderr());
    }

    @Test
    void interfacesAndFiltersCommands() {
        CaptureSupport.requireLoopbackCapture();
        RunCaptureSupport.Run i = RunCaptureSupport.run("interfaces", "--format", "tsv");
        assertEquals(0, i.exit(), i.err());
        assertTrue(i.out().startsWith("name\tloopback\tup\taddresses\tdescription\n"), i.out());
        assertTrue(i.out().lines().anyMatch(l -> l.startsWith("lo\ttrue\t") && l.contains("127.0.0.1")), i.out());
        RunCaptureSupport.Run f = RunCaptureSupport.run("filters");
        assertEquals(0, f.exit());
        assertTrue(f.out().contains("mqtt-tls-ipv4") && f.out().contains("ip and tcp port 8883"), f.out());
    }

    static Path profile(String name, int port, Path cert, Path key, Path ca) throws Exception {
        Path p = home.resolve(name);
        Files.writeString(p, "endpoint=localhost\nport=" + port + "\ncert=" + cert + "\nkey=" + key + "\nca=" + ca
                + "\n", StandardCharsets.UTF_8);
        return p;
    }
}
