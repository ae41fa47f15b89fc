package org.layerscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.capture.CaptureSupport;
import org.layerscope.demo.CertificateAuthority;
import org.layerscope.demo.EmbeddedBroker;
import org.layerscope.demo.LayerScopeHome;
import org.layerscope.testutil.Tools;
import org.layerscope.tls.keys.KeyLog;

/**
 * Issue #16 item 7: secrets stay secret when runs fail. Failing {@code run-capture} runs (broker down, a TLS
 * alert for a wrong CA, an untrusted client, a run killed with {@code kill -9} at several moments) and crash
 * messages: neither their standard output and error nor any file they leave (captures, partial captures,
 * broker folders) holds a private key of the session's certificates or a TLS secret of its sessions, except
 * the key logs that were asked for. Files under the LayerScope folder are owner-only (0600, folders 0700)
 * even when the process runs with {@code umask 000}. Needs root (captures on the loopback interface): run it
 * in a network namespace of its own.
 */
class SecretsUnderFailureTest {
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

    /** The secrets to look for: the private keys' secret numbers and every TLS secret of the key logs. */
    record Secrets(List<byte[]> binary) {
        List<String> hex() {
            return binary.stream().map(b -> HexFormat.of().formatHex(b)).toList();
        }
    }

    static Secrets secrets(CertificateAuthority.Pki pki, List<Path> keyLogs) throws IOException {
        List<byte[]> s = new ArrayList<>();
        for (Path key : List.of(pki.caKey(), pki.serverKey(), pki.clientKey())) {
            s.add(privateNumber(key));
        }
        for (Path k : keyLogs) {
            if (Files.exists(k)) {
                for (String h : RunCaptureSupport.secretsHex(KeyLog.read(k))) {
                    s.add(HexFormat.of().parseHex(h));
                }
            }
        }
        return new Secrets(s);
    }

    private static byte[] privateNumber(Path pem) throws IOException {
        try (PEMParser p = new PEMParser(Files.newBufferedReader(pem))) {
            Object o = p.readObject();
            JcaPEMKeyConverter c = new JcaPEMKeyConverter();
            PrivateKey k = o instanceof PEMKeyPair kp ? c.getKeyPair(kp).getPrivate() : c.getPrivateKey((PrivateKeyInfo) o);
            BigInteger n = k instanceof ECPrivateKey ec ? ec.getS() : ((RSAPrivateCrtKey) k).getPrivateExponent();
            byte[] b = n.toByteArray();
            return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
        }
    }

    /** No secret in {@code text} (hex, either case) nor, as bytes or base64, in the files under {@code roots}. */
    static void assertNoSecret(Secrets secrets, String text, String what) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String h : secrets.hex()) {
            assertFalse(lower.contains(h.substring(0, Math.min(32, h.length()))), "a secret appears in " + what);
        }
    }

    static void assertNoSecretInFiles(Secrets secrets, List<Path> roots, List<Path> allowed) throws IOException {
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    if (allowed.contains(f)) {
                        continue;
                    }
                    byte[] content = Files.readAllBytes(f);
                    String latin1 = new String(content, StandardCharsets.ISO_8859_1);
                    assertNoSecret(secrets, latin1, f.toString());
                    for (byte[] b : secrets.binary()) {
                        String needle = new String(b, 0, Math.min(16, b.length), StandardCharsets.ISO_8859_1);
                        assertFalse(latin1.contains(needle), "a secret's bytes appear in " + f);
                        String b64 = java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(b, 15));
                        assertFalse(latin1.contains(b64.substring(0, 16)), "a secret in base64 appears in " + f);
                    }
                }
            }
        }
    }

    static Path profile(String name, int port, Path cert, Path key, Path ca) throws IOException {
        Path p = home.resolve(name);
        Files.writeString(p, "endpoint=localhost\nport=" + port + "\ncert=" + cert + "\nkey=" + key + "\nca=" + ca
                + "\n", StandardCharsets.UTF_8);
        return p;
    }

    private List<Path> allowed(CertificateAuthority.Pki pki, List<Path> keyLogs) {
        List<Path> l = new ArrayList<>(keyLogs);
        l.addAll(List.of(pki.caKey(), pki.serverKey(), pki.clientKey()));
        return l;
    }

    @Test
    void failingRunsPrintAndLeaveNoSecret() throws Exception {
        CaptureSupport.requireLoopbackCapture();
        CertificateAuthority.Pki pki = CertificateAuthority.ensure(home.resolve("pki")).pki();
        CertificateAuthority.Pki other = CertificateAuthority.create(dir.resolve("other"), "Unrelated CA");
        List<Path> keyLogs = new ArrayList<>();
        List<Path> asked = new ArrayList<>();
        StringBuilder printed = new StringBuilder();
        // broker down
        int downPort = EmbeddedBroker.freePort(EmbeddedBroker.HOST);
        Path down = profile("down.properties", downPort, pki.clientCert(), pki.clientKey(), pki.caCert());
        Path k0 = dir.resolve("down.keylog");
        keyLogs.add(k0);
        RunCaptureSupport.Run r = RunCaptureSupport.run("run-capture", "--profile", down.toString(), "--out",
                dir.resolve("down.pcapng").toString(), "--format", "json", "--keylog", k0.toString());
        assertEquals(3, r.exit(), r.err());
        printed.append(r.out()).append(r.err());
        int port = EmbeddedBroker.freePort(EmbeddedBroker.HOST);
        try (EmbeddedBroker broker = EmbeddedBroker.start(pki, port, dir.resolve("broker"))) {
            // a TLS alert: the client does not trust the server (TLS 1.2 and 1.3)
            for (String tls : List.of("1.2", "1.3")) {
                Path wrongCa = profile("wrong-ca.properties", port, pki.clientCert(), pki.clientKey(),
                        other.caCert());
                Path k = dir.resolve("wrong-ca-" + tls + ".keylog");
                keyLogs.add(k);
                r = RunCaptureSupport.run("run-capture", "--profile", wrongCa.toString(), "--tls", tls, "--out",
                        dir.resolve("wrong-ca-" + tls + ".pcapng").toString(), "--format", "json", "--keylog", k.toString());
                assertEquals(3, r.exit(), r.err());
                printed.append(r.out()).append(r.err());
                // the server does not trust the client
                Path untrusted = profile("untrusted.properties", port, other.clientCert(),
                        other.clientKey(), pki.caCert());
                Path k2 = dir.resolve("untrusted-" + tls + ".keylog");
                keyLogs.add(k2);
                asked.add(dir.resolve("untrusted-" + tls + ".pcapng")); // --embed-secrets: it holds them, as asked
                r = RunCaptureSupport.run("run-capture", "--profile", untrusted.toString(), "--tls", tls, "--out",
                        dir.resolve("untrusted-" + tls + ".pcapng").toString(), "--format", "text", "--embed-secrets",
                        "--keylog", k2.toString());
                assertEquals(3, r.exit(), r.err());
                printed.append(r.out()).append(r.err());
            }
        }
        // crash messages: a pipeline stage dies while a key log is loaded
        Path good = dir.resolve("tls13.keylog");
        Path ok = dir.resolve("ok.pcapng");
        r = RunCaptureSupport.run("run-capture", "--tls", "1.3", "--port",
                Integer.toString(EmbeddedBroker.freePort(EmbeddedBroker.HOST)), "--out", ok.toString(), "--keylog",
                good.toString());
        assertEquals(0, r.exit(), r.err());
        keyLogs.add(good);
        String keyText = Files.readString(good);
        Path damaged = dir.resolve("damaged.keylog");
        Files.writeString(damaged, keyText.replaceFirst(" ", "  ").replaceFirst("\n", " trailing-garbage\n") + "CLIENT_RANDOM zz\n");
        keyLogs.add(damaged);
        try {
            CliSupport.Faults.frame = f -> {
                if (f.number() == 3) {
                    throw new OutOfMemoryError("Java heap space");
                }
            };
            ConvertCommandTest.Run crash = ConvertCommandTest.run("analyze", ok.toString(), "--keylog", damaged.toString(),
                    "--format", "json");
            assertEquals(2, crash.status(), crash.err());
            printed.append(crash.out()).append(crash.err());
            CliSupport.Faults.frame = f -> {
                throw new IllegalStateException("broken: " + keyText);
            };
            crash = ConvertCommandTest.run("diagnose", ok.toString(), "--keylog", good.toString());
            assertEquals(2, crash.status(), crash.err());
            assertTrue(crash.err().startsWith("layerscope: internal error: IllegalStateException at "), crash.err());
            // a bug's message may quote the input (this injected one quotes the key log): it is not printed
            printed.append(crash.out()).append(crash.err());
        } finally {
            CliSupport.Faults.frame = f -> { };
        }
        Secrets s = secrets(pki, keyLogs);
        assertTrue(s.binary().size() > 3, "TLS secrets to look for as well as the private keys");
        assertNoSecret(s, printed.toString(), "the runs' standard output and error");
        List<Path> allowed = allowed(pki, keyLogs);
        allowed.addAll(asked);
        assertNoSecretInFiles(s, List.of(home, dir), allowed);
    }

    /**
     * {@code run-capture} in its own JVM under {@code umask 000}, killed with {@code kill -9} at several moments:
     * what it printed and left holds no secret, the partial capture reads, and every file and folder it made
     * under the LayerScope folder is owner-only.
     */
    @Test
    void killedRunsUnderUmask000() throws Exception {
        CaptureSupport.requireLoopbackCapture();
        Path killHome = dir.resolve("home");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> printed = new ArrayList<>();
        for (long millis : new long[] {1500, 3000, 4500}) {
            int port = EmbeddedBroker.freePort(EmbeddedBroker.HOST);
            String cmd = "umask 000; exec '" + java + "' -cp '" + System.getProperty("java.class.path")
                    + "' org.layerscope.app.Main run-capture --tls 1.3 --port " + port + " --format json";
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", cmd);
            pb.environment().put(LayerScopeHome.ENV, killHome.toString());
            pb.redirectOutput(dir.resolve("out-" + millis).toFile());
            pb.redirectError(dir.resolve("err-" + millis).toFile());
            Process p = pb.start();
            p.waitFor(millis, TimeUnit.MILLISECONDS);
            p.destroyForcibly(); // SIGKILL
            p.waitFor(10, TimeUnit.SECONDS);
            printed.add(Files.readString(dir.resolve("out-" + millis)) + Files.readString(dir.resolve("err-" + millis)));
        }
        // one run that finishes, under the same umask, for the files a whole run makes
        Tools.Result done = Tools.run(List.of("sh", "-c", "umask 000; exec '" + java + "' -cp '"
                + System.getProperty("java.class.path") + "' org.layerscope.app.Main run-capture --tls 1.2 --port "
                + EmbeddedBroker.freePort(EmbeddedBroker.HOST) + " --format tsv --embed-secrets"),
                Map.of(LayerScopeHome.ENV, killHome.toString()), Duration.ofSeconds(90));
        assertEquals(0, done.exitCode(), done.stderr());
        CertificateAuthority.Pki pki = CertificateAuthority.Pki.in(killHome.resolve("pki"));
        assertTrue(pki.complete(), "the first run made the certificates");
        Secrets s = secrets(pki, List.of());
        for (String out : printed) {
            assertNoSecret(s, out, "a killed run's output");
        }
        assertNoSecret(s, done.stdout() + done.stderr(), "a whole run's output");
        try (Stream<Path> all = Files.walk(killHome)) {
            for (Path f : all.toList()) {
                String perms = RunCaptureSupport.permissions(f);
                assertEquals(Files.isDirectory(f) ? "rwx------" : "rw-------", perms, f + " under umask 000");
                if (f.toString().endsWith(".pcapng")) {
                    try (var r = org.layerscope.pcapio.CaptureFiles.open(f)) {
                        while (r.next() != null) {
                            // a partial capture reads to its last whole block
                        }
                    } catch (org.layerscope.pcapio.CaptureFormatException e) {
                        throw new AssertionError(f + " does not read: " + e.getMessage(), e);
                    }
                }
            }
        }
        // the captures hold no private key (the whole run's one holds its session's secrets, as asked)
        List<Path> allowed = new ArrayList<>(allowed(pki, List.of()));
        try (Stream<Path> caps = Files.list(killHome.resolve("captures"))) {
            caps.forEach(c -> {
                try {
                    if (!RunCaptureSupport.embeddedSecrets(c).toNssText().isEmpty()) {
                        allowed.add(c);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        assertTrue(allowed.size() == 4, "one capture holds embedded secrets: " + allowed);
        assertNoSecretInFiles(s, List.of(killHome), allowed);
    }
}
