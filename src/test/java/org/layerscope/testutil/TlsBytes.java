package org.layerscope.testutil;

import java.util.ArrayList;
import java.util.List;

/** Byte helpers for tests that hand TLS handshake messages to the decoder. */
public final class TlsBytes {
    private TlsBytes() {
    }

    /** Writes {@code v} as a 24-bit big-endian number at {@code p} (TLS handshake and certificate lengths). */
    public static void put24(byte[] b, int p, int v) {
        b[p] = (byte) (v >> 16);
        b[p + 1] = (byte) (v >> 8);
        b[p + 2] = (byte) v;
    }

    /** {@code msg} cut into TLS 1.2 handshake records (type 22, version 3.3) of at most {@code size} bytes each. */
    public static List<byte[]> handshakeRecords(byte[] msg, int size) {
        List<byte[]> out = new ArrayList<>();
        for (int q = 0; q < msg.length; q += size) {
            int n = Math.min(size, msg.length - q);
            byte[] rec = new byte[5 + n];
            rec[0] = 22;
            rec[1] = 3;
            rec[2] = 3;
            rec[3] = (byte) (n >> 8);
            rec[4] = (byte) n;
            System.arraycopy(msg, q, rec, 5, n);
            out.add(rec);
        }
        return out;
    }
}
