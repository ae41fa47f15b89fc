package org.layerscope.dissect.tls;

import static org.layerscope.dissect.tls.HandshakeType.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.layerscope.model.Field;
import org.layerscope.model.Severity;

/**
 * ClientHello, ServerHello and the draft HelloRetryRequest (RFC 5246 7.4.1, RFC 8446 4.1). Like {@link TlsHandshake}: each method reads {@code [p, end)} of
 * {@link Ctx#b}, adds fields when the tree is on, updates the session state, and reports malformed content
 * as expert items.
 */
final class TlsHellos {
    private TlsHellos() {
    }

    static void clientHello(Ctx c, Field h, int p, int end) {
        SessionState s = c.s;
        s.clientHelloSeen = true;
        s.offeredVersions.clear();
        s.offeredSupportedVersions = false;
        s.alpnOffered.clear();
        s.earlyDataOffered = false;
        s.serverName = null;
        c.need(p, 2, end, "Client Hello version");
        int ver = c.u16(p);
        s.clientLegacyVersion = ver;
        version(c, h, "tls.handshake.version", p, ver);
        p += 2;
        try {
            c.need(p, 32, end, "Client Hello random");
            random(c, h, p, false);
            p += 32;
            p = sessionId(c, h, p, end, true);
            c.need(p, 2, end, "cipher suites length");
            int csLen = c.u16(p);
            if (c.on) {
                c.add(h, "tls.handshake.cipher_suites_length", p, 2, csLen, "Cipher Suites Length: " + csLen);
            }
            p += 2;
            if (csLen % 2 != 0) {
                c.expert(Severity.WARN, "tls.malformed", "Cipher suites length " + csLen + " is odd", p - 2, 2);
            }
            c.need(p, csLen, end, "cipher suites");
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
            c.need(p, 1, end, "compression methods length");
            int cmLen = c.u8(p);
            if (c.on) {
                c.add(h, "tls.handshake.comp_methods_length", p, 1, cmLen, "Compression Methods Length: " + cmLen);
            }
            p++;
            c.need(p, cmLen, end, "compression methods");
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
                TlsExtensions.extensionBlock(c, h, p, end, CLIENT_HELLO, true);
            }
        } finally {
            if (s.offeredVersions.isEmpty()) {
                s.offeredVersions.add(ver);
            }
        }
    }

    static void serverHello(Ctx c, Field h, int p, int end) {
        SessionState s = c.s;
        c.need(p, 2, end, "Server Hello version");
        int ver = c.u16(p);
        version(c, h, "tls.handshake.version", p, ver);
        p += 2;
        c.need(p, 32, end, "Server Hello random");
        boolean hrr = Arrays.equals(c.b, p, p + 32, TlsHandshake.HRR_RANDOM, 0, 32);
        random(c, h, p, hrr);
        p += 32;
        // TLS 1.3 drafts before 22 had no session id and no compression method in the ServerHello
        boolean oldDraft = (ver & 0xff00) == 0x7f00 && (ver & 0xff) < 22;
        boolean resumedBySid = false;
        if (!oldDraft) {
            int sidStart = p + 1;
            p = sessionId(c, h, p, end, false);
            int sidLen = p - sidStart;
            byte[] cs = s.clientSessionId;
            resumedBySid = sidLen > 0 && cs != null && cs.length == sidLen
                    && Arrays.equals(c.b, sidStart, p, cs, 0, sidLen);
        }
        c.need(p, 2, end, "Server Hello cipher suite");
        int suite = c.u16(p);
        if (c.on) {
            c.add(h, "tls.handshake.ciphersuite", p, 2, suite, "Cipher Suite: "
                    + TlsNames.cipherSuiteOrUnknown(suite) + " (" + Hex.u16(suite) + ")");
        }
        p += 2;
        if (!oldDraft) {
            c.need(p, 1, end, "Server Hello compression method");
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
            TlsExtensions.ExtResult r = TlsExtensions.extensionBlock(c, h, p, end, hrr ? HELLO_RETRY_REQUEST : SERVER_HELLO, true);
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
            s.keyExchange = TlsKeyExchange.keyExchangeName(TlsNames.keyExchange(suite));
        }
        if (!s.offeredVersions.isEmpty() && !s.offeredVersions.contains(negotiated)
                && !(negotiated <= s.clientLegacyVersion && !s.offeredSupportedVersions)) {
            c.expert(Severity.WARN, "tls.version", "Server selected " + TlsNames.version(negotiated)
                    + ", which the client did not offer", -1, 0);
        }
    }

    /** HelloRetryRequest as handshake type 6 (TLS 1.3 drafts before 22). */
    static void draftHelloRetryRequest(Ctx c, Field h, int p, int end) {
        SessionState s = c.s;
        c.need(p, 2, end, "Hello Retry Request version");
        int ver = c.u16(p);
        version(c, h, "tls.handshake.version", p, ver);
        p += 2;
        int draft = TlsNames.tls13Draft(ver);
        if (draft >= 19 || ver == 0x0304) {
            c.need(p, 2, end, "Hello Retry Request cipher suite");
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
            TlsExtensions.extensionBlock(c, h, p, end, HELLO_RETRY_REQUEST, true);
        }
    }

    static void version(Ctx c, Field h, String name, int p, int ver) {
        if (c.on) {
            c.add(h, name, p, 2, ver, "Version: " + TlsNames.version(ver) + " (" + Hex.u16(ver) + ")");
        }
    }

    static void random(Ctx c, Field h, int p, boolean hrr) {
        if (c.on) {
            String hex = c.hex(p, 32, 32);
            c.add(h, "tls.handshake.random", p, 32, hex,
                    "Random: " + hex + (hrr ? " (HelloRetryRequest magic)" : ""));
        }
    }

    /** Reads session_id&lt;0..32&gt;; returns the index after it ({@link Ctx#need} throws when truncated). */
    static int sessionId(Ctx c, Field h, int p, int end, boolean client) {
        c.need(p, 1, end, "session id length");
        int len = c.u8(p);
        if (c.on) {
            c.add(h, "tls.handshake.session_id_length", p, 1, len, "Session ID Length: " + len);
        }
        p++;
        if (len > 32) {
            c.expert(Severity.WARN, "tls.malformed", "Session ID longer than 32 bytes (" + len + ")", p - 1, 1);
        }
        c.need(p, len, end, "session id");
        if (len > 0 && c.on) {
            String hex = c.hex(p, len, 255);
            c.add(h, "tls.handshake.session_id", p, len, hex, "Session ID: " + hex);
        }
        if (client) {
            c.s.clientSessionId = Arrays.copyOfRange(c.b, p, p + len);
        }
        return p + len;
    }
}
