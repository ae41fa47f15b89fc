package org.layerscope.pcapio;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The bytes of a regular file through a buffer of its own, for one reading thread: no lock per read (a
 * {@code BufferedInputStream} takes one on every call), and the file's input stream copies the bytes with the
 * system's memory copy (a file channel's temporary direct buffer is copied into arrays element by element when
 * the bytes are not aligned, as frames in a capture mostly are not). Reads of a buffer's size or more go straight
 * into the caller's array.
 */
final class ChannelInput extends InputStream {
    private static final int BUFFER_SIZE = 1 << 16;
    private final FileInputStream in;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int limit;

    ChannelInput(FileInputStream in) {
        this.in = in;
    }

    /** Refills the buffer when it is empty; false at the end of the file. */
    private boolean fill() throws IOException {
        if (pos < limit) {
            return true;
        }
        int r = in.read(buf, 0, BUFFER_SIZE);
        pos = 0;
        limit = Math.max(0, r);
        return r > 0;
    }

    @Override
    public int read() throws IOException {
        return fill() ? buf[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (pos >= limit && len >= BUFFER_SIZE) {
            return in.read(b, off, len); // a long read: no copy through the buffer
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        long skipped = Math.min(n, limit - pos);
        pos += (int) skipped;
        if (skipped < n) {
            skipped += in.skip(n - skipped);
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return limit - pos;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
