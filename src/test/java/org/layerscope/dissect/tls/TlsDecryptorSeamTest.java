package org.layerscope.dissect.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;

/**
 * The decryption seam: a {@link RecordDecryptor} that hands back the plaintexts tshark decrypted with
 * the captures' key logs makes the decoder dissect TLS 1.3's protected handshake like tshark does
 * with keys (truth: the captures' *.truth.tsv, decrypted view).
 */
class TlsDecryptorSeamTest {

    /** Returns, for the record being decoded, the plaintext tshark found for it. */
    static final class FixtureDecryptor implements RecordDecryptor {
        final Map<Integer, Map<Integer, Plaintext>> plain;
        Plaintext current;
        final List<String> messages = new ArrayList<>();
        int ccs;

        FixtureDecryptor(Map<Integer, Map<Integer, Plaintext>> plain) {
            this.plain = plain;
        }

        void at(int frame, int index) {
            current = plain.getOrDefault(frame, Map.of()).get(index);
        }

        @Override
        public Plaintext decrypt(Direction dir, int contentType, int version, byte[] buf, int off, int len) {
            return current;
        }

        @Override
        public void onHandshakeMessage(Direction dir, int type, byte[] msg, int off, int len) {
            assertEquals(type, msg[off] & 0xff);
            int declared = ((msg[off + 1] & 0xff) << 16) | ((msg[off + 2] & 0xff) << 8) | (msg[off + 3] & 0xff);
            assertEquals(len, 4 + declared, "whole message handed over");
            messages.add((dir == Direction.CLIENT_TO_SERVER ? "C:" : "S:") + type);
        }

        @Override
        public void onChangeCipherSpec(Direction dir) {
            ccs++;
        }
    }

    private static Map<Integer, List<Fixtures.Decoded>> replay(String capture, Map<Integer, FixtureDecryptor> out) {
        Map<Integer, Map<Integer, RecordDecryptor.Plaintext>> plain = Fixtures.decrypted(capture);
        return Fixtures.replay(Fixtures.segments(capture), true, stream -> {
            FixtureDecryptor d = new FixtureDecryptor(plain);
            out.put(stream, d);
            return new TlsDecoder(d);
        }, (decoder, frame, index) -> ((FixtureDecryptor) decoder.decryptor()).at(frame, index));
    }

    @ParameterizedTest(name = "{0} frame {1}")
    @CsvSource(delimiter = '|', textBlock = """
        tls13-rfc8446.pcap | 1  | 22          | 1          |   | Client Hello
        tls13-rfc8446.pcap | 2  | 22,20,22    | 2,8,11,15,20 | | Server Hello, Change Cipher Spec, Encrypted Extensions, Certificate, Certificate Verify, Finished
        tls13-rfc8446.pcap | 3  | 20,22       | 20         |   | Change Cipher Spec, Finished
        tls13-rfc8446.pcap | 4  | 22          | 4,4        |   | New Session Ticket, New Session Ticket
        tls13-rfc8446.pcap | 5  | 23          |            |   | Application Data
        tls13-rfc8446.pcap | 8  | 20,23       |            |   | Change Cipher Spec, Application Data
        tls13-rfc8446.pcap | 9  | 22,20,22,22 | 2,8,20,4,4 |   | Server Hello, Change Cipher Spec, Encrypted Extensions, Finished, New Session Ticket, New Session Ticket
        tls13-rfc8446.pcap | 11 | 22,22       | 5,20       |   | End of Early Data, Finished
        tls13-rfc8446.pcap | 13 | 23          |            |   | Application Data
        tls13-20-chacha20poly1305.pcap | 2  | 22,22,22,22,22 | 2,8,11,15,20 | | Server Hello, Encrypted Extensions, Certificate, Certificate Verify, Finished
        tls13-20-chacha20poly1305.pcap | 3  | 22  | 20 |   | Finished
        tls13-20-chacha20poly1305.pcap | 4  | 22  | 4  |   | New Session Ticket
        tls13-20-chacha20poly1305.pcap | 7  | 23  |    |   | Application Data
        tls13-20-chacha20poly1305.pcap | 8  | 21  |    | 0 | Alert (Level: Warning, Description: Close Notify)
        tls13-20-chacha20poly1305.pcap | 12 | 22  | 4  |   | New Session Ticket
        """)
    void decryptedLikeTshark(String capture, int frame, String types, String hsTypes, String alert, String info) {
        List<Fixtures.Decoded> recs = replay(capture, new LinkedHashMap<>()).get(frame);
        StringJoiner ct = new StringJoiner(",");
        StringJoiner hs = new StringJoiner(",");
        StringJoiner al = new StringJoiner(",");
        StringJoiner in = new StringJoiner(", ");
        for (Fixtures.Decoded d : recs) {
            ct.add(Integer.toString(d.record().contentType()));
            d.record().handshakeTypes().forEach(t -> hs.add(Integer.toString(t)));
            if (d.record().alertDescription() != -1) {
                al.add(Integer.toString(d.record().alertDescription()));
            }
            in.add(d.record().info());
            assertFalse(d.record().opaque(), "decrypted records are not opaque");
            for (ExpertItem e : d.expert()) {
                assertFalse(e.key().startsWith("tls.malformed"), "frame " + frame + ": " + e);
            }
        }
        assertEquals(types, ct.toString());
        assertEquals(hsTypes == null ? "" : hsTypes, hs.toString());
        assertEquals(alert == null ? "" : alert, al.toString());
        assertEquals(info, in.toString());
    }

    @Test
    void tls13CertificateAndApplicationDataThroughTheSeam() {
        Map<Integer, FixtureDecryptor> decs = new LinkedHashMap<>();
        Map<Integer, List<Fixtures.Decoded>> got = replay("tls13-rfc8446.pcap", decs);
        TlsRecord get = got.get(5).get(0).record();
        assertTrue(get.encrypted());
        assertNotNull(get.plaintext());
        assertTrue(new String(get.plaintext(), StandardCharsets.US_ASCII).startsWith("GET /first HTTP/1.1"));
        TlsRecord early = got.get(8).get(1).record();
        assertTrue(new String(early.plaintext(), StandardCharsets.US_ASCII).startsWith("GET /early HTTP/1.1"));
        // the decrypted handshake record: inner type in the tree, offsets -1 (not in the frame's bytes)
        Field tree = got.get(2).get(2).tree();
        assertEquals("23", tree.find("tls.record.opaque_type").value());
        assertEquals("22", tree.find("tls.record.content_type").value());
        Field cert = tree.find("tls.handshake.certificate.subject");
        assertNotNull(cert);
        assertEquals(-1, cert.offset());
        // what the decryptor saw: every whole message, clear and decrypted, and the CCSs
        FixtureDecryptor first = decs.get(0);
        assertEquals(List.of("C:1", "S:2", "S:8", "S:11", "S:15", "S:20", "C:20", "S:4", "S:4"), first.messages);
        assertEquals(2, first.ccs);
        TlsDecoder dec = new TlsDecoder();
        assertNull(dec.decryptor());
    }

    @Test
    void tls13SessionInfoWithDecryption() {
        Map<Integer, TlsDecoder> decoders = new LinkedHashMap<>();
        Map<Integer, Map<Integer, RecordDecryptor.Plaintext>> plain = Fixtures.decrypted("tls13-rfc8446.pcap");
        Fixtures.replay(Fixtures.segments("tls13-rfc8446.pcap"), false,
                stream -> decoders.computeIfAbsent(stream, k -> new TlsDecoder(new FixtureDecryptor(plain))),
                (decoder, frame, index) -> ((FixtureDecryptor) decoder.decryptor()).at(frame, index));
        TlsSessionInfo s = decoders.get(0).sessionInfo();
        assertEquals(1, s.serverCertificates().size());
        assertTrue(s.serverCertificates().get(0).parsed());
        assertEquals(2, s.finishedCount());
        assertEquals(2, s.newSessionTicketCount());
        TlsSessionInfo resumed = decoders.get(1).sessionInfo();
        assertEquals(List.of(), resumed.serverCertificates());
        assertEquals(2, resumed.finishedCount());

        Map<Integer, TlsDecoder> draft = new LinkedHashMap<>();
        Map<Integer, Map<Integer, RecordDecryptor.Plaintext>> p20 = Fixtures.decrypted("tls13-20-chacha20poly1305.pcap");
        Fixtures.replay(Fixtures.segments("tls13-20-chacha20poly1305.pcap"), false,
                stream -> draft.computeIfAbsent(stream, k -> new TlsDecoder(new FixtureDecryptor(p20))),
                (decoder, frame, index) -> ((FixtureDecryptor) decoder.decryptor()).at(frame, index));
        TlsSessionInfo d = draft.get(0).sessionInfo();
        assertEquals(1, d.newSessionTicketCount());
        assertFalse(d.serverCertificates().isEmpty());
        assertEquals("close_notify", d.clientAlert().descriptionName());
    }
}
