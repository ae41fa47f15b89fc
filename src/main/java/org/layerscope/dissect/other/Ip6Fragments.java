package org.layerscope.dissect.other;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.layerscope.dissect.ip.NetPacket;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.Severity;
import org.pcap4j.packet.IpV6ExtFragmentPacket;

/** IPv6 Fragment headers: their fields, and the reassembly of the packet once every piece was captured. */
final class Ip6Fragments {
    private Ip6Fragments() {
    }

    static final class Pending {
        final TreeMap<Integer, byte[]> pieces = new TreeMap<>();
        int end = -1;
        int nextHeader;
    }

    static OtherPacket fragment(OtherDissector owner, Map<String, Pending> pending, IpV6ExtFragmentPacket f, int off,
                                byte[] frame, NetPacket net, Field tree, Field ipTree, List<ExpertItem> expert,
                                int hopLimit) {
        IpV6ExtFragmentPacket.IpV6ExtFragmentHeader h = f.getHeader();
        int nxt = h.getNextHeader().value() & 0xff;
        int fragOff = (h.getFragmentOffset() & 0x1fff) * 8;
        boolean more = h.getM();
        long ident = h.getIdentification() & 0xffffffffL;
        Field fh = ipTree.add("ipv6.fraghdr", off, 8, null, "Fragment Header for IPv6");
        fh.add("ipv6.fraghdr.nxt", off, 1, nxt, "Next header: " + nxt);
        fh.add("ipv6.fraghdr.offset", off + 2, 2, fragOff / 8, "Offset: " + fragOff / 8 + " (" + fragOff + " bytes)");
        fh.add("ipv6.fraghdr.more", off + 2, 2, more ? 1 : 0, "More Fragments: " + (more ? "Yes" : "No"));
        fh.add("ipv6.fraghdr.ident", off + 4, 4, ident, String.format("Identification: 0x%08x", ident));
        byte[] data = f.getPayload() == null ? new byte[0] : f.getPayload().getRawData();
        String key = java.util.HexFormat.of().formatHex(frame, net.ipOffset + 8, net.ipOffset + 40) + "/" + ident;
        Pending p = pending.computeIfAbsent(key, k -> new Pending());
        p.pieces.put(fragOff, data);
        if (fragOff == 0) {
            p.nextHeader = nxt;
        }
        if (!more) {
            p.end = fragOff + data.length;
        }
        byte[] whole = complete(p);
        if (whole != null) {
            pending.remove(key);
            expert.add(ExpertItem.of(Severity.NOTE, "ipv6.reassembled",
                    "The last fragment: the IPv6 packet was reassembled from " + p.pieces.size() + " fragments"));
            return owner.transport(OtherDissector.parse(whole, 0, whole.length, p.nextHeader), -1, true, hopLimit, net, tree, expert);
        }
        String info = String.format("IPv6 fragment (off=%d more=%s ident=0x%08x nxt=%d)", fragOff, more ? "y" : "n",
                ident, nxt);
        return new OtherPacket("IPv6", info, "IPv6 fragment", "expl.ip.fragment", null);
    }

    private static byte[] complete(Pending p) {
        if (p.end < 0 || !p.pieces.containsKey(0)) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(p.end);
        int next = 0;
        for (Map.Entry<Integer, byte[]> e : p.pieces.entrySet()) {
            if (e.getKey() != next) {
                return null;
            }
            out.writeBytes(e.getValue());
            next += e.getValue().length;
        }
        return next == p.end ? out.toByteArray() : null;
    }
}
