package org.layerscope.testutil;

import java.util.List;
import org.layerscope.model.LinkType;
import org.layerscope.model.RawFrame;

/**
 * Ethernet, IPv4 (127.0.0.1 to itself, don't-fragment, a right header checksum) and TCP headers around a
 * payload, for tests that need TCP segments shaped in a way no real program sends on demand (a segment holding
 * several PDUs and the start of the next, a TLS session replayed from an engine). Client port 50000; frame N is
 * stamped N milliseconds after the epoch.
 */
public final class TcpFrames {
    public static final int SYN = 0x02;
    public static final int FIN_ACK = 0x11;
    public static final int SYN_ACK = 0x12;
    public static final int ACK = 0x10;
    public static final int PSH_ACK = 0x18;
    /** The client's port. */
    public static final int CLIENT_PORT = 50000;

    private TcpFrames() {
    }

    /** One frame between the client port and {@code serverPort}, in the direction {@code fromClient} says. */
    public static RawFrame frame(int number, boolean fromClient, int serverPort, long seq, long ack, int flags,
                                 byte[] payload) {
        byte[] f = new byte[14 + 20 + 20 + payload.length];
        f[12] = 0x08; // IPv4
        int ip = 14;
        f[ip] = 0x45;
        int total = 40 + payload.length;
        f[ip + 2] = (byte) (total >> 8);
        f[ip + 3] = (byte) total;
        f[ip + 6] = 0x40; // don't fragment
        f[ip + 8] = 64;
        f[ip + 9] = 6;
        byte[] lo = {127, 0, 0, 1};
        System.arraycopy(lo, 0, f, ip + 12, 4);
        System.arraycopy(lo, 0, f, ip + 16, 4);
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((f[ip + i] & 0xff) << 8) | (f[ip + i + 1] & 0xff);
        }
        while (sum > 0xffff) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        int check = ~sum & 0xffff;
        f[ip + 10] = (byte) (check >> 8);
        f[ip + 11] = (byte) check;
        int tcp = ip + 20;
        int sport = fromClient ? CLIENT_PORT : serverPort;
        int dport = fromClient ? serverPort : CLIENT_PORT;
        f[tcp] = (byte) (sport >> 8);
        f[tcp + 1] = (byte) sport;
        f[tcp + 2] = (byte) (dport >> 8);
        f[tcp + 3] = (byte) dport;
        for (int i = 0; i < 4; i++) {
            f[tcp + 4 + i] = (byte) (seq >> (24 - 8 * i));
            f[tcp + 8 + i] = (byte) (ack >> (24 - 8 * i));
        }
        f[tcp + 12] = 0x50;
        f[tcp + 13] = (byte) flags;
        f[tcp + 14] = (byte) 0xff;
        f[tcp + 15] = (byte) 0xff;
        System.arraycopy(payload, 0, f, tcp + 20, payload.length);
        return new RawFrame(number, number * 1_000_000L, LinkType.ETHERNET, f.length, f, 0, List.of());
    }
}
