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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerscope.testutil.Tools;

/**
 * Every capture with secrets, through {@link TlsHarness}: every protected record decrypts (except those the
 * case expects to stay opaque), and per frame the record types (inner ones), TLS 1.3 outer types, handshake types
 * and alert descriptions equal tshark's with the same secrets.
 */
class CaptureDecryptionTest {

    /**
     * @param capture     capture path relative to the repository root
     * @param keys        key log files relative to the repository root (none: the capture's own DSBs)
     * @param truth       tshark truth file relative to the repository root
     * @param undecrypted protected records expected to fail (0-RTT data without its secret)
     */
    record Case(String capture, List<String> keys, String truth, int undecrypted) {
        @Override
        public String toString() {
            return capture.substring(capture.lastIndexOf('/') + 1)
                    + (keys.isEmpty() ? " (DSB)" : " + " + keys.stream()
                    .map(k -> k.substring(k.lastIndexOf('/') + 1)).collect(Collectors.joining(", ")));
        }
    }

    private static final String SHARED = "../shared/wireshark-captures/";
    private static final String CAPS = SHARED + "captures/";
    private static final String KEYS = SHARED + "keys/";
    private static final String OWN = "src/test/resources/tls-keys/";

    static Stream<Arguments> cases() {
        return Stream.of(
                shared("tls13-rfc8446.pcap", KEYS + "tls13-rfc8446.keys"),
                new Case(CAPS + "tls13-rfc8446.pcap", List.of(KEYS + "tls13-rfc8446-noearly.keys"),
                        CAPS + "tls13-rfc8446.pcap.noearly.truth.tsv", 2),
                shared("tls13-20-chacha20poly1305.pcap", KEYS + "tls13-20-chacha20poly1305.keys"),
                shared("tls12-chacha20poly1305.pcap", KEYS + "tls12-chacha20poly1305.keys"),
                shared("http2-data-reassembly.pcap", KEYS + "http2-data-reassembly.keys"),
                shared("dhe1.pcapng.gz", KEYS + "dhe1_keylog.dat"),
                shared("tls12-dsb.pcapng"),
                // master secrets that tshark derived from an RSA key or a PSK (see src/test/resources/tls-keys)
                shared("rsa-p-lt-q.pcap", OWN + "rsa-p-lt-q.keys"),
                shared("rsasnakeoil2.pcap", OWN + "rsasnakeoil2.keys"),
                shared("tls-renegotiation.pcap", OWN + "tls-renegotiation.keys"),
                shared("dmgr.pcapng", OWN + "dmgr.keys"),
                shared("tls12-aes128ccm.pcap", OWN + "tls12-aes128ccm.keys"),
                shared("tls12-aes256gcm.pcap", OWN + "tls12-aes256gcm.keys"),
                new Case("sample-pcaps/mqtt-tls12-mutual.pcapng", List.of("sample-pcaps/mqtt-tls12-mutual.keylog"),
                        OWN + "mqtt-tls12-mutual.pcapng.truth.tsv", 0),
                new Case("sample-pcaps/mqtt-tls13-mutual.pcapng", List.of("sample-pcaps/mqtt-tls13-mutual.keylog"),
                        OWN + "mqtt-tls13-mutual.pcapng.truth.tsv", 0)
        ).map(Arguments::of);
    }

    private static Case shared(String capture, String... keys) {
        return new Case(CAPS + capture, List.of(keys), CAPS + capture + ".truth.tsv", 0);
    }

    static Path file(String relative, String what) {
        return Tools.requireFile(Tools.repoRoot().resolve(relative).normalize(), what);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decryptsLikeTshark(Case c) throws IOException {
        KeyLog keyLog = new KeyLog();
        for (String k : c.keys()) {
            KeyLog.ReadResult r = keyLog.addAll(file(k, "key log"));
            assertEquals(0, r.bad(), "bad lines in " + k + ": " + r.badLineNumbers());
        }
        TlsHarness h = TlsHarness.run(file(c.capture(), "capture"), keyLog);
        Map<Long, TlsHarness.FrameView> truth = TruthTsv.read(file(c.truth(), "truth file"));

        System.out.printf("%s: %d connections, %d protected records, %d decrypted, %d frames with TLS%n", c,
                h.connections().size(), h.encryptedRecords(), h.decryptedRecords(), truth.size());
        assertTrue(h.encryptedRecords() > 0, "no protected record in " + c);
        assertEquals(c.undecrypted(), h.failures().size(), "records that failed:\n" + String.join("\n", h.failures()));
        assertEquals(h.encryptedRecords() - c.undecrypted(), h.decryptedRecords());
        assertEquals(lines(truth), lines(h.frames()), "per-frame TLS view differs from tshark's");
    }

    private static String lines(Map<Long, TlsHarness.FrameView> frames) {
        List<String> out = new ArrayList<>();
        frames.forEach((n, v) -> out.add(n + ": " + v));
        return String.join("\n", out);
    }
}
