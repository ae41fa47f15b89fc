package org.layerscope.analysis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerscope.testutil.Tools;

/**
 * With a key log, LayerScope's inner record types, handshake types and MQTT types equal tshark's with
 * {@code -o tls.keylog_file:}, frame by frame.
 */
class DecryptionDifferentialTest {
    static final Path SHARED = TsharkDifferentialTest.SHARED;
    static final Path KEYS = SHARED.resolve("../keys");
    static final Path SAMPLES = TsharkDifferentialTest.SAMPLES;

    /** Shared captures that tshark decrypts from a key log (the RSA-key ones are out of scope). */
    static final Map<String, String> SHARED_KEYLOGS = Map.of(
            "tls13-rfc8446.pcap", "tls13-rfc8446.keys",
            "tls13-20-chacha20poly1305.pcap", "tls13-20-chacha20poly1305.keys",
            "tls12-chacha20poly1305.pcap", "tls12-chacha20poly1305.keys",
            "dhe1.pcapng.gz", "dhe1_keylog.dat",
            "http2-data-reassembly.pcap", "http2-data-reassembly.keys");

    static Stream<Arguments> sharedWithKeys() {
        return SHARED_KEYLOGS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    /** Against the decrypted truth files tshark 4.0.17 wrote for the shared captures. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedWithKeys")
    void matchesStoredDecryptedTruth(String name, String keys) throws IOException {
        List<TsharkOracle.Row> rows = TsharkOracle.parse(Files.readAllLines(SHARED.resolve(name + ".truth.tsv")));
        TsharkDifferentialTest.compare(name + "+keys", AnalysisRunner.analyze(SHARED.resolve(name), false,
                KEYS.resolve(keys)), rows, true);
    }

    static Stream<Arguments> samplesWithKeys() throws IOException {
        List<Arguments> l = new ArrayList<>();
        for (Path p : TsharkDifferentialTest.sampleCaptures()) {
            String n = p.getFileName().toString();
            Path keylog = p.resolveSibling(n.replaceAll("\\.pcapng$", ".keylog"));
            if (Files.exists(keylog)) {
                l.add(Arguments.of(p, keylog));
            }
        }
        assertTrue(l.size() >= 2, "the TLS sample captures come with key logs");
        return l.stream();
    }

    /** Against tshark run now with the same key log, on the sample captures that have one. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samplesWithKeys")
    void matchesLiveTsharkWithKeys(Path capture, Path keylog, @TempDir Path config) throws Exception {
        String tshark = Tools.require("tshark").toString();
        List<TsharkOracle.Row> rows = TsharkOracle.run(tshark, capture, List.of("-o", "tls.keylog_file:" + keylog), config);
        List<PacketResult> ours = AnalysisRunner.analyze(capture, false, keylog);
        TsharkDifferentialTest.compare(capture.getFileName() + "+keys", ours, rows, true);
        if (rows.stream().anyMatch(t -> !t.get("mqtt.msgtype").isEmpty())) {
            assertTrue(ours.stream().anyMatch(r -> !r.mqttPackets().isEmpty()), "MQTT inside the TLS is shown");
        } else {
            // a failure capture whose TLS handshake ended before any MQTT (make-failure-samples.sh): the keys are
            // still used, on the encrypted handshake messages and alerts
            assertTrue(ours.stream().flatMap(r -> r.tlsRecords().stream()).anyMatch(t -> t.encrypted()
                    && (!t.handshakeTypes().isEmpty() || t.alertDescription() >= 0)), "the key log decrypts records");
        }
    }
}
