package org.layerscope.pcapio;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * The byte source of a reader: counts the bytes consumed, turns "end of data" into a short count instead of an
 * exception, and reads long fields in steps so that a corrupt length never allocates more than the data that is
 * really there.
 */
final class CaptureInput implements Closeable {
    /** Arrays up to this size are allocated at once; longer ones grow as their data arrives. */
    static final int DIRECT_ALLOCATION_LIMIT = 1 << 20;
    private static final int BUFFER_SIZE = 1 << 16;

    private final InputStream in;
    private final boolean compressed;
    private long position;
    private boolean compressedStreamCutShort;
    private byte[] skipBuffer;

    CaptureInput(InputStream in, boolean compressed) {
        this.in = in instanceof BufferedInputStream || in instanceof ChannelInput ? in
                : new BufferedInputStream(in, BUFFER_SIZE);
        this.compressed = compressed;
    }

    /** Bytes consumed so far (of the decompressed data for a gzip file). */
    long position() {
        return position;
    }

    boolean compressed() {
        return compressed;
    }

    /** True when a gzip stream ended without its proper end (the compressed file is cut short). */
    boolean compressedStreamCutShort() {
        return compressedStreamCutShort;
    }

    /** Reads up to {@code len} bytes; returns how many were read, fewer than asked only at the end of the data. */
    int read(byte[] b, int off, int len) throws IOException {
        int n = 0;
        while (n < len) {
            int r;
            try {
                r = in.read(b, off + n, len - n);
            } catch (EOFException e) {
                // GZIPInputStream: the compressed data ends in the middle of a deflate block or trailer
                compressedStreamCutShort = true;
                r = -1;
            } catch (ZipException e) {
                throw new CaptureFormatException("corrupt gzip data after byte " + (position + n)
                        + " of the decompressed capture (" + e.getMessage() + ")");
            }
            if (r < 0) {
                break;
            }
            n += r;
            position += r;
        }
        return n;
    }

    /** Reads exactly {@code len} bytes into a new array, or returns null when the data ends first. */
    byte[] readArray(int len) throws IOException {
        if (len <= DIRECT_ALLOCATION_LIMIT) {
            byte[] data = new byte[len];
            return read(data, 0, len) == len ? data : null;
        }
        byte[] data = new byte[DIRECT_ALLOCATION_LIMIT];
        int filled = 0;
        while (filled < len) {
            if (filled == data.length) {
                data = java.util.Arrays.copyOf(data, (int) Math.min(len, 2L * data.length));
            }
            int want = data.length - filled;
            int r = read(data, filled, want);
            filled += r;
            if (r < want) {
                return null;
            }
        }
        return data;
    }

    /**
     * Reads exactly {@code len} bytes into {@code buffer} (from index 0), growing it as the data arrives.
     *
     * @return the buffer holding the bytes (possibly a new, larger one), or null when the data ends first
     */
    byte[] readInto(byte[] buffer, int len) throws IOException {
        if (buffer.length >= len) {
            return read(buffer, 0, len) == len ? buffer : null;
        }
        byte[] data = buffer;
        int filled = 0;
        while (filled < len) {
            if (filled == data.length) {
                long grown = Math.max(2L * data.length, 4096);
                data = java.util.Arrays.copyOf(data, (int) Math.min(len, Math.min(grown,
                        filled + (long) DIRECT_ALLOCATION_LIMIT)));
            }
            int want = Math.min(data.length, len) - filled;
            int r = read(data, filled, want);
            filled += r;
            if (r < want) {
                return null;
            }
        }
        return data;
    }

    /** Skips exactly {@code n} bytes; returns false when the data ends first. */
    boolean skip(long n) throws IOException {
        if (skipBuffer == null) {
            skipBuffer = new byte[8192];
        }
        long left = n;
        while (left > 0) {
            int want = (int) Math.min(left, skipBuffer.length);
            int r = read(skipBuffer, 0, want);
            left -= r;
            if (r < want) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
