package org.layerscope.dissect.other;

import java.net.InetAddress;
import java.util.Arrays;
import org.layerscope.model.Field;
import org.pcap4j.packet.ArpPacket;
import org.pcap4j.util.MacAddress;

/** ARP: its fields and Wireshark's Info ("Who has …? Tell …", "… is at …"). */
final class Arp {
    private Arp() {
    }

    static OtherPacket dissect(ArpPacket arp, int off, Field tree) {
        ArpPacket.ArpHeader h = arp.getHeader();
        int op = h.getOperation().value() & 0xffff;
        int hw = h.getHardwareType().value() & 0xffff;
        int proto = h.getProtocolType().value() & 0xffff;
        int hs = h.getHardwareAddrLengthAsInt();
        int ps = h.getProtocolAddrLengthAsInt();
        MacAddress sha = h.getSrcHardwareAddr();
        MacAddress tha = h.getDstHardwareAddr();
        InetAddress spa = h.getSrcProtocolAddr();
        InetAddress tpa = h.getDstProtocolAddr();
        String sender = spa.getHostAddress();
        String target = tpa.getHostAddress();
        String opName = op == 1 ? "request" : op == 2 ? "reply" : String.valueOf(op);
        Field a = tree.add("arp", off, h.length(), null, "Address Resolution Protocol (" + opName + ")");
        a.add("arp.hw.type", off, 2, hw, "Hardware type: " + (hw == 1 ? "Ethernet (1)" : hw));
        a.add("arp.proto.type", off + 2, 2, proto, String.format("Protocol type: 0x%04x", proto));
        a.add("arp.hw.size", off + 4, 1, hs, "Hardware size: " + hs);
        a.add("arp.proto.size", off + 5, 1, ps, "Protocol size: " + ps);
        a.add("arp.opcode", off + 6, 2, op, "Opcode: " + opName + " (" + op + ")");
        int at = off + 8;
        a.add("arp.src.hw_mac", at, hs, sha.toString(), "Sender MAC address: " + sha);
        a.add("arp.src.proto_ipv4", at + hs, ps, sender, "Sender IP address: " + sender);
        a.add("arp.dst.hw_mac", at + hs + ps, hs, tha.toString(), "Target MAC address: " + tha);
        a.add("arp.dst.proto_ipv4", at + 2 * hs + ps, ps, target, "Target IP address: " + target);
        boolean gratuitous = spa.equals(tpa);
        boolean zeroTha = Arrays.equals(tha.getAddress(), new byte[tha.length()]);
        boolean zeroSpa = Arrays.equals(spa.getAddress(), new byte[spa.getAddress().length]);
        String info;
        String label;
        String expl;
        if (op == 1) {
            label = "ARP request";
            expl = "expl.arp.request";
            if (gratuitous && zeroTha) {
                info = "ARP Announcement for " + sender;
            } else if (gratuitous) {
                info = "Gratuitous ARP for " + sender + " (Request)";
            } else if (zeroSpa) {
                info = "Who has " + target + "? (ARP Probe)";
            } else {
                info = "Who has " + target + "? Tell " + sender;
            }
        } else if (op == 2) {
            label = "ARP reply";
            expl = "expl.arp.reply";
            info = gratuitous ? "Gratuitous ARP for " + sender + " (Reply)" : sender + " is at " + sha;
        } else {
            label = "ARP";
            expl = "expl.other";
            info = "Opcode " + op;
        }
        return new OtherPacket("ARP", info, label, expl, null);
    }
}
