package org.layerscope.tls.keys;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.layerscope.dissect.tls.HandshakeType;

/**
 * Reads what key derivation needs from whole handshake messages (4-byte header included): the randoms,
 * the cipher suite and the negotiated version. Total: malformed input gives null, never an exception.
 */
final class Hellos {
    static final int EXT_ENCRYPT_THEN_MAC = 0x0016;
    static final int EXT_EARLY_DATA = 0x002a;
    static final int EXT_SUPPORTED_VERSIONS = 0x002b;

    /** SHA-256("HelloRetryRequest"): the ServerHello.random of a HelloRetryRequest (RFC 8446 §4.1.3). */
    private static final byte[] HRR_RANDOM = {
        (byte) 0xCF, 0x21, (byte) 0xAD, 0x74, (byte) 0xE5, (byte) 0x9A, 0x61, 0x11, (byte) 0xBE, 0x1D,
        (byte) 0x8C, 0x02, 0x1E, 0x65, (byte) 0xB8, (byte) 0x91, (byte) 0xC2, (byte) 0xA2, 0x11, 0x16, 0x7A,
        (byte) 0xBB, (byte) 0x8C, 0x5E, 0x07, (byte) 0x9E, 0x09, (byte) 0xE2, (byte) 0xC8, (byte) 0xA8, 0x33,
        (byte) 0x9C};

    private Hellos() {
    }

    /**
     * @param random            the client random
     * @param legacyVersion     the ClientHello's version field
     * @param supportedVersions the supported_versions extension's list (empty without it)
     * @param earlyData         whether the early_data extension (0-RTT) is present
     */
    record ClientHello(byte[] random, int legacyVersion, List<Integer> supportedVersions, boolean earlyData) {
        boolean offersTls13() {
            for (int v : supportedVersions) {
                if (isTls13(v)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * @param version           negotiated version: supported_versions if present, else the version field
     * @param random            the server random
     * @param cipherSuite       the selected suite
     * @param encryptThenMac    the encrypt_then_mac extension was echoed (RFC 7366)
     * @param helloRetryRequest this is a HelloRetryRequest, not a real ServerHello
     */
    record ServerHello(int version, byte[] random, int cipherSuite, boolean encryptThenMac,
                       boolean helloRetryRequest) {
    }

    /** TLS 1.3 (0x0304) or one of its drafts (0x7fNN). */
    static boolean isTls13(int version) {
        return version == 0x0304 || (version & 0xff00) == 0x7f00;
    }

    /** The draft number of a 0x7fNN version, else 0. */
    static int draft(int version) {
        return (version & 0xff00) == 0x7f00 ? version & 0xff : 0;
    }

    /**
     * A ClientHello: a TLS handshake message, or an SSL 2.0-format CLIENT-HELLO (RFC 5246 E.2) with or without
     * its 2-byte record header, whose challenge becomes the client random (right-aligned, zero-padded).
     */
    static ClientHello clientHello(byte[] msg, int off, int len) {
        Reader r = body(msg, off, len, HandshakeType.CLIENT_HELLO);
        if (r == null) {
            return sslv2ClientHello(msg, off, len);
        }
        int legacy = r.u16();
        byte[] random = r.bytes(32);
        r.skip(r.u8()); // session id
        r.skip(r.u16()); // cipher suites
        r.skip(r.u8()); // compression methods
        if (r.failed) {
            return null;
        }
        List<Integer> versions = new ArrayList<>(4);
        boolean earlyData = false;
        if (r.remaining() >= 2) {
            Reader ext = r.sub(r.u16());
            while (!ext.failed && ext.remaining() >= 4) {
                int type = ext.u16();
                Reader data = ext.sub(ext.u16());
                if (type == EXT_SUPPORTED_VERSIONS) {
                    Reader list = data.sub(data.u8());
                    while (!list.failed && list.remaining() >= 2) {
                        versions.add(list.u16());
                    }
                } else if (type == EXT_EARLY_DATA) {
                    earlyData = true;
                }
            }
        }
        return new ClientHello(random, legacy, List.copyOf(versions), earlyData);
    }

    private static ClientHello sslv2ClientHello(byte[] msg, int off, int len) {
        if (msg == null || off < 0 || len < 11 || off > msg.length - len) {
            return null;
        }
        if ((msg[off] & 0x80) != 0 && len >= 13) { // skip the 2-byte record header
            int recordLength = ((msg[off] & 0x7f) << 8) | (msg[off + 1] & 0xff);
            if (recordLength != len - 2) {
                return null;
            }
            off += 2;
            len -= 2;
        }
        Reader r = new Reader(msg, off, len);
        if (r.u8() != HandshakeType.CLIENT_HELLO) {
            return null;
        }
        int version = r.u16();
        int specs = r.u16();
        int sessionId = r.u16();
        int challenge = r.u16();
        if (r.failed || specs % 3 != 0 || challenge < 16 || challenge > 32 || r.remaining() != specs + sessionId
                + challenge) {
            return null;
        }
        r.skip(specs + sessionId);
        byte[] random = new byte[32];
        System.arraycopy(r.bytes(challenge), 0, random, 32 - challenge, challenge);
        return r.failed ? null : new ClientHello(random, version, List.of(), false);
    }

    static ServerHello serverHello(byte[] msg, int off, int len) {
        int type = len >= 4 ? msg[off] & 0xff : -1;
        Reader r = body(msg, off, len, type);
        if (r == null || (type != HandshakeType.SERVER_HELLO && type != HandshakeType.HELLO_RETRY_REQUEST)) {
            return null;
        }
        int version = r.u16();
        if (type == HandshakeType.HELLO_RETRY_REQUEST) { // drafts: version, [cipher suite (draft 19+)], extensions
            return r.failed ? null : new ServerHello(version, null, -1, false, true);
        }
        byte[] random = r.bytes(32);
        int draft = draft(version);
        boolean legacyFields = draft == 0 || draft >= 22;
        if (legacyFields) {
            r.skip(r.u8()); // legacy_session_id_echo
        }
        int suite = r.u16();
        if (legacyFields) {
            r.skip(1); // compression method
        }
        if (r.failed) {
            return null;
        }
        boolean etm = false;
        int selected = version;
        if (r.remaining() >= 2) {
            Reader ext = r.sub(r.u16());
            while (!ext.failed && ext.remaining() >= 4) {
                int t = ext.u16();
                Reader data = ext.sub(ext.u16());
                if (t == EXT_SUPPORTED_VERSIONS && data.remaining() >= 2) {
                    selected = data.u16();
                } else if (t == EXT_ENCRYPT_THEN_MAC) {
                    etm = true;
                }
            }
        }
        return new ServerHello(selected, random, suite, etm, Arrays.equals(random, HRR_RANDOM));
    }

    /** Whether the EncryptedExtensions message carries extension {@code type}. */
    static boolean hasExtension(byte[] msg, int off, int len, int type) {
        Reader r = body(msg, off, len, HandshakeType.ENCRYPTED_EXTENSIONS);
        if (r == null) {
            return false;
        }
        Reader ext = r.sub(r.u16());
        while (!ext.failed && ext.remaining() >= 4) {
            int t = ext.u16();
            ext.skip(ext.u16());
            if (t == type && !ext.failed) {
                return true;
            }
        }
        return false;
    }

    private static Reader body(byte[] msg, int off, int len, int expectedType) {
        if (msg == null || off < 0 || len < 4 || off + len > msg.length || (msg[off] & 0xff) != expectedType) {
            return null;
        }
        int bodyLength = ((msg[off + 1] & 0xff) << 16) | ((msg[off + 2] & 0xff) << 8) | (msg[off + 3] & 0xff);
        if (bodyLength > len - 4) {
            return null;
        }
        return new Reader(msg, off + 4, bodyLength);
    }

    /** A bounds-checked cursor: reading past the end sets {@link #failed} and returns zeros. */
    private static final class Reader {
        private final byte[] b;
        private int p;
        private final int end;
        boolean failed;

        Reader(byte[] b, int off, int len) {
            this.b = b;
            this.p = off;
            this.end = off + len;
        }

        int remaining() {
            return failed ? 0 : end - p;
        }

        private boolean need(int n) {
            if (failed || n < 0 || end - p < n) {
                failed = true;
                return false;
            }
            return true;
        }

        int u8() {
            return need(1) ? b[p++] & 0xff : 0;
        }

        int u16() {
            if (!need(2)) {
                return 0;
            }
            int v = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
            p += 2;
            return v;
        }

        byte[] bytes(int n) {
            if (!need(n)) {
                return new byte[n];
            }
            byte[] out = Arrays.copyOfRange(b, p, p + n);
            p += n;
            return out;
        }

        void skip(int n) {
            if (need(n)) {
                p += n;
            }
        }

        Reader sub(int n) {
            if (!need(n)) {
                Reader r = new Reader(b, p, 0);
                r.failed = true;
                return r;
            }
            Reader r = new Reader(b, p, n);
            p += n;
            return r;
        }
    }
}
