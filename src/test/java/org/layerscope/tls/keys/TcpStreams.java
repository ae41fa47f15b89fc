package org.layerscope.tls.keys;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.layerscope.model.Direction;
import org.layerscope.model.LinkType;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.pcapio.DecryptionSecrets;

/**
 * Test helper, independent of the engine's TCP code: reads a capture with {@code org.layerscope.pcapio}, decodes
 * just enough link, IPv4/IPv6 and TCP, and hands each connection's bytes to a listener in stream order per
 * direction, tagged with the frame that made them contiguous (as tshark reports a PDU in the frame that
 * completes it). Retransmitted and overlapping bytes are delivered once; out-of-order segments wait for the gap.
 */
final class TcpStreams {

    /** Receives the bytes of the connections, in capture order. */
    interface Listener {
        /** {@code data} became contiguous in {@code dir} of connection {@code conn} with frame {@code frame}. */
        void onData(long frame, int conn, Direction dir, byte[] data);

        /** A Decryption Secrets Block was read before frame {@code nextFrame}. */
        default void onSecrets(DecryptionSecrets secrets, long nextFrame) {
        }
    }

    private record Key(String a, String b) {
        static Key of(String x, String y) {
            return x.compareTo(y) <= 0 ? new Key(x, y) : new Key(y, x);
        }
    }

    private static final class Half {
        boolean started;
        long isn;
        long next; // relative to isn
        final TreeMap<Long, byte[]> pending = new TreeMap<>();
    }

    private static final class Conn {
        final int id;
        final String client;
        final Half[] halves = {new Half(), new Half()};

        Conn(int id, String client) {
            this.id = id;
            this.client = client;
        }
    }

    private TcpStreams() {
    }

    /** Reads the whole capture; returns the number of frames. */
    static long read(Path capture, Listener listener) throws IOException {
        Map<Key, Conn> conns = new HashMap<>();
        int seenSecrets = 0;
        long frames = 0;
        try (CaptureReader reader = CaptureFiles.open(capture)) {
            RawFrame f;
            while ((f = reader.next()) != null) {
                List<DecryptionSecrets> secrets = reader.secrets();
                while (seenSecrets < secrets.size()) {
                    listener.onSecrets(secrets.get(seenSecrets++), f.number());
                }
                frames++;
                segment(f, conns, listener);
            }
        }
        return frames;
    }

    private static void segment(RawFrame f, Map<Key, Conn> conns, Listener listener) {
        byte[] d = f.data();
        int ip = linkHeader(f.linkType(), d);
        if (ip < 0 || ip >= d.length) {
            return;
        }
        int version = (d[ip] & 0xff) >> 4;
        int tcp;
        int end;
        String src;
        String dst;
        if (version == 4) {
            int ihl = (d[ip] & 0x0f) * 4;
            int total = u16(d, ip + 2);
            if ((d[ip + 9] & 0xff) != 6 || (u16(d, ip + 6) & 0x1fff) != 0) {
                return;
            }
            tcp = ip + ihl;
            end = Math.min(d.length, ip + total);
            src = Arrays.toString(Arrays.copyOfRange(d, ip + 12, ip + 16));
            dst = Arrays.toString(Arrays.copyOfRange(d, ip + 16, ip + 20));
        } else if (version == 6) {
            if ((d[ip + 6] & 0xff) != 6) {
                return;
            }
            tcp = ip + 40;
            end = Math.min(d.length, ip + 40 + u16(d, ip + 4));
            src = Arrays.toString(Arrays.copyOfRange(d, ip + 8, ip + 24));
            dst = Arrays.toString(Arrays.copyOfRange(d, ip + 24, ip + 40));
        } else {
            return;
        }
        if (tcp + 20 > end) {
            return;
        }
        src += ":" + u16(d, tcp);
        dst += ":" + u16(d, tcp + 2);
        long seq = u32(d, tcp + 4);
        int flags = d[tcp + 13] & 0x3f;
        boolean syn = (flags & 0x02) != 0;
        boolean ack = (flags & 0x10) != 0;
        int payload = tcp + ((d[tcp + 12] & 0xff) >> 4) * 4;
        Key key = Key.of(src, dst);
        Conn conn = conns.get(key);
        if (conn == null) {
            String client = syn && ack ? dst : src;
            conn = new Conn(conns.size(), client);
            conns.put(key, conn);
        }
        Direction dir = src.equals(conn.client) ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
        Half h = conn.halves[dir.index()];
        if (!h.started) {
            h.started = true;
            h.isn = syn ? seq + 1 : seq;
            h.next = 0;
        }
        if (payload >= end) {
            return;
        }
        long rel = (seq + (syn ? 1 : 0) - h.isn) & 0xffffffffL;
        if (rel > 0x7fffffffL) {
            return; // before the start
        }
        byte[] data = Arrays.copyOfRange(d, payload, end);
        h.pending.merge(rel, data, (a, b) -> a.length >= b.length ? a : b);
        List<byte[]> out = new ArrayList<>();
        while (!h.pending.isEmpty() && h.pending.firstKey() <= h.next) {
            Map.Entry<Long, byte[]> e = h.pending.pollFirstEntry();
            long segEnd = e.getKey() + e.getValue().length;
            if (segEnd > h.next) {
                out.add(Arrays.copyOfRange(e.getValue(), (int) (h.next - e.getKey()), e.getValue().length));
                h.next = segEnd;
            }
        }
        for (byte[] b : out) {
            listener.onData(f.number(), conn.id, dir, b);
        }
    }

    private static int linkHeader(int linkType, byte[] d) {
        switch (linkType) {
            case LinkType.ETHERNET -> {
                int p = 12;
                int type = u16(d, p);
                while (type == 0x8100 || type == 0x88a8) {
                    p += 4;
                    type = u16(d, p);
                }
                return type == 0x0800 || type == 0x86dd ? p + 2 : -1;
            }
            case LinkType.RAW, LinkType.RAW_12, LinkType.RAW_14, LinkType.IPV4, LinkType.IPV6 -> {
                return 0;
            }
            case LinkType.LINUX_SLL -> {
                return 16;
            }
            case LinkType.LINUX_SLL2 -> {
                return 20;
            }
            case LinkType.NULL, LinkType.LOOP -> {
                return 4;
            }
            default -> {
                return -1;
            }
        }
    }

    private static int u16(byte[] b, int p) {
        return p + 1 < b.length ? ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff) : -1;
    }

    private static long u32(byte[] b, int p) {
        return ((long) u16(b, p) << 16) | u16(b, p + 2);
    }
}
