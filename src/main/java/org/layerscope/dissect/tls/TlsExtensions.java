package org.layerscope.dissect.tls;

import static org.layerscope.dissect.tls.HandshakeType.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.layerscope.model.Field;
import org.layerscope.model.Severity;

/**
 * Extensions of the hellos, EncryptedExtensions, CertificateRequest, Certificate and NewSessionTicket (RFC 8446 4.2, RFC 6066, 7301, 8422, 6520, 7627, 8449, 8879). Like {@link TlsHandshake}: each method reads {@code [p, end)} of
 * {@link Ctx#b}, adds fields when the tree is on, updates the session state, and reports malformed content
 * as expert items.
 */
final class TlsExtensions {
    private TlsExtensions() {
    }

    /** What the caller of {@link #extensionBlock} needs from the extensions. */
    static final class ExtResult {
        int selectedVersion = -1;
        boolean pskSelected;
        int keyShareGroup = -1;
    }

    /** extensions&lt;0..2^16-1&gt; with its length; {@code msg} is the handshake type holding it. */
    static ExtResult extensionBlock(Ctx c, Field h, int p, int end, int msg, boolean trailingCheck) {
        ExtResult r = new ExtResult();
        try {
            c.need(p, 2, end, "extensions length");
        } catch (Ctx.Malformed m) {
            c.malformed(m);
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

    static void extensionList(Ctx c, Field h, int p, int lim, int msg, ExtResult r) {
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
                } catch (Ctx.Malformed m) {
                    c.malformed(m);
                } catch (RuntimeException ex) {
                    c.expert(Severity.ERROR, "tls.malformed", "Decoder exception: extension " + TlsNames.extension(type)
                            + " could not be read: " + ex, p, 4 + len);
                }
            }
            p += 4 + len;
        }
    }

    static void extension(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        switch (type) {
            case TlsNames.EXT_SERVER_NAME -> serverName(c, e, type, p, end, msg, r);
            case TlsNames.EXT_ALPN, TlsNames.EXT_ALPS -> alpn(c, e, type, p, end, msg, r);
            case TlsNames.EXT_SUPPORTED_VERSIONS -> supportedVersions(c, e, type, p, end, msg, r);
            case TlsNames.EXT_SUPPORTED_GROUPS -> supportedGroups(c, e, type, p, end, msg, r);
            case TlsNames.EXT_KEY_SHARE, TlsNames.EXT_KEY_SHARE_OLD -> keyShare(c, e, p, end, msg, r);
            case TlsNames.EXT_SIGNATURE_ALGORITHMS, TlsNames.EXT_SIGNATURE_ALGORITHMS_CERT ->
                    signatureAlgorithmsExt(c, e, type, p, end, msg, r);
            case TlsNames.EXT_EC_POINT_FORMATS -> ecPointFormats(c, e, type, p, end, msg, r);
            case TlsNames.EXT_EARLY_DATA -> earlyData(c, e, type, p, end, msg, r);
            case TlsNames.EXT_PRE_SHARED_KEY -> pskExtension(c, e, type, p, end, msg, r);
            case TlsNames.EXT_PSK_KEY_EXCHANGE_MODES -> pskKeyExchangeModes(c, e, type, p, end, msg, r);
            case TlsNames.EXT_RENEGOTIATION_INFO -> renegotiationInfo(c, e, type, p, end, msg, r);
            case TlsNames.EXT_MAX_FRAGMENT_LENGTH -> maxFragmentLength(c, e, type, p, end, msg, r);
            case TlsNames.EXT_RECORD_SIZE_LIMIT -> recordSizeLimit(c, e, type, p, end, msg, r);
            case TlsNames.EXT_HEARTBEAT -> heartbeat(c, e, type, p, end, msg, r);
            case TlsNames.EXT_COMPRESS_CERTIFICATE -> compressCertificate(c, e, type, p, end, msg, r);
            case TlsNames.EXT_STATUS_REQUEST -> statusRequest(c, e, type, p, end, msg, r);
            case TlsNames.EXT_COOKIE -> cookie(c, e, type, p, end, msg, r);
            case TlsNames.EXT_CERTIFICATE_AUTHORITIES -> certificateAuthorities(c, e, type, p, end, msg, r);
            case TlsNames.EXT_PADDING -> padding(c, e, type, p, end, msg, r);
            case TlsNames.EXT_SESSION_TICKET -> sessionTicket(c, e, type, p, end, msg, r);
            case TlsNames.EXT_ENCRYPT_THEN_MAC, TlsNames.EXT_EXTENDED_MASTER_SECRET, TlsNames.EXT_POST_HANDSHAKE_AUTH ->
                    mustBeEmpty(c, e, type, p, end, msg, r);
            default -> otherExtension(c, e, type, p, end, msg, r);
        }
    }

    private static void serverName(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        SessionState s = c.s;
        if (msg != CLIENT_HELLO || end == p) {
            return;
        }
        c.need(p, 2, end, "server name list length");
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
            c.need(p, 3, lim, "server name entry");
            int nt = c.u8(p);
            int nl = c.u16(p + 1);
            c.need(p + 3, nl, lim, "server name");
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

    private static void alpn(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        SessionState s = c.s;
        c.need(p, 2, end, "ALPN extension length");
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
            c.need(p + 1, l, lim, "ALPN protocol");
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

    private static void supportedVersions(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        SessionState s = c.s;
        if (msg == CLIENT_HELLO) {
            c.need(p, 1, end, "supported versions length");
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
            c.need(p, 2, end, "selected version");
            int v = c.u16(p);
            r.selectedVersion = v;
            if (c.on) {
                c.add(e, "tls.handshake.extensions.supported_version", p, 2, v,
                        "Supported Version: " + TlsNames.version(v) + " (" + Hex.u16(v) + ")");
            }
        }
    }

    private static void supportedGroups(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        c.need(p, 2, end, "supported groups length");
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

    private static void signatureAlgorithmsExt(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        if (c.on) {
            TlsKeyExchange.signatureAlgorithms(c, e, p, end);
        }
    }

    private static void ecPointFormats(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        if (c.on) {
            c.need(p, 1, end, "EC point formats length");
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

    private static void earlyData(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        SessionState s = c.s;
        if (msg == CLIENT_HELLO) {
            s.earlyDataOffered = true;
        } else if (msg == NEW_SESSION_TICKET) {
            c.need(p, 4, end, "max early data size");
            if (c.on) {
                c.add(e, "tls.handshake.extensions.early_data.max_early_data_size", p, 4, c.u32(p),
                        "Maximum Early Data Size: " + c.u32(p));
            }
        }
    }

    private static void pskExtension(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        if (msg == SERVER_HELLO) {
            c.need(p, 2, end, "selected identity");
            r.pskSelected = true;
            if (c.on) {
                c.add(e, "tls.handshake.extensions.psk.identity.selected", p, 2, c.u16(p),
                        "Selected Identity: " + c.u16(p));
            }
        } else if (msg == CLIENT_HELLO && c.on) {
            preSharedKey(c, e, p, end);
        }
    }

    private static void pskKeyExchangeModes(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        if (c.on) {
            c.need(p, 1, end, "PSK key exchange modes length");
            int l = c.u8(p);
            c.add(e, "tls.extension.psk_ke_modes_length", p, 1, l, "PSK Key Exchange Modes Length: " + l);
            for (int q = p + 1; q < Math.min(end, p + 1 + l); q++) {
                int m = c.u8(q);
                c.add(e, "tls.extension.psk_ke_mode", q, 1, m,
                        "PSK Key Exchange Mode: " + TlsNames.pskKeyExchangeMode(m) + " (" + m + ")");
            }
        }
    }

    private static void renegotiationInfo(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        if (c.on) {
            c.need(p, 1, end, "renegotiation info length");
            int l = c.u8(p);
            Field f = c.add(e, "tls.handshake.extensions_reneg_info_ext", p, end - p, null,
                    "Renegotiation Info extension");
            c.add(f, "tls.handshake.extensions_reneg_info_len", p, 1, l,
                    "Renegotiation info extension length: " + l);
            if (l > 0) {
                c.need(p + 1, l, end, "renegotiation info");
                TlsHandshake.bytesField(c, f, "tls.handshake.extensions_reneg_info", "Renegotiation Info", p + 1, l);
            }
        }
    }

    private static void maxFragmentLength(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        if (c.on) {
            c.need(p, 1, end, "max fragment length");
            int v = c.u8(p);
            String n = v >= 1 && v <= 4 ? Integer.toString(256 << v) : "Unknown";
            c.add(e, "tls.handshake.max_fragment_length", p, 1, v, "Maximum Fragment Length: " + n + " (" + v + ")");
        }
    }

    private static void recordSizeLimit(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        if (c.on) {
            c.need(p, 2, end, "record size limit");
            c.add(e, "tls.record_size_limit", p, 2, c.u16(p), "Record Size Limit: " + c.u16(p));
        }
    }

    private static void heartbeat(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        if (c.on) {
            c.need(p, 1, end, "heartbeat mode");
            int m = c.u8(p);
            c.add(e, "tls.handshake.extension.heartbeat.mode", p, 1, m, "Mode: "
                    + (m == 1 ? "Peer allowed to send requests" : m == 2
                    ? "Peer not allowed to send requests" : "Unknown") + " (" + m + ")");
        }
    }

    private static void compressCertificate(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        if (c.on) {
            c.need(p, 1, end, "algorithms length");
            int l = c.u8(p);
            c.add(e, "tls.compress_certificate.algorithms_length", p, 1, l, "Algorithms Length: " + l);
            for (int q = p + 1; q + 1 < Math.min(end, p + 1 + l); q += 2) {
                int a = c.u16(q);
                c.add(e, "tls.compress_certificate.algorithm", q, 2, a,
                        "Algorithm: " + TlsNames.certCompressionAlgorithm(a) + " (" + a + ")");
            }
        }
    }

    private static void statusRequest(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        if (c.on && end > p) {
            int t = c.u8(p);
            c.add(e, "tls.handshake.extensions_status_request_type", p, 1, t,
                    "Certificate Status Type: " + (t == 1 ? "OCSP" : "Unknown") + " (" + t + ")");
        }
    }

    private static void cookie(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        if (c.on) {
            TlsHandshake.vector16(c, e, p, end, "tls.handshake.extensions.cookie", "Cookie", false);
        }
    }

    private static void certificateAuthorities(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        if (c.on) {
            TlsCertificates.distinguishedNames(c, e, p, end);
        }
    }

    private static void padding(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        if (c.on && end > p) {
            TlsHandshake.bytesField(c, e, "tls.handshake.extensions_padding_data", "Padding Data", p, end - p);
        }
    }

    private static void sessionTicket(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        if (c.on && end > p) {
            TlsHandshake.bytesField(c, e, "tls.handshake.extensions.session_ticket", "Session Ticket", p, end - p);
        }
    }

    private static void mustBeEmpty(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        if (end > p) {
            c.expert(Severity.WARN, "tls.malformed", TlsNames.extension(type) + " must be empty", p, end - p);
        }
    }

    private static void otherExtension(Ctx c, Field e, int type, int p, int end, int msg, ExtResult r) {
        if (c.on && end > p) {
            TlsHandshake.bytesField(c, e, "tls.handshake.extension.data", "Data", p, end - p);
        }
    }

    static void keyShare(Ctx c, Field e, int p, int end, int msg, ExtResult r) {
        Field ks = c.on ? c.add(e, "tls.handshake.extensions_key_share", p, end - p, null, "Key Share extension")
                : Field.NONE;
        if (msg == HELLO_RETRY_REQUEST) {
            c.need(p, 2, end, "selected group");
            int g = c.u16(p);
            r.keyShareGroup = g;
            if (c.on) {
                c.add(ks, "tls.handshake.extensions_key_share_selected_group", p, 2, g,
                        "Selected Group: " + TlsNames.namedGroup(g) + " (" + g + ")");
            }
            return;
        }
        int lim = end;
        if (msg == CLIENT_HELLO) {
            c.need(p, 2, end, "client key share length");
            int l = c.u16(p);
            if (c.on) {
                c.add(ks, "tls.handshake.extensions_key_share_client_length", p, 2, l, "Client Key Share Length: " + l);
            }
            p += 2;
            lim = Math.min(end, p + l);
        }
        while (p < lim) {
            c.need(p, 4, lim, "key share entry");
            int g = c.u16(p);
            int kl = c.u16(p + 2);
            c.need(p + 4, kl, lim, "key exchange");
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
                    TlsHandshake.bytesField(c, en, "tls.handshake.extensions_key_share_key_exchange", "Key Exchange", p + 4, kl);
                }
            }
            p += 4 + kl;
            if (msg != CLIENT_HELLO) {
                break;
            }
        }
    }

    static void preSharedKey(Ctx c, Field e, int p, int end) {
        Field f = c.add(e, "tls.handshake.extensions.psk", p, end - p, null, "Pre-Shared Key extension");
        c.need(p, 2, end, "PSK identities length");
        int il = c.u16(p);
        c.add(f, "tls.handshake.extensions.psk.identities.length", p, 2, il, "Identities Length: " + il);
        p += 2;
        int lim = Math.min(end, p + il);
        while (p < lim) {
            c.need(p, 2, lim, "PSK identity length");
            int l = c.u16(p);
            c.need(p + 2, l + 4, lim, "PSK identity");
            Field id = c.add(f, "tls.handshake.extensions.psk.identity", p, 6 + l, null,
                    "PSK Identity (length: " + l + ")");
            c.add(id, "tls.handshake.extensions.psk.identity.identity_length", p, 2, l, "Identity Length: " + l);
            TlsHandshake.bytesField(c, id, "tls.handshake.extensions.psk.identity.identity", "Identity", p + 2, l);
            long age = c.u32(p + 2 + l);
            c.add(id, "tls.handshake.extensions.psk.identity.obfuscated_ticket_age", p + 2 + l, 4, age,
                    "Obfuscated Ticket Age: " + age);
            p += 6 + l;
        }
        if (p + 2 <= end) {
            int bl = c.u16(p);
            c.add(f, "tls.handshake.extensions.psk.binders_len", p, 2, bl, "PSK Binders length: " + bl);
            c.need(p + 2, bl, end, "PSK binders");
            TlsHandshake.bytesField(c, f, "tls.handshake.extensions.psk.binders", "PSK Binders", p + 2, bl);
        }
    }
}
