package org.layerscope.dissect.mqtt;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A bounded cursor over the bytes of one MQTT packet. Reading past {@link #end} throws
 * {@link Malformed} (stackless); the decoder catches it at its boundary and turns it into an expert
 * item, so it never escapes.
 */
final class MqttReader {
    /** Malformed or truncated content at {@code offset} (an index into the buffer). */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int offset;
        final int length;

        Malformed(String message, int offset, int length) {
            super(message, null, false, false);
            this.offset = offset;
            this.length = length;
        }
    }

    final byte[] b;
    int pos;
    int end;

    MqttReader(byte[] b, int pos, int end) {
        this.b = b;
        this.pos = pos;
        this.end = end;
    }

    int remaining() {
        return end - pos;
    }

    boolean hasMore() {
        return pos < end;
    }

    void need(int n, String what) {
        if (n > end - pos) {
            throw new Malformed("truncated " + what + " (needs " + n + " bytes, " + Math.max(0, end - pos)
                    + " left)", pos, Math.max(0, end - pos));
        }
    }

    int u8(String what) {
        need(1, what);
        return b[pos++] & 0xff;
    }

    int u16(String what) {
        need(2, what);
        int v = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    long u32(String what) {
        need(4, what);
        long v = ((long) (b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8)
                | (b[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    /** A variable byte integer (1..4 bytes, 7 bits each, least significant first). */
    int vbi(String what) {
        int start = pos;
        int value = 0;
        int shift = 0;
        for (int i = 0; i < 4; i++) {
            int d = u8(what);
            value |= (d & 0x7f) << shift;
            if ((d & 0x80) == 0) {
                return value;
            }
            shift += 7;
        }
        throw new Malformed(what + ": variable byte integer longer than 4 bytes", start, 4);
    }

    void skip(int n, String what) {
        need(n, what);
        pos += n;
    }

    /** Strict UTF-8 decoding, or null when the bytes are not valid UTF-8. */
    static String utf8OrNull(byte[] b, int off, int len) {
        boolean ascii = true;
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return dec.decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Lenient UTF-8 decoding (invalid sequences become U+FFFD). */
    static String utf8Lenient(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8);
    }

    /** Whether the text has no control characters other than tab, CR and LF (fit to show as text). */
    static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Lower-case hex of {@code len} bytes, cut after {@code max} bytes (then ending in "…"). */
    static String hex(byte[] b, int off, int len, int max) {
        int n = Math.min(len, max);
        StringBuilder sb = new StringBuilder(n * 2 + 1);
        for (int i = 0; i < n; i++) {
            int v = b[off + i] & 0xff;
            sb.append(HEX[v >> 4]).append(HEX[v & 0xf]);
        }
        if (len > max) {
            sb.append('\u2026');
        }
        return sb.toString();
    }
}
