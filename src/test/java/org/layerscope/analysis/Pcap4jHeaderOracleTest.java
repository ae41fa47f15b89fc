package org.layerscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerscope.dissect.ip.NetPacket;
import org.layerscope.model.LinkType;
import org.layerscope.model.RawFrame;
import org.pcap4j.packet.BsdLoopbackPacket;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.LinuxSllPacket;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UdpPacket;

/**
 * pcap4j's own parsers (from the frame's first byte: its link layer too) as a second oracle, independent of
 * tshark, for the IPv4, IPv6, TCP and UDP header fields LayerScope's hand-written NetDecoder reads: addresses,
 * ports, flags, sequence and acknowledgement numbers, window, header and payload lengths, on every frame of
 * every sample, shared and namespace capture that pcap4j can parse.
 */
class Pcap4jHeaderOracleTest {

    static Stream<Path> captures() throws IOException {
        return Stream.concat(OtherProtocolsDifferentialTest.ownCaptures(), OtherProtocolsDifferentialTest.otherCaptures());
    }

    private static Packet parse(RawFrame f) throws IllegalRawDataException {
        byte[] d = f.data();
        return switch (f.linkType()) {
            case LinkType.ETHERNET -> EthernetPacket.newPacket(d, 0, d.length);
            case LinkType.LINUX_SLL -> LinuxSllPacket.newPacket(d, 0, d.length);
            case LinkType.NULL -> BsdLoopbackPacket.newPacket(d, 0, d.length);
            case LinkType.RAW, LinkType.RAW_12, LinkType.RAW_14, LinkType.IPV4, LinkType.IPV6 -> d.length == 0 ? null
                    : (d[0] & 0xf0) == 0x40 ? IpV4Packet.newPacket(d, 0, d.length) : IpV6Packet.newPacket(d, 0, d.length);
            default -> null; // Linux cooked v2, LOOP: pcap4j 1.8.2 has no parser for them
        };
    }

    @ParameterizedTest
    @MethodSource("captures")
    void headerFieldsAgreeWithPcap4j(Path capture) throws IOException {
        List<String> problems = new ArrayList<>();
        int compared = 0;
        int ipFrames = 0;
        for (PacketResult r : AnalysisRunner.analyze(capture, false)) {
            NetPacket n = r.net();
            if (n.ipVersion == 0) {
                continue;
            }
            ipFrames++;
            Packet p;
            try {
                p = parse(r.frame());
            } catch (IllegalRawDataException e) {
                continue;
            }
            if (p == null) {
                continue;
            }
            String at = capture.getFileName() + " #" + r.number() + " ";
            IpV4Packet v4 = p.get(IpV4Packet.class);
            IpV6Packet v6 = p.get(IpV6Packet.class);
            if (n.ipVersion == 4 && v4 != null) {
                IpV4Packet.IpV4Header h = v4.getHeader();
                check(problems, at + "ip.src", h.getSrcAddr().getAddress(), n.srcAddr);
                check(problems, at + "ip.dst", h.getDstAddr().getAddress(), n.dstAddr);
                check(problems, at + "ip.proto", h.getProtocol().value() & 0xff, n.protocol);
                check(problems, at + "ip.hdr_len", h.getIhlAsInt() * 4, n.ipHeaderLength);
            } else if (n.ipVersion == 6 && v6 != null) {
                IpV6Packet.IpV6Header h = v6.getHeader();
                check(problems, at + "ipv6.src", h.getSrcAddr().getAddress(), n.srcAddr);
                check(problems, at + "ipv6.dst", h.getDstAddr().getAddress(), n.dstAddr);
                check(problems, at + "ipv6.plen", h.getPayloadLengthAsInt() + 40,
                        Math.max(n.ipTotalLength, h.getPayloadLengthAsInt() + 40));
            } else {
                problems.add(at + "IP version " + n.ipVersion + ", pcap4j found " + (v4 != null ? "IPv4" : v6 != null ? "IPv6" : "none"));
                continue;
            }
            compared++;
            TcpPacket tcp = p.get(TcpPacket.class);
            if (n.tcp && tcp != null) {
                TcpPacket.TcpHeader t = tcp.getHeader();
                check(problems, at + "tcp.srcport", t.getSrcPort().valueAsInt(), n.srcPort);
                check(problems, at + "tcp.dstport", t.getDstPort().valueAsInt(), n.dstPort);
                check(problems, at + "tcp.seq_raw", t.getSequenceNumberAsLong(), n.seq);
                check(problems, at + "tcp.ack_raw", t.getAcknowledgmentNumberAsLong(), n.ack);
                check(problems, at + "tcp.hdr_len", t.getDataOffsetAsInt() * 4, n.tcpHeaderLength);
                check(problems, at + "tcp.window_size_value", t.getWindowAsInt(), n.window);
                int flags = (t.getFin() ? 1 : 0) | (t.getSyn() ? 2 : 0) | (t.getRst() ? 4 : 0) | (t.getPsh() ? 8 : 0)
                        | (t.getAck() ? 16 : 0) | (t.getUrg() ? 32 : 0);
                check(problems, at + "tcp.flags", flags, n.tcpFlags & 0x3f);
                if (v4 != null && v4.getHeader().getTotalLengthAsInt() >= v4.getHeader().getIhlAsInt() * 4) {
                    IpV4Packet.IpV4Header h = v4.getHeader();
                    check(problems, at + "tcp.len", h.getTotalLengthAsInt() - h.getIhlAsInt() * 4 - t.getDataOffsetAsInt() * 4,
                            n.tcpLen);
                }
            } else if (n.udp && p.get(UdpPacket.class) != null) {
                UdpPacket.UdpHeader u = p.get(UdpPacket.class).getHeader();
                check(problems, at + "udp.srcport", u.getSrcPort().valueAsInt(), n.srcPort);
                check(problems, at + "udp.dstport", u.getDstPort().valueAsInt(), n.dstPort);
                check(problems, at + "udp.length", u.getLengthAsInt(), n.udpLen);
            } else if (n.tcp || n.udp) {
                problems.add(at + "LayerScope read " + (n.tcp ? "TCP" : "UDP") + ", pcap4j did not");
            }
        }
        assertEquals(List.of(), problems);
        if (ipFrames > 0 && !capture.toString().contains("SLL2")) {
            assertTrue(compared > 0, "pcap4j compared no frame of " + capture.getFileName());
        }
    }

    private static void check(List<String> problems, String what, Object pcap4j, Object ours) {
        boolean same = pcap4j instanceof byte[] a && ours instanceof byte[] b ? Arrays.equals(a, b)
                : pcap4j.equals(ours) || (pcap4j instanceof Number x && ours instanceof Number y && x.longValue() == y.longValue());
        if (!same) {
            problems.add(what + ": LayerScope " + (ours instanceof byte[] b ? Arrays.toString(b) : ours) + ", pcap4j "
                    + (pcap4j instanceof byte[] a ? Arrays.toString(a) : pcap4j));
        }
    }
}
