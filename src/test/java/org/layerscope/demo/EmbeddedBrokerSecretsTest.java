package org.layerscope.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.PacketResult;
import org.layerscope.capture.CaptureSupport;
import org.layerscope.capture.LiveCapture;
import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.testutil.Tools;
import org.layerscope.tls.export.TlsKeyExport;
import org.layerscope.tls.keys.KeyLog;

/**
 * A session where LayerScope is not the client: the embedded broker (started as run-capture starts it) and Debian's
 * {@code mosquitto_pub} with the device certificate of LayerScope's PKI, captured on {@code lo}. The broker's side
 * alone records the secrets (mosquitto_pub records none), and they decrypt the capture in LayerScope and in tshark:
 * what a classroom needs to look inside a student's own client.
 */
class EmbeddedBrokerSecretsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"tlsv1.2", "tlsv1.3"})
    void theBrokersSideDecryptsAnotherClient(String tls) throws Exception {
        String lo = CaptureSupport.requireLoopbackCapture();
        Path mosquittoPub = Tools.require("mosquitto_pub");
        Tools.require("tshark");
        CertificateAuthority.Pki pki = CertificateAuthority.ensure(dir.resolve("home").resolve("pki")).pki();
        int port = EmbeddedBroker.freePort(EmbeddedBroker.HOST);
        Path file = dir.resolve("student-" + tls + ".pcapng");
        KeyLog brokerKeys = new KeyLog();
        long recorded = TlsKeyExport.recorded();
        try (EmbeddedBroker broker = EmbeddedBroker.start(pki, port, dir.resolve("home").resolve("broker"),
                brokerKeys)) {
            assertSame(brokerKeys, broker.keyLog());
            LiveCapture capture = LiveCapture.start(new LiveCapture.Options(lo, "tcp port " + port, file, List.of()),
                    f -> { });
            try {
                // mosquitto_pub's --tls-version is only the lowest version it accepts: cap the highest through
                // OpenSSL's configuration
                Path openssl = dir.resolve("openssl-" + tls + ".cnf");
                java.nio.file.Files.writeString(openssl, String.join("\n", "openssl_conf = default_conf",
                        "[default_conf]", "ssl_conf = ssl_sect", "[ssl_sect]", "system_default = system_default_sect",
                        "[system_default_sect]", "MaxProtocol = " + (tls.equals("tlsv1.2") ? "TLSv1.2" : "TLSv1.3"),
                        ""));
                Tools.Result r = Tools.run(List.of(mosquittoPub.toString(), "-h", "localhost", "-p",
                        Integer.toString(port), "--cafile", pki.caCert().toString(), "--cert",
                        pki.clientCert().toString(), "--key", pki.clientKey().toString(), "--tls-version", tls, "-i",
                        "student-42", "-t", "classroom/hello", "-m", "{\"temp\": 21}", "-q", "1"),
                        Map.of("OPENSSL_CONF", openssl.toString()),
                        Duration.ofSeconds(30));
                assertEquals(0, r.exitCode(), r.stderr());
                Thread.sleep(500); // the teardown's last packets
            } finally {
                capture.stop();
            }
        }
        int secrets = tls.equals("tlsv1.2") ? 1 : 4;
        assertEquals(1, brokerKeys.sessionCount());
        assertEquals(secrets, brokerKeys.secretCount());
        assertEquals(tls.equals("tlsv1.2") ? Set.of(KeyLog.Label.CLIENT_RANDOM)
                        : Set.of(KeyLog.Label.CLIENT_HANDSHAKE_TRAFFIC_SECRET,
                        KeyLog.Label.SERVER_HANDSHAKE_TRAFFIC_SECRET, KeyLog.Label.CLIENT_TRAFFIC_SECRET_0,
                        KeyLog.Label.SERVER_TRAFFIC_SECRET_0),
                brokerKeys.labels(brokerKeys.clientRandoms().get(0)));
        assertEquals(recorded + secrets, TlsKeyExport.recorded(), "only the broker recorded");

        List<PacketResult> results = new ArrayList<>();
        Analyzer a = new Analyzer(false, results::add, brokerKeys);
        try (CaptureReader reader = CaptureFiles.open(file)) {
            RawFrame f;
            while ((f = reader.next()) != null) {
                a.accept(f);
            }
        }
        a.finish();
        List<Integer> types = results.stream().flatMap(r -> r.mqttPackets().stream()).map(MqttPacket::type).toList();
        assertEquals(List.of(1, 2, 3, 4, 14), types, "CONNECT, CONNACK, PUBLISH, PUBACK, DISCONNECT");
        for (PacketResult r : results) {
            assertFalse(r.phaseInferred(), "frame " + r.number() + " " + r.phase());
        }
        assertEquals("student-42", results.stream().flatMap(r -> r.mqttPackets().stream())
                .filter(m -> m.type() == MqttPacket.CONNECT).findFirst().orElseThrow().clientId());

        Path keyFile = dir.resolve("broker.keylog");
        brokerKeys.writeTo(keyFile);
        List<String> tshark = Tools.run(Tools.require("tshark").toString(), "-r", file.toString(), "-2", "-d",
                "tcp.port==" + port + ",tls", "-d", "tls.port==" + port + ",mqtt", "-o", "tls.keylog_file:" + keyFile,
                "-T", "fields", "-e", "mqtt.msgtype").requireSuccess().lines();
        assertEquals(List.of("1", "2", "3", "4", "14"), tshark.stream().filter(l -> !l.isBlank()).toList());
    }
}
