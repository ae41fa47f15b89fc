package org.layerscope.tls.keys;

import java.util.HashMap;
import java.util.Map;
import org.layerscope.tls.keys.KeyDerivation.Hash;

/**
 * What record protection needs to know about a cipher suite: the bulk cipher and its mode, key and IV
 * lengths, the MAC of CBC suites and the PRF (TLS 1.2) or HKDF (TLS 1.3) hash. Only the suites this
 * package can decrypt are listed.
 */
final class CipherSuite {

    /** Record protection mode. */
    enum Mode {
        /** AES-GCM: TLS 1.2 with a 4-byte salt and an 8-byte explicit nonce (RFC 5288), TLS 1.3 (RFC 8446). */
        GCM,
        /** AES-CCM with a 16-byte tag (RFC 6655, 8446). */
        CCM,
        /** AES-CCM with an 8-byte tag. */
        CCM_8,
        /** ChaCha20-Poly1305 (RFC 7905, 8446). */
        CHACHA20_POLY1305,
        /** A block cipher in CBC mode with HMAC (MAC-then-encrypt, or encrypt-then-MAC by RFC 7366). */
        CBC
    }

    final int id;
    final Mode mode;
    /** JCE algorithm of the key ("AES", "DESede", "ChaCha20"). */
    final String keyAlgorithm;
    final int keyLength;
    /** CBC block size; 0 for AEAD. */
    final int blockSize;
    /** JCE HMAC name for CBC suites ("HmacSHA1", ...), or null. */
    final String mac;
    final int macLength;
    /** TLS 1.2 PRF hash, or TLS 1.3 HKDF hash. */
    final Hash hash;
    final boolean tls13;

    private CipherSuite(int id, Mode mode, String keyAlgorithm, int keyLength, int blockSize, String mac,
                        int macLength, Hash hash, boolean tls13) {
        this.id = id;
        this.mode = mode;
        this.keyAlgorithm = keyAlgorithm;
        this.keyLength = keyLength;
        this.blockSize = blockSize;
        this.mac = mac;
        this.macLength = macLength;
        this.hash = hash;
        this.tls13 = tls13;
    }

    boolean aead() {
        return mode != Mode.CBC;
    }

    /** AEAD tag length. */
    int tagLength() {
        return mode == Mode.CCM_8 ? 8 : 16;
    }

    /** Length of the implicit IV from the key block (TLS 1.2 and before). */
    int fixedIvLength() {
        return switch (mode) {
            case GCM, CCM, CCM_8 -> 4;
            case CHACHA20_POLY1305 -> 12;
            case CBC -> blockSize;
        };
    }

    /** Length of the explicit per-record nonce (TLS 1.2 GCM and CCM). */
    int explicitNonceLength() {
        return mode == Mode.GCM || mode == Mode.CCM || mode == Mode.CCM_8 ? 8 : 0;
    }

    /** The suite, or null when this package cannot decrypt it. */
    static CipherSuite of(int id) {
        return SUITES.get(id);
    }

    private static final Map<Integer, CipherSuite> SUITES = new HashMap<>();

    private static void aead(Mode mode, String key, int keyLength, Hash hash, int... ids) {
        for (int id : ids) {
            SUITES.put(id, new CipherSuite(id, mode, key, keyLength, 0, null, 0, hash, false));
        }
    }

    private static void cbc(String key, int keyLength, int blockSize, String mac, int macLength, Hash hash,
                            int... ids) {
        for (int id : ids) {
            SUITES.put(id, new CipherSuite(id, Mode.CBC, key, keyLength, blockSize, mac, macLength, hash, false));
        }
    }

    private static void tls13(int id, Mode mode, String key, int keyLength, Hash hash) {
        SUITES.put(id, new CipherSuite(id, mode, key, keyLength, 0, null, 0, hash, true));
    }

    static {
        // TLS 1.3 (RFC 8446 B.4)
        tls13(0x1301, Mode.GCM, "AES", 16, Hash.SHA256);
        tls13(0x1302, Mode.GCM, "AES", 32, Hash.SHA384);
        tls13(0x1303, Mode.CHACHA20_POLY1305, "ChaCha20", 32, Hash.SHA256);
        tls13(0x1304, Mode.CCM, "AES", 16, Hash.SHA256);
        tls13(0x1305, Mode.CCM_8, "AES", 16, Hash.SHA256);

        // AES-GCM (RFC 5288, 5487, 5289, 8442): *_AES_128_GCM_SHA256 and *_AES_256_GCM_SHA384
        aead(Mode.GCM, "AES", 16, Hash.SHA256, 0x009C, 0x009E, 0x00A0, 0x00A2, 0x00A4, 0x00A6, 0x00A8, 0x00AA,
                0x00AC, 0xC02B, 0xC02D, 0xC02F, 0xC031, 0xD001);
        aead(Mode.GCM, "AES", 32, Hash.SHA384, 0x009D, 0x009F, 0x00A1, 0x00A3, 0x00A5, 0x00A7, 0x00A9, 0x00AB,
                0x00AD, 0xC02C, 0xC02E, 0xC030, 0xC032, 0xD002);
        // ChaCha20-Poly1305 (RFC 7905)
        aead(Mode.CHACHA20_POLY1305, "ChaCha20", 32, Hash.SHA256, 0xCCA8, 0xCCA9, 0xCCAA, 0xCCAB, 0xCCAC,
                0xCCAD, 0xCCAE);
        // AES-CCM (RFC 6655, 7251, 8442)
        aead(Mode.CCM, "AES", 16, Hash.SHA256, 0xC09C, 0xC09E, 0xC0A4, 0xC0A6, 0xC0AC, 0xD005);
        aead(Mode.CCM, "AES", 32, Hash.SHA256, 0xC09D, 0xC09F, 0xC0A5, 0xC0A7, 0xC0AD);
        aead(Mode.CCM_8, "AES", 16, Hash.SHA256, 0xC0A0, 0xC0A2, 0xC0A8, 0xC0AA, 0xC0AE, 0xD003);
        aead(Mode.CCM_8, "AES", 32, Hash.SHA256, 0xC0A1, 0xC0A3, 0xC0A9, 0xC0AB, 0xC0AF);

        // AES-CBC with HMAC-SHA1 (RFC 3268, 4279, 4492, 5489)
        cbc("AES", 16, 16, "HmacSHA1", 20, Hash.SHA256, 0x002F, 0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x008C,
                0x0090, 0x0094, 0xC004, 0xC009, 0xC00E, 0xC013, 0xC018, 0xC035);
        cbc("AES", 32, 16, "HmacSHA1", 20, Hash.SHA256, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x008D,
                0x0091, 0x0095, 0xC005, 0xC00A, 0xC00F, 0xC014, 0xC019, 0xC036);
        // AES-CBC with HMAC-SHA256 / SHA384 (RFC 5246, 5487, 5289, 5489)
        cbc("AES", 16, 16, "HmacSHA256", 32, Hash.SHA256, 0x003C, 0x003E, 0x003F, 0x0040, 0x0067, 0x006C,
                0x00AE, 0x00B2, 0x00B6, 0xC023, 0xC025, 0xC027, 0xC029, 0xC037);
        cbc("AES", 32, 16, "HmacSHA256", 32, Hash.SHA256, 0x003D, 0x0068, 0x0069, 0x006A, 0x006B, 0x006D);
        cbc("AES", 32, 16, "HmacSHA384", 48, Hash.SHA384, 0x00AF, 0x00B3, 0x00B7, 0xC024, 0xC026, 0xC028,
                0xC02A, 0xC038);
        // 3DES-EDE-CBC with HMAC-SHA1
        cbc("DESede", 24, 8, "HmacSHA1", 20, Hash.SHA256, 0x000A, 0x000D, 0x0010, 0x0013, 0x0016, 0x001B,
                0x008B, 0x008F, 0x0093, 0xC003, 0xC008, 0xC00D, 0xC012, 0xC017, 0xC034);
    }
}
