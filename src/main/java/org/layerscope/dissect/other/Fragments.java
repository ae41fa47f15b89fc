package org.layerscope.dissect.other;

import java.util.Comparator;
import java.util.List;
import org.pcap4j.packet.IpV4Packet;

/** Whether the IPv4 fragments of one packet are all there. */
final class Fragments {
    private Fragments() {
    }

    static boolean completeV4(List<IpV4Packet> pieces) {
        pieces.sort(Comparator.comparingInt(p -> p.getHeader().getFragmentOffset() & 0x1fff));
        int next = 0;
        for (IpV4Packet p : pieces) {
            IpV4Packet.IpV4Header h = p.getHeader();
            int at = (h.getFragmentOffset() & 0x1fff) * 8;
            if (at != next) {
                return false;
            }
            next += h.getTotalLengthAsInt() - h.getIhlAsInt() * 4;
            if (!h.getMoreFragmentFlag()) {
                return true;
            }
        }
        return false;
    }
}
