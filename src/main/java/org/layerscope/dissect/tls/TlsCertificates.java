package org.layerscope.dissect.tls;

import static org.layerscope.dissect.tls.HandshakeType.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.layerscope.model.Field;
import org.layerscope.model.Severity;

/**
 * Certificate, CompressedCertificate, CertificateStatus and CertificateRequest (RFC 5246 7.4.2, 7.4.4; RFC 8446 4.3.2, 4.4.2; RFC 6066 8; RFC 8879). Like {@link TlsHandshake}: each method reads {@code [p, end)} of
 * {@link Ctx#b}, adds fields when the tree is on, updates the session state, and reports malformed content
 * as expert items.
 */
final class TlsCertificates {
    private TlsCertificates() {
    }

    /** TLS 1.3's certificate_request_context (length and bytes); the offset after it. */
    static int requestContext(Ctx c, Field h, int p, int end) {
        c.need(p, 1, end, "certificate request context length");
        int ctxLen = c.u8(p);
        if (c.on) {
            c.add(h, "tls.handshake.certificate_request_context_length", p, 1, ctxLen,
                    "Certificate Request Context Length: " + ctxLen);
        }
        p++;
        c.need(p, ctxLen, end, "certificate request context");
        if (ctxLen > 0) {
            TlsHandshake.bytesField(c, h, "tls.handshake.certificate_request_context", "Certificate Request Context", p, ctxLen);
        }
        return p + ctxLen;
    }

    static void certificate(Ctx c, Field h, int p, int end) {
        SessionState s = c.s;
        boolean tls13 = s.tls13;
        if (tls13) {
            p = requestContext(c, h, p, end);
        }
        c.need(p, 3, end, "certificates length");
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
        try {
            while (p < lim) {
                c.need(p, 3, lim, "certificate length");
                int len = c.u24(p);
                if (c.on) {
                    c.add(list, "tls.handshake.certificate_length", p, 3, len, "Certificate Length: " + len);
                }
                p += 3;
                c.need(p, len, lim, "certificate");
                TlsSessionInfo.CertificateInfo ci = X509Summary.parse(c.b, p, len);
                chain.add(ci);
                certificateField(c, list, p, len, ci);
                if (!ci.parsed()) {
                    c.expert(Severity.WARN, "tls.certificate.malformed", "Certificate " + chain.size()
                            + " does not parse as X.509: " + ci.error(), p, len);
                }
                p += len;
                if (tls13) {
                    c.need(p, 2, lim, "certificate extensions length");
                    int el = c.u16(p);
                    if (c.on) {
                        c.add(list, "tls.handshake.certificate.extensions_length", p, 2, el, "Extensions Length: " + el);
                    }
                    p += 2;
                    c.need(p, el, lim, "certificate extensions");
                    if (el > 0) {
                        TlsExtensions.extensionList(c, list, p, p + el, CERTIFICATE);
                    }
                    p += el;
                }
            }
        } catch (Ctx.Malformed m) {
            c.malformed(m); // the certificates read so far are kept
        }
        if (c.client()) {
            s.clientCertificateSeen = true;
            s.clientCertificateSent = !chain.isEmpty();
            s.clientCerts = chain;
        } else {
            s.serverCerts = chain;
        }
    }

    static void certificateField(Ctx c, Field list, int p, int len, TlsSessionInfo.CertificateInfo ci) {
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

    static void compressedCertificate(Ctx c, Field h, int p, int end) {
        c.need(p, 8, end, "Compressed Certificate");
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
        c.need(p + 8, clen, end, "compressed certificate");
        TlsHandshake.bytesField(c, h, "tls.handshake.compress_certificate.compressed_certificate_message",
                "Compressed Certificate Message", p + 8, clen);
    }

    static void certificateStatus(Ctx c, Field h, int p, int end) {
        c.need(p, 4, end, "Certificate Status");
        int type = c.u8(p);
        int len = c.u24(p + 1);
        if (c.on) {
            c.add(h, "tls.handshake.cert_status_type", p, 1, type, "Certificate Status Type: "
                    + (type == 1 ? "OCSP" : type == 2 ? "OCSP Multi" : "Unknown") + " (" + type + ")");
            c.add(h, "tls.handshake.cert_status_len", p + 1, 3, len, "OCSP Response Length: " + len);
        }
        c.need(p + 4, len, end, "OCSP response");
        TlsHandshake.bytesField(c, h, "tls.handshake.ocsp_response", "OCSP Response", p + 4, len);
    }

    static void certificateRequest(Ctx c, Field h, int p, int end) {
        SessionState s = c.s;
        s.certificateRequested = true;
        if (s.tls13) {
            p = requestContext(c, h, p, end);
            TlsExtensions.extensionBlock(c, h, p, end, CERTIFICATE_REQUEST, true);
            return;
        }
        c.need(p, 1, end, "certificate types count");
        int n = c.u8(p);
        if (c.on) {
            c.add(h, "tls.handshake.cert_types_count", p, 1, n, "Certificate types count: " + n);
        }
        p++;
        c.need(p, n, end, "certificate types");
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
            p = TlsKeyExchange.signatureAlgorithms(c, h, p, end);
        }
        distinguishedNames(c, h, p, end);
    }

    /** Without a known version: a TLS 1.2 CertificateRequest has sig algs then DNs that fill the rest. */
    static boolean looksLikeSigAlgs(Ctx c, int p, int end) {
        if (end - p < 4) {
            return false;
        }
        int l = c.u16(p);
        return l % 2 == 0 && p + 2 + l + 2 <= end && p + 2 + l + 2 + c.u16(p + 2 + l) == end;
    }

    static int distinguishedNames(Ctx c, Field h, int p, int end) {
        c.need(p, 2, end, "distinguished names length");
        int total = c.u16(p);
        if (c.on) {
            c.add(h, "tls.handshake.dnames_len", p, 2, total, "Distinguished Names Length: " + total);
        }
        p += 2;
        c.need(p, total, end, "distinguished names");
        int lim = p + total;
        Field list = c.on ? c.add(h, "tls.handshake.dnames", p, total, null,
                "Distinguished Names (" + total + " bytes)") : Field.NONE;
        while (p < lim) {
            c.need(p, 2, lim, "distinguished name length");
            int l = c.u16(p);
            c.need(p + 2, l, lim, "distinguished name");
            if (c.on) {
                c.add(list, "tls.handshake.dn_len", p, 2, l, "Distinguished Name Length: " + l);
                String dn = X509Summary.dn(c.b, p + 2, l);
                c.add(list, "tls.handshake.dn", p + 2, l, dn, "Distinguished Name: "
                        + (dn != null ? dn : "(unparsable) " + c.hex(p + 2, l, TlsHandshake.HEX_MAX)));
            }
            p += 2 + l;
        }
        return lim;
    }
}
