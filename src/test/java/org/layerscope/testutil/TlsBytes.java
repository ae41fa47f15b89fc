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
            out.add(record(22, java.util.Arrays.copyOfRange(msg, q, Math.min(msg.length, q + size))));
        }
        return out;
    }

    /** A TLS record of content type {@code type}, version 3.3, holding {@code content}. */
    public static byte[] record(int type, byte[] content) {
        byte[] rec = new byte[5 + content.length];
        rec[0] = (byte) type;
        rec[1] = 3;
        rec[2] = 3;
        rec[3] = (byte) (content.length >> 8);
        rec[4] = (byte) content.length;
        System.arraycopy(content, 0, rec, 5, content.length);
        return rec;
    }
}
