package org.layerscope.dissect.tls;

/**
 * Length probe for TLS records: never throws, never moves a cursor.
 */
public final class TlsFramer {
    /** Fewer than 5 bytes: cannot tell yet. */
    public static final int NEED_MORE = -1;
    /** The bytes do not start a TLS record. */
    public static final int NOT_TLS = -2;

    private TlsFramer() {
    }

    /**
     * If a plausible TLS record header starts at {@code off} (content type 20..24, version 0x0300..0x0304
     * or a TLS 1.3 draft 0x7fxx, length at most 2^14 + 2048), returns the whole record's length
     * (5 + length field); {@link #NEED_MORE} when fewer than 5 bytes are available; otherwise
     * {@link #NOT_TLS}.
     *
     * <p>Also recognises the SSL 2.0-format ClientHello that old clients send first (2-byte header
     * with the high bit set, message type 1, version 0x0002 or 0x0300..0x0303): it returns that
     * record's length (2 + length field), and {@link TlsDecoder#decodeRecord} decodes it.
     */
    public static int probe(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < 0 || off > b.length) {
            return NOT_TLS;
        }
        len = Math.min(len, b.length - off);
        if (len >= 1 && (b[off] & 0x80) != 0) {
            return probeSsl2ClientHello(b, off, len);
        }
        if (len < 5) {
            if (len >= 1 && (b[off] < 20 || b[off] > 24)) {
                return NOT_TLS;
            }
            if (len >= 2 && b[off + 1] != 3 && b[off + 1] != 0x7f) {
                return NOT_TLS;
            }
            if (len >= 3 && b[off + 1] == 3 && (b[off + 2] & 0xff) > 4) {
                return NOT_TLS;
            }
            return NEED_MORE;
        }
        int type = b[off] & 0xff;
        int major = b[off + 1] & 0xff;
        int minor = b[off + 2] & 0xff;
        int length = ((b[off + 3] & 0xff) << 8) | (b[off + 4] & 0xff);
        if (type < 20 || type > 24) {
            return NOT_TLS;
        }
        boolean versionOk = (major == 3 && minor <= 4) || major == 0x7f;
        if (!versionOk || length > (1 << 14) + 2048) {
            return NOT_TLS;
        }
        return 5 + length;
    }

    /** SSL 2.0 record header (2 bytes, high bit set) carrying a ClientHello. */
    private static int probeSsl2ClientHello(byte[] b, int off, int len) {
        if (len >= 3 && b[off + 2] != 1) {
            return NOT_TLS;
        }
        if (len >= 4 && b[off + 3] != 0 && b[off + 3] != 3) {
            return NOT_TLS;
        }
        if (len < 5) {
            return NEED_MORE;
        }
        int major = b[off + 3] & 0xff;
        int minor = b[off + 4] & 0xff;
        boolean versionOk = (major == 0 && minor == 2) || (major == 3 && minor <= 3);
        int length = ((b[off] & 0x7f) << 8) | (b[off + 1] & 0xff);
        // message type, version, three lengths and at least one cipher spec and a 16-byte challenge
        if (!versionOk || length < 9 + 3 + 16 || length > (1 << 14)) {
            return NOT_TLS;
        }
        return 2 + length;
    }
}
