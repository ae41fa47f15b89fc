package org.layerscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerscope.testutil.Tools;

/**
 * The Protocol and Info columns of the frames that are not TCP (ARP, ICMP, ICMPv6, DNS, UDP, IP fragments),
 * against tshark's {@code _ws.col.Protocol} and {@code _ws.col.Info}: on the captures made with arping, ping
 * and dig in network namespaces (src/test/resources/other) every frame agrees; on the sample and shared
 * Wireshark captures every frame that either side shows as one of those protocols agrees. Info is compared
 * without the cross references tshark adds from its second pass ("(request in 20)", "[Reassembled in #42]").
 */
class OtherProtocolsDifferentialTest {
    private static final Path OWN = Tools.repoRoot().resolve("src/test/resources/other");
    private static final Path SAMPLES = Tools.repoRoot().resolve("sample-pcaps");
    private static final Path SHARED = Tools.repoRoot().resolve("../shared/wireshark-captures/captures").normalize();
    /** Protocols LayerScope dissects through pcap4j (plus UDP, IPv4/IPv6 fragments). */
    private static final Set<String> OURS = Set.of("ARP", "ICMP", "ICMPv6", "DNS");

    static Stream<Path> ownCaptures() throws IOException {
        try (Stream<Path> s = Files.list(OWN)) {
            return s.filter(p -> p.toString().endsWith(".pcapng")).sorted().toList().stream();
        }
    }

    static Stream<Path> otherCaptures() throws IOException {
        List<Path> l = new ArrayList<>();
        try (Stream<Path> s = Files.list(SAMPLES)) {
            s.filter(p -> p.toString().endsWith(".pcapng")).sorted().forEach(l::add);
        }
        Tools.requireFile(SHARED, "the shared Wireshark test captures");
        try (Stream<Path> s = Files.list(SHARED)) {
            s.filter(p -> !p.toString().endsWith(".tsv") && !p.toString().endsWith(".txt")).sorted().forEach(l::add);
        }
        return l.stream();
    }

    private record Col(String protocol, String info) {
    }

    private static List<Col> tshark(Path capture, Path config) {
        String tshark = Tools.require("tshark").toString();
        Tools.Result r = Tools.run(List.of(tshark, "-n", "-2", "-r", capture.toString(), "-T", "fields",
                        "-E", "separator=/t", "-E", "quote=n", "-e", "_ws.col.Protocol", "-e", "_ws.col.Info"),
                Map.of("WIRESHARK_CONFIG_DIR", config.toString()), Duration.ofSeconds(120));
        List<Col> l = new ArrayList<>();
        if (r.stdout().isEmpty()) {
            return l;
        }
        for (String line : r.lines()) {
            String[] c = line.split("\t", 2);
            l.add(new Col(c[0], c.length > 1 ? c[1] : ""));
        }
        return l;
    }

    /** Info without tshark's second-pass cross references, white space collapsed. */
    static String normalize(String info) {
        return info.replaceAll("\\s*\\((request|reply|response) in \\d+\\)", "")
                .replaceAll("\\s*\\(no response found!\\)", "")
                .replaceAll("\\s*\\[Reassembled in #\\d+\\]", "")
                .replaceAll("\\s+", " ").trim();
    }

    private static List<String> compare(Path capture, Path config, boolean everyFrame) throws IOException {
        List<Col> ts = tshark(capture, config);
        List<PacketResult> ls = AnalysisRunner.analyze(capture, false);
        assertEquals(ts.size(), ls.size(), "frames in " + capture.getFileName());
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < ls.size(); i++) {
            PacketResult r = ls.get(i);
            Col t = ts.get(i);
            boolean ours = OURS.contains(t.protocol()) || OURS.contains(r.protocol())
                    || t.protocol().equals("UDP") || (!r.isTcp() && r.other() != null);
            if (!everyFrame && !ours) {
                continue;
            }
            if (!t.protocol().equals(r.protocol())) {
                problems.add(capture.getFileName() + " #" + r.number() + " Protocol " + r.protocol() + ", tshark "
                        + t.protocol());
            } else if (ours && !normalize(t.info()).equals(normalize(r.info()))) {
                problems.add(capture.getFileName() + " #" + r.number() + " Info '" + r.info() + "', tshark '"
                        + t.info() + "'");
            }
        }
        return problems;
    }

    @ParameterizedTest
    @MethodSource("ownCaptures")
    void everyFrameOfTheNamespaceCapturesAgrees(Path capture, @TempDir Path config) throws IOException {
        assertEquals(List.of(), compare(capture, config, true));
    }

    @ParameterizedTest
    @MethodSource("otherCaptures")
    void framesOfTheseProtocolsAgreeOnTheSampleAndSharedCaptures(Path capture, @TempDir Path config) throws IOException {
        assertEquals(List.of(), compare(capture, config, false));
    }

    /** Display filters on the new fields select the same frames as tshark's -Y with the same expression. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"arp.opcode == 1", "arp.opcode == 2",
            "arp.dst.proto_ipv4 == 10.99.0.2", "icmp.type == 8", "icmp.type == 3 && icmp.code == 3", "icmp.seq == 1",
            "icmpv6.type == 135", "icmpv6.type == 143", "icmpv6.nd.ns.target_address == fd00:99::2",
            "icmpv6.echo.identifier", "dns.flags.rcode == 3", "dns.flags.response == 1",
            "dns.qry.name == \"broker.example.test\"", "dns.a == 10.99.0.2", "dns.aaaa == fd00:99::2", "dns.qry.type == 28",
            "ip.flags.mf == 1", "ipv6.fraghdr", "ip.opt.type == 7", "udp.checksum && !icmp"})
    void displayFiltersAgreeWithTshark(String filter, @TempDir Path config) throws Exception {
        Path capture = OWN.resolve("other-protocols.pcapng");
        String tshark = Tools.require("tshark").toString();
        Tools.Result r = Tools.run(List.of(tshark, "-n", "-r", capture.toString(), "-Y", filter, "-T", "fields",
                "-e", "frame.number"), Map.of("WIRESHARK_CONFIG_DIR", config.toString()), Duration.ofSeconds(120));
        List<Long> expected = r.stdout().isBlank() ? List.of() : r.lines().stream().map(Long::parseLong).toList();
        org.layerscope.analysis.filter.DisplayFilter f = org.layerscope.analysis.filter.DisplayFilter.compile(filter);
        List<Long> ours = AnalysisRunner.analyze(capture, true).stream().filter(f::matches).map(PacketResult::number)
                .toList();
        assertTrue(!expected.isEmpty(), "tshark matches frames with " + filter);
        assertEquals(expected, ours, filter);
    }

    @Test
    void theNamespaceCaptureHoldsEveryKind(@TempDir Path config) throws IOException {
        Set<String> seen = new java.util.TreeSet<>();
        for (PacketResult r : AnalysisRunner.analyze(OWN.resolve("other-protocols.pcapng"), false)) {
            seen.add(r.protocol() + ":" + r.info().replaceAll("[0-9a-f:.x]{4,}.*", "").trim());
        }
        for (String want : List.of("ARP:Who has", "ICMP:Echo (ping) request", "ICMP:Destination unreachable (Port unreachable)",
                "ICMPv6:Neighbor Solicitation for", "ICMPv6:Router Solicitation from",
                "ICMPv6:Multicast Listener Report Message v2", "DNS:Standard query", "DNS:Standard query response",
                "IPv4:Fragmented IP protocol (proto=ICMP 1, off=0, ID=", "IPv6:IPv6 fragment (off=0 more=y ident=")) {
            assertTrue(seen.stream().anyMatch(s -> s.startsWith(want)), want + " in " + seen);
        }
        assertTrue(normalize("Echo (ping) reply    id=0x7d04, seq=1/256, ttl=64 (request in 20)")
                .equals("Echo (ping) reply id=0x7d04, seq=1/256, ttl=64"));
    }
}
