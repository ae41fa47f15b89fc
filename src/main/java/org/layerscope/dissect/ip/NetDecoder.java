package org.layerscope.dissect.ip;

import java.util.List;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.LinkType;
import org.layerscope.model.RawFrame;
import org.layerscope.model.Severity;

/**
 * Decodes the link layer (Ethernet with 802.1Q, Linux cooked v1/v2, BSD NULL/LOOP, raw IP), IPv4 (with
 * options) and IPv6 (with extension headers), and the TCP or UDP header of a frame. Never throws:
 * anything cut short or malformed becomes an expert item and decoding stops at that layer.
 */
public final class NetDecoder {
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88a8;

    private NetDecoder() {
    }

    public static void decode(RawFrame frame, NetPacket p, Field tree, List<ExpertItem> expert) {
        // the frame's bytes are d[b, b + n): a frame may be a slice of a larger buffer; offsets stay the frame's
        byte[] d = frame.buffer();
        int b = frame.offset();
        int n = frame.capturedLength();
        int etherType;
        int off;
        switch (frame.linkType()) {
            case LinkType.ETHERNET -> {
                if (n < 14) {
                    expert.add(new ExpertItem(Severity.ERROR, "eth.short", "Ethernet header cut short", 0, n));
                    return;
                }
                etherType = u16(d, b + 12);
                if (tree.enabled()) {
                    Field eth = tree.add("eth", 0, 14, null, "Ethernet II, Src: " + mac(d, b + 6) + ", Dst: " + mac(d, b));
                    eth.add("eth.dst", 0, 6, mac(d, b), "Destination: " + mac(d, b));
                    eth.add("eth.src", 6, 6, mac(d, b + 6), "Source: " + mac(d, b + 6));
                    eth.add("eth.type", 12, 2, etherType, "Type: 0x" + hex(etherType, 4));
                }
                off = 14;
                while ((etherType == ETHERTYPE_VLAN || etherType == ETHERTYPE_QINQ) && off + 4 <= n) {
                    int tci = u16(d, b + off);
                    etherType = u16(d, b + off + 2);
                    if (tree.enabled()) {
                        Field vlan = tree.add("vlan", off - 2, 6, null, "802.1Q Virtual LAN, ID: " + (tci & 0xfff));
                        vlan.add("vlan.id", off, 2, tci & 0xfff, "ID: " + (tci & 0xfff));
                        vlan.add("vlan.priority", off, 1, tci >> 13, "Priority: " + (tci >> 13));
                        vlan.add("vlan.etype", off + 2, 2, etherType, "Type: 0x" + hex(etherType, 4));
                    }
                    off += 4;
                }
            }
            case LinkType.LINUX_SLL -> {
                if (n < 16) {
                    expert.add(new ExpertItem(Severity.ERROR, "sll.short", "Linux cooked header cut short", 0, n));
                    return;
                }
                etherType = u16(d, b + 14);
                if (tree.enabled()) {
                    Field sll = tree.add("sll", 0, 16, null, "Linux cooked capture v1");
                    sll.add("sll.pkttype", 0, 2, u16(d, b), "Packet type: " + u16(d, b));
                    sll.add("sll.etype", 14, 2, etherType, "Protocol: 0x" + hex(etherType, 4));
                }
                off = 16;
            }
            case LinkType.LINUX_SLL2 -> {
                if (n < 20) {
                    expert.add(new ExpertItem(Severity.ERROR, "sll.short", "Linux cooked v2 header cut short", 0, n));
                    return;
                }
                etherType = u16(d, b);
                if (tree.enabled()) {
                    Field sll = tree.add("sll", 0, 20, null, "Linux cooked capture v2");
                    sll.add("sll.etype", 0, 2, etherType, "Protocol: 0x" + hex(etherType, 4));
                    sll.add("sll.ifindex", 4, 4, u32(d, b + 4), "Interface index: " + u32(d, b + 4));
                }
                off = 20;
            }
            case LinkType.NULL, LinkType.LOOP -> {
                if (n < 4) {
                    expert.add(new ExpertItem(Severity.ERROR, "null.short", "Loopback header cut short", 0, n));
                    return;
                }
                long be = u32(d, b);
                long le = (d[b] & 0xffL) | (d[b + 1] & 0xffL) << 8 | (d[b + 2] & 0xffL) << 16 | (d[b + 3] & 0xffL) << 24;
                long family = frame.linkType() == LinkType.LOOP ? be : (be < 256 ? be : le);
                if (tree.enabled()) {
                    tree.add("null", 0, 4, null, "Null/Loopback, Family: " + family)
                            .add("null.family", 0, 4, family, "Family: " + family);
                }
                off = 4;
                if (family == 2) {
                    etherType = ETHERTYPE_IPV4;
                } else if (family == 24 || family == 28 || family == 30 || family == 10) {
                    etherType = ETHERTYPE_IPV6;
                } else {
                    etherType = ipVersionEtherType(d, b, n, off);
                }
            }
            case LinkType.RAW, LinkType.RAW_12, LinkType.RAW_14, LinkType.IPV4, LinkType.IPV6 -> {
                off = 0;
                etherType = ipVersionEtherType(d, b, n, 0);
            }
            default -> {
                expert.add(ExpertItem.of(Severity.NOTE, "frame.linktype",
                        "Link type " + LinkType.name(frame.linkType()) + " is not decoded"));
                return;
            }
        }
        p.linkHeaderLength = off;
        if (etherType == ETHERTYPE_IPV4) {
            ipv4(d, b, n, off, p, tree, expert);
        } else if (etherType == ETHERTYPE_IPV6) {
            ipv6(d, b, n, off, p, tree, expert);
        } else {
            return;
        }
        if (p.transportOffset < 0 || p.laterFragment) {
            return;
        }
        if (p.protocol == 6) {
            tcp(d, b, n, p, tree, expert);
        } else if (p.protocol == 17) {
            udp(d, b, n, p, tree, expert);
        }
    }

    private static int ipVersionEtherType(byte[] d, int b, int n, int off) {
        if (off >= n) {
            return -1;
        }
        int v = (d[b + off] & 0xff) >> 4;
        return v == 4 ? ETHERTYPE_IPV4 : v == 6 ? ETHERTYPE_IPV6 : -1;
    }

    private static void ipv4(byte[] d, int b, int n, int off, NetPacket p, Field tree, List<ExpertItem> expert) {
        if (off + 20 > n) {
            expert.add(new ExpertItem(Severity.ERROR, "ip.short", "IPv4 header cut short", off, n - off));
            return;
        }
        int ihl = (d[b + off] & 0x0f) * 4;
        int total = u16(d, b + off + 2);
        if (ihl < 20 || off + ihl > n) {
            expert.add(new ExpertItem(Severity.ERROR, "ip.badhdr", "Bad IPv4 header length " + ihl, off, 1));
            return;
        }
        if (total < ihl) {
            // TSO captures carry total length 0; use what was captured
            expert.add(new ExpertItem(Severity.WARN, "ip.badlen", "IPv4 total length " + total
                    + " is shorter than its header; using the captured length", off + 2, 2));
            total = n - off;
        }
        p.ipVersion = 4;
        p.ipOffset = off;
        p.ipHeaderLength = ihl;
        p.ipTotalLength = Math.min(total, n - off);
        p.srcAddr = Addresses.ipv4(d, b + off + 12); // shared arrays: never modified
        p.dstAddr = Addresses.ipv4(d, b + off + 16);
        p.protocol = d[b + off + 9] & 0xff;
        int fragField = u16(d, b + off + 6);
        int fragOffset = fragField & 0x1fff;
        boolean moreFragments = (fragField & 0x2000) != 0;
        p.laterFragment = fragOffset != 0;
        if (tree.enabled()) {
            String src = Addresses.format(p.srcAddr);
            String dst = Addresses.format(p.dstAddr);
            Field ip = tree.add("ip", off, ihl, null, "Internet Protocol Version 4, Src: " + src + ", Dst: " + dst);
            ip.add("ip.version", off, 1, 4, "Version: 4");
            ip.add("ip.hdr_len", off, 1, ihl, "Header Length: " + ihl + " bytes");
            ip.add("ip.dsfield", off + 1, 1, d[b + off + 1] & 0xff, "Differentiated Services Field: 0x" + hex(d[b + off + 1] & 0xff, 2));
            ip.add("ip.len", off + 2, 2, total, "Total Length: " + total);
            ip.add("ip.id", off + 4, 2, u16(d, b + off + 4), "Identification: 0x" + hex(u16(d, b + off + 4), 4) + " (" + u16(d, b + off + 4) + ")");
            ip.add("ip.flags", off + 6, 2, fragField >> 13, "Flags: 0x" + Integer.toHexString(fragField >> 13)
                    + ((fragField & 0x4000) != 0 ? ", Don't fragment" : "") + (moreFragments ? ", More fragments" : ""));
            ip.add("ip.frag_offset", off + 6, 2, fragOffset, "Fragment Offset: " + fragOffset * 8);
            ip.add("ip.ttl", off + 8, 1, d[b + off + 8] & 0xff, "Time to Live: " + (d[b + off + 8] & 0xff));
            ip.add("ip.proto", off + 9, 1, p.protocol, "Protocol: " + protoName(p.protocol) + " (" + p.protocol + ")");
            ip.add("ip.checksum", off + 10, 2, u16(d, b + off + 10), "Header Checksum: 0x" + hex(u16(d, b + off + 10), 4));
            ip.add("ip.src", off + 12, 4, src, "Source Address: " + src);
            ip.add("ip.dst", off + 16, 4, dst, "Destination Address: " + dst);
            if (ihl > 20) {
                ip.add("ip.options", off + 20, ihl - 20, null, "Options: (" + (ihl - 20) + " bytes)");
            }
        }
        if (p.laterFragment || moreFragments) {
            expert.add(new ExpertItem(Severity.NOTE, "ip.fragment",
                    "IPv4 fragment (offset " + fragOffset * 8 + "): fragments are not reassembled", off + 6, 2));
        }
        p.transportOffset = off + ihl;
    }

    private static void ipv6(byte[] d, int b, int n, int off, NetPacket p, Field tree, List<ExpertItem> expert) {
        if (off + 40 > n) {
            expert.add(new ExpertItem(Severity.ERROR, "ipv6.short", "IPv6 header cut short", off, n - off));
            return;
        }
        int payloadLen = u16(d, b + off + 4);
        p.ipVersion = 6;
        p.ipOffset = off;
        p.srcAddr = java.util.Arrays.copyOfRange(d, b + off + 8, b + off + 24);
        p.dstAddr = java.util.Arrays.copyOfRange(d, b + off + 24, b + off + 40);
        p.ipTotalLength = Math.min(40 + payloadLen, n - off);
        int next = d[b + off + 6] & 0xff;
        int pos = off + 40;
        Field ip = Field.NONE;
        if (tree.enabled()) {
            String src = Addresses.format(p.srcAddr);
            String dst = Addresses.format(p.dstAddr);
            ip = tree.add("ipv6", off, 40, null, "Internet Protocol Version 6, Src: " + src + ", Dst: " + dst);
            ip.add("ipv6.version", off, 1, 6, "Version: 6");
            ip.add("ipv6.plen", off + 4, 2, payloadLen, "Payload Length: " + payloadLen);
            ip.add("ipv6.nxt", off + 6, 1, next, "Next Header: " + protoName(next) + " (" + next + ")");
            ip.add("ipv6.hlim", off + 7, 1, d[b + off + 7] & 0xff, "Hop Limit: " + (d[b + off + 7] & 0xff));
            ip.add("ipv6.src", off + 8, 16, src, "Source Address: " + src);
            ip.add("ipv6.dst", off + 24, 16, dst, "Destination Address: " + dst);
        }
        for (int guard = 0; guard < 16; guard++) {
            if (next == 0 || next == 43 || next == 60 || next == 51 || next == 44) {
                if (pos + 8 > n) {
                    expert.add(new ExpertItem(Severity.ERROR, "ipv6.short", "IPv6 extension header cut short", pos, n - pos));
                    return;
                }
                int hdrLen;
                if (next == 44) {
                    hdrLen = 8;
                    int fo = u16(d, b + pos + 2);
                    if ((fo >> 3) != 0) {
                        p.laterFragment = true;
                    }
                    expert.add(new ExpertItem(Severity.NOTE, "ipv6.fragment",
                            "IPv6 fragment: fragments are not reassembled", pos, 8));
                } else if (next == 51) {
                    hdrLen = ((d[b + pos + 1] & 0xff) + 2) * 4;
                } else {
                    hdrLen = ((d[b + pos + 1] & 0xff) + 1) * 8;
                }
                if (ip.enabled()) {
                    ip.add("ipv6.ext", pos, hdrLen, next, "Extension header: " + protoName(next) + " (" + hdrLen + " bytes)");
                }
                next = d[b + pos] & 0xff;
                pos += hdrLen;
            } else {
                break;
            }
        }
        p.ipHeaderLength = pos - off;
        p.protocol = next;
        p.transportOffset = pos <= n ? pos : -1;
    }

    private static void tcp(byte[] d, int b, int n, NetPacket p, Field tree, List<ExpertItem> expert) {
        int off = p.transportOffset;
        int ipEnd = p.ipOffset + p.ipTotalLength;
        if (off + 20 > n) {
            expert.add(new ExpertItem(Severity.ERROR, "tcp.short", "TCP header cut short", off, Math.max(0, n - off)));
            return;
        }
        int hlen = ((d[b + off + 12] & 0xff) >> 4) * 4;
        p.srcPort = u16(d, b + off);
        p.dstPort = u16(d, b + off + 2);
        p.seq = u32(d, b + off + 4);
        p.ack = u32(d, b + off + 8);
        p.tcpFlags = ((d[b + off + 12] & 0x01) << 8) | (d[b + off + 13] & 0xff);
        p.window = u16(d, b + off + 14);
        if (hlen < 20 || off + hlen > n) {
            expert.add(new ExpertItem(Severity.ERROR, "tcp.badhdr", "Bad TCP header length " + hlen, off + 12, 1));
            return;
        }
        p.tcp = true;
        p.tcpHeaderLength = hlen;
        // tshark's tcp.len: from the IP lengths as given in the header, not from what was captured
        int declaredIpEnd = p.ipVersion == 4 ? p.ipOffset + Math.max(u16(d, b + p.ipOffset + 2), p.ipHeaderLength)
                : p.ipOffset + 40 + u16(d, b + p.ipOffset + 4);
        if (p.ipVersion == 4 && u16(d, b + p.ipOffset + 2) < p.ipHeaderLength) {
            declaredIpEnd = n;
        }
        p.tcpLen = Math.max(0, declaredIpEnd - off - hlen);
        p.payloadOffset = off + hlen;
        p.payloadCaptured = Math.max(0, Math.min(p.tcpLen, Math.min(ipEnd, n) - p.payloadOffset));
        parseOptions(d, b, off + 20, off + hlen, p);
        if (tree.enabled()) {
            Field t = tree.add("tcp", off, hlen, null, "Transmission Control Protocol, Src Port: " + p.srcPort
                    + ", Dst Port: " + p.dstPort + ", Len: " + p.tcpLen);
            t.add("tcp.srcport", off, 2, p.srcPort, "Source Port: " + p.srcPort);
            t.add("tcp.dstport", off + 2, 2, p.dstPort, "Destination Port: " + p.dstPort);
            t.add("tcp.seq_raw", off + 4, 4, p.seq, "Sequence Number (raw): " + p.seq);
            t.add("tcp.ack_raw", off + 8, 4, p.ack, "Acknowledgment Number (raw): " + p.ack);
            t.add("tcp.hdr_len", off + 12, 1, hlen, "Header Length: " + hlen + " bytes");
            Field f = t.add("tcp.flags", off + 12, 2, "0x" + hex(p.tcpFlags, 3),
                    "Flags: 0x" + hex(p.tcpFlags, 3) + " (" + flagString(p.tcpFlags) + ")");
            String[] names = {"fin", "syn", "reset", "push", "ack", "urg", "ece", "cwr", "ae"};
            String[] labels = {"Fin", "Syn", "Reset", "Push", "Acknowledgment", "Urgent", "ECN-Echo", "Congestion Window Reduced", "Accurate ECN"};
            for (int i = names.length - 1; i >= 0; i--) {
                boolean set = (p.tcpFlags & (1 << i)) != 0;
                f.add("tcp.flags." + names[i], off + 12, 2, set ? 1 : 0, labels[i] + ": " + (set ? "Set" : "Not set"));
            }
            t.add("tcp.window_size_value", off + 14, 2, p.window, "Window: " + p.window);
            t.add("tcp.checksum", off + 16, 2, "0x" + hex(u16(d, b + off + 16), 4), "Checksum: 0x" + hex(u16(d, b + off + 16), 4));
            t.add("tcp.urgent_pointer", off + 18, 2, u16(d, b + off + 18), "Urgent Pointer: " + u16(d, b + off + 18));
            if (hlen > 20) {
                Field o = t.add("tcp.options", off + 20, hlen - 20, null, "Options: (" + (hlen - 20) + " bytes)");
                if (p.mss >= 0) {
                    o.add("tcp.options.mss_val", -1, 0, p.mss, "Maximum segment size: " + p.mss + " bytes");
                }
                if (p.wscale >= 0) {
                    o.add("tcp.options.wscale.shift", -1, 0, p.wscale, "Window scale: " + p.wscale);
                }
                if (p.sackPermitted) {
                    o.add("tcp.options.sack_perm", -1, 0, 1, "SACK permitted");
                }
            }
            t.add("tcp.len", -1, 0, p.tcpLen, "TCP Segment Len: " + p.tcpLen);
            if (p.tcpLen > 0) {
                t.add("tcp.payload", p.payloadOffset, p.payloadCaptured, null, "TCP payload (" + p.tcpLen + " bytes)");
            }
        }
        if (p.payloadCaptured < p.tcpLen) {
            expert.add(ExpertItem.of(Severity.WARN, "tcp.snapped",
                    "Only " + p.payloadCaptured + " of " + p.tcpLen + " payload bytes were captured"));
        }
    }

    private static void parseOptions(byte[] d, int b, int pos, int end, NetPacket p) {
        while (pos < end) {
            int kind = d[b + pos] & 0xff;
            if (kind == 0) {
                return;
            }
            if (kind == 1) {
                pos++;
                continue;
            }
            if (pos + 1 >= end) {
                return;
            }
            int len = d[b + pos + 1] & 0xff;
            if (len < 2 || pos + len > end) {
                return;
            }
            if (kind == 2 && len == 4) {
                p.mss = u16(d, b + pos + 2);
            } else if (kind == 3 && len == 3) {
                p.wscale = d[b + pos + 2] & 0xff;
            } else if (kind == 4) {
                p.sackPermitted = true;
            }
            pos += len;
        }
    }

    private static void udp(byte[] d, int b, int n, NetPacket p, Field tree, List<ExpertItem> expert) {
        int off = p.transportOffset;
        if (off + 8 > n) {
            expert.add(new ExpertItem(Severity.ERROR, "udp.short", "UDP header cut short", off, Math.max(0, n - off)));
            return;
        }
        p.udp = true;
        p.srcPort = u16(d, b + off);
        p.dstPort = u16(d, b + off + 2);
        p.udpLen = u16(d, b + off + 4);
        if (tree.enabled()) {
            Field u = tree.add("udp", off, 8, null, "User Datagram Protocol, Src Port: " + p.srcPort + ", Dst Port: " + p.dstPort);
            u.add("udp.srcport", off, 2, p.srcPort, "Source Port: " + p.srcPort);
            u.add("udp.dstport", off + 2, 2, p.dstPort, "Destination Port: " + p.dstPort);
            u.add("udp.length", off + 4, 2, p.udpLen, "Length: " + p.udpLen);
        }
    }

    private static final String[] FLAG_LIST = new String[256];
    private static final String[] FLAG_INFO = new String[512];

    static {
        for (int i = 0; i < FLAG_LIST.length; i++) {
            FLAG_LIST[i] = buildFlagList(i);
        }
        for (int i = 0; i < FLAG_INFO.length; i++) {
            FLAG_INFO[i] = buildFlagInfo(i);
        }
    }

    /** Flags that are set, comma-separated, in LayerScope's order FIN,SYN,RST,PSH,ACK,URG,ECE,CWR. */
    public static String flagList(int flags) {
        return FLAG_LIST[flags & 0xff];
    }

    /** Wireshark's Info order: "SYN, ACK", "FIN, ACK", "PSH, ACK", "RST, ACK". */
    public static String flagInfo(int flags) {
        return FLAG_INFO[flags & 0x1ff];
    }

    private static String buildFlagList(int flags) {
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if ((flags & (1 << i)) != 0) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(names[i]);
            }
        }
        return sb.toString();
    }

    private static String buildFlagInfo(int flags) {
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE"};
        int[] order = {1, 0, 2, 3, 4, 5, 6, 7, 8};
        StringBuilder sb = new StringBuilder();
        for (int i : order) {
            if ((flags & (1 << i)) != 0) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(names[i]);
            }
        }
        return sb.toString();
    }

    private static String flagString(int flags) {
        String s = flagInfo(flags);
        return s.isEmpty() ? "<None>" : s;
    }

    static String protoName(int proto) {
        return switch (proto) {
            case 0 -> "IPv6 Hop-by-Hop Option";
            case 1 -> "ICMP";
            case 6 -> "TCP";
            case 17 -> "UDP";
            case 43 -> "Routing Header for IPv6";
            case 44 -> "Fragment Header for IPv6";
            case 50 -> "ESP";
            case 51 -> "AH";
            case 58 -> "ICMPv6";
            case 60 -> "Destination Options for IPv6";
            default -> "Protocol";
        };
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static String mac(byte[] d, int off) {
        char[] c = new char[17];
        for (int i = 0; i < 6; i++) {
            int v = d[off + i] & 0xff;
            c[i * 3] = HEX[v >>> 4];
            c[i * 3 + 1] = HEX[v & 15];
            if (i < 5) {
                c[i * 3 + 2] = ':';
            }
        }
        return new String(c);
    }

    /** {@code v} in lower-case hexadecimal, zero-padded to at least {@code digits} (like {@code %0Nx}). */
    static String hex(int v, int digits) {
        String h = Integer.toHexString(v);
        return h.length() >= digits ? h : "0".repeat(digits - h.length()) + h;
    }

    static int u16(byte[] d, int off) {
        return ((d[off] & 0xff) << 8) | (d[off + 1] & 0xff);
    }

    static long u32(byte[] d, int off) {
        return ((d[off] & 0xffL) << 24) | ((d[off + 1] & 0xffL) << 16) | ((d[off + 2] & 0xffL) << 8) | (d[off + 3] & 0xffL);
    }
}
