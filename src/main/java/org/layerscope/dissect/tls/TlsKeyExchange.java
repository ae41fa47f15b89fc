package org.layerscope.dissect.tls;

import static org.layerscope.dissect.tls.HandshakeType.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.layerscope.model.Field;
import org.layerscope.model.Severity;

/**
 * ServerKeyExchange, ClientKeyExchange, CertificateVerify and signatures (RFC 5246 7.4.3, 7.4.7, 7.4.8; RFC 4492; RFC 4279). Like {@link TlsHandshake}: each method reads {@code [p, end)} of
 * {@link Ctx#b}, adds fields when the tree is on, updates the session state, and reports malformed content
 * as expert items.
 */
final class TlsKeyExchange {
    private TlsKeyExchange() {
    }

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

    static void serverKeyExchange(Ctx c, Field h, int p, int end) {
        SessionState s = c.s;
        TlsNames.KeyExchange kx = TlsNames.keyExchange(s.cipherSuite);
        if (kx == TlsNames.KeyExchange.UNKNOWN) {
            // cipher suite unknown (capture started late): guess ECDHE named curve, else show the bytes
            if (end - p >= 4 && c.u8(p) == 3 && !"Unknown".equals(TlsNames.namedGroup(c.u16(p + 1)))) {
                kx = TlsNames.KeyExchange.ECDHE;
            } else {
                TlsHandshake.bytesField(c, h, "tls.handshake.server_params", "Server Key Exchange Data", p, end - p);
                return;
            }
        }
        boolean psk = kx == TlsNames.KeyExchange.PSK || kx == TlsNames.KeyExchange.DHE_PSK
                || kx == TlsNames.KeyExchange.ECDHE_PSK || kx == TlsNames.KeyExchange.RSA_PSK;
        Field params = h;
        if (psk) {
            params = c.on ? c.add(h, "tls.handshake.psk_params", p, end - p, null, "PSK Server Params") : Field.NONE;
            p = TlsHandshake.vector16(c, params, p, end, "tls.handshake.psk_identity_hint", "PSK Identity Hint", true);
        }
        switch (kx) {
            case ECDHE, ECDH_ANON, ECDHE_PSK -> {
                Field ec = c.on ? c.add(h, "tls.handshake.ecdh_params", p, end - p, null,
                        "EC Diffie-Hellman Server Params") : Field.NONE;
                c.need(p, 1, end, "curve type");
                int ct = c.u8(p);
                if (c.on) {
                    c.add(ec, "tls.handshake.server_curve_type", p, 1, ct,
                            "Curve Type: " + TlsNames.ecCurveType(ct) + " (0x" + TlsNames.hex2(ct) + ")");
                }
                p++;
                if (ct != 3) {
                    s.keyExchange = keyExchangeName(kx) + " " + TlsNames.ecCurveType(ct);
                    TlsHandshake.bytesField(c, ec, "tls.handshake.server_params", "Explicit Curve Parameters", p, end - p);
                    return;
                }
                c.need(p, 2, end, "named curve");
                int g = c.u16(p);
                s.keyExchange = keyExchangeName(kx) + " " + TlsNames.namedGroup(g);
                if (c.on) {
                    c.add(ec, "tls.handshake.server_named_curve", p, 2, g,
                            "Named Curve: " + TlsNames.namedGroup(g) + " (" + Hex.u16(g) + ")");
                }
                p += 2;
                p = TlsHandshake.vector8(c, ec, p, end, "tls.handshake.server_point", "Pubkey");
                if (kx == TlsNames.KeyExchange.ECDHE) {
                    signature(c, ec, p, end);
                } else {
                    TlsHandshake.trailing(c, p, end, "Server Key Exchange");
                }
            }
            case DHE, DH_ANON, DHE_PSK -> {
                Field dh = c.on ? c.add(h, "tls.handshake.dh_params", p, end - p, null,
                        "Diffie-Hellman Server Params") : Field.NONE;
                int pStart = p;
                s.keyExchange = keyExchangeName(kx); // stands when p is cut short
                p = TlsHandshake.vector16(c, dh, p, end, "tls.handshake.p", "p", false);
                int pBits = (p - pStart - 2) * 8;
                s.keyExchange = keyExchangeName(kx) + (pBits > 0 ? " " + pBits + "-bit" : "");
                p = TlsHandshake.vector16(c, dh, p, end, "tls.handshake.g", "g", false);
                p = TlsHandshake.vector16(c, dh, p, end, "tls.handshake.ys", "Pubkey", false);
                if (kx == TlsNames.KeyExchange.DHE) {
                    signature(c, dh, p, end);
                } else {
                    TlsHandshake.trailing(c, p, end, "Server Key Exchange");
                }
            }
            case RSA, RSA_EXPORT -> {
                Field rsa = c.on ? c.add(h, "tls.handshake.rsa_params", p, end - p, null,
                        "RSA-EXPORT Server Params") : Field.NONE;
                p = TlsHandshake.vector16(c, rsa, p, end, "tls.handshake.modulus", "Modulus", false);
                p = TlsHandshake.vector16(c, rsa, p, end, "tls.handshake.exponent", "Exponent", false);
                signature(c, rsa, p, end);
            }
            case PSK, RSA_PSK -> {
                s.keyExchange = keyExchangeName(kx);
                TlsHandshake.trailing(c, p, end, "Server Key Exchange");
            }
            default -> {
                s.keyExchange = keyExchangeName(kx);
                TlsHandshake.bytesField(c, h, "tls.handshake.server_params", "Server Key Exchange Data", p, end - p);
            }
        }
    }

    static void clientKeyExchange(Ctx c, Field h, int p, int end) {
        SessionState s = c.s;
        TlsNames.KeyExchange kx = TlsNames.keyExchange(s.cipherSuite);
        switch (kx) {
            case RSA, RSA_EXPORT -> {
                Field f = c.on ? c.add(h, "tls.handshake.rsa_client_params", p, end - p, null,
                        "RSA Encrypted PreMaster Secret") : Field.NONE;
                if (s.version == 0x0300) {
                    TlsHandshake.bytesField(c, f, "tls.handshake.epms", "Encrypted PreMaster", p, end - p);
                } else {
                    int q = TlsHandshake.vector16(c, f, p, end, "tls.handshake.epms", "Encrypted PreMaster", false);
                    TlsHandshake.trailing(c, q, end, "Client Key Exchange");
                }
            }
            case DH, DHE, DH_ANON -> {
                Field f = c.on ? c.add(h, "tls.handshake.dh_client_params", p, end - p, null,
                        "Diffie-Hellman Client Params") : Field.NONE;
                if (end > p) {
                    int q = TlsHandshake.vector16(c, f, p, end, "tls.handshake.yc", "Pubkey", false);
                    TlsHandshake.trailing(c, q, end, "Client Key Exchange");
                }
            }
            case ECDH, ECDHE, ECDH_ANON -> {
                Field f = c.on ? c.add(h, "tls.handshake.ecdh_client_params", p, end - p, null,
                        "EC Diffie-Hellman Client Params") : Field.NONE;
                if (end > p) {
                    int q = TlsHandshake.vector8(c, f, p, end, "tls.handshake.client_point", "Pubkey");
                    TlsHandshake.trailing(c, q, end, "Client Key Exchange");
                }
            }
            case PSK, DHE_PSK, ECDHE_PSK, RSA_PSK -> {
                Field f = c.on ? c.add(h, "tls.handshake.psk_client_params", p, end - p, null,
                        "PSK Client Params") : Field.NONE;
                int q = TlsHandshake.vector16(c, f, p, end, "tls.handshake.psk_identity", "PSK Identity", true);
                if (kx == TlsNames.KeyExchange.DHE_PSK) {
                    q = TlsHandshake.vector16(c, f, q, end, "tls.handshake.yc", "Pubkey", false);
                } else if (kx == TlsNames.KeyExchange.ECDHE_PSK) {
                    q = TlsHandshake.vector8(c, f, q, end, "tls.handshake.client_point", "Pubkey");
                } else if (kx == TlsNames.KeyExchange.RSA_PSK) {
                    q = TlsHandshake.vector16(c, f, q, end, "tls.handshake.epms", "Encrypted PreMaster", false);
                }
                TlsHandshake.trailing(c, q, end, "Client Key Exchange");
            }
            default -> TlsHandshake.bytesField(c, h, "tls.handshake.client_params", "Client Key Exchange Data", p, end - p);
        }
    }

    static void certificateVerify(Ctx c, Field h, int p, int end) {
        signature(c, h, p, end);
    }

    /** digitally-signed: [SignatureAndHashAlgorithm (TLS 1.2+)] signature&lt;0..2^16-1&gt;. */
    static void signature(Ctx c, Field h, int p, int end) {
        int v = c.s.version;
        boolean withAlg = v >= 0x0303 || v == -1 && end - p >= 4 && c.u16(p + 2) == end - p - 4;
        if (withAlg) {
            c.need(p, 2, end, "signature algorithm");
            sigScheme(c, h, "tls.handshake.sig_hash_alg", p, c.u16(p));
            p += 2;
        }
        int q = TlsHandshake.vector16(c, h, p, end, "tls.handshake.sig", "Signature", false);
        TlsHandshake.trailing(c, q, end, "signature");
    }

    static void sigScheme(Ctx c, Field parent, String name, int p, int scheme) {
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

    /** supported_signature_algorithms&lt;2..2^16-2&gt;; returns the index after it. */
    static int signatureAlgorithms(Ctx c, Field parent, int p, int end) {
        c.need(p, 2, end, "signature algorithms length");
        int l = c.u16(p);
        if (c.on) {
            c.add(parent, "tls.handshake.sig_hash_alg_len", p, 2, l, "Signature Hash Algorithms Length: " + l);
        }
        p += 2;
        c.need(p, l, end, "signature algorithms");
        if (c.on) {
            Field list = c.add(parent, "tls.handshake.sig_hash_algs", p, l, null,
                    "Signature Hash Algorithms (" + l / 2 + " algorithms)");
            for (int q = p; q + 1 < p + l; q += 2) {
                sigScheme(c, list, "tls.handshake.sig_hash_alg", q, c.u16(q));
            }
        }
        return p + l;
    }
}
