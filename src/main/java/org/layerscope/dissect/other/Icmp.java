package org.layerscope.dissect.other;

import java.util.List;
import org.layerscope.dissect.ip.Addresses;
import org.layerscope.dissect.ip.NetPacket;
import org.layerscope.model.Field;
import org.pcap4j.packet.IcmpV4EchoPacket;
import org.pcap4j.packet.IcmpV4EchoReplyPacket;
import org.pcap4j.packet.IcmpV6EchoReplyPacket;
import org.pcap4j.packet.IcmpV6EchoRequestPacket;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.IcmpV6CommonPacket;
import org.pcap4j.packet.IcmpV6NeighborAdvertisementPacket;
import org.pcap4j.packet.IcmpV6NeighborSolicitationPacket;
import org.pcap4j.packet.IcmpV6RouterAdvertisementPacket;
import org.pcap4j.packet.IcmpV6RouterSolicitationPacket;
import org.pcap4j.packet.Packet;

/** ICMP and ICMPv6 (echo, errors, neighbour and router discovery, MLD): fields and Wireshark's Info. */
final class Icmp {
    private Icmp() {
    }

    private static int at(int off, int rel) {
        return off < 0 ? -1 : off + rel;
    }

    private static int len(int off, int n) {
        return off < 0 ? 0 : n;
    }

    static OtherPacket v4(IcmpV4CommonPacket icmp, int off, int ttl, Field tree) {
        IcmpV4CommonPacket.IcmpV4CommonHeader h = icmp.getHeader();
        int type = h.getType().value() & 0xff;
        int code = h.getCode().value() & 0xff;
        int sum = h.getChecksum() & 0xffff;
        Field t = tree.add("icmp", off, len(off, icmp.length()), null, "Internet Control Message Protocol");
        String typeName = WsNames.icmpType(type);
        String codeName = WsNames.icmpCode(type, code);
        t.add("icmp.type", at(off, 0), len(off, 1), type, "Type: " + type + " (" + typeName + ")");
        t.add("icmp.code", at(off, 1), len(off, 1), code, "Code: " + code + (codeName != null ? " (" + codeName + ")" : ""));
        t.add("icmp.checksum", at(off, 2), len(off, 2), sum, String.format("Checksum: 0x%04x", sum));
        String info;
        String expl = "expl.icmp";
        int[] idSeq = echo(icmp.getPayload());
        if ((type == 0 || type == 8) && idSeq != null) {
            int id = idSeq[0];
            int seq = idSeq[1];
            t.add("icmp.ident", at(off, 4), len(off, 2), id, String.format("Identifier (BE): %d (0x%04x)", id, id));
            t.add("icmp.seq", at(off, 6), len(off, 2), seq, String.format("Sequence Number (BE): %d (0x%04x)", seq, seq));
            int seqLe = ((seq & 0xff) << 8) | (seq >> 8);
            info = String.format("%-20s id=0x%04x, seq=%d/%d, ttl=%d", typeName, id, seq, seqLe, ttl);
            expl = type == 8 ? "expl.icmp.echo_request" : "expl.icmp.echo_reply";
        } else if (codeName != null) {
            info = typeName + " (" + codeName + ")";
            if (type == 3) {
                expl = code == 3 ? "expl.icmp.port_unreachable" : "expl.icmp.unreachable";
            }
        } else {
            info = typeName;
        }
        return new OtherPacket("ICMP", info, typeName, expl, null);
    }

    static OtherPacket v6(IcmpV6CommonPacket icmp, int off, int hopLimit, NetPacket net, Field tree) {
        IcmpV6CommonPacket.IcmpV6CommonHeader h = icmp.getHeader();
        int type = h.getType().value() & 0xff;
        int code = h.getCode().value() & 0xff;
        int sum = h.getChecksum() & 0xffff;
        Field t = tree.add("icmpv6", off, len(off, icmp.length()), null, "Internet Control Message Protocol v6");
        String typeName = WsNames.icmpv6Type(type);
        String codeName = WsNames.icmpv6Code(type, code);
        t.add("icmpv6.type", at(off, 0), len(off, 1), type, "Type: " + typeName + " (" + type + ")");
        t.add("icmpv6.code", at(off, 1), len(off, 1), code, "Code: " + code + (codeName != null ? " (" + codeName + ")" : ""));
        t.add("icmpv6.checksum", at(off, 2), len(off, 2), sum, String.format("Checksum: 0x%04x", sum));
        Packet body = icmp.getPayload();
        StringBuilder info = new StringBuilder(typeName);
        String expl = "expl.icmpv6";
        switch (type) {
            case 128, 129 -> {
                int[] idSeq = echo(body);
                if (idSeq != null) {
                    int id = idSeq[0];
                    int seq = idSeq[1];
                    t.add("icmpv6.echo.identifier", at(off, 4), len(off, 2), id, String.format("Identifier: 0x%04x", id));
                    t.add("icmpv6.echo.sequence_number", at(off, 6), len(off, 2), seq, "Sequence: " + seq);
                    info.append(String.format(" id=0x%04x, seq=%d, hop limit=%d", id, seq, hopLimit));
                }
                expl = type == 128 ? "expl.icmp.echo_request" : "expl.icmp.echo_reply";
            }
            case 133 -> {
                if (body instanceof IcmpV6RouterSolicitationPacket rs) {
                    options(rs.getHeader().getOptions(), at(off, 8), t, info, " from ");
                }
                expl = "expl.icmpv6.router";
            }
            case 134 -> {
                if (body instanceof IcmpV6RouterAdvertisementPacket ra) {
                    t.add("icmpv6.nd.ra.cur_hop_limit", at(off, 4), len(off, 1), ra.getHeader().getCurHopLimit() & 0xff,
                            "Cur hop limit: " + (ra.getHeader().getCurHopLimit() & 0xff));
                    options(ra.getHeader().getOptions(), at(off, 16), t, info, " from ");
                }
                expl = "expl.icmpv6.router";
            }
            case 135 -> {
                if (body instanceof IcmpV6NeighborSolicitationPacket ns) {
                    String target = Addresses.format(ns.getHeader().getTargetAddress().getAddress());
                    t.add("icmpv6.nd.ns.target_address", at(off, 8), len(off, 16), target, "Target Address: " + target);
                    info.append(" for ").append(target);
                    options(ns.getHeader().getOptions(), at(off, 24), t, info, " from ");
                }
                expl = "expl.icmpv6.neighbor";
            }
            case 136 -> {
                if (body instanceof IcmpV6NeighborAdvertisementPacket na) {
                    IcmpV6NeighborAdvertisementPacket.IcmpV6NeighborAdvertisementHeader nh = na.getHeader();
                    String target = Addresses.format(nh.getTargetAddress().getAddress());
                    t.add("icmpv6.nd.na.flag.r", at(off, 4), len(off, 1), nh.getRouterFlag() ? 1 : 0, "Router: " + nh.getRouterFlag());
                    t.add("icmpv6.nd.na.flag.s", at(off, 4), len(off, 1), nh.getSolicitedFlag() ? 1 : 0, "Solicited: " + nh.getSolicitedFlag());
                    t.add("icmpv6.nd.na.flag.o", at(off, 4), len(off, 1), nh.getOverrideFlag() ? 1 : 0, "Override: " + nh.getOverrideFlag());
                    t.add("icmpv6.nd.na.target_address", at(off, 8), len(off, 16), target, "Target Address: " + target);
                    info.append(' ').append(target);
                    StringBuilder flags = new StringBuilder();
                    for (String[] f : new String[][] {{nh.getRouterFlag() ? "rtr" : null}, {nh.getSolicitedFlag() ? "sol" : null},
                            {nh.getOverrideFlag() ? "ovr" : null}}) {
                        if (f[0] != null) {
                            flags.append(flags.length() > 0 ? ", " : "").append(f[0]);
                        }
                    }
                    if (flags.length() > 0) {
                        info.append(" (").append(flags).append(')');
                    }
                    options(nh.getOptions(), at(off, 24), t, info, " is at ");
                }
                expl = "expl.icmpv6.neighbor";
            }
            case 130, 131, 132 -> {
                byte[] b = body == null ? new byte[0] : body.getRawData();
                if (b.length >= 20) {
                    String group = Addresses.format(java.util.Arrays.copyOfRange(b, 4, 20));
                    t.add("icmpv6.mld.multicast_address", at(off, 8), len(off, 16), group, "Multicast Address: " + group);
                }
                expl = "expl.icmpv6.mld";
            }
            case 143 -> {
                byte[] b = body == null ? new byte[0] : body.getRawData();
                if (b.length >= 4) {
                    int n = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
                    t.add("icmpv6.mldr.nb_mcast_records", at(off, 6), len(off, 2), n, "Number of Multicast Address Records: " + n);
                }
                expl = "expl.icmpv6.mld";
            }
            default -> {
                if (codeName != null) {
                    info.append(" (").append(codeName).append(')');
                }
                if (type == 1) {
                    expl = code == 4 ? "expl.icmp.port_unreachable" : "expl.icmp.unreachable";
                }
            }
        }
        return new OtherPacket("ICMPv6", info.toString(), typeName, expl, null);
    }

    /** Identifier and sequence number of an echo request or reply, or null. */
    private static int[] echo(Packet p) {
        if (p instanceof IcmpV4EchoPacket e) {
            return new int[] {e.getHeader().getIdentifierAsInt(), e.getHeader().getSequenceNumberAsInt()};
        }
        if (p instanceof IcmpV4EchoReplyPacket e) {
            return new int[] {e.getHeader().getIdentifierAsInt(), e.getHeader().getSequenceNumberAsInt()};
        }
        if (p instanceof IcmpV6EchoRequestPacket e) {
            return new int[] {e.getHeader().getIdentifierAsInt(), e.getHeader().getSequenceNumberAsInt()};
        }
        if (p instanceof IcmpV6EchoReplyPacket e) {
            return new int[] {e.getHeader().getIdentifierAsInt(), e.getHeader().getSequenceNumberAsInt()};
        }
        return null;
    }

    /** Neighbour discovery options; a link-layer address option adds " from MAC" / " is at MAC" to the Info. */
    private static void options(List<IcmpV6CommonPacket.IpV6NeighborDiscoveryOption> opts, int off, Field t,
                                StringBuilder info, String linkWord) {
        int pos = off;
        for (IcmpV6CommonPacket.IpV6NeighborDiscoveryOption o : opts) {
            byte[] raw = o.getRawData();
            int type = o.getType().value() & 0xff;
            Field of = t.add("icmpv6.opt", pos, len(pos, o.length()), null, "ICMPv6 Option (" + o.getType().name() + ")");
            of.add("icmpv6.opt.type", pos, len(pos, 1), type, "Type: " + o.getType().name() + " (" + type + ")");
            if ((type == 1 || type == 2) && raw.length >= 8) {
                StringBuilder mac = new StringBuilder();
                for (int i = 2; i < 8; i++) {
                    mac.append(i > 2 ? ":" : "").append(String.format("%02x", raw[i] & 0xff));
                }
                of.add("icmpv6.opt.linkaddr", pos < 0 ? -1 : pos + 2, len(pos, 6), mac.toString().replace(":", ""),
                        "Link-layer address: " + mac);
                info.append(linkWord).append(mac);
            }
            if (pos >= 0) {
                pos += o.length();
            }
        }
    }
}
