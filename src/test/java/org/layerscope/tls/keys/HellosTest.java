package org.layerscope.tls.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HellosTest {
    private static final byte[] RANDOM = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            RANDOM[i] = (byte) (i + 1);
        }
    }

    @Test
    void clientHelloWithSupportedVersionsAndEarlyData() {
        byte[] m = Messages.clientHello(RANDOM, true, 0x0304, 0x7f1c, 0x0303);
        Hellos.ClientHello ch = Hellos.clientHello(m, 0, m.length);
        assertArrayEquals(RANDOM, ch.random());
        assertEquals(0x0303, ch.legacyVersion());
        assertEquals(List.of(0x0304, 0x7f1c, 0x0303), ch.supportedVersions());
        assertTrue(ch.earlyData());
        assertTrue(ch.offersTls13());
    }

    @Test
    void plainTls12ClientHello() {
        byte[] m = Messages.clientHello(RANDOM, false);
        Hellos.ClientHello ch = Hellos.clientHello(m, 0, m.length);
        assertEquals(List.of(), ch.supportedVersions());
        assertFalse(ch.earlyData());
        assertFalse(ch.offersTls13());
    }

    @Test
    void clientHelloAtAnOffset() {
        byte[] m = Messages.clientHello(RANDOM, false, 0x0304);
        byte[] buf = new byte[m.length + 20];
        System.arraycopy(m, 0, buf, 7, m.length);
        assertArrayEquals(RANDOM, Hellos.clientHello(buf, 7, m.length).random());
    }

    @Test
    void sslv2ClientHelloChallengeBecomesTheRandom() {
        // SSL 2.0 CLIENT-HELLO: type 1, version 3.0, 3 bytes of cipher specs, no session id, 16-byte challenge
        byte[] body = new byte[9 + 3 + 16];
        body[0] = 1;
        body[1] = 3;
        body[2] = 0;
        body[4] = 3;
        body[8] = 16;
        body[9] = 0;
        body[10] = 0;
        body[11] = 0x0a;
        for (int i = 0; i < 16; i++) {
            body[12 + i] = (byte) (0xa0 + i);
        }
        byte[] expected = new byte[32];
        System.arraycopy(body, 12, expected, 16, 16);
        assertArrayEquals(expected, Hellos.clientHello(body, 0, body.length).random());
        byte[] withHeader = new byte[2 + body.length];
        withHeader[0] = (byte) 0x80;
        withHeader[1] = (byte) body.length;
        System.arraycopy(body, 0, withHeader, 2, body.length);
        assertArrayEquals(expected, Hellos.clientHello(withHeader, 0, withHeader.length).random());
    }

    @Test
    void tls12ServerHelloWithEncryptThenMac() {
        byte[] m = Messages.serverHello(RANDOM, 0xc027, 0, true);
        Hellos.ServerHello sh = Hellos.serverHello(m, 0, m.length);
        assertEquals(0x0303, sh.version());
        assertEquals(0xc027, sh.cipherSuite());
        assertTrue(sh.encryptThenMac());
        assertFalse(sh.helloRetryRequest());
        assertArrayEquals(RANDOM, sh.random());
    }

    @Test
    void tls13ServerHelloSelectsThroughSupportedVersions() {
        byte[] m = Messages.serverHello(RANDOM, 0x1302, 0x0304, false);
        Hellos.ServerHello sh = Hellos.serverHello(m, 0, m.length);
        assertEquals(0x0304, sh.version());
        assertEquals(0x1302, sh.cipherSuite());
        assertTrue(Hellos.isTls13(sh.version()));
    }

    @Test
    void legacyServerHelloWithoutExtensions() {
        byte[] m = Messages.legacyServerHello(RANDOM, 0x0300, 0x000a);
        Hellos.ServerHello sh = Hellos.serverHello(m, 0, m.length);
        assertEquals(0x0300, sh.version());
        assertEquals(0x000a, sh.cipherSuite());
    }

    @Test
    void helloRetryRequestIsRecognised() {
        byte[] hrrRandom = KeyDerivationTest.hex("CF 21 AD 74 E5 9A 61 11 BE 1D 8C 02 1E 65 B8 91 C2 A2 11 16 7A BB 8C"
                + " 5E 07 9E 09 E2 C8 A8 33 9C");
        byte[] m = Messages.serverHello(hrrRandom, 0x1301, 0x0304, false);
        assertTrue(Hellos.serverHello(m, 0, m.length).helloRetryRequest());
    }

    @Test
    void draft20ServerHelloHasNoSessionIdNorCompression() {
        // tls13-20-chacha20poly1305.pcap, frame 2: the ServerHello of draft 20 (0x7f14)
        byte[] m = KeyDerivationTest.hex("0200004e7f1455c823eb5524fee16cd69e1607ee2966bc8a44ced3dd3956abdb7bdde1"
                + "2069f81303002800280024001d00204b094e6bb575855801b0661ac7e588a1fdd8579e718b0fb795515ad611694447");
        Hellos.ServerHello sh = Hellos.serverHello(m, 0, m.length);
        assertEquals(0x7f14, sh.version());
        assertEquals(20, Hellos.draft(sh.version()));
        assertEquals(0x1303, sh.cipherSuite());
        assertTrue(Hellos.isTls13(sh.version()));
    }

    @Test
    void encryptedExtensionsEarlyData() {
        byte[] yes = Messages.encryptedExtensions(true);
        byte[] no = Messages.encryptedExtensions(false);
        assertTrue(Hellos.hasExtension(yes, 0, yes.length, Hellos.EXT_EARLY_DATA));
        assertFalse(Hellos.hasExtension(no, 0, no.length, Hellos.EXT_EARLY_DATA));
    }

    @Test
    void truncatedAndGarbledMessagesGiveNullNeverThrow() {
        List<byte[]> messages = List.of(Messages.clientHello(RANDOM, true, 0x0304),
                Messages.serverHello(RANDOM, 0x1301, 0x0304, true), Messages.encryptedExtensions(true));
        for (byte[] m : messages) {
            for (int len = 0; len < m.length; len++) {
                byte[] cut = Arrays.copyOf(m, len);
                int l = len;
                Hellos.clientHello(cut, 0, l);
                Hellos.serverHello(cut, 0, l);
                Hellos.hasExtension(cut, 0, l, Hellos.EXT_EARLY_DATA);
                if (len >= 4 && len < 39) { // header claims more than there is
                    assertNull(Hellos.clientHello(cut, 0, l));
                }
            }
        }
        Random rnd = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] m = messages.get(i % messages.size()).clone();
            for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
            }
            Hellos.clientHello(m, 0, m.length);
            Hellos.serverHello(m, 0, m.length);
            Hellos.hasExtension(m, 0, m.length, Hellos.EXT_EARLY_DATA);
        }
        assertNull(Hellos.clientHello(null, 0, 10));
        assertNull(Hellos.serverHello(new byte[10], 5, 10));
        assertNotNull(Hellos.clientHello(messages.get(0), 0, messages.get(0).length));
    }
}
