package org.layerscope.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer of UTF-8 text, written a field at a time: numbers without making strings, strings
 * encoded as {@link String#getBytes(java.nio.charset.Charset) getBytes(UTF_8)} would (an unpaired surrogate
 * becomes {@code ?}). The hot output paths (one TSV line per frame) use it instead of a {@code StringBuilder}
 * and a character encoder. Not thread-safe.
 */
public final class TextBytes {
    private byte[] buf;
    private int len;
    /** The string {@link #appendCached} met last and its UTF-8 bytes. */
    private String cachedString;
    private byte[] cachedBytes;

    public TextBytes(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public int length() {
        return len;
    }

    /** Forgets everything after the first {@code n} bytes. */
    public void setLength(int n) {
        len = n;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    /** One ASCII character (below 0x80). */
    public TextBytes ascii(char c) {
        ensure(1);
        buf[len++] = (byte) c;
        return this;
    }

    /** A string, encoded as UTF-8. */
    public TextBytes append(String s) {
        int n = s.length();
        ensure(n);
        byte[] b = buf;
        int p = len;
        int i = 0;
        for (; i < n; i++) { // the common case: ASCII only
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            b[p++] = (byte) c;
        }
        len = p;
        if (i < n) {
            appendNonAscii(s, i);
        }
        return this;
    }

    /**
     * The same as {@link #append(String)}, quicker for a string that comes again and again (the same instance, such
     * as a constant name): its bytes are kept from the last call.
     */
    public TextBytes appendCached(String s) {
        if (s != cachedString) {
            cachedBytes = s.getBytes(StandardCharsets.UTF_8);
            cachedString = s;
        }
        return raw(cachedBytes);
    }

    private void appendNonAscii(String s, int from) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                ensure(1);
                buf[len++] = (byte) c;
            } else if (c < 0x800) {
                ensure(2);
                buf[len++] = (byte) (0xc0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                ensure(4);
                buf[len++] = (byte) (0xf0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                buf[len++] = (byte) (0x80 | (cp & 0x3f));
            } else if (Character.isSurrogate(c)) {
                ensure(1);
                buf[len++] = '?'; // what String.getBytes(UTF_8) makes of an unpaired surrogate
            } else {
                ensure(3);
                buf[len++] = (byte) (0xe0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                buf[len++] = (byte) (0x80 | (c & 0x3f));
            }
        }
    }

    /** A number in decimal, as {@link Long#toString(long)} writes it. */
    public TextBytes append(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return append(Long.toString(v));
            }
            ascii('-');
            v = -v;
        }
        if (v <= Integer.MAX_VALUE) {
            return appendInt((int) v);
        }
        ensure(20);
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int p = len + digits;
        len = p;
        do {
            buf[--p] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
        return this;
    }

    /** The two decimal digits of 0..99, tens then ones. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private TextBytes appendInt(int v) { // v >= 0
        ensure(10);
        int digits = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : v < 1000000 ? 6
                : v < 10000000 ? 7 : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
        byte[] b = buf;
        int p = len + digits;
        len = p;
        // two digits a step, dividing by 100 with a multiplication (exact for every int >= 0): the quick compiler
        // the program runs with keeps divisions by constants as slow division instructions
        while (v >= 100) {
            int q = (int) ((v * 1374389535L) >>> 37);
            int r = (v - q * 100) << 1;
            b[--p] = PAIRS[r + 1];
            b[--p] = PAIRS[r];
            v = q;
        }
        if (v >= 10) {
            b[--p] = PAIRS[(v << 1) + 1];
            b[--p] = PAIRS[v << 1];
        } else {
            b[--p] = (byte) ('0' + v);
        }
        return this;
    }

    /** Bytes as they are (already UTF-8). */
    public TextBytes raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    /** {@code v} with at least {@code width} digits, zeros in front ({@code v >= 0}). */
    public TextBytes appendPadded(long v, int width) {
        if (v <= Integer.MAX_VALUE && width <= 10) {
            int i = (int) v;
            int digits = i < 10 ? 1 : i < 100 ? 2 : i < 1000 ? 3 : i < 10000 ? 4 : i < 100000 ? 5 : i < 1000000 ? 6
                    : i < 10000000 ? 7 : i < 100000000 ? 8 : i < 1000000000 ? 9 : 10;
            ensure(width);
            for (int k = digits; k < width; k++) {
                buf[len++] = '0';
            }
            return appendInt(i);
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            ascii('0');
        }
        return append(v);
    }

    /** Replaces tabs, carriage returns and line feeds from {@code from} on by spaces. */
    public void cleanFrom(int from) {
        byte[] b = buf;
        for (int i = from; i < len; i++) {
            byte c = b[i];
            if (c == '\t' || c == '\n' || c == '\r') {
                b[i] = ' ';
            }
        }
    }

    /** Copies the bytes written so far into {@code dst} at {@code at} (which must have room for {@link #length()}). */
    public void copyTo(byte[] dst, int at) {
        System.arraycopy(buf, 0, dst, at, len);
    }

    /** Copies the bytes into {@code dst} from its index {@code at} (its position unchanged). */
    public void copyTo(java.nio.ByteBuffer dst, int at) {
        dst.put(at, buf, 0, len);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }
}
