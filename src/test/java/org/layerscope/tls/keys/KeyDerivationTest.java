package org.layerscope.tls.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.layerscope.tls.keys.KeyDerivation.Hash;

/** Known-answer tests: RFC 8448 §3 (TLS 1.3 simple 1-RTT handshake) and the published TLS 1.2 PRF vector. */
class KeyDerivationTest {

    static byte[] hex(String spaced) {
        return Hex.decode(spaced.replaceAll("\\s+", ""));
    }

    static String hex(byte[] b) {
        return Hex.encode(b);
    }

    private static final String SERVER_HS_TRAFFIC =
            "b6 7b 7d 69 0c c1 6c 4e 75 e5 42 13 cb 2d 37 b4 e9 c9 12 bc de d9 10 5d 42 be fd 59 d3 91 ad 38";

    @Test
    void rfc8448TrafficKeyAndIv() {
        byte[] secret = hex(SERVER_HS_TRAFFIC);
        assertEquals("3fce516009c21727d0f2e4e86ee403bc",
                hex(KeyDerivation.expandLabel(Hash.SHA256, secret, "tls13 ", "key", new byte[0], 16)));
        assertEquals("5d313eb2671276ee13000b30",
                hex(KeyDerivation.expandLabel(Hash.SHA256, secret, "tls13 ", "iv", new byte[0], 12)));
    }

    @Test
    void rfc8448DeriveSecretWithTranscript() throws Exception {
        byte[] handshakeSecret = hex("1d c8 26 e9 36 06 aa 6f dc 0a ad c1 2f 74 1b 01 04 6a a6 b9 9f 69 1e d2 21 a9"
                + " f0 ca 04 3f be ac");
        byte[] helloHash = hex("86 0c 06 ed c0 78 58 ee 8e 78 f0 e7 42 8c 58 ed d6 b4 3f 2c a3 e6 e9 5f 02 ed 06 3c"
                + " f0 e1 ca d8");
        assertEquals(hex(hex(SERVER_HS_TRAFFIC)),
                hex(KeyDerivation.expandLabel(Hash.SHA256, handshakeSecret, "tls13 ", "s hs traffic", helloHash, 32)));
        assertEquals("b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21",
                hex(KeyDerivation.expandLabel(Hash.SHA256, handshakeSecret, "tls13 ", "c hs traffic", helloHash, 32)));
        byte[] emptyHash = MessageDigest.getInstance("SHA-256").digest(new byte[0]);
        assertEquals("43de77e0c77713859a944db9db2590b53190a65b3ee2e4f12dd7a0bb7ce254b4",
                hex(KeyDerivation.expandLabel(Hash.SHA256, handshakeSecret, "tls13 ", "derived", emptyHash, 32)));
    }

    @Test
    void tls12PrfSha256() throws GeneralSecurityException {
        byte[] out = KeyDerivation.prf12(Hash.SHA256, hex("9b be 43 6b a9 40 f0 17 b1 76 52 84 9a 71 db 35"),
                "test label", hex("a0 ba 9f 93 6c da 31 18 27 a6 f7 96 ff d5 19 8c"), 100);
        assertEquals(hex(hex("e3 f2 29 ba 72 7b e1 7b 8d 12 26 20 55 7c d4 53 c2 aa b2 1d 07 c3 d4 95 32 9b 52 d4"
                + " e6 1e db 5a 6b 30 17 91 e9 0d 35 c9 c9 a4 6b 4e 14 ba f9 af 0f a0 22 f7 07 7d ef 17 ab fd 37 97"
                + " c0 56 4b ab 4f bc 91 66 6e 9d ef 9b 97 fc e3 4f 79 67 89 ba a4 80 82 d1 22 ee 42 c5 a7 2e 5a 51"
                + " 10 ff f7 01 87 34 7b 66")), hex(out));
    }

    @Test
    void prfOutputIsAPrefixOfALongerOne() throws GeneralSecurityException {
        byte[] secret = new byte[48];
        byte[] seed = new byte[64];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) i;
        }
        String long10 = hex(KeyDerivation.prf10(secret, "key expansion", seed, 200));
        assertEquals(long10.substring(0, 2 * 37), hex(KeyDerivation.prf10(secret, "key expansion", seed, 37)));
        String long12 = hex(KeyDerivation.prf12(Hash.SHA384, secret, "key expansion", seed, 200));
        assertEquals(long12.substring(0, 2 * 49), hex(KeyDerivation.prf12(Hash.SHA384, secret, "key expansion",
                seed, 49)));
        assertEquals(hex(KeyDerivation.ssl3KeyBlock(secret, seed, seed, 104)).substring(0, 2 * 50),
                hex(KeyDerivation.ssl3KeyBlock(secret, seed, seed, 50)));
    }
}
