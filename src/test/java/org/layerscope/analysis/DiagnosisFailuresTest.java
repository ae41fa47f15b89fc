package org.layerscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.layerscope.model.Phase;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.testutil.Tools;
import org.layerscope.tls.keys.KeyLog;

/**
 * The failure cases of "where did it stop?", each reproduced for real by {@code sample-pcaps/make-failure-samples.sh}
 * (mosquitto, OpenSSL, a python3 peer, the Linux kernel): every capture gives its verdict and deciding frame, without
 * keys and with the client's key log where the keys change what can be read.
 */
class DiagnosisFailuresTest {
    static final Path SAMPLES = DiagnosisTest.SAMPLES;

    static List<ConnectionSummary> diagnose(String file, boolean withKeys) throws Exception {
        Path capture = Tools.requireFile(SAMPLES.resolve(file), "sample capture");
        KeyLog keys = new KeyLog();
        if (withKeys) {
            keys = KeyLog.read(Tools.requireFile(SAMPLES.resolve(file.replaceAll("\\.pcapng$", ".keylog")), "key log"));
        }
        Analyzer a = new Analyzer(false, r -> { }, keys);
        try (CaptureReader r = CaptureFiles.open(capture)) {
            RawFrame f;
            while ((f = r.next()) != null) {
                a.addSecrets(r.secrets());
                a.accept(f);
            }
        }
        a.finish();
        return a.connections();
    }

    /** The single connection of a failure capture. */
    static ConnectionSummary only(String file, boolean withKeys) throws Exception {
        List<ConnectionSummary> conns = diagnose(file, withKeys);
        assertEquals(1, conns.size(), file + ": connections");
        return conns.get(0);
    }

    @ParameterizedTest(name = "{0} keys={1} -> {2} @{3}")
    @CsvSource(delimiter = '|', value = {
            // 1. nothing answers the SYN: nftables drops TCP 8883 on the far side of a veth pair
            "tcp-no-answer-8883.pcapng               | false | tcp-no-answer                            | 1",
            // 2. TLS 1.3, the client does not trust the server certificate: OpenSSL's client has not switched to
            //    its handshake keys yet, so its alert is in clear; the keys add the server's decrypted flight
            "mqtt-tls13-wrong-server-ca.pcapng       | false | tls-alert-by-client:unknown_ca           | 8",
            "mqtt-tls13-wrong-server-ca.pcapng       | true  | tls-alert-by-client:unknown_ca           | 8",
            // 3. TLS 1.3, the server does not trust the client certificate: its alert is encrypted
            "mqtt-tls13-unknown-ca.pcapng            | false | tls-alert-by-server:encrypted            | 9",
            "mqtt-tls13-unknown-ca.pcapng            | true  | tls-alert-by-server:unknown_ca           | 9",
            //    the same, with the client's CONNECT (sent right after its Finished) crossing the alert (frame 10)
            "mqtt-tls13-unknown-ca-early-connect.pcapng | false | tls-alert-by-server:encrypted         | 9",
            "mqtt-tls13-unknown-ca-early-connect.pcapng | true  | tls-alert-by-server:unknown_ca        | 9",
            // 4. the client sends no certificate: handshake_failure in clear (TLS 1.2), certificate_required
            //    encrypted (TLS 1.3)
            "mqtt-tls12-no-client-cert.pcapng        | false | tls-alert-by-server:handshake_failure    | 9",
            "mqtt-tls12-no-client-cert.pcapng        | true  | tls-alert-by-server:handshake_failure    | 9",
            "mqtt-tls13-no-client-cert.pcapng        | false | tls-alert-by-server:encrypted            | 9",
            "mqtt-tls13-no-client-cert.pcapng        | true  | tls-alert-by-server:certificate_required | 9",
            // 5. TLS 1.3-only client, TLS 1.2-only broker: the broker answers the ClientHello with an alert
            "mqtt-tls-version-mismatch.pcapng        | false | tls-alert-by-server:protocol_version     | 6",
            // 6. plaintext MQTT 3.1.1, wrong password: mosquitto answers CONNACK 5 (not authorized)
            "mqtt-plain-311-bad-password.pcapng      | false | mqtt-connack-refused:5                   | 6",
            // 7. the peer closes after the PUBLISH (like AWS IoT Core); the client's decode_error alert that
            //    follows is OpenSSL's reaction to the unexpected EOF, not the cause
            "mqtt-tls12-publish-forbidden.pcapng     | false | closed-by-server-after-application-data  | 13",
            "mqtt-tls12-publish-forbidden.pcapng     | true  | closed-by-server-after-publish           | 13",
            "mqtt-tls13-publish-forbidden.pcapng     | false | closed-by-server-after-application-data  | 18",
            "mqtt-tls13-publish-forbidden.pcapng     | true  | closed-by-server-after-publish           | 18",
            // 8. mosquitto_sub killed with SIGKILL after the SUBACK: the kernel sends FIN (the broker's
            //    decode_error alert that follows is a reaction), or RST when a message was left unread
            "mqtt-tls12-client-killed.pcapng         | false | client-aborted                           | 15",
            "mqtt-tls12-client-killed.pcapng         | true  | client-aborted                           | 15",
            "mqtt-tls13-client-killed.pcapng         | false | client-aborted                           | 18",
            "mqtt-tls13-client-killed.pcapng         | true  | client-aborted                           | 18",
            "mqtt-tls13-client-killed-unread.pcapng  | false | reset-by-client                          | 20",
            "mqtt-tls13-client-killed-unread.pcapng  | true  | reset-by-client                          | 20",
    })
    void verdict(String file, boolean withKeys, String verdict, long frame) throws Exception {
        ConnectionSummary c = only(file, withKeys);
        String en = Messages.verdict(Locale.ENGLISH, c);
        String ja = Messages.verdict(Locale.JAPANESE, c);
        assertEquals(verdict, c.verdict(), file + ": " + en);
        assertEquals(frame, c.verdictFrame(), file + ": deciding frame (" + en + ")");
        assertEquals(Phase.TEARDOWN.equals(c.reached()), !verdict.equals("tcp-no-answer"), file + ": reached " + c.reached());
        assertFalse(en.isBlank() || en.startsWith("verdict."), file + ": English explanation: " + en);
        assertFalse(ja.isBlank() || ja.startsWith("verdict."), file + ": Japanese explanation: " + ja);
        assertFalse(ja.equals(en), file + ": the Japanese explanation differs from the English one");
        assertFalse(en.contains("{") || ja.contains("{"), file + ": every argument is filled in: " + en + " / " + ja);
    }

    @Test
    void noAnswerCountsTheSynRetransmissions() throws Exception {
        ConnectionSummary c = only("tcp-no-answer-8883.pcapng", false);
        assertEquals(6, c.frames(), "the first SYN and 5 retransmissions, nothing else");
        assertEquals(Phase.TCP_HANDSHAKE, c.reached());
        assertTrue(Messages.verdict(Locale.ENGLISH, c).contains("(5 retransmissions)"), Messages.verdict(Locale.ENGLISH, c));
        assertTrue(Messages.verdict(Locale.JAPANESE, c).contains("再送 5 回"), Messages.verdict(Locale.JAPANESE, c));
        assertTrue(Messages.verdict(Locale.ENGLISH, c).contains("port 8883"));
        assertEquals(-1, c.timings().tcpHandshakeRtt());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"mqtt-tls13-unknown-ca.pcapng", "mqtt-tls13-unknown-ca-early-connect.pcapng",
            "mqtt-tls13-no-client-cert.pcapng"})
    void anEncryptedAlertSaysHowToReadIt(String file) throws Exception {
        ConnectionSummary c = only(file, false);
        assertEquals("verdict.tls-alert.encrypted", c.explanationKey());
        assertTrue(Messages.verdict(Locale.ENGLISH, c).contains("key log"), Messages.verdict(Locale.ENGLISH, c));
        // the 19-byte record is not mistaken for a close_notify after application data (the server had sent none),
        // and it ended the TLS handshake: with the keys it is read in the same phase
        assertEquals(List.of("server", "encrypted", Phase.TLS_HANDSHAKE.id()), c.explanationArgs());
        assertEquals(c.explanationArgs().get(2), only(file, true).explanationArgs().get(2));
        if (!file.contains("early-connect")) {
            assertEquals(-1, c.timings().tlsHandshake(), "the TLS handshake never completed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"mqtt-tls13-wrong-server-ca.pcapng", "mqtt-tls13-unknown-ca.pcapng",
            "mqtt-tls13-unknown-ca-early-connect.pcapng", "mqtt-tls13-no-client-cert.pcapng",
            "mqtt-tls13-publish-forbidden.pcapng", "mqtt-tls13-client-killed.pcapng"})
    void keysRevealTheTls13Certificates(String file) throws Exception {
        // the server's Certificate is encrypted in TLS 1.3: only the key log shows which certificate was rejected
        ConnectionSummary without = only(file, false);
        ConnectionSummary with = only(file, true);
        assertEquals("TLS 1.3", with.tls().version());
        assertTrue(without.tls().serverCertificates().isEmpty(), file + ": " + without.tls());
        assertFalse(with.tls().serverCertificates().isEmpty(), file + ": " + with.tls());
        assertTrue(with.tls().serverCertificates().get(0).contains("localhost"), with.tls().serverCertificates().toString());
    }

    @Test
    void aConnectCrossingTheAlertDoesNotHideIt() throws Exception {
        // frame 10 is the client's CONNECT, too long to be an alert, and its TCP ack already covers the broker's alert
        // (frame 9): the kernel had received it, the client had not read it. The broker had sent no application data,
        // so its record is a rejection, not data that the client answered.
        ConnectionSummary with = only("mqtt-tls13-unknown-ca-early-connect.pcapng", true);
        assertEquals("basicPubSub-device-0123456789abcdef", with.mqttClientId(), "the CONNECT is readable with keys");
        assertEquals(-1, with.connackCode(), "never answered");
        assertEquals(11, with.frames());
        ConnectionSummary without = only("mqtt-tls13-unknown-ca-early-connect.pcapng", false);
        assertEquals(null, without.mqttClientId());
    }

    @Test
    void wrongPasswordIsConnackFive() throws Exception {
        ConnectionSummary c = only("mqtt-plain-311-bad-password.pcapng", false);
        assertEquals(5, c.connackCode());
        assertEquals("pub311-auth", c.mqttClientId());
        assertTrue(c.timings().timeToConnack() > 0);
        assertTrue(Messages.verdict(Locale.ENGLISH, c).contains("5"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"mqtt-tls12-publish-forbidden.pcapng", "mqtt-tls13-publish-forbidden.pcapng"})
    void closedAfterPublishNamesThePublishWithKeys(String file) throws Exception {
        ConnectionSummary with = only(file, true);
        assertEquals("basicPubSub", with.mqttClientId());
        assertEquals(0, with.connackCode(), "the peer accepted the CONNECT");
        assertEquals(-1, with.timings().timeToPuback(), "no PUBACK");
        assertTrue(Messages.verdict(Locale.ENGLISH, with).contains("PUBLISH"), Messages.verdict(Locale.ENGLISH, with));
        assertTrue(Messages.verdict(Locale.ENGLISH, with).contains("FIN"), Messages.verdict(Locale.ENGLISH, with));
        // without keys the same close is found, only the MQTT type is unknown
        ConnectionSummary without = only(file, false);
        assertEquals(with.verdictFrame(), without.verdictFrame());
        assertEquals(null, without.mqttClientId());
        assertTrue(Messages.verdict(Locale.ENGLISH, without).contains("key log"), Messages.verdict(Locale.ENGLISH, without));
        String ja = Messages.verdict(Locale.JAPANESE, without);
        assertTrue(ja.contains("キーログ") && !ja.contains("application data"), ja);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"run-capture-tls12.pcapng | 23", "run-capture-tls13.pcapng | 15"})
    void anAnswerToAGracefulCloseStaysOk(String file, long frame) throws Exception {
        // the counterpart of the killed client: the client sends its (encrypted) DISCONNECT and FIN, and the broker
        // answers the FIN with an encrypted close_notify. The closing side had the last word, so this is a normal end.
        // (TLS 1.3: the client's DISCONNECT record is alert-sized and is itself taken for its closing alert.)
        ConnectionSummary c = only(file, false);
        assertEquals("ok", c.verdict(), file + ": " + Messages.verdict(Locale.ENGLISH, c));
        assertEquals(frame, c.verdictFrame());
    }

    @Test
    void versionMismatchHasNoKeysToLog() throws Exception {
        ConnectionSummary c = only("mqtt-tls-version-mismatch.pcapng", false);
        // the broker refused the ClientHello outright: no ServerHello, so no version was agreed
        assertTrue(c.tls() == null || c.tls().cipherSuite() == null, String.valueOf(c.tls()));
        assertFalse(java.nio.file.Files.exists(SAMPLES.resolve("mqtt-tls-version-mismatch.keylog")));
    }
}
