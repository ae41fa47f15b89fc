package org.layerscope.dissect.tls;

import java.time.Instant;
import java.util.List;

/**
 * What one TLS connection negotiated, as far as the decoder could see it (a snapshot; see
 * {@link TlsDecoder#sessionInfo()}). Without keys, TLS 1.3 hides everything after the ServerHello
 * (certificates, ALPN selection, client certificate), so those fields stay empty there.
 *
 * @param version                 negotiated version (ServerHello's supported_versions, else its
 *                                version field), or -1 when no ServerHello was seen
 * @param versionName             its name ("TLS 1.2", "TLS 1.3 (draft 20)") or null
 * @param cipherSuite             selected cipher suite, or -1
 * @param cipherSuiteName         its IANA name, or null ("Unknown" when not in the table)
 * @param offeredVersions         versions the client offered (supported_versions, else its
 *                                legacy_version), empty when no ClientHello was seen
 * @param serverName              SNI host name sent by the client, or null
 * @param alpnOffered             ALPN protocols offered by the client
 * @param alpnSelected            ALPN protocol selected by the server (ServerHello, or EncryptedExtensions
 *                                when decrypted), or null
 * @param keyExchange             key exchange as far as known: "ECDHE x25519", "DHE", "RSA", "PSK",
 *                                "ECDHE secp256r1 (TLS 1.3 key_share)", ... or null
 * @param helloRetryRequest       whether the server sent a HelloRetryRequest
 * @param resumed                 whether the server accepted resumption (TLS 1.2: ServerHello echoes
 *                                the client's session id; TLS 1.3: ServerHello has pre_shared_key)
 * @param earlyDataOffered        whether the ClientHello carried the early_data extension (0-RTT)
 * @param serverCertificates      the server's chain (last Certificate message), leaf first
 * @param clientCertificates      the client's chain (last Certificate message), leaf first
 * @param certificateRequested    whether the server sent a CertificateRequest
 * @param clientCertificateSeen   whether a Certificate message from the client was read (maybe empty)
 * @param clientCertificateSent   whether the client sent a non-empty certificate chain
 * @param clientAlert             first alert sent by the client, or null
 * @param serverAlert             first alert sent by the server, or null
 * @param clientEncrypted         whether the client's records are encrypted by now
 * @param serverEncrypted         whether the server's records are encrypted by now
 * @param handshakeMessages       number of handshake messages read in full (clear or decrypted)
 * @param finishedCount           number of Finished messages seen: decoded ones, plus (TLS 1.2 and
 *                                before, without keys) the encrypted handshake record right after each
 *                                ChangeCipherSpec, which is the Finished
 * @param clientFinished          whether a Finished from the client was seen (as above)
 * @param serverFinished          whether a Finished from the server was seen (as above)
 * @param newSessionTicketCount   number of NewSessionTicket messages read
 * @param clientAppDataRecords    number of application data records sent by the client (TLS 1.3:
 *                                opaque records after the handshake cannot be told apart, all count)
 * @param serverAppDataRecords    same for the server
 */
public record TlsSessionInfo(int version, String versionName, int cipherSuite, String cipherSuiteName,
                             List<Integer> offeredVersions, String serverName, List<String> alpnOffered,
                             String alpnSelected, String keyExchange, boolean helloRetryRequest,
                             boolean resumed, boolean earlyDataOffered,
                             List<CertificateInfo> serverCertificates, List<CertificateInfo> clientCertificates,
                             boolean certificateRequested, boolean clientCertificateSeen,
                             boolean clientCertificateSent, AlertInfo clientAlert, AlertInfo serverAlert,
                             boolean clientEncrypted, boolean serverEncrypted, int handshakeMessages,
                             int finishedCount, boolean clientFinished, boolean serverFinished,
                             int newSessionTicketCount, long clientAppDataRecords, long serverAppDataRecords) {

    public TlsSessionInfo {
        offeredVersions = List.copyOf(offeredVersions);
        alpnOffered = List.copyOf(alpnOffered);
        serverCertificates = List.copyOf(serverCertificates);
        clientCertificates = List.copyOf(clientCertificates);
    }

    /** Whether a ServerHello selected TLS 1.3 (or one of its drafts). */
    public boolean isTls13() {
        return version != -1 && TlsNames.isTls13(version);
    }

    /** Whether at least one handshake message was read in full. */
    public boolean handshakeMessageCompleted() {
        return handshakeMessages > 0;
    }

    /**
     * One certificate of a chain.
     *
     * @param subject            subject DN (RFC 2253 form, "CN=localhost,O=Example"), null if unparsable
     * @param issuer             issuer DN, null if unparsable
     * @param notBefore          start of validity, null if unparsable
     * @param notAfter           end of validity, null if unparsable
     * @param serialNumber       serial number in hex, null if unparsable
     * @param signatureAlgorithm signature algorithm name ("SHA256withECDSA"), null if unparsable
     * @param publicKey          public key summary ("EC 384 bits", "RSA 2048 bits"), null if unknown
     * @param length             DER length in bytes
     * @param error              why the certificate could not be parsed, or null
     */
    public record CertificateInfo(String subject, String issuer, Instant notBefore, Instant notAfter,
                                  String serialNumber, String signatureAlgorithm, String publicKey, int length,
                                  String error) {
        /** Whether the DER parsed as an X.509 certificate. */
        public boolean parsed() {
            return error == null;
        }

        /** Whether {@code at} lies outside [notBefore, notAfter] (false when unknown). */
        public boolean expiredAt(Instant at) {
            return notAfter != null && notBefore != null && (at.isAfter(notAfter) || at.isBefore(notBefore));
        }
    }

    /**
     * An alert.
     *
     * @param level            1 warning, 2 fatal, -1 when encrypted
     * @param description      description code, -1 when encrypted
     * @param encrypted        whether the alert could not be read
     * @param levelName        "warning", "fatal", null when encrypted or unknown
     * @param descriptionName  RFC name ("close_notify", "unknown_ca"), null when encrypted or unknown
     */
    public record AlertInfo(int level, int description, boolean encrypted, String levelName,
                            String descriptionName) {
        /** "fatal unknown_ca", "encrypted alert", "warning 200". */
        @Override
        public String toString() {
            if (encrypted) {
                return "encrypted alert";
            }
            return (levelName != null ? levelName : "level " + level) + " "
                    + (descriptionName != null ? descriptionName : Integer.toString(description));
        }
    }
}
