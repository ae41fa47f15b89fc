package org.layerscope.tls.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerscope.model.Direction;
import org.layerscope.testutil.Tools;

/**
 * Every capture with secrets, through {@link TlsHarness}: every protected record decrypts (except those the
 * case expects to stay opaque), and per frame the record types (inner ones), TLS 1.3 outer types, handshake types
 * and alert descriptions equal tshark's with the same secrets.
 */
class CaptureDecryptionTest {

    /**
     * @param capture     capture path relative to the repository root
     * @param keys        key log files relative to the repository root
     * @param dsb         whether the capture's Decryption Secrets Blocks are read too
     * @param truth       tshark truth file relative to the repository root
     * @param undecrypted protected records expected to fail (0-RTT data without its secret)
     */
    record Case(String capture, List<String> keys, boolean dsb, String truth, int undecrypted) {
        @Override
        public String toString() {
            List<String> sources = new ArrayList<>();
            keys.forEach(k -> sources.add(k.substring(k.lastIndexOf('/') + 1)));
            if (dsb) {
                sources.add("its DSBs");
            }
            return capture.substring(capture.lastIndexOf('/') + 1) + " + " + String.join(", ", sources);
        }
    }

    static final String SHARED = "../shared/wireshark-captures/";
    static final String CAPS = SHARED + "captures/";
    static final String KEYS = SHARED + "keys/";
    static final String OWN = "src/test/resources/tls-keys/";

    static Stream<Arguments> cases() {
        return Stream.of(
                shared("tls13-rfc8446.pcap", KEYS + "tls13-rfc8446.keys"),
                new Case(CAPS + "tls13-rfc8446.pcap", List.of(KEYS + "tls13-rfc8446-noearly.keys"), false,
                        CAPS + "tls13-rfc8446.pcap.noearly.truth.tsv", 2), // 0-RTT data and EndOfEarlyData
                shared("tls13-20-chacha20poly1305.pcap", KEYS + "tls13-20-chacha20poly1305.keys"),
                shared("tls12-chacha20poly1305.pcap", KEYS + "tls12-chacha20poly1305.keys"),
                shared("http2-data-reassembly.pcap", KEYS + "http2-data-reassembly.keys"),
                shared("dhe1.pcapng.gz", KEYS + "dhe1_keylog.dat"),
                new Case(CAPS + "tls12-dsb.pcapng", List.of(), true, CAPS + "tls12-dsb.pcapng.truth.tsv", 0),
                new Case(CAPS + "tls12-dsb.pcapng", List.of(KEYS + "tls12-dsb-1.keys", KEYS + "tls12-dsb-2.keys"),
                        false, CAPS + "tls12-dsb.pcapng.truth.tsv", 0),
                // master secrets that tshark derived from an RSA key or a PSK (see src/test/resources/tls-keys)
                shared("rsa-p-lt-q.pcap", OWN + "rsa-p-lt-q.keys"),
                shared("rsasnakeoil2.pcap", OWN + "rsasnakeoil2.keys"),
                shared("tls-renegotiation.pcap", OWN + "tls-renegotiation.keys"),
                shared("dmgr.pcapng", OWN + "dmgr.keys"),
                shared("tls12-aes128ccm.pcap", OWN + "tls12-aes128ccm.keys"),
                shared("tls12-aes256gcm.pcap", OWN + "tls12-aes256gcm.keys"),
                new Case(MQTT12, List.of(MQTT12_KEYS), false, OWN + "mqtt-tls12-mutual.pcapng.truth.tsv", 0),
                new Case(MQTT13, List.of(MQTT13_KEYS), false, OWN + "mqtt-tls13-mutual.pcapng.truth.tsv", 0)
        ).map(Arguments::of);
    }

    static final String MQTT12 = "sample-pcaps/mqtt-tls12-mutual.pcapng";
    static final String MQTT12_KEYS = "sample-pcaps/mqtt-tls12-mutual.keylog";
    static final String MQTT13 = "sample-pcaps/mqtt-tls13-mutual.pcapng";
    static final String MQTT13_KEYS = "sample-pcaps/mqtt-tls13-mutual.keylog";

    private static Case shared(String capture, String... keys) {
        return new Case(CAPS + capture, List.of(keys), false, CAPS + capture + ".truth.tsv", 0);
    }

    static Path file(String relative, String what) {
        return Tools.requireFile(Tools.repoRoot().resolve(relative).normalize(), what);
    }

    static KeyLog keyLog(List<String> files) throws IOException {
        KeyLog keyLog = new KeyLog();
        for (String k : files) {
            KeyLog.ReadResult r = keyLog.addAll(file(k, "key log"));
            assertEquals(0, r.bad(), "bad lines in " + k + ": " + r.badLineNumbers());
        }
        return keyLog;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decryptsLikeTshark(Case c) throws IOException {
        TlsHarness h = TlsHarness.run(file(c.capture(), "capture"), keyLog(c.keys()), c.dsb());
        Map<Long, TlsHarness.FrameView> truth = TruthTsv.read(file(c.truth(), "truth file"));

        System.out.printf("%s: %d connections, %d protected records, %d decrypted, %d frames with TLS%n", c,
                h.connections().size(), h.encryptedRecords(), h.decryptedRecords(), truth.size());
        assertTrue(h.encryptedRecords() > 0, "no protected record in " + c);
        assertEquals(c.undecrypted(), h.failures().size(), "records that failed:\n" + String.join("\n", h.failures()));
        assertEquals(h.encryptedRecords() - c.undecrypted(), h.decryptedRecords());
        assertEquals(lines(truth), lines(h.frames()), "per-frame TLS view differs from tshark's");
    }

    static String lines(Map<Long, TlsHarness.FrameView> frames) {
        List<String> out = new ArrayList<>();
        frames.forEach((n, v) -> out.add(n + ": " + v));
        return String.join("\n", out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mosquitto")
    void mosquittoSessionsCarryMqtt(String capture, String keys) throws IOException {
        TlsHarness h = TlsHarness.run(file(capture, "capture"), keyLog(List.of(keys)));
        assertEquals(1, h.connections().size());
        TlsHarness.Connection c = h.connections().get(0);
        byte[] client = c.appData(Direction.CLIENT_TO_SERVER);
        byte[] server = c.appData(Direction.SERVER_TO_CLIENT);
        assertEquals(0x10, client[0] & 0xff, "the client's first application data is an MQTT CONNECT");
        assertEquals(0x20, server[0] & 0xff, "the server's first application data is an MQTT CONNACK");
        // CONNECT, PUBLISH (QoS 1), DISCONNECT / CONNACK, PUBACK: as tshark shows them with the key log
        assertEquals(List.of(1, 3, 14), mqttTypes(client));
        assertEquals(List.of(2, 4), mqttTypes(server));
    }

    static Stream<Arguments> mosquitto() {
        return Stream.of(Arguments.of(MQTT12, MQTT12_KEYS), Arguments.of(MQTT13, MQTT13_KEYS));
    }

    /** MQTT control packet types of a byte stream (fixed header: type nibble, variable-length remaining length). */
    static List<Integer> mqttTypes(byte[] b) {
        List<Integer> types = new ArrayList<>();
        int p = 0;
        while (p < b.length) {
            types.add((b[p] & 0xff) >> 4);
            int length = 0;
            int shift = 0;
            int q = p + 1;
            while (true) {
                int d = b[q++] & 0xff;
                length |= (d & 0x7f) << shift;
                shift += 7;
                if ((d & 0x80) == 0) {
                    break;
                }
            }
            p = q + length;
        }
        assertEquals(b.length, p, "MQTT packets end with the data");
        return types;
    }

    @Test
    void withoutKeysNothingDecryptsAndNothingThrows() throws IOException {
        for (Arguments a : cases().toList()) {
            Case c = (Case) a.get()[0];
            TlsHarness h = TlsHarness.run(file(c.capture(), "capture"), new KeyLog(), false);
            assertEquals(0, h.decryptedRecords(), c.toString());
            assertTrue(h.failures().stream().allMatch(f -> f.endsWith("NO_KEYS")),
                    c + ": " + h.failures().stream().filter(f -> !f.endsWith("NO_KEYS")).findFirst().orElse(""));
        }
    }

    @Test
    void onlyTheSessionWithKeysDecrypts() throws IOException {
        TlsHarness h = TlsHarness.run(file(CAPS + "tls12-dsb.pcapng", "capture"),
                keyLog(List.of(KEYS + "tls12-dsb-1.keys")), false);
        List<TlsHarness.Connection> conns = h.connections();
        assertEquals(2, conns.size());
        assertEquals(conns.get(0).encryptedRecords, conns.get(0).decryptedRecords);
        assertEquals(0, conns.get(1).decryptedRecords);
        assertEquals(SessionDecryptor.Failure.NO_KEYS, conns.get(1).decryptor.lastFailure());
        assertTrue(conns.get(0).decryptor.keysKnown());
        assertTrue(!conns.get(1).decryptor.keysKnown());
    }

    @Test
    void wrongKeysFailAuthentication() throws IOException {
        // the key log of one session, filed under the other session's client random
        KeyLog right = keyLog(List.of(KEYS + "tls12-dsb-1.keys"));
        KeyLog other = keyLog(List.of(KEYS + "tls12-dsb-2.keys"));
        KeyLog wrong = new KeyLog();
        wrong.add(KeyLog.Label.CLIENT_RANDOM, other.clientRandoms().get(0),
                right.secret(right.clientRandoms().get(0), KeyLog.Label.CLIENT_RANDOM));
        TlsHarness h = TlsHarness.run(file(CAPS + "tls12-dsb.pcapng", "capture"), wrong, false);
        TlsHarness.Connection second = h.connections().get(1);
        assertEquals(0, second.decryptedRecords);
        assertTrue(second.encryptedRecords > 0);
        assertEquals(SessionDecryptor.Failure.NOT_AUTHENTIC, second.decryptor.lastFailure());
    }

    @Test
    void sessionsAreToldApartByClientRandom() throws IOException {
        TlsHarness h = TlsHarness.run(file(CAPS + "tls12-chacha20poly1305.pcap", "capture"),
                keyLog(List.of(KEYS + "tls12-chacha20poly1305.keys")));
        List<String> randoms = h.connections().stream().map(c -> Hex.encode(c.decryptor.clientRandom()))
                .collect(Collectors.toList());
        assertEquals(7, randoms.stream().distinct().count());
        for (TlsHarness.Connection c : h.connections()) {
            assertEquals(0xcca8, c.decryptor.cipherSuite() & 0xfff8, "a ChaCha20-Poly1305 suite");
            assertEquals(0x0303, c.decryptor.version());
            assertTrue(c.decryptor.cipherSuiteSupported());
        }
    }
}
