package org.layerscope.dissect.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;

/** The details tree: Wireshark field names and display lines, and offsets that stay inside the record. */
class TlsTreeTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "tls12-chacha20poly1305.pcap", "tls13-rfc8446.pcap", "tls13-20-chacha20poly1305.pcap",
        "tls-fragmented-handshakes.pcap", "tls-renegotiation.pcap", "rsasnakeoil2.pcap", "tls12-dsb.pcapng",
        "dhe1.pcapng", "http2-data-reassembly.pcap", "synthetic"})
    void offsetsStayInsideTheirRecord(String fixture) {
        for (List<Fixtures.Decoded> recs : Fixtures.replay(fixture, true).values()) {
            for (Fixtures.Decoded d : recs) {
                int lo = d.offset();
                int hi = d.offset() + d.bytes().length;
                Field tls = d.tree().find("tls");
                assertNotNull(tls, "frame " + d.frame());
                assertEquals(lo, tls.offset());
                Field rec = tls.find("tls.record");
                assertNotNull(rec);
                assertTrue(rec.display().contains(" Record Layer: "), rec.display());
                checkOffsets(tls, lo, hi, fixture + " frame " + d.frame());
                for (ExpertItem e : d.expert()) {
                    assertTrue(e.offset() == -1 || e.offset() >= lo && e.offset() + e.length() <= hi,
                            fixture + " frame " + d.frame() + ": " + e);
                }
            }
        }
    }

    private static void checkOffsets(Field f, int lo, int hi, String where) {
        if (f.offset() != -1) {
            assertTrue(f.offset() >= lo && f.offset() + f.length() <= hi && f.length() >= 0,
                    where + ": " + f.name() + " @" + f.offset() + "+" + f.length() + " outside [" + lo + "," + hi + ")");
        }
        assertNotNull(f.display(), where + ": " + f.name());
        for (Field c : f.children()) {
            checkOffsets(c, lo, hi, where);
        }
    }

    @Test
    void clientHelloTls12() {
        Fixtures.Decoded ch = record("tls12-chacha20poly1305.pcap", 1, 0);
        Field t = ch.tree();
        assertField(t, "tls.record.content_type", "22", "Content Type: Handshake (22)");
        assertField(t, "tls.record.version", "769", "Version: TLS 1.0 (0x0301)");
        assertField(t, "tls.record.length", "135", "Length: 135");
        assertField(t, "tls.handshake.type", "1", "Handshake Type: Client Hello (1)");
        assertField(t, "tls.handshake.length", "131", "Length: 131");
        assertField(t, "tls.handshake.version", "771", "Version: TLS 1.2 (0x0303)");
        assertField(t, "tls.handshake.ciphersuite", "52393",
                "Cipher Suite: TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 (0xcca9)");
        assertField(t, "tls.handshake.extensions_server_name", "10.42.0.243", "Server Name: 10.42.0.243");
        assertField(t, "tls.handshake.extensions_supported_group", "29", "Supported Group: x25519 (0x001d)");
        assertField(t, "tls.handshake.sig_hash_alg", "1027", "Signature Algorithm: ecdsa_secp256r1_sha256 (0x0403)");
        assertEquals(15, t.findAll("tls.handshake.sig_hash_alg").size());
        assertEquals("Signature Algorithm: SHA1 DSA (0x0202)", t.findAll("tls.handshake.sig_hash_alg").get(11).display());
        assertEquals("Extension: server_name (len=16)", t.find("tls.handshake.extension").display());
        Field random = t.find("tls.handshake.random");
        assertEquals(ch.offset() + 11, random.offset());
        assertEquals(32, random.length());
        assertEquals("ab85fc5f6db67c9cf825cd8a1f34cf6c5e89ec09656a4944ec5536a36aed5728", random.value());
        assertEquals("TLSv1 Record Layer: Handshake Protocol: Client Hello", t.find("tls.record").display());
    }

    @Test
    void serverFlightTls12() {
        Map<Integer, List<Fixtures.Decoded>> got = Fixtures.replay("tls12-chacha20poly1305.pcap", true);
        List<Fixtures.Decoded> flight = got.get(2);
        assertField(flight.get(0).tree(), "tls.handshake.ciphersuite", "52393",
                "Cipher Suite: TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 (0xcca9)");
        Field cert = flight.get(1).tree();
        assertField(cert, "tls.handshake.certificate.subject", "CN=localhost", "Subject: CN=localhost");
        assertField(cert, "tls.handshake.certificate.issuer", "CN=localhost", "Issuer: CN=localhost");
        assertField(cert, "tls.handshake.certificate.not_after", "2017-07-02T18:33:28Z", "Not After: 2017-07-02T18:33:28Z");
        Field ske = flight.get(2).tree();
        assertField(ske, "tls.handshake.server_curve_type", "3", "Curve Type: named_curve (0x03)");
        assertField(ske, "tls.handshake.server_named_curve", "29", "Named Curve: x25519 (0x001d)");
        assertField(ske, "tls.handshake.sig_hash_alg", "1027", "Signature Algorithm: ecdsa_secp256r1_sha256 (0x0403)");
        assertField(ske, "tls.handshake.sig_len", "102", "Signature Length: 102");
        List<Fixtures.Decoded> client = got.get(3);
        assertField(client.get(0).tree(), "tls.handshake.client_point_len", "32", "Pubkey Length: 32");
        assertEquals("Change Cipher Spec Message", client.get(1).tree().find("tls.change_cipher_spec").display());
        assertEquals("Handshake Protocol: Encrypted Handshake Message", client.get(2).tree().find("tls.handshake").display());
        assertNull(client.get(2).tree().find("tls.handshake.type"));
        Field app = got.get(5).get(0).tree();
        assertTrue(app.find("tls.app_data").display().startsWith("Encrypted Application Data: 5764dd7e"));
        assertEquals("Alert Message: Encrypted Alert", got.get(9).get(0).tree().find("tls.alert_message").display());
    }

    @Test
    void tls13Hellos() {
        Map<Integer, List<Fixtures.Decoded>> got = Fixtures.replay("tls13-rfc8446.pcap", true);
        Field ch = got.get(1).get(0).tree();
        List<String> versions = ch.findAll("tls.handshake.extensions.supported_version").stream().map(Field::value).toList();
        assertEquals(List.of("772", "32540", "32535", "771", "770", "769"), versions);
        assertEquals("Supported Version: TLS 1.3 (draft 28) (0x7f1c)",
                ch.findAll("tls.handshake.extensions.supported_version").get(1).display());
        assertField(ch, "tls.handshake.extensions_key_share_group", "29", "Group: x25519 (29)");
        assertField(ch, "tls.extension.psk_ke_mode", "1",
                "PSK Key Exchange Mode: PSK with (EC)DHE key establishment (psk_dhe_ke) (1)");
        Field sh = got.get(2).get(0).tree();
        assertField(sh, "tls.handshake.extensions.supported_version", "772", "Supported Version: TLS 1.3 (0x0304)");
        assertField(sh, "tls.handshake.ciphersuite", "4865", "Cipher Suite: TLS_AES_128_GCM_SHA256 (0x1301)");
        Field opaque = got.get(2).get(2).tree();
        assertField(opaque, "tls.record.opaque_type", "23", "Opaque Type: Application Data (23)");
        assertNull(opaque.find("tls.record.content_type"));
        assertEquals("TLSv1.3 Record Layer: Application Data Protocol: Application Data",
                opaque.find("tls.record").display());
        Field ch2 = got.get(7).get(0).tree();
        assertTrue(ch2.findAll("tls.handshake.extension").stream().anyMatch(
                f -> f.display().equals("Extension: early_data (len=0)")));
        assertField(ch2, "tls.handshake.extensions.psk.identity.obfuscated_ticket_age", "2873808630",
                "Obfuscated Ticket Age: 2873808630");
        // 0-RTT data before the ServerHello: opaque
        assertField(got.get(8).get(1).tree(), "tls.record.opaque_type", "23", "Opaque Type: Application Data (23)");
        assertField(got.get(9).get(0).tree(), "tls.handshake.extensions.psk.identity.selected", "0", "Selected Identity: 0");
    }

    @Test
    void tls13Draft20ServerHello() {
        Field sh = Fixtures.replay("tls13-20-chacha20poly1305.pcap", true).get(2).get(0).tree();
        assertField(sh, "tls.handshake.version", "32532", "Version: TLS 1.3 (draft 20) (0x7f14)");
        assertField(sh, "tls.handshake.ciphersuite", "4867", "Cipher Suite: TLS_CHACHA20_POLY1305_SHA256 (0x1303)");
        assertEquals("Extension: Reserved (key_share) (len=36)", sh.find("tls.handshake.extension").display());
        assertField(sh, "tls.handshake.extensions_key_share_group", "29", "Group: x25519 (29)");
        assertNull(sh.find("tls.handshake.session_id_length"));
    }

    @Test
    void fragmentsAndReassembledMessages() {
        Map<Integer, List<Fixtures.Decoded>> got = Fixtures.replay("tls-fragmented-handshakes.pcap", true);
        // frame 15: a record holding only the first 17 bytes of a ClientHello
        Fixtures.Decoded start = got.get(15).get(0);
        assertEquals("[Client Hello Fragment]", start.record().info());
        assertEquals("Handshake Protocol: Client Hello (fragment)", start.tree().find("tls.handshake.fragment").display());
        assertNull(start.tree().find("tls.handshake"));
        // frame 16: completes it (first message, reassembled) then two more
        Fixtures.Decoded next = got.get(16).get(0);
        assertEquals(List.of(1, 1), next.record().handshakeTypes());
        List<Field> msgs = next.tree().findAll("tls.handshake");
        Field reassembled = msgs.get(0);
        assertEquals(-1, reassembled.offset(), "starts in an earlier record");
        assertEquals(53, reassembled.length());
        assertEquals(-1, reassembled.find("tls.handshake.type").offset());
        Field ext = reassembled.find("tls.handshake.extension.data");
        assertTrue(ext.offset() >= next.offset() + 5, "tail of the message lies in this record");
        assertEquals("Handshake Protocol: Client Hello (last fragment)",
                next.tree().find("tls.handshake.fragment").display());
        // a record with only a middle part shows nothing
        Fixtures.Decoded mid = got.get(298).get(0);
        assertEquals("", mid.record().info());
        assertEquals(List.of(), mid.record().handshakeTypes());
    }

    @Test
    void alertsAndSsl2() {
        Map<Integer, List<Fixtures.Decoded>> syn = Fixtures.replay("synthetic", true);
        Fixtures.Decoded alert = syn.get(4).get(0);
        assertField(alert.tree(), "tls.alert_message.level", "2", "Level: Fatal (2)");
        assertField(alert.tree(), "tls.alert_message.desc", "48", "Description: Unknown CA (48)");
        assertEquals(2, alert.record().alertLevel());
        assertEquals(48, alert.record().alertDescription());
        assertEquals("Alert (Level: Fatal, Description: Unknown CA)", alert.record().info());
        assertTrue(alert.expert().stream().anyMatch(e -> e.key().equals("tls.alert")));
        Field cr = syn.get(2).get(3).tree();
        assertField(cr, "tls.handshake.dn", "CN=ca.example", "Distinguished Name: CN=ca.example");
        assertField(cr, "tls.handshake.cert_type", "1", "Certificate type: RSA Sign (1)");

        Fixtures.Decoded ssl2 = Fixtures.replay("rsasnakeoil2.pcap", true).get(4).get(0);
        assertEquals(0x0002, ssl2.record().version());
        assertEquals(103, ssl2.record().length());
        assertEquals("SSLv2 Record Layer: Client Hello", ssl2.tree().find("tls.record").display());
        assertField(ssl2.tree(), "tls.handshake.version", "768", "Version: SSL 3.0 (0x0300)");
        assertEquals(26, ssl2.tree().findAll("tls.handshake.cipherspec").size());
        assertEquals("Cipher Spec: SSL2_RC4_128_WITH_MD5 (0x010080)",
                ssl2.tree().find("tls.handshake.cipherspec").display());
        assertEquals("Cipher Spec: TLS_DHE_RSA_WITH_AES_256_CBC_SHA (0x000039)",
                ssl2.tree().findAll("tls.handshake.cipherspec").get(6).display());
    }

    @Test
    void heartbeat() {
        Map<Integer, List<Fixtures.Decoded>> syn = Fixtures.replay("synthetic", true);
        Fixtures.Decoded req = syn.get(19).get(0);
        assertEquals("Heartbeat Request", req.record().info());
        assertField(req.tree(), "tls.heartbeat_message.payload_length", "16384", "Payload Length: 16384");
        assertTrue(req.expert().stream().anyMatch(e -> e.key().equals("tls.heartbeat.payload_length")),
                "payload length beyond the message (Heartbleed) is flagged");
        assertEquals("Heartbeat Response", syn.get(20).get(0).record().info());
    }

    @Test
    void noTreeGivesTheSameRecords() {
        for (String f : new String[] {"tls12-chacha20poly1305.pcap", "tls13-rfc8446.pcap", "synthetic"}) {
            List<TlsRecord> a = new ArrayList<>();
            List<TlsRecord> b = new ArrayList<>();
            Fixtures.replay(f, true).values().forEach(l -> l.forEach(d -> a.add(d.record())));
            Fixtures.replay(f, false).values().forEach(l -> l.forEach(d -> b.add(d.record())));
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                TlsRecord x = a.get(i);
                TlsRecord y = b.get(i);
                assertEquals(List.of(x.contentType(), x.opaque(), x.encrypted(), x.version(), x.length(),
                        x.handshakeTypes(), x.alertLevel(), x.alertDescription(), x.info()),
                        List.of(y.contentType(), y.opaque(), y.encrypted(), y.version(), y.length(),
                        y.handshakeTypes(), y.alertLevel(), y.alertDescription(), y.info()), f + " record " + i);
            }
        }
    }

    @Test
    void recordInTheMiddleOfABuffer() {
        byte[] rec = record("tls12-chacha20poly1305.pcap", 1, 0).bytes();
        byte[] buf = new byte[rec.length + 100];
        Arrays.fill(buf, (byte) 0x55);
        System.arraycopy(rec, 0, buf, 37, rec.length);
        Field root = Field.root();
        List<ExpertItem> ex = new ArrayList<>();
        TlsRecord r = new TlsDecoder().decodeRecord(Direction.CLIENT_TO_SERVER, buf, 37, rec.length, root, ex);
        assertEquals(List.of(), ex);
        assertEquals("Client Hello", r.info());
        assertEquals(37, root.find("tls.record.content_type").offset());
        assertEquals(37 + 63, root.find("tls.handshake.extensions_server_name").offset());
    }

    private static Fixtures.Decoded record(String fixture, int frame, int index) {
        return Fixtures.replay(fixture, true).get(frame).get(index);
    }

    private static void assertField(Field tree, String name, String value, String display) {
        Field f = tree.find(name);
        assertNotNull(f, "no field " + name);
        assertEquals(value, f.value(), name);
        assertEquals(display, f.display(), name);
    }
}
