package org.layerscope.dissect.other;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerscope.dissect.ip.NetPacket;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.LinkType;
import org.layerscope.model.RawFrame;
import org.layerscope.model.Severity;
import org.pcap4j.packet.ArpPacket;
import org.pcap4j.packet.DnsPacket;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.IcmpV6CommonPacket;
import org.pcap4j.packet.IllegalPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6ExtFragmentPacket;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.UdpPacket;
import org.pcap4j.packet.factory.PacketFactories;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.util.IpV4Helper;

/**
 * Dissects the frames that are not TCP with pcap4j's own protocol parsers (pcap4j-packetfactory-static):
 * ARP, ICMP, ICMPv6 (neighbour and router discovery, MLD), DNS over UDP, IPv4 options, IPv4 and IPv6
 * fragments (reassembled when all pieces were captured). Its fields join LayerScope's details tree under
 * Wireshark's names with their byte offsets in the frame (-1 for bytes that exist only after reassembly).
 * The link, IP and UDP/TCP headers themselves stay with {@link org.layerscope.dissect.ip.NetDecoder}.
 * One instance per analysis (it keeps the fragments waiting for the rest of their packet); never throws.
 */
public final class OtherDissector {
    private static final int ETHERTYPE_ARP = 0x0806;
    /** Fragmented packets waiting for their other pieces, oldest first; bounded. */
    private static final int MAX_PENDING = 64;
    private final Map<String, List<IpV4Packet>> v4 = bounded();
    private final Map<String, Ip6Fragments.Pending> v6 = bounded();

    private static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_PENDING;
            }
        };
    }

    /**
     * Dissects one frame that NetDecoder did not find TCP in. Returns null when there is nothing beyond what
     * NetDecoder decoded (plain UDP, an unknown protocol): the caller keeps its own columns then.
     */
    public OtherPacket dissect(RawFrame frame, NetPacket net, Field tree, List<ExpertItem> expert) {
        try {
            byte[] d = frame.data();
            if (net.ipVersion == 4) {
                return ipv4(IpV4Packet.newPacket(d, net.ipOffset, d.length - net.ipOffset), net, tree, expert);
            }
            if (net.ipVersion == 6) {
                return ipv6(d, net, tree, expert);
            }
            int off = net.linkHeaderLength;
            if (off >= 0 && etherType(frame, off) == ETHERTYPE_ARP) {
                return Arp.dissect(ArpPacket.newPacket(d, off, d.length - off), off, tree);
            }
            return null;
        } catch (IllegalRawDataException | RuntimeException e) {
            expert.add(ExpertItem.of(Severity.WARN, "ls.malformed", "Malformed packet: " + e.getMessage()));
            return null;
        }
    }

    private static int etherType(RawFrame frame, int linkEnd) {
        byte[] d = frame.data();
        int at = switch (frame.linkType()) {
            case LinkType.ETHERNET -> linkEnd - 2;
            case LinkType.LINUX_SLL -> 14;
            case LinkType.LINUX_SLL2 -> 0;
            default -> -1;
        };
        return at < 0 || at + 2 > d.length ? -1 : ((d[at] & 0xff) << 8) | (d[at + 1] & 0xff);
    }

    private OtherPacket ipv4(IpV4Packet ip, NetPacket net, Field tree, List<ExpertItem> expert) {
        IpV4Packet.IpV4Header h = ip.getHeader();
        Field ipTree = tree.find("ip");
        if (ipTree == null) {
            ipTree = Field.NONE;
        }
        int optOff = net.ipOffset + 20;
        Field opts = ipTree.find("ip.options");
        for (IpV4Packet.IpV4Option o : h.getOptions()) {
            int type = o.getType().value() & 0xff;
            Field of = (opts != null ? opts : ipTree).add("ip.opt.type", optOff, 1, type,
                    "IP Option - " + o.getType().name() + " (" + o.length() + " bytes)");
            if (o.length() > 1) {
                of.add("ip.opt.len", optOff + 1, 1, o.length(), "Length: " + o.length());
            }
            optOff += o.length();
        }
        int fragOffset = h.getFragmentOffset() & 0x1fff;
        boolean more = h.getMoreFragmentFlag();
        ipTree.add("ip.flags.df", net.ipOffset + 6, 1, h.getDontFragmentFlag() ? 1 : 0,
                "Don't fragment: " + (h.getDontFragmentFlag() ? "Set" : "Not set"));
        ipTree.add("ip.flags.mf", net.ipOffset + 6, 1, more ? 1 : 0, "More fragments: " + (more ? "Set" : "Not set"));
        int ttl = h.getTtlAsInt();
        if (fragOffset == 0 && !more) {
            return transport(ip.getPayload(), net.transportOffset, false, ttl, net, tree, expert);
        }
        // a fragment: kept until its packet is whole, then dissected from pcap4j's reassembly
        String key = h.getSrcAddr().getHostAddress() + ">" + h.getDstAddr().getHostAddress() + "/"
                + (h.getIdentification() & 0xffff) + "/" + (h.getProtocol().value() & 0xff);
        List<IpV4Packet> pieces = v4.computeIfAbsent(key, k -> new ArrayList<>());
        pieces.add(ip);
        if (Fragments.completeV4(pieces)) {
            v4.remove(key);
            IpV4Packet whole = IpV4Helper.defragment(pieces);
            expert.add(ExpertItem.of(Severity.NOTE, "ip.reassembled",
                    "The last fragment: the IPv4 packet was reassembled from " + pieces.size() + " fragments"));
            return transport(whole.getPayload(), -1, true, ttl, net, tree, expert);
        }
        int proto = h.getProtocol().value() & 0xff;
        String info = String.format("Fragmented IP protocol (proto=%s %d, off=%d, ID=%04x)", WsNames.ipProto(proto),
                proto, fragOffset * 8, h.getIdentification() & 0xffff);
        return new OtherPacket("IPv4", info, "IPv4 fragment", "expl.ip.fragment", null);
    }

    private OtherPacket ipv6(byte[] d, NetPacket net, Field tree, List<ExpertItem> expert)
            throws IllegalRawDataException {
        Field ipTree = tree.find("ipv6");
        if (ipTree == null) {
            ipTree = Field.NONE;
        }
        int hopLimit = d[net.ipOffset + 7] & 0xff;
        int end = net.ipOffset + net.ipTotalLength;
        int next = d[net.ipOffset + 6] & 0xff;
        int off = net.ipOffset + 40;
        // the extension headers' lengths come from their own length bytes: pcap4j 1.8.2 misreads a Hop-by-Hop
        // header that ends with an empty PadN option (every MLD report has one)
        for (int guard = 0; guard < 16 && off + 8 <= end; guard++) {
            if (next == 44) {
                IpV6ExtFragmentPacket f = IpV6ExtFragmentPacket.newPacket(d, off, end - off);
                return Ip6Fragments.fragment(this, v6, f, off, d, net, tree, ipTree, expert, hopLimit);
            }
            int len = ((d[off + 1] & 0xff) + 1) * 8;
            if (next == 0) {
                ipTree.add("ipv6.hopopts", off, len, null, "IPv6 Hop-by-Hop Option");
            } else if (next == 60) {
                ipTree.add("ipv6.dstopts", off, len, null, "Destination Options for IPv6");
            } else if (next == 43) {
                ipTree.add("ipv6.routing", off, len, null, "Routing Header for IPv6");
            } else {
                break;
            }
            next = d[off] & 0xff;
            off += len;
        }
        if (off > end) {
            return null;
        }
        return transport(parse(d, off, end - off, next), off, false, hopLimit, net, tree, expert);
    }

    /**
     * The layer above IP. {@code off}: its frame offset, or -1 when it exists only in a reassembled packet.
     * {@code ttl}: the IPv4 TTL or IPv6 hop limit (ICMP's Info shows it).
     */
    OtherPacket transport(Packet p, int off, boolean reassembled, int ttl, NetPacket net, Field tree,
                          List<ExpertItem> expert) {
        if (p == null) {
            return null;
        }
        if (p instanceof IllegalPacket) {
            expert.add(new ExpertItem(Severity.WARN, "ls.malformed", "Malformed packet: its "
                    + WsNames.ipProto(net.protocol) + " header could not be read", Math.max(off, 0), 0));
            return null;
        }
        if (p instanceof UdpPacket udp) {
            return udp(udp, off, reassembled, tree, expert);
        }
        if (p instanceof IcmpV4CommonPacket icmp) {
            return Icmp.v4(icmp, off, ttl, tree);
        }
        if (p instanceof IcmpV6CommonPacket icmp) {
            return Icmp.v6(icmp, off, ttl, net, tree);
        }
        return null;
    }

    private static OtherPacket udp(UdpPacket udp, int off, boolean reassembled, Field tree, List<ExpertItem> expert) {
        UdpPacket.UdpHeader h = udp.getHeader();
        int sport = h.getSrcPort().valueAsInt();
        int dport = h.getDstPort().valueAsInt();
        int length = h.getLengthAsInt();
        Field u = tree.find("udp");
        if (u == null || reassembled) {
            u = tree.add("udp", off, 8, null, "User Datagram Protocol, Src Port: " + sport + ", Dst Port: " + dport);
            u.add("udp.srcport", off, off < 0 ? 0 : 2, sport, "Source Port: " + sport);
            u.add("udp.dstport", off < 0 ? -1 : off + 2, off < 0 ? 0 : 2, dport, "Destination Port: " + dport);
            u.add("udp.length", off < 0 ? -1 : off + 4, off < 0 ? 0 : 2, length, "Length: " + length);
        }
        int sum = h.getChecksum() & 0xffff;
        u.add("udp.checksum", off < 0 ? -1 : off + 6, off < 0 ? 0 : 2, sum, String.format("Checksum: 0x%04x", sum));
        Packet payload = udp.getPayload();
        if (payload instanceof DnsPacket dns) {
            return Dns.dissect(dns, off < 0 ? -1 : off + 8, tree);
        }
        if (payload instanceof IllegalPacket && (sport == 53 || dport == 53)) {
            expert.add(ExpertItem.of(Severity.WARN, "dns.malformed", "Malformed DNS message"));
            return new OtherPacket("DNS", "Malformed DNS message", "DNS", "expl.other", null);
        }
        if (!reassembled) {
            return null; // plain UDP: NetDecoder's columns
        }
        return new OtherPacket("UDP", sport + " → " + dport + " Len=" + Math.max(0, length - 8), "UDP", "expl.other", null);
    }

    /** pcap4j's factory for the protocol numbers above IP (for reassembled IPv6 payloads). */
    static Packet parse(byte[] data, int off, int length, int nextHeader) {
        return PacketFactories.getFactory(Packet.class, IpNumber.class)
                .newInstance(data, off, length, IpNumber.getInstance((byte) nextHeader));
    }
}
