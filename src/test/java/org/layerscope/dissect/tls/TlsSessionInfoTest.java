package org.layerscope.dissect.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Session summaries of real (and synthetic) connections, checked against what tshark shows of them. */
class TlsSessionInfoTest {

    @ParameterizedTest(name = "{0} stream {1}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
        tls12-chacha20poly1305.pcap | 0 | 0x0303 | TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 | ECDHE x25519
        tls12-chacha20poly1305.pcap | 1 | 0x0303 | TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256   | ECDHE x25519
        tls12-chacha20poly1305.pcap | 2 | 0x0303 | TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256     | DHE 2048-bit
        tls12-chacha20poly1305.pcap | 3 | 0x0303 | TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256     | RSA_PSK
        tls12-chacha20poly1305.pcap | 4 | 0x0303 | TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256     | DHE_PSK 3072-bit
        tls12-chacha20poly1305.pcap | 5 | 0x0303 | TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256   | ECDHE_PSK x25519
        tls12-chacha20poly1305.pcap | 6 | 0x0303 | TLS_PSK_WITH_CHACHA20_POLY1305_SHA256         | PSK
        tls13-rfc8446.pcap          | 0 | 0x0304 | TLS_AES_128_GCM_SHA256                        | x25519 (key_share)
        tls13-rfc8446.pcap          | 1 | 0x0304 | TLS_AES_128_GCM_SHA256                        | PSK with x25519 (key_share)
        tls13-20-chacha20poly1305.pcap | 0 | 0x7f14 | TLS_CHACHA20_POLY1305_SHA256               | x25519 (key_share)
        rsasnakeoil2.pcap           | 0 | 0x0300 | TLS_RSA_WITH_AES_256_CBC_SHA                  | RSA
        rsasnakeoil2.pcap           | 1 | 0x0300 | TLS_RSA_WITH_3DES_EDE_CBC_SHA                 | RSA
        tls-renegotiation.pcap      | 0 | 0x0303 | TLS_RSA_WITH_AES_128_CBC_SHA                  | RSA
        tls12-aes128ccm.pcap        | 0 | 0x0303 | TLS_PSK_WITH_AES_128_CCM                      | PSK
        tls12-aes256gcm.pcap        | 0 | 0x0303 | TLS_PSK_WITH_AES_256_GCM_SHA384               | PSK
        tls12-dsb.pcapng            | 1 | 0x0303 | TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256         | ECDHE secp256r1
        dhe1.pcapng                 | 0 | 0x0301 | TLS_DHE_RSA_WITH_AES_256_CBC_SHA              | DHE
        http2-data-reassembly.pcap  | 0 | 0x0303 | TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256       | ECDHE secp256r1
        """)
    void negotiated(String fixture, int stream, String version, String suite, String kx) {
        TlsSessionInfo s = session(fixture, stream);
        assertEquals(Integer.decode(version), s.version());
        assertEquals(suite, s.cipherSuiteName());
        assertEquals(TlsNames.cipherSuiteCode(suite), s.cipherSuite());
        assertEquals(kx, s.keyExchange());
        assertTrue(s.handshakeMessageCompleted());
        assertTrue(s.clientEncrypted() && s.serverEncrypted());
    }

    @Test
    void tls12FullHandshake() {
        TlsSessionInfo s = session("tls12-chacha20poly1305.pcap", 0);
        assertEquals("TLS 1.2", s.versionName());
        assertFalse(s.isTls13());
        assertEquals("10.42.0.243", s.serverName());
        assertEquals(List.of(0x0303), s.offeredVersions());
        assertEquals(1, s.serverCertificates().size());
        TlsSessionInfo.CertificateInfo c = s.serverCertificates().get(0);
        assertEquals("CN=localhost", c.subject());
        assertEquals("CN=localhost", c.issuer());
        assertEquals(Instant.parse("2017-06-02T18:33:28Z"), c.notBefore());
        assertEquals(Instant.parse("2017-07-02T18:33:28Z"), c.notAfter());
        assertEquals("d2c6d38588184854", c.serialNumber());
        assertEquals("EC 384 bits", c.publicKey());
        assertTrue(c.expiredAt(Instant.parse("2024-01-01T00:00:00Z")));
        assertFalse(c.expiredAt(Instant.parse("2017-06-15T00:00:00Z")));
        // both Finished are the encrypted handshake records after each ChangeCipherSpec
        assertEquals(2, s.finishedCount());
        assertTrue(s.clientFinished() && s.serverFinished());
        // the client's close_notify is encrypted
        assertTrue(s.clientAlert().encrypted());
        assertEquals(-1, s.clientAlert().description());
        assertNull(s.serverAlert());
        assertEquals(1, s.clientAppDataRecords());
        assertEquals(1, s.serverAppDataRecords());
        assertFalse(s.certificateRequested());
        assertFalse(s.clientCertificateSent());
        assertFalse(s.resumed());
    }

    @Test
    void tls13FullHandshakeAndResumptionWithEarlyData() {
        TlsSessionInfo full = session("tls13-rfc8446.pcap", 0);
        assertTrue(full.isTls13());
        assertEquals("TLS 1.3", full.versionName());
        assertEquals(List.of(0x0304, 0x7f1c, 0x7f17, 0x0303, 0x0302, 0x0301), full.offeredVersions());
        assertFalse(full.earlyDataOffered());
        assertFalse(full.resumed());
        // everything after the ServerHello is encrypted: no certificate, no Finished readable
        assertEquals(List.of(), full.serverCertificates());
        assertEquals(0, full.finishedCount());
        assertEquals(2, full.handshakeMessages());

        TlsSessionInfo resumed = session("tls13-rfc8446.pcap", 1);
        assertTrue(resumed.earlyDataOffered());
        assertTrue(resumed.resumed());
        assertFalse(resumed.helloRetryRequest());
    }

    @Test
    void tls13Draft20() {
        TlsSessionInfo s = session("tls13-20-chacha20poly1305.pcap", 1);
        assertEquals("TLS 1.3 (draft 20)", s.versionName());
        assertTrue(s.isTls13());
        assertEquals("10.42.0.243", s.serverName());
    }

    @Test
    void ssl3WithSsl2ClientHelloAndResumption() {
        TlsSessionInfo s = session("rsasnakeoil2.pcap", 0);
        assertEquals("SSL 3.0", s.versionName());
        assertEquals(List.of(0x0300), s.offeredVersions());
        TlsSessionInfo.CertificateInfo c = s.serverCertificates().get(0);
        assertEquals("emailAddress=www@snakeoil.dom,CN=www.snakeoil.dom,OU=Webserver Team,O=Snake Oil\\, Ltd,"
                + "L=Snake Town,ST=Snake Desert,C=XY", c.subject());
        assertTrue(c.issuer().contains("CN=Snake Oil CA"));
        assertEquals("MD5withRSA", c.signatureAlgorithm());
        assertTrue(session("rsasnakeoil2.pcap", 1).resumed());
    }

    @Test
    void renegotiation() {
        TlsSessionInfo s = session("tls-renegotiation.pcap", 0);
        assertEquals(1, s.newSessionTicketCount());
        assertEquals("CN=localhost", s.serverCertificates().get(0).subject());
        // one Finished per direction per handshake: five handshakes (four renegotiations, all encrypted)
        assertEquals(10, s.finishedCount());
        assertEquals(6, s.handshakeMessages()); // readable: CH, SH, Certificate, SHD, CKE, NewSessionTicket
        assertTrue(session("dhe1.pcapng", 0).resumed());
        assertTrue(s.clientAlert().encrypted());
    }

    @Test
    void alpnAndTwoCertificateChain() {
        TlsSessionInfo s = session("tls12-dsb.pcapng", 0);
        assertEquals("example.com", s.serverName());
        assertEquals(List.of("http/1.1"), s.alpnOffered());
        assertEquals("http/1.1", s.alpnSelected());
        assertEquals(2, s.serverCertificates().size());
        assertTrue(s.serverCertificates().get(0).subject().startsWith("CN=www.example.org,"));
        assertEquals("CN=DigiCert SHA2 High Assurance Server CA,OU=www.digicert.com,O=DigiCert Inc,C=US",
                s.serverCertificates().get(1).subject());
        assertEquals(s.serverCertificates().get(1).subject(), s.serverCertificates().get(0).issuer());
        assertEquals(List.of("h2", "http/1.1"), session("http2-data-reassembly.pcap", 0).alpnOffered());
        assertEquals("h2", session("http2-data-reassembly.pcap", 0).alpnSelected());
    }

    @Test
    void mutualAuthenticationRejected() {
        TlsSessionInfo s = session("synthetic", 0);
        assertEquals("broker.example.com", s.serverName());
        assertEquals(List.of("mqtt", "x-amzn-mqtt-ca"), s.alpnOffered());
        assertEquals("mqtt", s.alpnSelected());
        assertTrue(s.certificateRequested());
        assertTrue(s.clientCertificateSeen());
        assertTrue(s.clientCertificateSent());
        assertEquals("CN=localhost", s.clientCertificates().get(0).subject());
        assertEquals("SHA256withECDSA", s.clientCertificates().get(0).signatureAlgorithm());
        assertEquals(new TlsSessionInfo.AlertInfo(2, 48, false, "fatal", "unknown_ca"), s.serverAlert());
        assertEquals("fatal unknown_ca", s.serverAlert().toString());
        assertTrue(s.clientEncrypted());
        assertFalse(s.serverEncrypted());
        assertTrue(s.clientFinished());
        assertFalse(s.serverFinished());
    }

    @Test
    void emptyClientCertificate() {
        TlsSessionInfo s = session("synthetic", 1);
        assertTrue(s.certificateRequested());
        assertTrue(s.clientCertificateSeen());
        assertFalse(s.clientCertificateSent());
        assertEquals("handshake_failure", s.serverAlert().descriptionName());
    }

    @Test
    void helloRetryRequest() {
        TlsSessionInfo s = session("synthetic", 2);
        assertTrue(s.helloRetryRequest());
        assertTrue(s.isTls13());
        assertEquals("TLS_AES_256_GCM_SHA384", s.cipherSuiteName());
        assertEquals("secp256r1 (key_share)", s.keyExchange());
        assertEquals("hrr.example", s.serverName());
    }

    @Test
    void protocolVersionRejected() {
        TlsSessionInfo s = session("synthetic", 3);
        assertEquals(-1, s.version());
        assertNull(s.versionName());
        assertEquals(List.of(0x0304), s.offeredVersions());
        assertEquals("protocol_version", s.serverAlert().descriptionName());
        assertEquals(2, s.serverAlert().level());
        assertFalse(s.clientEncrypted());
    }

    @Test
    void captureStartingAfterTheHandshake() {
        TlsSessionInfo s = session("synthetic", 5);
        assertEquals(-1, s.version());
        assertTrue(s.clientEncrypted() && s.serverEncrypted());
        assertTrue(s.serverAlert().encrypted());
        assertFalse(s.handshakeMessageCompleted());
    }

    private static TlsSessionInfo session(String fixture, int stream) {
        Map<Integer, TlsDecoder> d = Fixtures.replayKeepingDecoders(fixture);
        TlsDecoder dec = d.get(stream);
        assertNotNull(dec, fixture + " has no stream " + stream);
        return dec.sessionInfo();
    }
}
