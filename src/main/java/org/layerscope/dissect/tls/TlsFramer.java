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
     * <p>Also recognises the SSL 2.0-format ClientHello that old clients send first (the rule of
     * {@link Ssl2ClientHello#length}): it returns that record's length (2 + length field), and
     * {@link TlsDecoder#decodeRecord} decodes it.
     */
    public static int probe(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < 0 || off > b.length) {
            return NOT_TLS;
        }
        len = Math.min(len, b.length - off);
        if (len >= 1 && (b[off] & 0x80) != 0) {
            int n = Ssl2ClientHello.length(b, off, len);
            return n == Ssl2ClientHello.NOT_SSL2 ? NOT_TLS : n;
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
}
