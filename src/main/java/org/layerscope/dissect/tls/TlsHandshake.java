package org.layerscope.dissect.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.layerscope.model.Field;
import org.layerscope.model.Severity;

/**
 * Bodies of handshake messages and their extensions (RFC 5246, 8446, 6066, 7301, 8422, 4492, 5077,
 * 6520, 7627, 8449, 8879). Each method reads {@code [p, end)} of {@link Ctx#b}, adds fields when the
 * tree is on, updates the session state, and reports malformed content as expert items. Nothing here
 * reads outside {@code [p, end)}.
 */
final class TlsHandshake {
    static final int HELLO_REQUEST = 0;
    static final int CLIENT_HELLO = 1;
    static final int SERVER_HELLO = 2;
    static final int NEW_SESSION_TICKET = 4;
    static final int END_OF_EARLY_DATA = 5;
    static final int HELLO_RETRY_REQUEST = 6;
    static final int ENCRYPTED_EXTENSIONS = 8;
    static final int CERTIFICATE = 11;
    static final int SERVER_KEY_EXCHANGE = 12;
    static final int CERTIFICATE_REQUEST = 13;
    static final int SERVER_HELLO_DONE = 14;
    static final int CERTIFICATE_VERIFY = 15;
    static final int CLIENT_KEY_EXCHANGE = 16;
    static final int FINISHED = 20;
    static final int CERTIFICATE_STATUS = 22;
    static final int KEY_UPDATE = 24;
    static final int COMPRESSED_CERTIFICATE = 25;

    /** SHA-256("HelloRetryRequest"), the ServerHello.random of a HelloRetryRequest (RFC 8446 4.1.3). */
    static final byte[] HRR_RANDOM = {
        (byte) 0xCF, 0x21, (byte) 0xAD, 0x74, (byte) 0xE5, (byte) 0x9A, 0x61, 0x11, (byte) 0xBE, 0x1D, (byte) 0x8C,
        0x02, 0x1E, 0x65, (byte) 0xB8, (byte) 0x91, (byte) 0xC2, (byte) 0xA2, 0x11, 0x16, 0x7A, (byte) 0xBB,
        (byte) 0x8C, 0x5E, 0x07, (byte) 0x9E, 0x09, (byte) 0xE2, (byte) 0xC8, (byte) 0xA8, 0x33, (byte) 0x9C};

    private static final int HEX_MAX = 36;

    private TlsHandshake() {
    }

    /** True when the ServerHello body at {@code p} carries the HelloRetryRequest random. */
    static boolean isHelloRetryRequest(byte[] b, int p, int end) {
        if (end - p < 34) {
            return false;
        }
        return Arrays.equals(b, p + 2, p + 34, HRR_RANDOM, 0, 32);
    }

    /** Dispatches on the message type. {@code p..end} is the body (after the 4-byte header). */
    static void body(Ctx c, int type, Field h, int p, int end) {
        switch (type) {
            case CLIENT_HELLO -> clientHello(c, h, p, end);
            case SERVER_HELLO -> serverHello(c, h, p, end);
            case HELLO_RETRY_REQUEST -> draftHelloRetryRequest(c, h, p, end);
            case NEW_SESSION_TICKET -> newSessionTicket(c, h, p, end);
            case ENCRYPTED_EXTENSIONS -> extensionBlock(c, h, p, end, ENCRYPTED_EXTENSIONS, true);
            case CERTIFICATE -> certificate(c, h, p, end);
            case SERVER_KEY_EXCHANGE -> serverKeyExchange(c, h, p, end);
            case CERTIFICATE_REQUEST -> certificateRequest(c, h, p, end);
            case CERTIFICATE_VERIFY -> certificateVerify(c, h, p, end);
            case CLIENT_KEY_EXCHANGE -> clientKeyExchange(c, h, p, end);
            case FINISHED -> bytesField(c, h, "tls.handshake.verify_data", "Verify Data", p, end - p);
            case CERTIFICATE_STATUS -> certificateStatus(c, h, p, end);
            case KEY_UPDATE -> keyUpdate(c, h, p, end);
            case COMPRESSED_CERTIFICATE -> compressedCertificate(c, h, p, end);
            case HELLO_REQUEST, SERVER_HELLO_DONE, END_OF_EARLY_DATA -> {
                if (end > p) {
                    c.expert(Severity.WARN, "tls.malformed", TlsNames.handshakeType(type)
                            + " must be empty, has " + (end - p) + " bytes", p, end - p);
                }
            }
            default -> {
                if (end > p) {
                    bytesField(c, h, "tls.handshake.data", "Data", p, end - p);
                }
            }
        }
    }

    // ================================================================== hellos

    private static void clientHello(Ctx c, Field h, int p, int end) {
        SessionState s = c.s;
        s.clientHelloSeen = true;
        s.offeredVersions.clear();
        s.offeredSupportedVersions = false;
        s.alpnOffered.clear();
        s.earlyDataOffered = false;
        s.serverName = null;
        if (!c.need(p, 2, end, "Client Hello version")) {
            return;
        }
        int ver = c.u16(p);
        s.clientLegacyVersion = ver;
        version(c, h, "tls.handshake.version", p, ver);
        p += 2;
        try {
            if (!c.need(p, 32, end, "Client Hello random")) {
                return;
            }
            random(c, h, p, false);
            p += 32;
            p = sessionId(c, h, p, end, true);
            if (p < 0) {
                return;
            }
            if (!c.need(p, 2, end, "cipher suites length")) {
                return;
            }
            int csLen = c.u16(p);
            if (c.on) {
                c.add(h, "tls.handshake.cipher_suites_length", p, 2, csLen, "Cipher Suites Length: " + csLen);
            }
            p += 2;
            if (csLen % 2 != 0) {
                c.expert(Severity.WARN, "tls.malformed", "Cipher suites length " + csLen + " is odd", p - 2, 2);
            }
            if (!c.need(p, csLen, end, "cipher suites")) {
                return;
            }
            if (c.on) {
                Field list = c.add(h, "tls.handshake.ciphersuites", p, csLen, null,
                        "Cipher Suites (" + csLen / 2 + " suite" + (csLen / 2 == 1 ? "" : "s") + ")");
                for (int i = 0; i + 1 < csLen; i += 2) {
                    int cs = c.u16(p + i);
                    c.add(list, "tls.handshake.ciphersuite", p + i, 2, cs, "Cipher Suite: "
                            + TlsNames.cipherSuiteOrUnknown(cs) + " (" + Hex.u16(cs) + ")");
                }
            }
            p += csLen;
            if (!c.need(p, 1, end, "compression methods length")) {
                return;
            }
            int cmLen = c.u8(p);
            if (c.on) {
                c.add(h, "tls.handshake.comp_methods_length", p, 1, cmLen, "Compression Methods Length: " + cmLen);
            }
            p++;
            if (!c.need(p, cmLen, end, "compression methods")) {
                return;
            }
            if (c.on) {
                Field list = c.add(h, "tls.handshake.comp_methods", p, cmLen, null,
                        "Compression Methods (" + cmLen + " method" + (cmLen == 1 ? "" : "s") + ")");
                for (int i = 0; i < cmLen; i++) {
                    int m = c.u8(p + i);
                    c.add(list, "tls.handshake.comp_method", p + i, 1, m,
                            "Compression Method: " + TlsNames.compressionMethod(m) + " (" + m + ")");
                }
            }
            p += cmLen;
            if (p < end) {
                extensionBlock(c, h, p, end, CLIENT_HELLO, true);
            }
        } finally {
            if (s.offeredVersions.isEmpty()) {
                s.offeredVersions.add(ver);
            }
        }
    }

    private static void serverHello(Ctx c, Field h, int p, int end) {
        SessionState s = c.s;
        if (!c.need(p, 2, end, "Server Hello version")) {
            return;
        }
        int ver = c.u16(p);
        version(c, h, "tls.handshake.version", p, ver);
        p += 2;
        if (!c.need(p, 32, end, "Server Hello random")) {
            return;
        }
        boolean hrr = Arrays.equals(c.b, p, p + 32, HRR_RANDOM, 0, 32);
        random(c, h, p, hrr);
        p += 32;
        // TLS 1.3 drafts before 22 had no session id and no compression method in the ServerHello
        boolean oldDraft = (ver & 0xff00) == 0x7f00 && (ver & 0xff) < 22;
        boolean resumedBySid = false;
        if (!oldDraft) {
            int sidStart = p + 1;
            p = sessionId(c, h, p, end, false);
            if (p < 0) {
                return;
            }
            int sidLen = p - sidStart;
            byte[] cs = s.clientSessionId;
            resumedBySid = sidLen > 0 && cs != null && cs.length == sidLen
                    && Arrays.equals(c.b, sidStart, p, cs, 0, sidLen);
        }
        if (!c.need(p, 2, end, "Server Hello cipher suite")) {
            return;
        }
        int suite = c.u16(p);
        if (c.on) {
            c.add(h, "tls.handshake.ciphersuite", p, 2, suite, "Cipher Suite: "
                    + TlsNames.cipherSuiteOrUnknown(suite) + " (" + Hex.u16(suite) + ")");
        }
        p += 2;
        if (!oldDraft) {
            if (!c.need(p, 1, end, "Server Hello compression method")) {
                return;
            }
            int m = c.u8(p);
            if (c.on) {
                c.add(h, "tls.handshake.comp_method", p, 1, m,
                        "Compression Method: " + TlsNames.compressionMethod(m) + " (" + m + ")");
            }
            p++;
        }
        int selected = -1;
        boolean psk = false;
        int keyShareGroup = -1;
        if (p < end) {
            ExtResult r = extensionBlock(c, h, p, end, hrr ? HELLO_RETRY_REQUEST : SERVER_HELLO, true);
            selected = r.selectedVersion;
            psk = r.pskSelected;
            keyShareGroup = r.keyShareGroup;
        }
        int negotiated = selected != -1 ? selected : ver;
        s.version = negotiated;
        s.cipherSuite = suite;
        if (hrr) {
            s.helloRetryRequest = true;
            if (keyShareGroup != -1) {
                s.keyExchange = TlsNames.namedGroup(keyShareGroup) + " (requested by HelloRetryRequest)";
            }
            return;
        }
        s.serverHelloSeen = true;
        if (selected != -1 && !TlsNames.isTls13(selected)) {
            c.expert(Severity.WARN, "tls.version", "supported_versions selected " + TlsNames.version(selected)
                    + ", which is not TLS 1.3", -1, 0);
        }
        if (TlsNames.isTls13(negotiated)) {
            s.tls13 = true;
            s.resumed = psk;
            String ks = keyShareGroup == -1 ? null : TlsNames.namedGroup(keyShareGroup) + " (key_share)";
            s.keyExchange = psk ? (ks == null ? "PSK" : "PSK with " + ks) : ks;
        } else {
            s.resumed = resumedBySid;
            s.keyExchange = keyExchangeName(TlsNames.keyExchange(suite));
        }
        if (!s.offeredVersions.isEmpty() && !s.offeredVersions.contains(negotiated)
                && !(negotiated <= s.clientLegacyVersion && !s.offeredSupportedVersions)) {
            c.expert(Severity.WARN, "tls.version", "Server selected " + TlsNames.version(negotiated)
                    + ", which the client did not offer", -1, 0);
        }
    }

    /** HelloRetryRequest as handshake type 6 (TLS 1.3 drafts before 22). */
    private static void draftHelloRetryRequest(Ctx c, Field h, int p, int end) {
        SessionState s = c.s;
        if (!c.need(p, 2, end, "Hello Retry Request version")) {
            return;
        }
        int ver = c.u16(p);
        version(c, h, "tls.handshake.version", p, ver);
        p += 2;
        int draft = TlsNames.tls13Draft(ver);
        if (draft >= 19 || ver == 0x0304) {
            if (!c.need(p, 2, end, "Hello Retry Request cipher suite")) {
                return;
            }
            int suite = c.u16(p);
            if (c.on) {
                c.add(h, "tls.handshake.ciphersuite", p, 2, suite, "Cipher Suite: "
                        + TlsNames.cipherSuiteOrUnknown(suite) + " (" + Hex.u16(suite) + ")");
            }
            s.cipherSuite = suite;
            p += 2;
        }
        s.version = ver;
        s.helloRetryRequest = true;
        if (p < end) {
            extensionBlock(c, h, p, end, HELLO_RETRY_REQUEST, true);
        }
    }

    private static void version(Ctx c, Field h, String name, int p, int ver) {
        if (c.on) {
            c.add(h, name, p, 2, ver, "Version: " + TlsNames.version(ver) + " (" + Hex.u16(ver) + ")");
        }
    }

    private static void random(Ctx c, Field h, int p, boolean hrr) {
        if (c.on) {
            String hex = c.hex(p, 32, 32);
            c.add(h, "tls.handshake.random", p, 32, hex,
                    "Random: " + hex + (hrr ? " (HelloRetryRequest magic)" : ""));
        }
    }

    /** Reads session_id&lt;0..32&gt;; returns the index after it, or -1 when truncated. */
    private static int sessionId(Ctx c, Field h, int p, int end, boolean client) {
        if (!c.need(p, 1, end, "session id length")) {
            return -1;
        }
        int len = c.u8(p);
        if (c.on) {
            c.add(h, "tls.handshake.session_id_length", p, 1, len, "Session ID Length: " + len);
        }
        p++;
        if (len > 32) {
            c.expert(Severity.WARN, "tls.malformed", "Session ID longer than 32 bytes (" + len + ")", p - 1, 1);
        }
        if (!c.need(p, len, end, "session id")) {
            return -1;
        }
        if (len > 0 && c.on) {
            String hex = c.hex(p, len, 255);
            c.add(h, "tls.handshake.session_id", p, len, hex, "Session ID: " + hex);
        }
        if (client) {
            c.s.clientSessionId = Arrays.copyOfRange(c.b, p, p + len);
        }
        return p + len;
    }

    // ================================================================== certificates

    /** TLS 1.3's certificate_request_context (length and bytes); the offset after it, or -1 when truncated. */
    private static int requestContext(Ctx c, Field h, int p, int end) {
        if (!c.need(p, 1, end, "certificate request context length")) {
            return -1;
        }
        int ctxLen = c.u8(p);
        if (c.on) {
            c.add(h, "tls.handshake.certificate_request_context_length", p, 1, ctxLen,
                    "Certificate Request Context Length: " + ctxLen);
        }
        p++;
        if (!c.need(p, ctxLen, end, "certificate request context")) {
            return -1;
        }
        if (ctxLen > 0) {
            bytesField(c, h, "tls.handshake.certificate_request_context", "Certificate Request Context", p, ctxLen);
        }
        return p + ctxLen;
    }

    private static void certificate(Ctx c, Field h, int p, int end) {
        SessionState s = c.s;
        boolean tls13 = s.tls13;
        if (tls13) {
            p = requestContext(c, h, p, end);
            if (p < 0) {
                return;
            }
        }
        if (!c.need(p, 3, end, "certificates length")) {
            return;
        }
        int total = c.u24(p);
        if (c.on) {
            c.add(h, "tls.handshake.certificates_length", p, 3, total, "Certificates Length: " + total);
        }
        p += 3;
        int lim = p + total;
        if (lim > end || lim < p) {
            c.expert(Severity.ERROR, "tls.malformed", "Certificates length " + total + " exceeds the message ("
                    + (end - p) + " bytes left)", p - 3, 3);
            lim = end;
        } else if (lim < end) {
            c.expert(Severity.WARN, "tls.malformed", (end - lim) + " bytes after the certificate list", lim, end - lim);
        }
        Field list = c.on ? c.add(h, "tls.handshake.certificates", p, lim - p, null,
                "Certificates (" + (lim - p) + " bytes)") : Field.NONE;
        List<TlsSessionInfo.CertificateInfo> chain = new ArrayList<>(3);
        while (p < lim) {
            if (!c.need(p, 3, lim, "certificate length")) {
                break;
            }
            int len = c.u24(p);
            if (c.on) {
                c.add(list, "tls.handshake.certificate_length", p, 3, len, "Certificate Length: " + len);
            }
            p += 3;
            if (!c.need(p, len, lim, "certificate")) {
                break;
            }
            TlsSessionInfo.CertificateInfo ci = X509Summary.parse(c.b, p, len);
            chain.add(ci);
            certificateField(c, list, p, len, ci);
            if (!ci.parsed()) {
                c.expert(Severity.WARN, "tls.certificate.malformed", "Certificate " + chain.size()
                        + " does not parse as X.509: " + ci.error(), p, len);
            }
            p += len;
            if (tls13) {
                if (!c.need(p, 2, lim, "certificate extensions length")) {
                    break;
                }
                int el = c.u16(p);
                if (c.on) {
                    c.add(list, "tls.handshake.certificate.extensions_length", p, 2, el, "Extensions Length: " + el);
                }
                p += 2;
                if (!c.need(p, el, lim, "certificate extensions")) {
                    break;
                }
                if (el > 0) {
                    extensionList(c, list, p, p + el, CERTIFICATE);
                }
                p += el;
            }
        }
        if (c.client()) {
            s.clientCertificateSeen = true;
            s.clientCertificateSent = !chain.isEmpty();
            s.clientCerts = chain;
        } else {
            s.serverCerts = chain;
        }
    }

    private static void certificateField(Ctx c, Field list, int p, int len, TlsSessionInfo.CertificateInfo ci) {
        if (!c.on) {
            return;
        }
        if (!ci.parsed()) {
            c.add(list, "tls.handshake.certificate", p, len, null,
                    "Certificate: unparsable (" + len + " bytes): " + ci.error());
            return;
        }
        Field f = c.add(list, "tls.handshake.certificate", p, len, ci.subject(),
                "Certificate: " + ci.subject() + " (" + len + " bytes)");
        c.add(f, "tls.handshake.certificate.subject", p, len, ci.subject(), "Subject: " + ci.subject());
        c.add(f, "tls.handshake.certificate.issuer", p, len, ci.issuer(), "Issuer: " + ci.issuer());
        c.add(f, "tls.handshake.certificate.not_before", p, len, ci.notBefore(), "Not Before: " + ci.notBefore());
        c.add(f, "tls.handshake.certificate.not_after", p, len, ci.notAfter(), "Not After: " + ci.notAfter());
        c.add(f, "tls.handshake.certificate.serial", p, len, ci.serialNumber(), "Serial Number: 0x" + ci.serialNumber());
        c.add(f, "tls.handshake.certificate.signature_algorithm", p, len, ci.signatureAlgorithm(),
                "Signature Algorithm: " + ci.signatureAlgorithm());
        if (ci.publicKey() != null) {
            c.add(f, "tls.handshake.certificate.public_key", p, len, ci.publicKey(), "Public Key: " + ci.publicKey());
        }
    }

    private static void compressedCertificate(Ctx c, Field h, int p, int end) {
        if (!c.need(p, 8, end, "Compressed Certificate")) {
            return;
        }
        int alg = c.u16(p);
        int ulen = c.u24(p + 2);
        int clen = c.u24(p + 5);
        if (c.on) {
            c.add(h, "tls.handshake.compress_certificate.algorithm", p, 2, alg,
                    "Algorithm: " + TlsNames.certCompressionAlgorithm(alg) + " (" + alg + ")");
            c.add(h, "tls.handshake.compress_certificate.uncompressed_length", p + 2, 3, ulen,
                    "Uncompressed Length: " + ulen);
            c.add(h, "tls.handshake.compress_certificate.compressed_length", p + 5, 3, clen,
                    "Length: " + clen);
        }
        if (c.need(p + 8, clen, end, "compressed certificate")) {
            bytesField(c, h, "tls.handshake.compress_certificate.compressed_certificate_message",
                    "Compressed Certificate Message", p + 8, clen);
        }
    }

    private static void certificateStatus(Ctx c, Field h, int p, int end) {
        if (!c.need(p, 4, end, "Certificate Status")) {
            return;
        }
        int type = c.u8(p);
        int len = c.u24(p + 1);
        if (c.on) {
            c.add(h, "tls.handshake.cert_status_type", p, 1, type, "Certificate Status Type: "
                    + (type == 1 ? "OCSP" : type == 2 ? "OCSP Multi" : "Unknown") + " (" + type + ")");
            c.add(h, "tls.handshake.cert_status_len", p + 1, 3, len, "OCSP Response Length: " + len);
        }
        if (c.need(p + 4, len, end, "OCSP response")) {
            bytesField(c, h, "tls.handshake.ocsp_response", "OCSP Response", p + 4, len);
        }
    }

    private static void certificateRequest(Ctx c, Field h, int p, int end) {
        SessionState s = c.s;
        s.certificateRequested = true;
        if (s.tls13) {
            p = requestContext(c, h, p, end);
            if (p >= 0) {
                extensionBlock(c, h, p, end, CERTIFICATE_REQUEST, true);
            }
            return;
        }
        if (!c.need(p, 1, end, "certificate types count")) {
            return;
        }
        int n = c.u8(p);
        if (c.on) {
            c.add(h, "tls.handshake.cert_types_count", p, 1, n, "Certificate types count: " + n);
        }
        p++;
        if (!c.need(p, n, end, "certificate types")) {
            return;
        }
        if (c.on) {
            Field types = c.add(h, "tls.handshake.cert_types", p, n, null, "Certificate types (" + n + " types)");
            for (int i = 0; i < n; i++) {
                int t = c.u8(p + i);
                c.add(types, "tls.handshake.cert_type", p + i, 1, t,
                        "Certificate type: " + TlsNames.clientCertificateType(t) + " (" + t + ")");
            }
        }
        p += n;
        if (s.version >= 0x0303 || s.version == -1 && looksLikeSigAlgs(c, p, end)) {
            p = signatureAlgorithms(c, h, p, end);
            if (p < 0) {
                return;
            }
        }
        distinguishedNames(c, h, p, end);
    }

    /** Without a known version: a TLS 1.2 CertificateRequest has sig algs then DNs that fill the rest. */
    private static boolean looksLikeSigAlgs(Ctx c, int p, int end) {
        if (end - p < 4) {
            return false;
        }
        int l = c.u16(p);
        return l % 2 == 0 && p + 2 + l + 2 <= end && p + 2 + l + 2 + c.u16(p + 2 + l) == end;
    }

    private static int distinguishedNames(Ctx c, Field h, int p, int end) {
        if (!c.need(p, 2, end, "distinguished names length")) {
            return -1;
        }
        int total = c.u16(p);
        if (c.on) {
            c.add(h, "tls.handshake.dnames_len", p, 2, total, "Distinguished Names Length: " + total);
        }
        p += 2;
        if (!c.need(p, total, end, "distinguished names")) {
            return -1;
        }
        int lim = p + total;
        Field list = c.on ? c.add(h, "tls.handshake.dnames", p, total, null,
                "Distinguished Names (" + total + " bytes)") : Field.NONE;
        while (p < lim) {
            if (!c.need(p, 2, lim, "distinguished name length")) {
                return -1;
            }
            int l = c.u16(p);
            if (!c.need(p + 2, l, lim, "distinguished name")) {
                return -1;
            }
            if (c.on) {
                c.add(list, "tls.handshake.dn_len", p, 2, l, "Distinguished Name Length: " + l);
                String dn = X509Summary.dn(c.b, p + 2, l);
                c.add(list, "tls.handshake.dn", p + 2, l, dn, "Distinguished Name: "
                        + (dn != null ? dn : "(unparsable) " + c.hex(p + 2, l, HEX_MAX)));
            }
            p += 2 + l;
        }
        return lim;
    }

    // ================================================================== key exchange

    static String keyExchangeName(TlsNames.KeyExchange kx) {
        return switch (kx) {
            case UNKNOWN -> null;
            case RSA, RSA_EXPORT -> "RSA";
            case DH -> "DH";
            case DHE -> "DHE";
            case DH_ANON -> "DH_anon";
            case ECDH -> "ECDH";
            case ECDHE -> "ECDHE";
            case ECDH_ANON -> "ECDH_anon";
            case PSK -> "PSK";
            case DHE_PSK -> "DHE_PSK";
            case RSA_PSK -> "RSA_PSK";
            case ECDHE_PSK -> "ECDHE_PSK";
            case SRP -> "SRP";
            case KRB5 -> "KRB5";
            case ECCPWD -> "ECCPWD";
            case GOST -> "GOST";
            case NULL -> "NULL";
        };
    }

    private static void serverKeyExchange(Ctx c, Field h, int p, int end) {
        SessionState s = c.s;
        TlsNames.KeyExchange kx = TlsNames.keyExchange(s.cipherSuite);
        if (kx == TlsNames.KeyExchange.UNKNOWN) {
            // cipher suite unknown (capture started late): guess ECDHE named curve, else show the bytes
            if (end - p >= 4 && c.u8(p) == 3 && !"Unknown".equals(TlsNames.namedGroup(c.u16(p + 1)))) {
                kx = TlsNames.KeyExchange.ECDHE;
            } else {
                bytesField(c, h, "tls.handshake.server_params", "Server Key Exchange Data", p, end - p);
                return;
            }
        }
        boolean psk = kx == TlsNames.KeyExchange.PSK || kx == TlsNames.KeyExchange.DHE_PSK
                || kx == TlsNames.KeyExchange.ECDHE_PSK || kx == TlsNames.KeyExchange.RSA_PSK;
        Field params = h;
        if (psk) {
            params = c.on ? c.add(h, "tls.handshake.psk_params", p, end - p, null, "PSK Server Params") : Field.NONE;
            p = vector16(c, params, p, end, "tls.handshake.psk_identity_hint", "PSK Identity Hint", true);
            if (p < 0) {
                return;
            }
        }
        switch (kx) {
            case ECDHE, ECDH_ANON, ECDHE_PSK -> {
                Field ec = c.on ? c.add(h, "tls.handshake.ecdh_params", p, end - p, null,
                        "EC Diffie-Hellman Server Params") : Field.NONE;
                if (!c.need(p, 1, end, "curve type")) {
                    return;
                }
                int ct = c.u8(p);
                if (c.on) {
                    c.add(ec, "tls.handshake.server_curve_type", p, 1, ct,
                            "Curve Type: " + TlsNames.ecCurveType(ct) + " (0x" + TlsNames.hex2(ct) + ")");
                }
                p++;
                if (ct != 3) {
                    s.keyExchange = keyExchangeName(kx) + " " + TlsNames.ecCurveType(ct);
                    bytesField(c, ec, "tls.handshake.server_params", "Explicit Curve Parameters", p, end - p);
                    return;
                }
                if (!c.need(p, 2, end, "named curve")) {
                    return;
                }
                int g = c.u16(p);
                s.keyExchange = keyExchangeName(kx) + " " + TlsNames.namedGroup(g);
                if (c.on) {
                    c.add(ec, "tls.handshake.server_named_curve", p, 2, g,
                            "Named Curve: " + TlsNames.namedGroup(g) + " (" + Hex.u16(g) + ")");
                }
                p += 2;
                p = vector8(c, ec, p, end, "tls.handshake.server_point", "Pubkey");
                if (p >= 0 && kx == TlsNames.KeyExchange.ECDHE) {
                    signature(c, ec, p, end);
                } else if (p >= 0) {
                    trailing(c, p, end, "Server Key Exchange");
                }
            }
            case DHE, DH_ANON, DHE_PSK -> {
                Field dh = c.on ? c.add(h, "tls.handshake.dh_params", p, end - p, null,
                        "Diffie-Hellman Server Params") : Field.NONE;
                int pStart = p;
                p = vector16(c, dh, p, end, "tls.handshake.p", "p", false);
                int pBits = p < 0 ? 0 : (p - pStart - 2) * 8;
                s.keyExchange = keyExchangeName(kx) + (pBits > 0 ? " " + pBits + "-bit" : "");
                if (p >= 0) {
                    p = vector16(c, dh, p, end, "tls.handshake.g", "g", false);
                }
                if (p >= 0) {
                    p = vector16(c, dh, p, end, "tls.handshake.ys", "Pubkey", false);
                }
                if (p >= 0 && kx == TlsNames.KeyExchange.DHE) {
                    signature(c, dh, p, end);
                } else if (p >= 0) {
                    trailing(c, p, end, "Server Key Exchange");
                }
            }
            case RSA, RSA_EXPORT -> {
                Field rsa = c.on ? c.add(h, "tls.handshake.rsa_params", p, end - p, null,
                        "RSA-EXPORT Server Params") : Field.NONE;
                p = vector16(c, rsa, p, end, "tls.handshake.modulus", "Modulus", false);
                if (p >= 0) {
                    p = vector16(c, rsa, p, end, "tls.handshake.exponent", "Exponent", false);
                }
                if (p >= 0) {
                    signature(c, rsa, p, end);
                }
            }
            case PSK, RSA_PSK -> {
                s.keyExchange = keyExchangeName(kx);
                trailing(c, p, end, "Server Key Exchange");
            }
            default -> {
                s.keyExchange = keyExchangeName(kx);
                bytesField(c, h, "tls.handshake.server_params", "Server Key Exchange Data", p, end - p);
            }
        }
    }

    private static void clientKeyExchange(Ctx c, Field h, int p, int end) {
        SessionState s = c.s;
        TlsNames.KeyExchange kx = TlsNames.keyExchange(s.cipherSuite);
        switch (kx) {
            case RSA, RSA_EXPORT -> {
                Field f = c.on ? c.add(h, "tls.handshake.rsa_client_params", p, end - p, null,
                        "RSA Encrypted PreMaster Secret") : Field.NONE;
                if (s.version == 0x0300) {
                    bytesField(c, f, "tls.handshake.epms", "Encrypted PreMaster", p, end - p);
                } else {
                    int q = vector16(c, f, p, end, "tls.handshake.epms", "Encrypted PreMaster", false);
                    if (q >= 0) {
                        trailing(c, q, end, "Client Key Exchange");
                    }
                }
            }
            case DH, DHE, DH_ANON -> {
                Field f = c.on ? c.add(h, "tls.handshake.dh_client_params", p, end - p, null,
                        "Diffie-Hellman Client Params") : Field.NONE;
                if (end > p) {
                    int q = vector16(c, f, p, end, "tls.handshake.yc", "Pubkey", false);
                    if (q >= 0) {
                        trailing(c, q, end, "Client Key Exchange");
                    }
                }
            }
            case ECDH, ECDHE, ECDH_ANON -> {
                Field f = c.on ? c.add(h, "tls.handshake.ecdh_client_params", p, end - p, null,
                        "EC Diffie-Hellman Client Params") : Field.NONE;
                if (end > p) {
                    int q = vector8(c, f, p, end, "tls.handshake.client_point", "Pubkey");
                    if (q >= 0) {
                        trailing(c, q, end, "Client Key Exchange");
                    }
                }
            }
            case PSK, DHE_PSK, ECDHE_PSK, RSA_PSK -> {
                Field f = c.on ? c.add(h, "tls.handshake.psk_client_params", p, end - p, null,
                        "PSK Client Params") : Field.NONE;
                int q = vector16(c, f, p, end, "tls.handshake.psk_identity", "PSK Identity", true);
                if (q < 0) {
                    return;
                }
                if (kx == TlsNames.KeyExchange.DHE_PSK) {
                    q = vector16(c, f, q, end, "tls.handshake.yc", "Pubkey", false);
                } else if (kx == TlsNames.KeyExchange.ECDHE_PSK) {
                    q = vector8(c, f, q, end, "tls.handshake.client_point", "Pubkey");
                } else if (kx == TlsNames.KeyExchange.RSA_PSK) {
                    q = vector16(c, f, q, end, "tls.handshake.epms", "Encrypted PreMaster", false);
                }
                if (q >= 0) {
                    trailing(c, q, end, "Client Key Exchange");
                }
            }
            default -> bytesField(c, h, "tls.handshake.client_params", "Client Key Exchange Data", p, end - p);
        }
    }

    private static void certificateVerify(Ctx c, Field h, int p, int end) {
        signature(c, h, p, end);
    }

    /** digitally-signed: [SignatureAndHashAlgorithm (TLS 1.2+)] signature&lt;0..2^16-1&gt;. */
    private static void signature(Ctx c, Field h, int p, int end) {
        int v = c.s.version;
        boolean withAlg = v >= 0x0303 || v == -1 && end - p >= 4 && c.u16(p + 2) == end - p - 4;
        if (withAlg) {
            if (!c.need(p, 2, end, "signature algorithm")) {
                return;
            }
            sigScheme(c, h, "tls.handshake.sig_hash_alg", p, c.u16(p));
            p += 2;
        }
        int q = vector16(c, h, p, end, "tls.handshake.sig", "Signature", false);
        if (q >= 0) {
            trailing(c, q, end, "signature");
        }
    }

    private static void sigScheme(Ctx c, Field parent, String name, int p, int scheme) {
        if (!c.on) {
            return;
        }
        Field f = c.add(parent, name, p, 2, scheme,
                "Signature Algorithm: " + TlsNames.signatureScheme(scheme) + " (" + Hex.u16(scheme) + ")");
        c.add(f, "tls.handshake.sig_hash_hash", p, 1, scheme >> 8, "Signature Hash Algorithm Hash: "
                + TlsNames.hashAlgorithm(scheme >> 8) + " (" + (scheme >> 8) + ")");
        c.add(f, "tls.handshake.sig_hash_sig", p + 1, 1, scheme & 0xff, "Signature Hash Algorithm Signature: "
                + TlsNames.signatureAlgorithm(scheme & 0xff) + " (" + (scheme & 0xff) + ")");
    }

    // ================================================================== tickets, key update

    private static void newSessionTicket(Ctx c, Field h, int p, int end) {
        SessionState s = c.s;
        s.newSessionTicketCount++;
        if (!c.need(p, 4, end, "ticket lifetime")) {
            return;
        }
        long life = c.u32(p);
        if (c.on) {
            c.add(h, "tls.handshake.session_ticket_lifetime_hint", p, 4, life,
                    "Session Ticket Lifetime Hint: " + life + " seconds");
        }
        p += 4;
        if (s.tls13) {
            if (!c.need(p, 4, end, "ticket age add")) {
                return;
            }
            if (c.on) {
                c.add(h, "tls.handshake.session_ticket_age_add", p, 4, c.u32(p),
                        "Session Ticket Age Add: " + c.u32(p));
            }
            p += 4;
            int draft = TlsNames.tls13Draft(s.version);
            if (draft == 0 || draft >= 21) {
                p = vector8(c, h, p, end, "tls.handshake.session_ticket_nonce", "Session Ticket Nonce");
                if (p < 0) {
                    return;
                }
            }
        }
        p = vector16(c, h, p, end, "tls.handshake.session_ticket", "Session Ticket", false);
        if (p < 0) {
            return;
        }
        if (s.tls13) {
            extensionBlock(c, h, p, end, NEW_SESSION_TICKET, true);
        } else {
            trailing(c, p, end, "New Session Ticket");
        }
    }

    private static void keyUpdate(Ctx c, Field h, int p, int end) {
        if (!c.need(p, 1, end, "Key Update")) {
            return;
        }
        int r = c.u8(p);
        if (c.on) {
            c.add(h, "tls.handshake.key_update.request_update", p, 1, r, "KeyUpdateRequest: "
                    + (r == 0 ? "update_not_requested" : r == 1 ? "update_requested" : "Unknown") + " (" + r + ")");
        }
        trailing(c, p + 1, end, "Key Update");
    }

    // ================================================================== extensions

    /** What the caller of {@link #extensionBlock} needs from the extensions. */
    static final class ExtResult {
        int selectedVersion = -1;
        boolean pskSelected;
        int keyShareGroup = -1;
    }

    /** extensions&lt;0..2^16-1&gt; with its length; {@code msg} is the handshake type holding it. */
    static ExtResult extensionBlock(Ctx c, Field h, int p, int end, int msg, boolean trailingCheck) {
        ExtResult r = new ExtResult();
        if (!c.need(p, 2, end, "extensions length")) {
            return r;
        }
        int total = c.u16(p);
        if (c.on) {
            c.add(h, "tls.handshake.extensions_length", p, 2, total, "Extensions Length: " + total);
        }
        p += 2;
        int lim = p + total;
        if (lim > end) {
            c.expert(Severity.ERROR, "tls.malformed", "Extensions length " + total + " exceeds the message ("
                    + (end - p) + " bytes left)", p - 2, 2);
            lim = end;
        } else if (lim < end && trailingCheck) {
            c.expert(Severity.WARN, "tls.malformed", (end - lim) + " trailing bytes after the extensions",
                    lim, end - lim);
        }
        extensionList(c, h, p, lim, msg, r);
        return r;
    }

    static void extensionList(Ctx c, Field h, int p, int lim, int msg) {
        extensionList(c, h, p, lim, msg, new ExtResult());
    }

    private static void extensionList(Ctx c, Field h, int p, int lim, int msg, ExtResult r) {
        while (p < lim) {
            if (lim - p < 4) {
                c.expert(Severity.ERROR, "tls.malformed", "Truncated extension header", p, lim - p);
                return;
            }
            int type = c.u16(p);
            int len = c.u16(p + 2);
            boolean cut = p + 4 + len > lim;
            if (cut) {
                c.expert(Severity.ERROR, "tls.malformed", "Extension " + TlsNames.extension(type) + " (" + type
                        + ") length " + len + " exceeds the extensions (" + (lim - p - 4) + " bytes left)", p + 2, 2);
                len = lim - p - 4;
            }
            Field e = Field.NONE;
            if (c.on) {
                String name = TlsNames.extension(type);
                e = c.add(h, "tls.handshake.extension", p, 4 + len, type, "Extension: " + name + " (len=" + len + ")");
                c.add(e, "tls.handshake.extension.type", p, 2, type, "Type: " + name + " (" + type + ")");
                c.add(e, "tls.handshake.extension.len", p + 2, 2, len, "Length: " + len);
            }
            if (!cut) {
                try {
                    extension(c, e, type, p + 4, p + 4 + len, msg, r);
                } catch (RuntimeException ex) {
                    c.expert(Severity.ERROR, "tls.malformed", "Decoder exception: extension " + TlsNames.extension(type)
                            + " could not be read: " + ex, p, 4 + len);
                }
            }
            p += 4 + len;
        }
    }

    private static void extension(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        SessionState s = c.s;
        switch (type) {
            case TlsNames.EXT_SERVER_NAME -> {
                if (msg != CLIENT_HELLO || end == p) {
                    return;
                }
                if (!c.need(p, 2, end, "server name list length")) {
                    return;
                }
                int listLen = c.u16(p);
                Field sni = Field.NONE;
                if (c.on) {
                    sni = c.add(e, "tls.handshake.extensions_server_name_ext", p, end - p, null,
                            "Server Name Indication extension");
                    c.add(sni, "tls.handshake.extensions_server_name_list_len", p, 2, listLen,
                            "Server Name list length: " + listLen);
                }
                p += 2;
                int lim = Math.min(end, p + listLen);
                while (p < lim) {
                    if (!c.need(p, 3, lim, "server name entry")) {
                        return;
                    }
                    int nt = c.u8(p);
                    int nl = c.u16(p + 1);
                    if (!c.need(p + 3, nl, lim, "server name")) {
                        return;
                    }
                    String name = new String(c.b, p + 3, nl, StandardCharsets.UTF_8);
                    if (nt == 0 && s.serverName == null) {
                        s.serverName = name;
                    }
                    if (c.on) {
                        c.add(sni, "tls.handshake.extensions_server_name_type", p, 1, nt,
                                "Server Name Type: " + (nt == 0 ? "host_name" : "Unknown") + " (" + nt + ")");
                        c.add(sni, "tls.handshake.extensions_server_name_len", p + 1, 2, nl, "Server Name length: " + nl);
                        c.add(sni, "tls.handshake.extensions_server_name", p + 3, nl, name, "Server Name: " + name);
                    }
                    p += 3 + nl;
                }
            }
            case TlsNames.EXT_ALPN, TlsNames.EXT_ALPS -> {
                if (!c.need(p, 2, end, "ALPN extension length")) {
                    return;
                }
                int listLen = c.u16(p);
                if (c.on) {
                    c.add(e, "tls.handshake.extensions_alpn_len", p, 2, listLen, "ALPN Extension Length: " + listLen);
                }
                p += 2;
                int lim = Math.min(end, p + listLen);
                Field list = c.on ? c.add(e, "tls.handshake.extensions_alpn_list", p, lim - p, null, "ALPN Protocol")
                        : Field.NONE;
                while (p < lim) {
                    int l = c.u8(p);
                    if (!c.need(p + 1, l, lim, "ALPN protocol")) {
                        return;
                    }
                    String proto = new String(c.b, p + 1, l, StandardCharsets.ISO_8859_1);
                    if (type == TlsNames.EXT_ALPN) {
                        if (msg == CLIENT_HELLO) {
                            s.alpnOffered.add(proto);
                        } else if (msg == SERVER_HELLO || msg == ENCRYPTED_EXTENSIONS) {
                            s.alpnSelected = proto;
                        }
                    }
                    if (c.on) {
                        c.add(list, "tls.handshake.extensions_alpn_str_len", p, 1, l, "ALPN string length: " + l);
                        c.add(list, "tls.handshake.extensions_alpn_str", p + 1, l, proto, "ALPN Next Protocol: " + proto);
                    }
                    p += 1 + l;
                }
            }
            case TlsNames.EXT_SUPPORTED_VERSIONS -> {
                if (msg == CLIENT_HELLO) {
                    if (!c.need(p, 1, end, "supported versions length")) {
                        return;
                    }
                    int l = c.u8(p);
                    if (c.on) {
                        c.add(e, "tls.handshake.extensions.supported_versions_len", p, 1, l, "Supported Versions length: " + l);
                    }
                    p++;
                    int lim = Math.min(end, p + l);
                    s.offeredSupportedVersions = true;
                    for (; p + 1 < lim; p += 2) {
                        int v = c.u16(p);
                        if (!TlsNames.isGrease(v)) {
                            s.offeredVersions.add(v);
                        }
                        if (c.on) {
                            c.add(e, "tls.handshake.extensions.supported_version", p, 2, v,
                                    "Supported Version: " + TlsNames.version(v) + " (" + Hex.u16(v) + ")");
                        }
                    }
                } else {
                    if (!c.need(p, 2, end, "selected version")) {
                        return;
                    }
                    int v = c.u16(p);
                    r.selectedVersion = v;
                    if (c.on) {
                        c.add(e, "tls.handshake.extensions.supported_version", p, 2, v,
                                "Supported Version: " + TlsNames.version(v) + " (" + Hex.u16(v) + ")");
                    }
                }
            }
            case TlsNames.EXT_SUPPORTED_GROUPS -> {
                if (!c.need(p, 2, end, "supported groups length")) {
                    return;
                }
                int l = c.u16(p);
                int lim = Math.min(end, p + 2 + l);
                if (c.on) {
                    c.add(e, "tls.handshake.extensions_supported_groups_length", p, 2, l,
                            "Supported Groups List Length: " + l);
                    Field list = c.add(e, "tls.handshake.extensions_supported_groups", p + 2, lim - p - 2, null,
                            "Supported Groups (" + (lim - p - 2) / 2 + " groups)");
                    for (int q = p + 2; q + 1 < lim; q += 2) {
                        int g = c.u16(q);
                        c.add(list, "tls.handshake.extensions_supported_group", q, 2, g,
                                "Supported Group: " + TlsNames.namedGroup(g) + " (" + Hex.u16(g) + ")");
                    }
                }
            }
            case TlsNames.EXT_KEY_SHARE, TlsNames.EXT_KEY_SHARE_OLD -> keyShare(c, e, p, end, msg, r);
            case TlsNames.EXT_SIGNATURE_ALGORITHMS, TlsNames.EXT_SIGNATURE_ALGORITHMS_CERT -> {
                if (c.on) {
                    signatureAlgorithms(c, e, p, end);
                }
            }
            case TlsNames.EXT_EC_POINT_FORMATS -> {
                if (c.on && c.need(p, 1, end, "EC point formats length")) {
                    int l = c.u8(p);
                    c.add(e, "tls.handshake.extensions_ec_point_formats_length", p, 1, l, "EC point formats Length: " + l);
                    Field list = c.add(e, "tls.handshake.extensions_ec_point_formats", p + 1, Math.min(l, end - p - 1),
                            null, "Elliptic curves point formats (" + l + ")");
                    for (int q = p + 1; q < Math.min(end, p + 1 + l); q++) {
                        int f = c.u8(q);
                        c.add(list, "tls.handshake.extensions_ec_point_format", q, 1, f,
                                "EC point format: " + TlsNames.ecPointFormat(f) + " (" + f + ")");
                    }
                }
            }
            case TlsNames.EXT_EARLY_DATA -> {
                if (msg == CLIENT_HELLO) {
                    s.earlyDataOffered = true;
                } else if (msg == NEW_SESSION_TICKET && c.need(p, 4, end, "max early data size") && c.on) {
                    c.add(e, "tls.handshake.extensions.early_data.max_early_data_size", p, 4, c.u32(p),
                            "Maximum Early Data Size: " + c.u32(p));
                }
            }
            case TlsNames.EXT_PRE_SHARED_KEY -> {
                if (msg == SERVER_HELLO) {
                    if (c.need(p, 2, end, "selected identity")) {
                        r.pskSelected = true;
                        if (c.on) {
                            c.add(e, "tls.handshake.extensions.psk.identity.selected", p, 2, c.u16(p),
                                    "Selected Identity: " + c.u16(p));
                        }
                    }
                } else if (msg == CLIENT_HELLO && c.on) {
                    preSharedKey(c, e, p, end);
                }
            }
            case TlsNames.EXT_PSK_KEY_EXCHANGE_MODES -> {
                if (c.on && c.need(p, 1, end, "PSK key exchange modes length")) {
                    int l = c.u8(p);
                    c.add(e, "tls.extension.psk_ke_modes_length", p, 1, l, "PSK Key Exchange Modes Length: " + l);
                    for (int q = p + 1; q < Math.min(end, p + 1 + l); q++) {
                        int m = c.u8(q);
                        c.add(e, "tls.extension.psk_ke_mode", q, 1, m,
                                "PSK Key Exchange Mode: " + TlsNames.pskKeyExchangeMode(m) + " (" + m + ")");
                    }
                }
            }
            case TlsNames.EXT_RENEGOTIATION_INFO -> {
                if (c.on && c.need(p, 1, end, "renegotiation info length")) {
                    int l = c.u8(p);
                    Field f = c.add(e, "tls.handshake.extensions_reneg_info_ext", p, end - p, null,
                            "Renegotiation Info extension");
                    c.add(f, "tls.handshake.extensions_reneg_info_len", p, 1, l,
                            "Renegotiation info extension length: " + l);
                    if (l > 0 && c.need(p + 1, l, end, "renegotiation info")) {
                        bytesField(c, f, "tls.handshake.extensions_reneg_info", "Renegotiation Info", p + 1, l);
                    }
                }
            }
            case TlsNames.EXT_MAX_FRAGMENT_LENGTH -> {
                if (c.on && c.need(p, 1, end, "max fragment length")) {
                    int v = c.u8(p);
                    String n = v >= 1 && v <= 4 ? Integer.toString(256 << v) : "Unknown";
                    c.add(e, "tls.handshake.max_fragment_length", p, 1, v, "Maximum Fragment Length: " + n + " (" + v + ")");
                }
            }
            case TlsNames.EXT_RECORD_SIZE_LIMIT -> {
                if (c.on && c.need(p, 2, end, "record size limit")) {
                    c.add(e, "tls.record_size_limit", p, 2, c.u16(p), "Record Size Limit: " + c.u16(p));
                }
            }
            case TlsNames.EXT_HEARTBEAT -> {
                if (c.on && c.need(p, 1, end, "heartbeat mode")) {
                    int m = c.u8(p);
                    c.add(e, "tls.handshake.extension.heartbeat.mode", p, 1, m, "Mode: "
                            + (m == 1 ? "Peer allowed to send requests" : m == 2
                            ? "Peer not allowed to send requests" : "Unknown") + " (" + m + ")");
                }
            }
            case TlsNames.EXT_COMPRESS_CERTIFICATE -> {
                if (c.on && c.need(p, 1, end, "algorithms length")) {
                    int l = c.u8(p);
                    c.add(e, "tls.compress_certificate.algorithms_length", p, 1, l, "Algorithms Length: " + l);
                    for (int q = p + 1; q + 1 < Math.min(end, p + 1 + l); q += 2) {
                        int a = c.u16(q);
                        c.add(e, "tls.compress_certificate.algorithm", q, 2, a,
                                "Algorithm: " + TlsNames.certCompressionAlgorithm(a) + " (" + a + ")");
                    }
                }
            }
            case TlsNames.EXT_STATUS_REQUEST -> {
                if (c.on && end > p) {
                    int t = c.u8(p);
                    c.add(e, "tls.handshake.extensions_status_request_type", p, 1, t,
                            "Certificate Status Type: " + (t == 1 ? "OCSP" : "Unknown") + " (" + t + ")");
                }
            }
            case TlsNames.EXT_COOKIE -> {
                if (c.on) {
                    vector16(c, e, p, end, "tls.handshake.extensions.cookie", "Cookie", false);
                }
            }
            case TlsNames.EXT_CERTIFICATE_AUTHORITIES -> {
                if (c.on) {
                    distinguishedNames(c, e, p, end);
                }
            }
            case TlsNames.EXT_PADDING -> {
                if (c.on && end > p) {
                    bytesField(c, e, "tls.handshake.extensions_padding_data", "Padding Data", p, end - p);
                }
            }
            case TlsNames.EXT_SESSION_TICKET -> {
                if (c.on && end > p) {
                    bytesField(c, e, "tls.handshake.extensions.session_ticket", "Session Ticket", p, end - p);
                }
            }
            case TlsNames.EXT_ENCRYPT_THEN_MAC, TlsNames.EXT_EXTENDED_MASTER_SECRET, TlsNames.EXT_POST_HANDSHAKE_AUTH -> {
                if (end > p) {
                    c.expert(Severity.WARN, "tls.malformed", TlsNames.extension(type) + " must be empty", p, end - p);
                }
            }
            default -> {
                if (c.on && end > p) {
                    bytesField(c, e, "tls.handshake.extension.data", "Data", p, end - p);
                }
            }
        }
    }

    private static void keyShare(Ctx c, Field e, int p, int end, int msg, ExtResult r) {
        Field ks = c.on ? c.add(e, "tls.handshake.extensions_key_share", p, end - p, null, "Key Share extension")
                : Field.NONE;
        if (msg == HELLO_RETRY_REQUEST) {
            if (c.need(p, 2, end, "selected group")) {
                int g = c.u16(p);
                r.keyShareGroup = g;
                if (c.on) {
                    c.add(ks, "tls.handshake.extensions_key_share_selected_group", p, 2, g,
                            "Selected Group: " + TlsNames.namedGroup(g) + " (" + g + ")");
                }
            }
            return;
        }
        int lim = end;
        if (msg == CLIENT_HELLO) {
            if (!c.need(p, 2, end, "client key share length")) {
                return;
            }
            int l = c.u16(p);
            if (c.on) {
                c.add(ks, "tls.handshake.extensions_key_share_client_length", p, 2, l, "Client Key Share Length: " + l);
            }
            p += 2;
            lim = Math.min(end, p + l);
        }
        while (p < lim) {
            if (!c.need(p, 4, lim, "key share entry")) {
                return;
            }
            int g = c.u16(p);
            int kl = c.u16(p + 2);
            if (!c.need(p + 4, kl, lim, "key exchange")) {
                return;
            }
            if (msg == SERVER_HELLO) {
                r.keyShareGroup = g;
            }
            if (c.on) {
                String gn = TlsNames.namedGroup(g);
                Field en = c.add(ks, "tls.handshake.extensions_key_share_entry", p, 4 + kl, null,
                        "Key Share Entry: Group: " + gn + ", Key Exchange length: " + kl);
                c.add(en, "tls.handshake.extensions_key_share_group", p, 2, g, "Group: " + gn + " (" + g + ")");
                c.add(en, "tls.handshake.extensions_key_share_key_exchange_length", p + 2, 2, kl,
                        "Key Exchange Length: " + kl);
                if (kl > 0) {
                    bytesField(c, en, "tls.handshake.extensions_key_share_key_exchange", "Key Exchange", p + 4, kl);
                }
            }
            p += 4 + kl;
            if (msg != CLIENT_HELLO) {
                break;
            }
        }
    }

    private static void preSharedKey(Ctx c, Field e, int p, int end) {
        Field f = c.add(e, "tls.handshake.extensions.psk", p, end - p, null, "Pre-Shared Key extension");
        if (!c.need(p, 2, end, "PSK identities length")) {
            return;
        }
        int il = c.u16(p);
        c.add(f, "tls.handshake.extensions.psk.identities.length", p, 2, il, "Identities Length: " + il);
        p += 2;
        int lim = Math.min(end, p + il);
        while (p < lim) {
            if (!c.need(p, 2, lim, "PSK identity length")) {
                return;
            }
            int l = c.u16(p);
            if (!c.need(p + 2, l + 4, lim, "PSK identity")) {
                return;
            }
            Field id = c.add(f, "tls.handshake.extensions.psk.identity", p, 6 + l, null,
                    "PSK Identity (length: " + l + ")");
            c.add(id, "tls.handshake.extensions.psk.identity.identity_length", p, 2, l, "Identity Length: " + l);
            bytesField(c, id, "tls.handshake.extensions.psk.identity.identity", "Identity", p + 2, l);
            long age = c.u32(p + 2 + l);
            c.add(id, "tls.handshake.extensions.psk.identity.obfuscated_ticket_age", p + 2 + l, 4, age,
                    "Obfuscated Ticket Age: " + age);
            p += 6 + l;
        }
        if (p + 2 <= end) {
            int bl = c.u16(p);
            c.add(f, "tls.handshake.extensions.psk.binders_len", p, 2, bl, "PSK Binders length: " + bl);
            if (c.need(p + 2, bl, end, "PSK binders")) {
                bytesField(c, f, "tls.handshake.extensions.psk.binders", "PSK Binders", p + 2, bl);
            }
        }
    }

    /** supported_signature_algorithms&lt;2..2^16-2&gt;; returns the index after it, or -1. */
    private static int signatureAlgorithms(Ctx c, Field parent, int p, int end) {
        if (!c.need(p, 2, end, "signature algorithms length")) {
            return -1;
        }
        int l = c.u16(p);
        if (c.on) {
            c.add(parent, "tls.handshake.sig_hash_alg_len", p, 2, l, "Signature Hash Algorithms Length: " + l);
        }
        p += 2;
        if (!c.need(p, l, end, "signature algorithms")) {
            return -1;
        }
        if (c.on) {
            Field list = c.add(parent, "tls.handshake.sig_hash_algs", p, l, null,
                    "Signature Hash Algorithms (" + l / 2 + " algorithms)");
            for (int q = p; q + 1 < p + l; q += 2) {
                sigScheme(c, list, "tls.handshake.sig_hash_alg", q, c.u16(q));
            }
        }
        return p + l;
    }

    // ================================================================== helpers

    /** opaque&lt;0..2^8-1&gt;: returns the index after it or -1. */
    private static int vector8(Ctx c, Field parent, int p, int end, String name, String label) {
        if (!c.need(p, 1, end, label + " length")) {
            return -1;
        }
        int l = c.u8(p);
        if (c.on) {
            c.add(parent, name + "_len", p, 1, l, label + " Length: " + l);
        }
        if (!c.need(p + 1, l, end, label)) {
            return -1;
        }
        bytesField(c, parent, name, label, p + 1, l);
        return p + 1 + l;
    }

    /** opaque&lt;0..2^16-1&gt; (text when {@code text}): returns the index after it or -1. */
    private static int vector16(Ctx c, Field parent, int p, int end, String name, String label, boolean text) {
        if (!c.need(p, 2, end, label + " length")) {
            return -1;
        }
        int l = c.u16(p);
        if (c.on) {
            c.add(parent, name + "_len", p, 2, l, label + " Length: " + l);
        }
        if (!c.need(p + 2, l, end, label)) {
            return -1;
        }
        if (c.on && l > 0) {
            if (text) {
                String v = new String(c.b, p + 2, l, StandardCharsets.UTF_8);
                c.add(parent, name, p + 2, l, v, label + ": " + v);
            } else {
                bytesField(c, parent, name, label, p + 2, l);
            }
        }
        return p + 2 + l;
    }

    static void bytesField(Ctx c, Field parent, String name, String label, int p, int len) {
        if (c.on) {
            String hex = c.hex(p, len, HEX_MAX);
            c.add(parent, name, p, len, hex, label + ": " + hex);
        }
    }

    private static void trailing(Ctx c, int p, int end, String what) {
        if (p < end) {
            c.expert(Severity.WARN, "tls.malformed", (end - p) + " trailing bytes in " + what, p, end - p);
        }
    }
}
