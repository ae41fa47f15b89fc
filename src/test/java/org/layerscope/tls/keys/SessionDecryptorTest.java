package org.layerscope.tls.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.layerscope.dissect.tls.RecordDecryptor.Plaintext;
import org.layerscope.model.Direction;
import org.layerscope.tls.keys.KeyLog.Label;
import org.layerscope.tls.keys.SessionDecryptor.Failure;

/** Synthetic sessions sealed by {@link Sealer}: what no capture in the repository shows. */
class SessionDecryptorTest {
    private static final Direction C = Direction.CLIENT_TO_SERVER;
    private static final Direction S = Direction.SERVER_TO_CLIENT;
    private static final byte[] CR = Sealer.sha256("client random");
    private static final byte[] SR = Sealer.sha256("server random");
    private static final byte[] FINISHED = Messages.message(20, new byte[32]);

    private static byte[] secret(String name, int length) {
        byte[] s = new byte[length];
        byte[] h = Sealer.sha256(name);
        for (int i = 0; i < length; i++) {
            s[i] = h[i % 32];
        }
        return s;
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Decrypts a record and checks type and content. */
    private static Plaintext open(SessionDecryptor d, Direction dir, byte[] record, int type, byte[] content) {
        Plaintext p = d.decrypt(dir, record[0] & 0xff, 0x0303, record, 0, record.length);
        assertNotNull(p, "record did not decrypt: " + d.lastFailure());
        assertEquals(type, p.contentType());
        assertArrayEquals(content, p.data());
        assertEquals(Failure.NONE, d.lastFailure());
        return p;
    }

    private static void hs(SessionDecryptor d, Direction dir, byte[] msg) {
        d.onHandshakeMessage(dir, msg[0] & 0xff, msg, 0, msg.length);
    }

    /** A TLS 1.3 session with all four traffic secrets in the key log. */
    private static final class Tls13Session {
        final int suite;
        final int hashLength;
        final KeyLog keyLog = new KeyLog();
        final SessionDecryptor d = new SessionDecryptor(keyLog);
        final byte[] chts;
        final byte[] shts;
        byte[] cts;
        byte[] sts;

        Tls13Session(int suite, boolean withKeys) {
            this.suite = suite;
            this.hashLength = CipherSuite.of(suite).hash.length;
            chts = secret("c hs", hashLength);
            shts = secret("s hs", hashLength);
            cts = secret("c ap", hashLength);
            sts = secret("s ap", hashLength);
            if (withKeys) {
                addKeys();
            }
            hs(d, C, Messages.clientHello(CR, false, 0x0304, 0x0303));
            hs(d, S, Messages.serverHello(SR, suite, 0x0304, false));
        }

        void addKeys() {
            keyLog.add(Label.CLIENT_HANDSHAKE_TRAFFIC_SECRET, CR, chts);
            keyLog.add(Label.SERVER_HANDSHAKE_TRAFFIC_SECRET, CR, shts);
            keyLog.add(Label.CLIENT_TRAFFIC_SECRET_0, CR, cts);
            keyLog.add(Label.SERVER_TRAFFIC_SECRET_0, CR, sts);
        }

        /** Both handshake flights, decrypted and fed back; returns the application sealers (client, server). */
        Sealer[] handshake() throws Exception {
            byte[] ee = Messages.encryptedExtensions(false);
            open(d, S, Sealer.tls13(suite, shts).seal(22, Sealer.concat(ee, FINISHED)), 22,
                    Sealer.concat(ee, FINISHED));
            hs(d, S, ee);
            hs(d, S, FINISHED);
            open(d, C, Sealer.tls13(suite, chts).seal(22, FINISHED), 22, FINISHED);
            hs(d, C, FINISHED);
            return new Sealer[] {Sealer.tls13(suite, cts), Sealer.tls13(suite, sts)};
        }
    }

    @ParameterizedTest(name = "suite 0x{0}")
    @ValueSource(strings = {"1301", "1302", "1303", "1304", "1305"})
    void tls13EverySuiteWithKeyUpdates(String hexSuite) throws Exception {
        int suite = Integer.parseInt(hexSuite, 16);
        Tls13Session s = new Tls13Session(suite, true);
        assertTrue(s.d.isTls13());
        assertTrue(s.d.cipherSuiteSupported());
        Sealer[] app = s.handshake();
        Sealer client = app[0];
        Sealer server = app[1];
        open(s.d, C, client.seal(23, text("CONNECT")), 23, text("CONNECT"));
        open(s.d, S, server.seal(23, text("CONNACK")), 23, text("CONNACK"));
        open(s.d, C, client.seal(23, text("PUBLISH")), 23, text("PUBLISH"));

        byte[] cSecret = s.cts;
        byte[] sSecret = s.sts;
        for (int round = 1; round <= 3; round++) { // the client updates its keys three times, the server once
            byte[] keyUpdate = Messages.message(24, new byte[] {1});
            open(s.d, C, client.seal(22, keyUpdate), 22, keyUpdate);
            hs(s.d, C, keyUpdate);
            cSecret = Sealer.nextSecret(suite, cSecret);
            client = Sealer.tls13(suite, cSecret);
            open(s.d, C, client.seal(23, text("data " + round)), 23, text("data " + round));
            open(s.d, C, client.seal(23, text("more " + round)), 23, text("more " + round));
            if (round == 1) {
                byte[] serverUpdate = Messages.message(24, new byte[] {0});
                open(s.d, S, server.seal(22, serverUpdate), 22, serverUpdate);
                hs(s.d, S, serverUpdate);
                sSecret = Sealer.nextSecret(suite, sSecret);
                server = Sealer.tls13(suite, sSecret);
            }
            open(s.d, S, server.seal(23, text("ack " + round)), 23, text("ack " + round));
        }
        byte[] alert = {1, 0};
        open(s.d, C, client.seal(21, alert), 21, alert);
        assertEquals(0, s.d.failedRecords());
    }

    @Test
    void aMissedKeyChangeCostsNothing() throws Exception {
        Tls13Session s = new Tls13Session(0x1301, true);
        // the server's Finished is never reported: its first application record is tried with the next epoch
        byte[] ee = Messages.encryptedExtensions(false);
        open(s.d, S, Sealer.tls13(0x1301, s.shts).seal(22, Sealer.concat(ee, FINISHED)), 22,
                Sealer.concat(ee, FINISHED));
        Sealer server = Sealer.tls13(0x1301, s.sts);
        open(s.d, S, server.seal(23, text("0.5-RTT")), 23, text("0.5-RTT"));
        open(s.d, S, server.seal(23, text("again")), 23, text("again"));
        // a KeyUpdate that was not reported either
        server.seal(22, Messages.message(24, new byte[] {0}));
        Sealer next = Sealer.tls13(0x1301, Sealer.nextSecret(0x1301, s.sts));
        assertNull(s.d.decrypt(S, 23, 0x0303, new byte[5], 0, 5)); // a broken record in between
        open(s.d, S, next.seal(23, text("gen 1")), 23, text("gen 1"));
        open(s.d, S, next.seal(23, text("gen 1 again")), 23, text("gen 1 again"));
    }

    @Test
    void recordsMissingFromTheCaptureAreSkipped() throws Exception {
        Tls13Session s = new Tls13Session(0x1303, true);
        Sealer[] app = s.handshake();
        open(s.d, C, app[0].seal(23, text("one")), 23, text("one"));
        app[0].seal(23, text("lost"));
        app[0].seal(23, text("lost too"));
        open(s.d, C, app[0].seal(23, text("four")), 23, text("four"));
        open(s.d, C, app[0].seal(23, text("five")), 23, text("five"));
    }

    @Test
    void keysThatArriveLateAreUsed() throws Exception {
        Tls13Session s = new Tls13Session(0x1301, false);
        Sealer hs = Sealer.tls13(0x1301, s.shts);
        byte[] ee = Messages.encryptedExtensions(false);
        byte[] first = hs.seal(22, ee);
        assertNull(s.d.decrypt(S, 23, 0x0303, first, 0, first.length));
        assertEquals(Failure.NO_KEYS, s.d.lastFailure());
        assertFalse(s.d.keysKnown());
        s.addKeys(); // the live TLS stack reported its secrets
        assertTrue(s.d.keysKnown());
        byte[] r = hs.seal(22, FINISHED); // sequence number 1: the failed record counted
        open(s.d, S, r, 22, FINISHED);
    }

    @Test
    void tls13PaddingIsRemovedAndAllZeroPlaintextRejected() throws Exception {
        Tls13Session s = new Tls13Session(0x1301, true);
        Sealer.Tls13 hs = new Sealer.Tls13(CipherSuite.of(0x1301), s.shts, 100);
        open(s.d, S, hs.seal(22, FINISHED), 22, FINISHED);
        assertNull(s.d.decrypt(S, 23, 0x0303, hs.sealInner(new byte[40]), 0, 40 + 16 + 5));
        assertEquals(Failure.NOT_AUTHENTIC, s.d.lastFailure());
    }

    @Test
    void middleboxChangeCipherSpecIsIgnoredInTls13() throws Exception {
        Tls13Session s = new Tls13Session(0x1301, true);
        s.d.onChangeCipherSpec(S);
        s.d.onChangeCipherSpec(C);
        s.handshake();
        assertEquals(0, s.d.failedRecords());
    }

    @Test
    void helloRetryRequestThenSecondClientHello() throws Exception {
        KeyLog keyLog = new KeyLog();
        byte[] shts = secret("s hs", 32);
        keyLog.add(Label.SERVER_HANDSHAKE_TRAFFIC_SECRET, CR, shts);
        SessionDecryptor d = new SessionDecryptor(keyLog);
        hs(d, C, Messages.clientHello(CR, true, 0x0304));
        byte[] hrrRandom = KeyDerivationTest.hex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");
        hs(d, S, Messages.serverHello(hrrRandom, 0x1301, 0x0304, false));
        assertFalse(d.isTls13(), "a HelloRetryRequest is no ServerHello");
        d.onChangeCipherSpec(C);
        hs(d, C, Messages.clientHello(CR, false, 0x0304));
        hs(d, S, Messages.serverHello(SR, 0x1301, 0x0304, false));
        assertTrue(d.isTls13());
        open(d, S, Sealer.tls13(0x1301, shts).seal(22, FINISHED), 22, FINISHED);
    }

    @Test
    void earlyDataThenEndOfEarlyData() throws Exception {
        KeyLog keyLog = new KeyLog();
        byte[] early = secret("early", 32);
        byte[] chts = secret("c hs", 32);
        keyLog.add(Label.CLIENT_EARLY_TRAFFIC_SECRET, CR, early);
        keyLog.add(Label.CLIENT_HANDSHAKE_TRAFFIC_SECRET, CR, chts);
        SessionDecryptor d = new SessionDecryptor(keyLog);
        hs(d, C, Messages.clientHello(CR, true, 0x0304));
        d.onChangeCipherSpec(C); // compatibility CCS before the ServerHello
        Sealer e = Sealer.tls13(0x1303, early);  // 0-RTT before the ServerHello: the suite is found by trial
        open(d, C, e.seal(23, text("GET /early")), 23, text("GET /early"));
        open(d, C, e.seal(23, text("more early")), 23, text("more early"));
        hs(d, S, Messages.serverHello(SR, 0x1303, 0x0304, false));
        hs(d, S, Messages.encryptedExtensions(true));
        byte[] eoed = Messages.message(5, new byte[0]);
        open(d, C, e.seal(22, eoed), 22, eoed);
        hs(d, C, eoed);
        open(d, C, Sealer.tls13(0x1303, chts).seal(22, FINISHED), 22, FINISHED);
    }

    @Test
    void rejectedEarlyDataSwitchesTheClientToHandshakeKeys() throws Exception {
        KeyLog keyLog = new KeyLog();
        byte[] chts = secret("c hs", 32);
        keyLog.add(Label.CLIENT_EARLY_TRAFFIC_SECRET, CR, secret("early", 32));
        keyLog.add(Label.CLIENT_HANDSHAKE_TRAFFIC_SECRET, CR, chts);
        SessionDecryptor d = new SessionDecryptor(keyLog);
        hs(d, C, Messages.clientHello(CR, true, 0x0304));
        Sealer.tls13(0x1301, secret("early", 32)).seal(23, text("skipped by the server"));
        hs(d, S, Messages.serverHello(SR, 0x1301, 0x0304, false));
        hs(d, S, Messages.encryptedExtensions(false)); // no early_data: 0-RTT rejected
        open(d, C, Sealer.tls13(0x1301, chts).seal(22, FINISHED), 22, FINISHED);
    }

    // ------------------------------------------------------------------ TLS 1.2 and before

    @ParameterizedTest(name = "suite 0x{0} version 0x{1} encrypt-then-MAC {2}")
    @CsvSource({
        "c02f, 0303, false", "c030, 0303, false", "cca8, 0303, false", "cca9, 0303, false", "c0ac, 0303, false",
        "c0ae, 0303, false", "c0a1, 0303, false", "009d, 0303, false",
        "c027, 0303, false", "c027, 0303, true", "c028, 0303, false", "c028, 0303, true",
        "002f, 0303, true", "0035, 0302, false", "0035, 0302, true", "c014, 0301, false", "c014, 0301, true",
        "000a, 0301, false", "000a, 0302, true", "003d, 0303, false"
    })
    void tls12Suites(String hexSuite, String hexVersion, boolean etm) throws Exception {
        int suite = Integer.parseInt(hexSuite, 16);
        int version = Integer.parseInt(hexVersion, 16);
        byte[] master = secret("master", 48);
        KeyLog keyLog = new KeyLog();
        keyLog.add(Label.CLIENT_RANDOM, CR, master);
        SessionDecryptor d = new SessionDecryptor(keyLog);
        hs(d, C, Messages.clientHello(CR, false));
        hs(d, S, Messages.serverHello(SR, suite, version == 0x0303 ? 0 : version, etm));
        assertEquals(version, d.version());
        assertFalse(d.isTls13());
        Sealer client = Sealer.tls12(suite, version, master, CR, SR, true, etm);
        Sealer server = Sealer.tls12(suite, version, master, CR, SR, false, etm);
        assertNull(d.decrypt(C, 22, version, client.seal(22, FINISHED), 0, 5), "before the CCS");
        client = Sealer.tls12(suite, version, master, CR, SR, true, etm);
        d.onChangeCipherSpec(C);
        open(d, C, client.seal(22, FINISHED), 22, FINISHED);
        d.onChangeCipherSpec(S);
        open(d, S, server.seal(22, FINISHED), 22, FINISHED);
        for (int i = 0; i < 5; i++) {
            byte[] data = text("application data " + "x".repeat(i * 7));
            open(d, C, client.seal(23, data), 23, data);
            open(d, S, server.seal(23, data), 23, data);
        }
        open(d, S, server.seal(21, new byte[] {1, 0}), 21, new byte[] {1, 0});
        assertEquals(1, d.failedRecords()); // the one before the ChangeCipherSpec
        assertEquals(13, d.decryptedRecords());
    }

    @Test
    void unsupportedSuitesAndVersionsFailCleanly() throws Exception {
        KeyLog keyLog = new KeyLog();
        keyLog.add(Label.CLIENT_RANDOM, CR, secret("master", 48));
        for (int[] sv : new int[][] {{0x0005, 0x0303}, {0xc02f, 0x0301}, {0xc027, 0x0302}, {0x1301, 0x0303}}) {
            SessionDecryptor d = new SessionDecryptor(keyLog);
            hs(d, C, Messages.clientHello(CR, false));
            hs(d, S, Messages.legacyServerHello(SR, sv[1], sv[0]));
            d.onChangeCipherSpec(C);
            byte[] record = new byte[64];
            record[0] = 22;
            record[3] = 0;
            record[4] = 59;
            assertNull(d.decrypt(C, 22, sv[1], record, 0, record.length));
            assertEquals(Failure.UNSUPPORTED_CIPHER_SUITE, d.lastFailure(), Integer.toHexString(sv[0]));
        }
    }

    @Test
    void nothingBeforeTheHandshake() {
        SessionDecryptor d = new SessionDecryptor(new KeyLog());
        byte[] record = {23, 3, 3, 0, 3, 1, 2, 3};
        assertNull(d.decrypt(C, 23, 0x0303, record, 0, record.length));
        assertEquals(Failure.NO_HANDSHAKE, d.lastFailure());
        d.onChangeCipherSpec(C); // a CCS with no ServerHello changes nothing
        assertNull(d.decrypt(C, 23, 0x0303, record, 0, record.length));
        assertEquals(Failure.NO_HANDSHAKE, d.lastFailure());
        assertNull(d.clientRandom());
        assertEquals(-1, d.version());
        assertEquals(-1, d.cipherSuite());
        assertEquals(2, d.failedRecords());
    }

    @Test
    void neverThrowsWhateverItIsFed() throws Exception {
        Random rnd = new Random(7);
        KeyLog keyLog = new KeyLog();
        keyLog.add(Label.CLIENT_RANDOM, CR, secret("master", 48));
        keyLog.add(Label.SERVER_HANDSHAKE_TRAFFIC_SECRET, CR, secret("s hs", 32));
        keyLog.add(Label.CLIENT_EARLY_TRAFFIC_SECRET, CR, secret("early", 32));
        byte[][] messages = {Messages.clientHello(CR, true, 0x0304), Messages.serverHello(SR, 0x1301, 0x0304, false),
            Messages.serverHello(SR, 0xc02f, 0, false), Messages.serverHello(SR, 0x002f, 0x0301, true),
            Messages.encryptedExtensions(true), FINISHED, Messages.message(24, new byte[] {1}),
            Messages.message(5, new byte[0])};
        for (int run = 0; run < 300; run++) {
            SessionDecryptor d = new SessionDecryptor(keyLog);
            for (int step = 0; step < 60; step++) {
                Direction dir = rnd.nextBoolean() ? C : S;
                switch (rnd.nextInt(4)) {
                    case 0 -> {
                        byte[] m = messages[rnd.nextInt(messages.length)].clone();
                        if (rnd.nextInt(3) == 0) {
                            m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
                        }
                        int off = rnd.nextInt(3) == 0 ? rnd.nextInt(m.length + 2) - 1 : 0;
                        int len = rnd.nextInt(4) == 0 ? rnd.nextInt(m.length + 4) - 2 : m.length - Math.max(off, 0);
                        d.onHandshakeMessage(dir, m[0] & 0xff, m, off, len);
                    }
                    case 1 -> d.onChangeCipherSpec(dir);
                    default -> {
                        byte[] r = new byte[rnd.nextInt(80)];
                        rnd.nextBytes(r);
                        if (r.length >= 5 && rnd.nextBoolean()) {
                            r[0] = 23;
                            r[3] = (byte) ((r.length - 5) >> 8);
                            r[4] = (byte) (r.length - 5);
                        }
                        int off = rnd.nextInt(5) == 0 ? rnd.nextInt(10) - 3 : 0;
                        int len = rnd.nextInt(5) == 0 ? rnd.nextInt(100) - 10 : r.length - Math.max(off, 0);
                        d.decrypt(dir, 23, 0x0303, rnd.nextInt(20) == 0 ? null : r, off, len);
                    }
                }
            }
        }
        SessionDecryptor d = new SessionDecryptor(keyLog);
        d.onHandshakeMessage(C, 1, null, 0, 10);
        d.onHandshakeMessage(null, 1, new byte[10], 0, 10);
        assertNull(d.decrypt(null, 23, 0x0303, new byte[10], 0, 10));
    }

    @Test
    void toStringRevealsNoSecret() throws Exception {
        Tls13Session s = new Tls13Session(0x1301, true);
        s.handshake();
        String text = s.d.toString();
        assertTrue(text.contains("0x1301"), text);
        assertFalse(text.contains(Hex.encode(s.shts).substring(0, 8)), text);
        assertFalse(text.contains(Hex.encode(CR).substring(0, 8)), text);
    }
}
