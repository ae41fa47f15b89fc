package org.layerscope.pcapio;

/** Reads and writes fixed-size integers in a byte array, in either byte order. */
final class Bytes {
    private Bytes() {
    }

    static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    static int u16(byte[] b, int off, boolean bigEndian) {
        int b0 = b[off] & 0xff;
        int b1 = b[off + 1] & 0xff;
        return bigEndian ? (b0 << 8) | b1 : (b1 << 8) | b0;
    }

    static int i32(byte[] b, int off, boolean bigEndian) {
        int b0 = b[off] & 0xff;
        int b1 = b[off + 1] & 0xff;
        int b2 = b[off + 2] & 0xff;
        int b3 = b[off + 3] & 0xff;
        return bigEndian
                ? (b0 << 24) | (b1 << 16) | (b2 << 8) | b3
                : (b3 << 24) | (b2 << 16) | (b1 << 8) | b0;
    }

    static long u32(byte[] b, int off, boolean bigEndian) {
        return i32(b, off, bigEndian) & 0xffffffffL;
    }

    static long i64(byte[] b, int off, boolean bigEndian) {
        long first = u32(b, off, bigEndian);
        long second = u32(b, off + 4, bigEndian);
        return bigEndian ? (first << 32) | second : (second << 32) | first;
    }

    /** Clamps an unsigned 32-bit value to a non-negative int. */
    static int clampToInt(long unsigned) {
        return unsigned > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) unsigned;
    }

    static void putU16le(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    static void putI32le(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    static void putI64le(byte[] b, int off, long v) {
        putI32le(b, off, (int) v);
        putI32le(b, off + 4, (int) (v >>> 32));
    }

    /** {@code n} rounded up to a multiple of 4. */
    static long pad4(long n) {
        return (n + 3) & ~3L;
    }
}
