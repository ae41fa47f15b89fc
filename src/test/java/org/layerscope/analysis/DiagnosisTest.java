package org.layerscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.testutil.Tools;

/** Verdicts on real captures: each failure case gives its verdict, successful captures give ok. */
class DiagnosisTest {
    static final Path SAMPLES = Tools.repoRoot().resolve("sample-pcaps");
    static final Path SHARED = Tools.repoRoot().resolve("../shared/wireshark-captures/captures");

    static List<ConnectionSummary> diagnose(Path file) throws Exception {
        Analyzer a = new Analyzer(false, r -> { });
        try (CaptureReader r = CaptureFiles.open(file)) {
            RawFrame f;
            while ((f = r.next()) != null) {
                a.accept(f);
            }
        }
        a.finish();
        return a.connections();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "tcp-refused-8883.pcapng        | tcp-refused                         | 2",
            "mqtt-tls12-unknown-ca.pcapng   | tls-alert-by-server:unknown_ca      | 9",
            "mqtt-tls-wrong-server-ca.pcapng| tls-alert-by-client:unknown_ca      | 8",
    })
    void failureVerdicts(String file, String verdict, long frame) throws Exception {
        Path p = Tools.requireFile(SAMPLES.resolve(file), "sample capture");
        List<ConnectionSummary> conns = diagnose(p);
        assertEquals(1, conns.size(), file + ": connections");
        ConnectionSummary c = conns.get(0);
        assertEquals(verdict, c.verdict(), file + ": " + Messages.verdict(Locale.ENGLISH, c));
        assertEquals(frame, c.verdictFrame(), file + ": deciding frame");
        String en = Messages.verdict(Locale.ENGLISH, c);
        String ja = Messages.verdict(Locale.JAPANESE, c);
        assertFalse(en.startsWith("verdict."), en);
        assertFalse(ja.equals(en), "Japanese explanation differs from English");
    }

    @org.junit.jupiter.api.Test
    void refusedConnectInTheMqtt5Sample() throws Exception {
        // make-samples.sh's last MQTT 5 client asks for an unsupported authentication method: CONNACK 0x8C
        List<ConnectionSummary> conns = diagnose(Tools.requireFile(SAMPLES.resolve("mqtt-plain-5.pcapng"), "sample capture"));
        ConnectionSummary last = conns.get(conns.size() - 1);
        assertEquals("mqtt-connack-refused:140", last.verdict());
        for (ConnectionSummary c : conns.subList(0, conns.size() - 1)) {
            assertEquals("ok", c.verdict(), "stream " + c.stream());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"mqtt-tls12-mutual.pcapng", "mqtt-tls13-mutual.pcapng", "mqtt-plain-311.pcapng"})
    void successfulCapturesAreOk(String file) throws Exception {
        Path p = Tools.requireFile(SAMPLES.resolve(file), "sample capture");
        List<ConnectionSummary> conns = diagnose(p);
        assertFalse(conns.isEmpty());
        List<String> bad = new ArrayList<>();
        for (ConnectionSummary c : conns) {
            if (!c.verdict().equals("ok")) {
                bad.add(c.stream() + " " + c.verdict() + " @" + c.verdictFrame() + ": " + Messages.verdict(Locale.ENGLISH, c));
            }
            assertEquals(org.layerscope.model.Phase.TEARDOWN, c.reached(), file + " stream " + c.stream());
        }
        assertTrue(bad.isEmpty(), file + ": " + bad);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"tls12-chacha20poly1305.pcap", "tls13-20-chacha20poly1305.pcap", "dhe1.pcapng.gz"})
    void publicCapturesClosedWithCloseNotifyAreOk(String file) throws Exception {
        Path p = Tools.requireFile(SHARED.resolve(file), "shared capture");
        for (ConnectionSummary c : diagnose(p)) {
            assertEquals("ok", c.verdict(), file + " stream " + c.stream() + ": " + Messages.verdict(Locale.ENGLISH, c));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"tls13-rfc8446.pcap", "tls12-aes128ccm.pcap"})
    void capturesThatStartMidConnectionAreIncompleteOrOk(String file) throws Exception {
        Path p = Tools.requireFile(SHARED.resolve(file), "shared capture");
        for (ConnectionSummary c : diagnose(p)) {
            assertTrue(c.clientInferred(), file + ": no SYN, roles inferred");
            assertTrue(c.verdict().equals("incomplete") || c.verdict().equals("ok"), file + ": " + c.verdict());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"mqtt-tls12-mutual.pcapng"})
    void summaryHasTimingsAndBytes(String file) throws Exception {
        ConnectionSummary c = diagnose(Tools.requireFile(SAMPLES.resolve(file), "sample capture")).get(0);
        assertTrue(c.timings().tcpHandshakeRtt() >= 0);
        assertTrue(c.timings().tlsHandshake() > 0);
        assertTrue(c.timings().total() > 0);
        assertTrue(c.bytes().wire() > c.bytes().headers() + c.bytes().tls() - 1);
        assertTrue(c.bytes().headers() > 0 && c.bytes().tls() > 0);
        assertTrue(c.tls() != null && "TLS 1.2".equals(c.tls().version()), String.valueOf(c.tls()));
        assertFalse(c.tls().serverCertificates().isEmpty());
    }
}
