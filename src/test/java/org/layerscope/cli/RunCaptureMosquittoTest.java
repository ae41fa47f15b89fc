package org.layerscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.capture.CaptureSupport;
import org.layerscope.demo.CertificateAuthority;
import org.layerscope.demo.EmbeddedBroker;
import org.layerscope.testutil.Tools;

/**
 * {@code run-capture} with a profile file against Debian's mosquitto configured like AWS IoT Core: TLS only on a
 * loopback port, {@code require_certificate true}, certificates from LayerScope's CA. Started and stopped here.
 */
class RunCaptureMosquittoTest {
    @TempDir
    static Path dir;
    static CertificateAuthority.Pki pki;
    static Process mosquitto;
    static int port;

    @BeforeAll
    static void startMosquitto() throws Exception {
        Path bin = Tools.require("mosquitto");
        CaptureSupport.requireLoopbackCapture();
        pki = CertificateAuthority.create(dir.resolve("pki"), "LayerScope Test CA");
        port = EmbeddedBroker.freePort(EmbeddedBroker.HOST);
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "per_listener_settings false",
                "listener " + port + " 127.0.0.1",
                "cafile " + pki.caCert(),
                "certfile " + pki.serverCert(),
                "keyfile " + pki.serverKey(),
                "require_certificate true",
                "use_identity_as_username false",
                "allow_anonymous true",
                "persistence false",
                "user root", // the key files are owner-only; do not drop privileges to a user that cannot read them
                "log_dest stderr", ""), StandardCharsets.UTF_8);
        mosquitto = new ProcessBuilder(bin.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
                break;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline || !mosquitto.isAlive()) {
                    throw new IllegalStateException("mosquitto did not start: "
                            + Files.readString(dir.resolve("mosquitto.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    static void stopMosquitto() throws InterruptedException {
        if (mosquitto != null) {
            mosquitto.destroy();
            mosquitto.waitFor();
        }
    }

    static Path profile(String name, String tls, Path cert, Path key) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "# like an AWS IoT Core thing, but local\nendpoint=localhost\nport=" + port + "\ncert="
                + cert + "\nkey=" + key + "\nca=" + pki.caCert() + "\nclient-id=basicPubSub\ntopic=sdk/test/python\n"
                + "message=test message\nqos=1\ntls-version=" + tls + "\n", StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void publishesThroughMosquittoWithEachTlsVersion() throws Exception {
        for (String tls : List.of("1.2", "1.3")) {
            Path out = dir.resolve("mosquitto-" + tls + ".pcapng");
            RunCaptureSupport.Run r = RunCaptureSupport.run("run-capture", "--profile",
                    profile("iot-" + tls + ".properties", tls, pki.clientCert(), pki.clientKey()).toString(),
                    "--out", out.toString(), "--format", "tsv");
            assertEquals(0, r.exit(), r.err());
            RunCaptureSupport.assertSampleLines(r);
            RunCaptureSupport.assertFullExchange(out);
            RunCaptureSupport.assertTsharkSeesHandshake(out, port, tls.equals("1.2"));
        }
    }

    @Test
    void mosquittoRejectsAnUntrustedClient() throws Exception {
        CertificateAuthority.Pki other = CertificateAuthority.create(dir.resolve("other"), "Unrelated CA");
        Path out = dir.resolve("mosquitto-untrusted.pcapng");
        RunCaptureSupport.Run r = RunCaptureSupport.run("run-capture", "--profile",
                profile("untrusted.properties", "1.2", other.clientCert(), other.clientKey()).toString(),
                "--out", out.toString(), "--format", "tsv");
        RunCaptureSupport.assertFailedExchange(r, out, "");
        assertTrue(String.join("\n", RunCaptureSupport.tsharkInfo(out, port)).contains("Alert"));
    }
}
