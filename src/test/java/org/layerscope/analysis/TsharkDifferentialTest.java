package org.layerscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
 * Differential test against tshark: for every frame, tcp_flags, tcp_len, tls_records, tls_handshake and
 * mqtt must equal tshark's tcp.flags, tcp.len, tls.record.content_type (+ opaque_type),
 * tls.handshake.type and mqtt.msgtype. Differences kept on purpose are listed in {@link #KNOWN} and in
 * the README, each with its reason.
 */
class TsharkDifferentialTest {
    static final Path REPO = Path.of(System.getProperty("layerscope.repo", "."));
    static final Path SHARED = REPO.resolve("../shared/wireshark-captures/captures");
    static final Path SAMPLES = REPO.resolve("sample-pcaps");

    /** Shared captures with TLS (or TCP edge cases) and the tshark options their truth files used. */
    static final Map<String, List<String>> SHARED_CAPTURES = Map.ofEntries(
            Map.entry("tls13-rfc8446.pcap", List.of()),
            Map.entry("tls13-20-chacha20poly1305.pcap", List.of()),
            Map.entry("tls12-chacha20poly1305.pcap", List.of()),
            Map.entry("tls12-aes128ccm.pcap", List.of()),
            Map.entry("tls12-aes256gcm.pcap", List.of()),
            Map.entry("tls12-dsb.pcapng", List.of()),
            Map.entry("dhe1.pcapng.gz", List.of()),
            Map.entry("rsasnakeoil2.pcap", List.of()),
            Map.entry("rsa-p-lt-q.pcap", List.of()),
            Map.entry("tls-renegotiation.pcap", List.of("-d", "tcp.port==4433,tls")),
            Map.entry("dmgr.pcapng", List.of("-d", "tcp.port==9131,tls")),
            Map.entry("http2-data-reassembly.pcap", List.of()),
            Map.entry("tls-fragmented-handshakes.pcap.gz", List.of()),
            Map.entry("retrans-tls.pcap", List.of()),
            Map.entry("many_interfaces.pcapng.1", List.of()),
            Map.entry("tcp-badsegments.pcap", List.of()),
            Map.entry("http-ooo.pcap", List.of()),
            Map.entry("http-ooo2.pcap", List.of()),
            Map.entry("ipv6.pcap", List.of()),
            Map.entry("dhcp.pcapng", List.of()));

    /**
     * Frames where LayerScope differs from tshark on purpose: "capture#frame" to the reason. Keep in
     * step with the README's list.
     */
    static final Map<String, String> KNOWN = Map.of();

    static Stream<Arguments> sharedCaptures() {
        return SHARED_CAPTURES.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    static Stream<Arguments> allCaptures() throws IOException {
        List<Arguments> l = new ArrayList<>();
        sharedCaptures().forEach(a -> l.add(Arguments.of(SHARED.resolve((String) a.get()[0]), a.get()[1])));
        for (Path p : sampleCaptures()) {
            l.add(Arguments.of(p, List.of()));
        }
        return l.stream();
    }

    static List<Path> sampleCaptures() throws IOException {
        List<Path> l = new ArrayList<>();
        if (Files.isDirectory(SAMPLES)) {
            try (Stream<Path> s = Files.list(SAMPLES)) {
                s.filter(p -> p.getFileName().toString().matches(".*\\.pcap(ng)?(\\.gz)?")).sorted().forEach(l::add);
            }
        }
        return l;
    }

    /** Against the truth files that tshark 4.0.17 wrote for the shared captures (no tshark needed). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedCaptures")
    void matchesStoredTsharkTruth(String name, List<String> options) throws IOException {
        Path truth = SHARED.resolve(name + ".nodecrypt.truth.tsv");
        if (!Files.exists(truth) || name.equals("tls12-dsb.pcapng")) {
            // tls12-dsb.pcapng carries its keys in a Decryption Secrets Block: both tools decrypt it unasked
            truth = SHARED.resolve(name + ".truth.tsv");
        }
        List<TsharkOracle.Row> rows = TsharkOracle.parse(Files.readAllLines(truth));
        compare(name, AnalysisRunner.analyze(SHARED.resolve(name), false), rows);
    }

    /** Against tshark run now, on the sample captures and the shared ones. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allCaptures")
    void matchesLiveTshark(Path capture, List<String> options, @TempDir Path config) throws Exception {
        String tshark = Tools.require("tshark").toString();
        List<TsharkOracle.Row> rows = TsharkOracle.run(tshark, capture, options, config);
        compare(capture.getFileName().toString(), AnalysisRunner.analyze(capture, false), rows);
    }

    static void compare(String name, List<PacketResult> ours, List<TsharkOracle.Row> theirs) {
        compare(name, ours, theirs, false);
    }

    /**
     * @param decrypted with keys, tshark lists a decrypted TLS 1.3 record twice: its inner type in
     *                  content_type and its outer type 23 in opaque_type; only the inner types are compared
     *                  for those (undecrypted records still count through opaque_type)
     */
    static void compare(String name, List<PacketResult> ours, List<TsharkOracle.Row> theirs, boolean decrypted) {
        assertEquals(theirs.size(), ours.size(), name + ": frame count");
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            PacketResult r = ours.get(i);
            TsharkOracle.Row t = theirs.get(i);
            assertEquals(Long.parseLong(t.get("frame.number")), r.number(), name + ": frame order");
            String where = name + "#" + r.number();
            String d = diff("tcp_flags", AnalysisRunner.flags(r), TsharkOracle.flagList(t.get("tcp.flags")))
                    + diff("tcp_len", AnalysisRunner.tcpLen(r), t.get("tcp.len"))
                    + diff("tls_records", AnalysisRunner.records(r),
                            decrypted ? TsharkOracle.recordsDecrypted(t, AnalysisRunner.decryptedTls13(r)) : TsharkOracle.records(t))
                    + diff("tls_handshake", AnalysisRunner.handshakes(r), t.get("tls.handshake.type"))
                    + diff("mqtt", AnalysisRunner.mqtt(r), t.get("mqtt.msgtype"));
            if (!d.isEmpty() && !KNOWN.containsKey(where)) {
                diffs.add(where + ":" + d + "  [" + r.info() + "]");
            }
        }
        if (!diffs.isEmpty()) {
            fail(diffs.size() + " frame(s) differ from tshark:\n" + String.join("\n", diffs.subList(0, Math.min(40, diffs.size()))));
        }
        assertTrue(true);
    }

    private static String diff(String what, String ours, String tshark) {
        return ours.equals(tshark) ? "" : " " + what + " ours=" + ours + " tshark=" + tshark;
    }
}
