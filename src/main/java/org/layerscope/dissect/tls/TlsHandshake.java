package org.layerscope.dissect.tls;

import static org.layerscope.dissect.tls.HandshakeType.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.layerscope.model.Field;
import org.layerscope.model.Severity;

/**
 * Bodies of handshake messages: the dispatch by type, tickets, key update, and the vectors every message
 * reads (RFC 5246, 8446, 5077). The hellos are in {@link TlsHellos}, certificates in {@link TlsCertificates},
 * key exchange in {@link TlsKeyExchange}, extensions in {@link TlsExtensions}. Each method reads {@code [p, end)} of {@link Ctx#b}, adds fields when the
 * tree is on, updates the session state, and reports malformed content as expert items. Nothing here
 * reads outside {@code [p, end)}.
 */
final class TlsHandshake {
    /** SHA-256("HelloRetryRequest"), the ServerHello.random of a HelloRetryRequest (RFC 8446 4.1.3). */
    static final byte[] HRR_RANDOM = {
        (byte) 0xCF, 0x21, (byte) 0xAD, 0x74, (byte) 0xE5, (byte) 0x9A, 0x61, 0x11, (byte) 0xBE, 0x1D, (byte) 0x8C,
        0x02, 0x1E, 0x65, (byte) 0xB8, (byte) 0x91, (byte) 0xC2, (byte) 0xA2, 0x11, 0x16, 0x7A, (byte) 0xBB,
        (byte) 0x8C, 0x5E, 0x07, (byte) 0x9E, 0x09, (byte) 0xE2, (byte) 0xC8, (byte) 0xA8, 0x33, (byte) 0x9C};

    static final int HEX_MAX = 36;

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
            case CLIENT_HELLO -> TlsHellos.clientHello(c, h, p, end);
            case SERVER_HELLO -> TlsHellos.serverHello(c, h, p, end);
            case HELLO_RETRY_REQUEST -> TlsHellos.draftHelloRetryRequest(c, h, p, end);
            case NEW_SESSION_TICKET -> newSessionTicket(c, h, p, end);
            case ENCRYPTED_EXTENSIONS -> TlsExtensions.extensionBlock(c, h, p, end, ENCRYPTED_EXTENSIONS, true);
            case CERTIFICATE -> TlsCertificates.certificate(c, h, p, end);
            case SERVER_KEY_EXCHANGE -> TlsKeyExchange.serverKeyExchange(c, h, p, end);
            case CERTIFICATE_REQUEST -> TlsCertificates.certificateRequest(c, h, p, end);
            case CERTIFICATE_VERIFY -> TlsKeyExchange.certificateVerify(c, h, p, end);
            case CLIENT_KEY_EXCHANGE -> TlsKeyExchange.clientKeyExchange(c, h, p, end);
            case FINISHED -> bytesField(c, h, "tls.handshake.verify_data", "Verify Data", p, end - p);
            case CERTIFICATE_STATUS -> TlsCertificates.certificateStatus(c, h, p, end);
            case KEY_UPDATE -> keyUpdate(c, h, p, end);
            case COMPRESSED_CERTIFICATE -> TlsCertificates.compressedCertificate(c, h, p, end);
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

    // ================================================================== tickets, key update

    private static void newSessionTicket(Ctx c, Field h, int p, int end) {
        SessionState s = c.s;
        s.newSessionTicketCount++;
        c.need(p, 4, end, "ticket lifetime");
        long life = c.u32(p);
        if (c.on) {
            c.add(h, "tls.handshake.session_ticket_lifetime_hint", p, 4, life,
                    "Session Ticket Lifetime Hint: " + life + " seconds");
        }
        p += 4;
        if (s.tls13) {
            c.need(p, 4, end, "ticket age add");
            if (c.on) {
                c.add(h, "tls.handshake.session_ticket_age_add", p, 4, c.u32(p),
                        "Session Ticket Age Add: " + c.u32(p));
            }
            p += 4;
            int draft = TlsNames.tls13Draft(s.version);
            if (draft == 0 || draft >= 21) {
                p = vector8(c, h, p, end, "tls.handshake.session_ticket_nonce", "Session Ticket Nonce");
            }
        }
        p = vector16(c, h, p, end, "tls.handshake.session_ticket", "Session Ticket", false);
        if (s.tls13) {
            TlsExtensions.extensionBlock(c, h, p, end, NEW_SESSION_TICKET, true);
        } else {
            trailing(c, p, end, "New Session Ticket");
        }
    }

    private static void keyUpdate(Ctx c, Field h, int p, int end) {
        c.need(p, 1, end, "Key Update");
        int r = c.u8(p);
        if (c.on) {
            c.add(h, "tls.handshake.key_update.request_update", p, 1, r, "KeyUpdateRequest: "
                    + (r == 0 ? "update_not_requested" : r == 1 ? "update_requested" : "Unknown") + " (" + r + ")");
        }
        trailing(c, p + 1, end, "Key Update");
    }

    // ================================================================== helpers

    /** opaque&lt;0..2^8-1&gt;: returns the index after it. */
    static int vector8(Ctx c, Field parent, int p, int end, String name, String label) {
        c.need(p, 1, end, label + " length");
        int l = c.u8(p);
        if (c.on) {
            c.add(parent, name + "_len", p, 1, l, label + " Length: " + l);
        }
        c.need(p + 1, l, end, label);
        bytesField(c, parent, name, label, p + 1, l);
        return p + 1 + l;
    }

    /** opaque&lt;0..2^16-1&gt; (text when {@code text}): returns the index after it. */
    static int vector16(Ctx c, Field parent, int p, int end, String name, String label, boolean text) {
        c.need(p, 2, end, label + " length");
        int l = c.u16(p);
        if (c.on) {
            c.add(parent, name + "_len", p, 2, l, label + " Length: " + l);
        }
        c.need(p + 2, l, end, label);
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

    static void trailing(Ctx c, int p, int end, String what) {
        if (p < end) {
            c.expert(Severity.WARN, "tls.malformed", (end - p) + " trailing bytes in " + what, p, end - p);
        }
    }
}
