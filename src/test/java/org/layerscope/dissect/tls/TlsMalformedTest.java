package org.layerscope.dissect.tls;

import org.layerscope.testutil.TlsBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.Severity;

/**
 * Malformed input never escapes as an exception: every record of the fixtures truncated at every
 * length (expert items required) and with random byte flips, fed to a decoder that also sees the
 * real records (so truncations hit every handshake state).
 */
class TlsMalformedTest {

    private static final String[] FIXTURES = {
        "tls12-chacha20poly1305.pcap", "tls13-rfc8446.pcap", "tls13-20-chacha20poly1305.pcap",
        "tls-fragmented-handshakes.pcap", "tls-renegotiation.pcap", "rsasnakeoil2.pcap", "tls12-dsb.pcapng",
        "dhe1.pcapng", "synthetic"};

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "tls12-chacha20poly1305.pcap", "tls13-rfc8446.pcap", "tls13-20-chacha20poly1305.pcap",
        "tls-fragmented-handshakes.pcap", "tls-renegotiation.pcap", "rsasnakeoil2.pcap", "tls12-dsb.pcapng",
        "dhe1.pcapng", "synthetic"})
    void truncatedAtEveryLength(String fixture) {
        Map<Integer, TlsDecoder> fuzz = new HashMap<>();
        int[] cases = {0};
        Fixtures.replay(Fixtures.segments(fixture), false, stream -> new TlsDecoder(), null).values()
                .forEach(recs -> {
                    for (Fixtures.Decoded d : recs) {
                        if (d.stream() >= 12) {
                            continue; // tls-fragmented-handshakes has 74 look-alike connections: 12 suffice
                        }
                        TlsDecoder dec = fuzz.computeIfAbsent(d.stream(), k -> new TlsDecoder());
                        byte[] rec = d.bytes();
                        for (int cut : cutPoints(rec.length)) {
                            byte[] b = Arrays.copyOf(rec, cut);
                            List<ExpertItem> ex = new ArrayList<>();
                            Field root = cut % 2 == 0 ? Field.root() : Field.NONE;
                            TlsRecord r = dec.decodeRecord(d.dir(), b, 0, cut, root, ex);
                            assertNotNull(r);
                            assertNotNull(r.info());
                            assertFalse(ex.isEmpty(), fixture + " frame " + d.frame() + " cut at " + cut);
                            assertNoDecoderException(ex, fixture + " frame " + d.frame() + " cut " + cut);
                            cases[0]++;
                        }
                        // then the real record, so that the next ones see a realistic state
                        List<ExpertItem> ex = new ArrayList<>();
                        dec.decodeRecord(d.dir(), rec, 0, rec.length, Field.root(), ex);
                        assertNoDecoderException(ex, fixture + " frame " + d.frame());
                    }
                });
        assertTrue(cases[0] > 100);
    }

    @Test
    void randomByteFlips() {
        Random rnd = new Random(20240607L);
        int cases = 0;
        for (String fixture : FIXTURES) {
            Map<Integer, TlsDecoder> fuzz = new HashMap<>();
            for (List<Fixtures.Decoded> recs : Fixtures.replay(fixture, false).values()) {
                for (Fixtures.Decoded d : recs) {
                    TlsDecoder dec = fuzz.computeIfAbsent(d.stream(), k -> new TlsDecoder());
                    byte[] rec = d.bytes();
                    int variants = rec.length > 4000 ? 3 : 12;
                    for (int v = 0; v < variants; v++) {
                        byte[] b = rec.clone();
                        int flips = 1 + rnd.nextInt(4);
                        for (int f = 0; f < flips; f++) {
                            // bias towards the headers, where lengths live
                            int pos = rnd.nextInt(4) == 0 ? rnd.nextInt(Math.min(b.length, 64)) : rnd.nextInt(b.length);
                            b[pos] ^= (byte) (1 + rnd.nextInt(255));
                        }
                        List<ExpertItem> ex = new ArrayList<>();
                        TlsRecord r = dec.decodeRecord(d.dir(), b, 0, b.length, v % 2 == 0 ? Field.root() : Field.NONE, ex);
                        assertNotNull(r.info());
                        assertNoDecoderException(ex, fixture + " frame " + d.frame() + " variant " + v);
                        cases++;
                    }
                    List<ExpertItem> exNoTree = new ArrayList<>();
                    dec.decodeRecord(d.dir(), rec, 0, rec.length, Field.NONE, exNoTree);
                    assertNoDecoderException(exNoTree, fixture + " frame " + d.frame() + " without a tree");
                }
            }
        }
        assertTrue(cases > 1000);
    }

    @Test
    void garbageAndEdgeArguments() {
        TlsDecoder dec = new TlsDecoder();
        List<ExpertItem> ex = new ArrayList<>();
        assertNotNull(dec.decodeRecord(Direction.CLIENT_TO_SERVER, null, 0, 5, Field.root(), ex));
        assertNotNull(dec.decodeRecord(Direction.CLIENT_TO_SERVER, new byte[0], 0, 0, Field.root(), ex));
        assertNotNull(dec.decodeRecord(Direction.CLIENT_TO_SERVER, new byte[10], 20, 5, Field.root(), ex));
        assertNotNull(dec.decodeRecord(Direction.CLIENT_TO_SERVER, new byte[10], -1, 5, Field.root(), ex));
        assertNotNull(dec.decodeRecord(null, new byte[] {22, 3, 3, 0, 0}, 0, 5, null, null));
        // length beyond the array
        byte[] b = {22, 3, 3, 0, 40, 1, 0, 0, 36};
        TlsRecord r = dec.decodeRecord(Direction.CLIENT_TO_SERVER, b, 0, 400, Field.root(), ex);
        assertEquals(40, r.length());
        assertNoDecoderException(ex, "edge arguments");
        assertTrue(ex.stream().anyMatch(e -> e.key().equals("tls.record.truncated")));
        Random rnd = new Random(7);
        for (int i = 0; i < 8000; i++) {
            byte[] g = new byte[rnd.nextInt(80)];
            rnd.nextBytes(g);
            if (g.length > 0 && rnd.nextBoolean()) {
                g[0] = (byte) (20 + rnd.nextInt(5));
            }
            if (g.length > 2 && rnd.nextBoolean()) {
                g[1] = 3;
                g[2] = (byte) rnd.nextInt(5);
            }
            List<ExpertItem> e = new ArrayList<>();
            dec.decodeRecord(rnd.nextBoolean() ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT, g, 0,
                    g.length, i % 3 == 0 ? Field.root() : Field.NONE, e);
            assertNoDecoderException(e, "random record " + i);
        }
    }

    @Test
    void handshakeReassemblyIsBounded() {
        TlsDecoder dec = helloed();
        List<ExpertItem> ex = new ArrayList<>();
        // a Certificate message announcing 300 KiB, sent in 16 KiB records, then a ServerHelloDone
        int total = 300 * 1024;
        byte[] msg = new byte[4 + total];
        msg[0] = 11;
        msg[1] = (byte) (total >> 16);
        msg[2] = (byte) (total >> 8);
        msg[3] = (byte) total;
        List<TlsRecord> recs = new ArrayList<>();
        for (byte[] rec : TlsBytes.handshakeRecords(msg, 16384)) {
            recs.add(dec.decodeRecord(Direction.SERVER_TO_CLIENT, rec, 0, rec.length, Field.root(), ex));
        }
        assertEquals("[Certificate Fragment]", recs.get(0).info());
        assertEquals(1, ex.stream().filter(e -> e.key().equals("tls.handshake.too_long")).count());
        assertEquals(List.of(11), recs.get(recs.size() - 1).handshakeTypes());
        TlsRecord shd = dec.decodeRecord(Direction.SERVER_TO_CLIENT, new byte[] {22, 3, 3, 0, 4, 14, 0, 0, 0}, 0, 9,
                Field.root(), ex);
        assertEquals(List.of(14), shd.handshakeTypes());
        assertEquals("Server Hello Done", shd.info());
        assertNoDecoderException(ex, "reassembly limit");
    }

    @Test
    void largeMessageUnderTheLimitIsReassembled() {
        // 40 copies of the 770-byte RSA certificate of tls12-chacha20poly1305.pcap: ~31 KiB in 3 records
        byte[] cert = certificateFrom("tls12-chacha20poly1305.pcap", 1);
        int listLen = 40 * (3 + cert.length);
        byte[] msg = new byte[4 + 3 + listLen];
        msg[0] = 11;
        TlsBytes.put24(msg, 1, 3 + listLen);
        TlsBytes.put24(msg, 4, listLen);
        int p = 7;
        for (int i = 0; i < 40; i++) {
            TlsBytes.put24(msg, p, cert.length);
            System.arraycopy(cert, 0, msg, p + 3, cert.length);
            p += 3 + cert.length;
        }
        TlsDecoder dec = new TlsDecoder();
        List<ExpertItem> ex = new ArrayList<>();
        List<TlsRecord> out = new ArrayList<>();
        for (byte[] rec : TlsBytes.handshakeRecords(msg, 12000)) {
            out.add(dec.decodeRecord(Direction.SERVER_TO_CLIENT, rec, 0, rec.length, Field.root(), ex));
        }
        assertEquals(List.of(), ex);
        assertEquals("[Certificate Fragment]", out.get(0).info());
        assertEquals("", out.get(1).info());
        assertEquals("Certificate", out.get(2).info());
        assertEquals(List.of(11), out.get(2).handshakeTypes());
        assertEquals(40, dec.sessionInfo().serverCertificates().size());
        assertEquals("CN=localhost", dec.sessionInfo().serverCertificates().get(39).subject());
    }

    @Test
    void unparsableCertificateIsAnExpertItem() {
        byte[] cert = certificateFrom("tls12-chacha20poly1305.pcap", 1);
        cert[40] ^= 0x55; // inside the TBSCertificate's DER structure
        cert = Arrays.copyOf(cert, cert.length - 30);
        byte[] msg = new byte[4 + 3 + 3 + cert.length];
        msg[0] = 11;
        TlsBytes.put24(msg, 1, 6 + cert.length);
        TlsBytes.put24(msg, 4, 3 + cert.length);
        TlsBytes.put24(msg, 7, cert.length);
        System.arraycopy(cert, 0, msg, 10, cert.length);
        byte[] rec = new byte[5 + msg.length];
        rec[0] = 22;
        rec[1] = 3;
        rec[2] = 3;
        rec[3] = (byte) (msg.length >> 8);
        rec[4] = (byte) msg.length;
        System.arraycopy(msg, 0, rec, 5, msg.length);
        TlsDecoder dec = new TlsDecoder();
        List<ExpertItem> ex = new ArrayList<>();
        Field root = Field.root();
        TlsRecord r = dec.decodeRecord(Direction.SERVER_TO_CLIENT, rec, 0, rec.length, root, ex);
        assertEquals("Certificate", r.info());
        assertTrue(ex.stream().anyMatch(e -> e.key().equals("tls.certificate.malformed")), ex.toString());
        assertFalse(dec.sessionInfo().serverCertificates().get(0).parsed());
        assertTrue(root.find("tls.handshake.certificate").display().startsWith("Certificate: unparsable"));
    }

    @Test
    void changeCipherSpecDropsAnIncompleteMessage() {
        TlsDecoder dec = helloed();
        List<ExpertItem> ex = new ArrayList<>();
        byte[] frag = {22, 3, 3, 0, 8, 11, 0, 1, 0, 0, 0, 0, 0};
        assertEquals("[Certificate Fragment]",
                dec.decodeRecord(Direction.SERVER_TO_CLIENT, frag, 0, frag.length, Field.NONE, ex).info());
        byte[] ccs = {20, 3, 3, 0, 1, 1};
        dec.decodeRecord(Direction.SERVER_TO_CLIENT, ccs, 0, ccs.length, Field.NONE, ex);
        assertTrue(ex.stream().anyMatch(e -> e.key().equals("tls.handshake.incomplete")));
        assertTrue(dec.isEncrypted(Direction.SERVER_TO_CLIENT));
        assertFalse(dec.isEncrypted(Direction.CLIENT_TO_SERVER));
    }

    /** A ClientHello whose cipher-suite list runs past the message: an expert item, and what came before stays. */
    @Test
    void truncatedClientHelloKeepsWhatWasRead() {
        byte[] rec = new byte[5 + 4 + 39];
        rec[0] = 22;
        rec[1] = 3;
        rec[2] = 1;
        rec[4] = 43;
        rec[5] = 1; // ClientHello, 39 bytes
        rec[8] = 39;
        rec[9] = 3; // legacy_version TLS 1.2
        rec[10] = 3;
        // random (32 zero bytes), empty session id, then 64 bytes of cipher suites announced, 2 present
        rec[45] = 64;
        rec[46] = 0x13;
        rec[47] = 0x01;
        TlsDecoder dec = new TlsDecoder();
        List<ExpertItem> ex = new ArrayList<>();
        Field root = Field.root();
        TlsRecord r = dec.decodeRecord(Direction.CLIENT_TO_SERVER, rec, 0, rec.length, root, ex);
        assertEquals(List.of(1), r.handshakeTypes());
        assertNoDecoderException(ex, "truncated cipher suites");
        assertTrue(ex.stream().anyMatch(e -> e.key().equals("tls.malformed") && e.severity() == Severity.ERROR
                && e.text().equals("cipher suites: truncated (needs 64 bytes, 2 left)") && e.offset() == 46
                && e.length() == 2), ex.toString());
        assertNotNull(root.find("tls.handshake.version"), "fields before the cut are kept");
        assertNotNull(root.find("tls.handshake.random"));
        assertEquals("64", root.find("tls.handshake.cipher_suites_length").value());
        assertNotNull(root.find("tls.malformed"), "the message is marked malformed");
        assertEquals(List.of(0x0303), dec.sessionInfo().offeredVersions(), "the session still records the offer");
    }

    /** The SSLv2 ClientHello of rsasnakeoil2.pcap cut at every length and with flipped bytes. */
    @Test
    void sslv2ClientHelloTruncatedAndFlipped() {
        byte[] hello = Fixtures.segments("rsasnakeoil2.pcap").get(0).data();
        assertEquals(hello.length, Ssl2ClientHello.length(hello, 0, hello.length));
        for (int cut = 1; cut < hello.length; cut++) {
            List<ExpertItem> ex = new ArrayList<>();
            Field root = Field.root();
            TlsRecord r = new TlsDecoder().decodeRecord(Direction.CLIENT_TO_SERVER, hello, 0, cut, root, ex);
            assertNotNull(r);
            assertNoDecoderException(ex, "SSLv2 cut " + cut);
            assertTrue(ex.stream().anyMatch(e -> e.severity() == Severity.ERROR), "cut " + cut + " reported: " + ex);
            if (cut >= 2) {
                assertNotNull(root.find("tls"), "tree kept, cut " + cut);
            }
            // the framer and the decoder follow the same rule
            int rule = Ssl2ClientHello.length(hello, 0, cut);
            assertEquals(rule == Ssl2ClientHello.NOT_SSL2 ? TlsFramer.NOT_TLS : rule, TlsFramer.probe(hello, 0, cut));
        }
        Random rnd = new Random(2);
        for (int round = 0; round < 2000; round++) {
            byte[] b = hello.clone();
            for (int i = 0; i < 1 + rnd.nextInt(3); i++) {
                b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
            List<ExpertItem> ex = new ArrayList<>();
            TlsRecord r = new TlsDecoder().decodeRecord(Direction.CLIENT_TO_SERVER, b, 0, b.length,
                    round % 2 == 0 ? Field.root() : Field.NONE, ex);
            assertNotNull(r);
            assertNoDecoderException(ex, "SSLv2 flips round " + round);
            if ((b[0] & 0x80) != 0 && Ssl2ClientHello.length(b, 0, b.length) == Ssl2ClientHello.NOT_SSL2) {
                assertTrue(ex.stream().anyMatch(e -> e.key().equals("tls.record.unknown_type")), "not a ClientHello: " + ex);
            }
        }
    }

    /** A decoder that has seen the ClientHello and ServerHello of tls12-chacha20poly1305.pcap. */
    static TlsDecoder helloed() {
        TlsDecoder dec = new TlsDecoder();
        List<Fixtures.Decoded> recs = new ArrayList<>();
        Fixtures.replay("tls12-chacha20poly1305.pcap", false).values().forEach(recs::addAll);
        for (int i = 0; i < 2; i++) {
            Fixtures.Decoded d = recs.get(i);
            List<ExpertItem> ex = new ArrayList<>();
            dec.decodeRecord(d.dir(), d.bytes(), 0, d.bytes().length, Field.NONE, ex);
            assertEquals(List.of(), ex);
        }
        return dec;
    }

    static byte[] certificateFrom(String fixture, int stream) {
        for (List<Fixtures.Decoded> recs : Fixtures.replay(fixture, false).values()) {
            for (Fixtures.Decoded d : recs) {
                byte[] b = d.bytes();
                if (d.stream() == stream && d.record().handshakeTypes().contains(11) && b[5] == 11) {
                    int len = ((b[12] & 0xff) << 16) | ((b[13] & 0xff) << 8) | (b[14] & 0xff);
                    return Arrays.copyOfRange(b, 15, 15 + len);
                }
            }
        }
        throw new AssertionError("no certificate");
    }

    private static int[] cutPoints(int len) {
        if (len <= 3000) {
            int[] all = new int[len];
            for (int i = 0; i < len; i++) {
                all[i] = i;
            }
            return all;
        }
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            l.add(i);
        }
        for (int i = 64; i < len; i += 97) {
            l.add(i);
        }
        l.add(len - 1);
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The decoder catches every exception at its boundaries (record, message, extension), so "does not throw"
     * cannot fail: a bug of ours shows as a "Decoder exception" (or a "Decryptor failed") expert item, which
     * malformed input must never cause.
     */
    static void assertNoDecoderException(List<ExpertItem> ex, String where) {
        for (ExpertItem e : ex) {
            assertFalse(e.text().contains("Decoder exception") || e.text().startsWith("Decryptor failed"),
                    where + ": an exception was swallowed: " + e);
        }
    }
}
