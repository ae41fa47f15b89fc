package org.layerscope.dissect.tls;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Names of TLS numbers: versions, content types, handshake types, alerts, cipher suites, extensions,
 * named groups, signature schemes and a few smaller registries. The names are the IANA "TLS
 * Parameters" registry names (RFC 5246, 8446, 6066, 7301, 8422, 5288, 7905 and the registries that
 * extend them); display titles (alerts, handshake types) read like Wireshark's.
 *
 * <p>All lookups are allocation free for known values (the tables are built once).
 */
public final class TlsNames {
    private TlsNames() {
    }

    // ------------------------------------------------------------------ versions

    /** Human name of a protocol version: "TLS 1.2", "SSL 3.0", "TLS 1.3 (draft 20)", "Unknown (0x1234)". */
    public static String version(int v) {
        switch (v) {
            case 0x0002: return "SSL 2.0";
            case 0x0300: return "SSL 3.0";
            case 0x0301: return "TLS 1.0";
            case 0x0302: return "TLS 1.1";
            case 0x0303: return "TLS 1.2";
            case 0x0304: return "TLS 1.3";
            case 0xfb17: return "TLS 1.3 (Facebook draft 23)";
            case 0xfb1a: return "TLS 1.3 (Facebook draft 26)";
            case 0x0100: return "DTLS 1.0 (OpenSSL pre 0.9.8f)";
            case 0xfeff: return "DTLS 1.0";
            case 0xfefd: return "DTLS 1.2";
            case 0xfefc: return "DTLS 1.3";
            default:
                break;
        }
        if ((v & 0xff00) == 0x7f00) {
            return "TLS 1.3 (draft " + (v & 0xff) + ")";
        }
        if (isGrease(v)) {
            return "Reserved (GREASE)";
        }
        return "Unknown (0x" + hex4(v) + ")";
    }

    /** True for TLS 1.3 and its drafts (0x0304, 0x7fxx, Facebook's 0xfb17/0xfb1a). */
    public static boolean isTls13(int v) {
        return v == 0x0304 || (v & 0xff00) == 0x7f00 || v == 0xfb17 || v == 0xfb1a;
    }

    /** The draft number of a TLS 1.3 draft version (0x7f14 gives 20), 0 for the final RFC 8446 version. */
    static int tls13Draft(int v) {
        if ((v & 0xff00) == 0x7f00) {
            return v & 0xff;
        }
        if (v == 0xfb17) {
            return 23;
        }
        if (v == 0xfb1a) {
            return 26;
        }
        return 0;
    }

    /** Short protocol label used in summaries: "SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3", "TLS". */
    public static String protocolLabel(int v) {
        switch (v) {
            case 0x0002: return "SSLv2";
            case 0x0300: return "SSLv3";
            case 0x0301: return "TLSv1";
            case 0x0302: return "TLSv1.1";
            case 0x0303: return "TLSv1.2";
            default:
                return isTls13(v) ? "TLSv1.3" : "TLS";
        }
    }

    /** True for the GREASE values of RFC 8701 (0x0a0a, 0x1a1a, ... 0xfafa). */
    public static boolean isGrease(int v) {
        return (v & 0x0f0f) == 0x0a0a && ((v >> 8) & 0xff) == (v & 0xff);
    }

    // ------------------------------------------------------------------ record layer

    /** Content type title: "Change Cipher Spec", "Alert", "Handshake", "Application Data", "Heartbeat". */
    public static String contentType(int t) {
        switch (t) {
            case 20: return "Change Cipher Spec";
            case 21: return "Alert";
            case 22: return "Handshake";
            case 23: return "Application Data";
            case 24: return "Heartbeat";
            case 25: return "Connection ID";
            case 26: return "ACK";
            case 27: return "Return Routability Check";
            default: return "Unknown";
        }
    }

    // ------------------------------------------------------------------ handshake

    /** Handshake type title ("Client Hello", "Server Key Exchange", ...) or null when unknown. */
    public static String handshakeType(int t) {
        switch (t) {
            case 0: return "Hello Request";
            case 1: return "Client Hello";
            case 2: return "Server Hello";
            case 3: return "Hello Verify Request";
            case 4: return "New Session Ticket";
            case 5: return "End of Early Data";
            case 6: return "Hello Retry Request";
            case 8: return "Encrypted Extensions";
            case 9: return "Request Connection ID";
            case 10: return "New Connection ID";
            case 11: return "Certificate";
            case 12: return "Server Key Exchange";
            case 13: return "Certificate Request";
            case 14: return "Server Hello Done";
            case 15: return "Certificate Verify";
            case 16: return "Client Key Exchange";
            case 17: return "Client Certificate Request";
            case 20: return "Finished";
            case 21: return "Certificate URL";
            case 22: return "Certificate Status";
            case 23: return "Supplemental Data";
            case 24: return "Key Update";
            case 25: return "Compressed Certificate";
            case 26: return "EKT Key";
            case 254: return "Message Hash";
            default: return null;
        }
    }

    /** RFC name of a handshake type ("client_hello") or null. */
    public static String handshakeTypeRfc(int t) {
        String title = handshakeType(t);
        return title == null ? null : title.toLowerCase(Locale.ROOT).replace(' ', '_');
    }

    // ------------------------------------------------------------------ alerts

    private static final String[] ALERT_RFC = new String[256];
    private static final String[] ALERT_TITLE = new String[256];

    static {
        alert(0, "close_notify", "Close Notify");
        alert(1, "end_of_early_data", "End of Early Data");
        alert(10, "unexpected_message", "Unexpected Message");
        alert(20, "bad_record_mac", "Bad Record MAC");
        alert(21, "decryption_failed", "Decryption Failed");
        alert(22, "record_overflow", "Record Overflow");
        alert(30, "decompression_failure", "Decompression Failure");
        alert(40, "handshake_failure", "Handshake Failure");
        alert(41, "no_certificate", "No Certificate");
        alert(42, "bad_certificate", "Bad Certificate");
        alert(43, "unsupported_certificate", "Unsupported Certificate");
        alert(44, "certificate_revoked", "Certificate Revoked");
        alert(45, "certificate_expired", "Certificate Expired");
        alert(46, "certificate_unknown", "Certificate Unknown");
        alert(47, "illegal_parameter", "Illegal Parameter");
        alert(48, "unknown_ca", "Unknown CA");
        alert(49, "access_denied", "Access Denied");
        alert(50, "decode_error", "Decode Error");
        alert(51, "decrypt_error", "Decrypt Error");
        alert(52, "too_many_cids_requested", "Too Many CIDs Requested");
        alert(60, "export_restriction", "Export Restriction");
        alert(70, "protocol_version", "Protocol Version");
        alert(71, "insufficient_security", "Insufficient Security");
        alert(80, "internal_error", "Internal Error");
        alert(86, "inappropriate_fallback", "Inappropriate Fallback");
        alert(90, "user_canceled", "User Canceled");
        alert(100, "no_renegotiation", "No Renegotiation");
        alert(109, "missing_extension", "Missing Extension");
        alert(110, "unsupported_extension", "Unsupported Extension");
        alert(111, "certificate_unobtainable", "Certificate Unobtainable");
        alert(112, "unrecognized_name", "Unrecognized Name");
        alert(113, "bad_certificate_status_response", "Bad Certificate Status Response");
        alert(114, "bad_certificate_hash_value", "Bad Certificate Hash Value");
        alert(115, "unknown_psk_identity", "Unknown PSK Identity");
        alert(116, "certificate_required", "Certificate Required");
        alert(117, "general_error", "General Error");
        alert(120, "no_application_protocol", "No application Protocol");
        alert(121, "ech_required", "ECH Required");
    }

    private static void alert(int code, String rfc, String title) {
        ALERT_RFC[code] = rfc;
        ALERT_TITLE[code] = title;
    }

    /** RFC name of an alert description ("unknown_ca") or null when unassigned. */
    public static String alertDescription(int code) {
        return code >= 0 && code < 256 ? ALERT_RFC[code] : null;
    }

    /** Title of an alert description as Wireshark shows it ("Unknown CA"), "Unknown" when unassigned. */
    public static String alertDescriptionTitle(int code) {
        String s = code >= 0 && code < 256 ? ALERT_TITLE[code] : null;
        return s == null ? "Unknown" : s;
    }

    /** RFC name of an alert level ("warning", "fatal") or null. */
    public static String alertLevel(int level) {
        return level == 1 ? "warning" : level == 2 ? "fatal" : null;
    }

    /** Title of an alert level ("Warning", "Fatal", "Unknown"). */
    public static String alertLevelTitle(int level) {
        return level == 1 ? "Warning" : level == 2 ? "Fatal" : "Unknown";
    }

    // ------------------------------------------------------------------ cipher suites

    private static final String[] SUITES = new String[65536];
    private static final Map<String, Integer> SUITE_CODES = new HashMap<>(512);

    static {
        String table = """
            0000 TLS_NULL_WITH_NULL_NULL
            0001 TLS_RSA_WITH_NULL_MD5
            0002 TLS_RSA_WITH_NULL_SHA
            0003 TLS_RSA_EXPORT_WITH_RC4_40_MD5
            0004 TLS_RSA_WITH_RC4_128_MD5
            0005 TLS_RSA_WITH_RC4_128_SHA
            0006 TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5
            0007 TLS_RSA_WITH_IDEA_CBC_SHA
            0008 TLS_RSA_EXPORT_WITH_DES40_CBC_SHA
            0009 TLS_RSA_WITH_DES_CBC_SHA
            000A TLS_RSA_WITH_3DES_EDE_CBC_SHA
            000B TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA
            000C TLS_DH_DSS_WITH_DES_CBC_SHA
            000D TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA
            000E TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA
            000F TLS_DH_RSA_WITH_DES_CBC_SHA
            0010 TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA
            0011 TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA
            0012 TLS_DHE_DSS_WITH_DES_CBC_SHA
            0013 TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA
            0014 TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA
            0015 TLS_DHE_RSA_WITH_DES_CBC_SHA
            0016 TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA
            0017 TLS_DH_anon_EXPORT_WITH_RC4_40_MD5
            0018 TLS_DH_anon_WITH_RC4_128_MD5
            0019 TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA
            001A TLS_DH_anon_WITH_DES_CBC_SHA
            001B TLS_DH_anon_WITH_3DES_EDE_CBC_SHA
            001E TLS_KRB5_WITH_DES_CBC_SHA
            001F TLS_KRB5_WITH_3DES_EDE_CBC_SHA
            0020 TLS_KRB5_WITH_RC4_128_SHA
            0021 TLS_KRB5_WITH_IDEA_CBC_SHA
            0022 TLS_KRB5_WITH_DES_CBC_MD5
            0023 TLS_KRB5_WITH_3DES_EDE_CBC_MD5
            0024 TLS_KRB5_WITH_RC4_128_MD5
            0025 TLS_KRB5_WITH_IDEA_CBC_MD5
            0026 TLS_KRB5_EXPORT_WITH_DES_CBC_40_SHA
            0027 TLS_KRB5_EXPORT_WITH_RC2_CBC_40_SHA
            0028 TLS_KRB5_EXPORT_WITH_RC4_40_SHA
            0029 TLS_KRB5_EXPORT_WITH_DES_CBC_40_MD5
            002A TLS_KRB5_EXPORT_WITH_RC2_CBC_40_MD5
            002B TLS_KRB5_EXPORT_WITH_RC4_40_MD5
            002C TLS_PSK_WITH_NULL_SHA
            002D TLS_DHE_PSK_WITH_NULL_SHA
            002E TLS_RSA_PSK_WITH_NULL_SHA
            002F TLS_RSA_WITH_AES_128_CBC_SHA
            0030 TLS_DH_DSS_WITH_AES_128_CBC_SHA
            0031 TLS_DH_RSA_WITH_AES_128_CBC_SHA
            0032 TLS_DHE_DSS_WITH_AES_128_CBC_SHA
            0033 TLS_DHE_RSA_WITH_AES_128_CBC_SHA
            0034 TLS_DH_anon_WITH_AES_128_CBC_SHA
            0035 TLS_RSA_WITH_AES_256_CBC_SHA
            0036 TLS_DH_DSS_WITH_AES_256_CBC_SHA
            0037 TLS_DH_RSA_WITH_AES_256_CBC_SHA
            0038 TLS_DHE_DSS_WITH_AES_256_CBC_SHA
            0039 TLS_DHE_RSA_WITH_AES_256_CBC_SHA
            003A TLS_DH_anon_WITH_AES_256_CBC_SHA
            003B TLS_RSA_WITH_NULL_SHA256
            003C TLS_RSA_WITH_AES_128_CBC_SHA256
            003D TLS_RSA_WITH_AES_256_CBC_SHA256
            003E TLS_DH_DSS_WITH_AES_128_CBC_SHA256
            003F TLS_DH_RSA_WITH_AES_128_CBC_SHA256
            0040 TLS_DHE_DSS_WITH_AES_128_CBC_SHA256
            0041 TLS_RSA_WITH_CAMELLIA_128_CBC_SHA
            0042 TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA
            0043 TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA
            0044 TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA
            0045 TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA
            0046 TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA
            0060 TLS_RSA_EXPORT1024_WITH_RC4_56_MD5
            0061 TLS_RSA_EXPORT1024_WITH_RC2_CBC_56_MD5
            0062 TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA
            0063 TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA
            0064 TLS_RSA_EXPORT1024_WITH_RC4_56_SHA
            0065 TLS_DHE_DSS_EXPORT1024_WITH_RC4_56_SHA
            0066 TLS_DHE_DSS_WITH_RC4_128_SHA
            0067 TLS_DHE_RSA_WITH_AES_128_CBC_SHA256
            0068 TLS_DH_DSS_WITH_AES_256_CBC_SHA256
            0069 TLS_DH_RSA_WITH_AES_256_CBC_SHA256
            006A TLS_DHE_DSS_WITH_AES_256_CBC_SHA256
            006B TLS_DHE_RSA_WITH_AES_256_CBC_SHA256
            006C TLS_DH_anon_WITH_AES_128_CBC_SHA256
            006D TLS_DH_anon_WITH_AES_256_CBC_SHA256
            0084 TLS_RSA_WITH_CAMELLIA_256_CBC_SHA
            0085 TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA
            0086 TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA
            0087 TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA
            0088 TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA
            0089 TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA
            008A TLS_PSK_WITH_RC4_128_SHA
            008B TLS_PSK_WITH_3DES_EDE_CBC_SHA
            008C TLS_PSK_WITH_AES_128_CBC_SHA
            008D TLS_PSK_WITH_AES_256_CBC_SHA
            008E TLS_DHE_PSK_WITH_RC4_128_SHA
            008F TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA
            0090 TLS_DHE_PSK_WITH_AES_128_CBC_SHA
            0091 TLS_DHE_PSK_WITH_AES_256_CBC_SHA
            0092 TLS_RSA_PSK_WITH_RC4_128_SHA
            0093 TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA
            0094 TLS_RSA_PSK_WITH_AES_128_CBC_SHA
            0095 TLS_RSA_PSK_WITH_AES_256_CBC_SHA
            0096 TLS_RSA_WITH_SEED_CBC_SHA
            0097 TLS_DH_DSS_WITH_SEED_CBC_SHA
            0098 TLS_DH_RSA_WITH_SEED_CBC_SHA
            0099 TLS_DHE_DSS_WITH_SEED_CBC_SHA
            009A TLS_DHE_RSA_WITH_SEED_CBC_SHA
            009B TLS_DH_anon_WITH_SEED_CBC_SHA
            009C TLS_RSA_WITH_AES_128_GCM_SHA256
            009D TLS_RSA_WITH_AES_256_GCM_SHA384
            009E TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
            009F TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
            00A0 TLS_DH_RSA_WITH_AES_128_GCM_SHA256
            00A1 TLS_DH_RSA_WITH_AES_256_GCM_SHA384
            00A2 TLS_DHE_DSS_WITH_AES_128_GCM_SHA256
            00A3 TLS_DHE_DSS_WITH_AES_256_GCM_SHA384
            00A4 TLS_DH_DSS_WITH_AES_128_GCM_SHA256
            00A5 TLS_DH_DSS_WITH_AES_256_GCM_SHA384
            00A6 TLS_DH_anon_WITH_AES_128_GCM_SHA256
            00A7 TLS_DH_anon_WITH_AES_256_GCM_SHA384
            00A8 TLS_PSK_WITH_AES_128_GCM_SHA256
            00A9 TLS_PSK_WITH_AES_256_GCM_SHA384
            00AA TLS_DHE_PSK_WITH_AES_128_GCM_SHA256
            00AB TLS_DHE_PSK_WITH_AES_256_GCM_SHA384
            00AC TLS_RSA_PSK_WITH_AES_128_GCM_SHA256
            00AD TLS_RSA_PSK_WITH_AES_256_GCM_SHA384
            00AE TLS_PSK_WITH_AES_128_CBC_SHA256
            00AF TLS_PSK_WITH_AES_256_CBC_SHA384
            00B0 TLS_PSK_WITH_NULL_SHA256
            00B1 TLS_PSK_WITH_NULL_SHA384
            00B2 TLS_DHE_PSK_WITH_AES_128_CBC_SHA256
            00B3 TLS_DHE_PSK_WITH_AES_256_CBC_SHA384
            00B4 TLS_DHE_PSK_WITH_NULL_SHA256
            00B5 TLS_DHE_PSK_WITH_NULL_SHA384
            00B6 TLS_RSA_PSK_WITH_AES_128_CBC_SHA256
            00B7 TLS_RSA_PSK_WITH_AES_256_CBC_SHA384
            00B8 TLS_RSA_PSK_WITH_NULL_SHA256
            00B9 TLS_RSA_PSK_WITH_NULL_SHA384
            00BA TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256
            00BB TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA256
            00BC TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA256
            00BD TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256
            00BE TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256
            00BF TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256
            00C0 TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256
            00C1 TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA256
            00C2 TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA256
            00C3 TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256
            00C4 TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256
            00C5 TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256
            00C6 TLS_SM4_GCM_SM3
            00C7 TLS_SM4_CCM_SM3
            00FF TLS_EMPTY_RENEGOTIATION_INFO_SCSV
            1301 TLS_AES_128_GCM_SHA256
            1302 TLS_AES_256_GCM_SHA384
            1303 TLS_CHACHA20_POLY1305_SHA256
            1304 TLS_AES_128_CCM_SHA256
            1305 TLS_AES_128_CCM_8_SHA256
            1306 TLS_AEGIS_256_SHA512
            1307 TLS_AEGIS_128L_SHA256
            5600 TLS_FALLBACK_SCSV
            C001 TLS_ECDH_ECDSA_WITH_NULL_SHA
            C002 TLS_ECDH_ECDSA_WITH_RC4_128_SHA
            C003 TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA
            C004 TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA
            C005 TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA
            C006 TLS_ECDHE_ECDSA_WITH_NULL_SHA
            C007 TLS_ECDHE_ECDSA_WITH_RC4_128_SHA
            C008 TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA
            C009 TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
            C00A TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA
            C00B TLS_ECDH_RSA_WITH_NULL_SHA
            C00C TLS_ECDH_RSA_WITH_RC4_128_SHA
            C00D TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA
            C00E TLS_ECDH_RSA_WITH_AES_128_CBC_SHA
            C00F TLS_ECDH_RSA_WITH_AES_256_CBC_SHA
            C010 TLS_ECDHE_RSA_WITH_NULL_SHA
            C011 TLS_ECDHE_RSA_WITH_RC4_128_SHA
            C012 TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA
            C013 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
            C014 TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
            C015 TLS_ECDH_anon_WITH_NULL_SHA
            C016 TLS_ECDH_anon_WITH_RC4_128_SHA
            C017 TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA
            C018 TLS_ECDH_anon_WITH_AES_128_CBC_SHA
            C019 TLS_ECDH_anon_WITH_AES_256_CBC_SHA
            C01A TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA
            C01B TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA
            C01C TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA
            C01D TLS_SRP_SHA_WITH_AES_128_CBC_SHA
            C01E TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA
            C01F TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA
            C020 TLS_SRP_SHA_WITH_AES_256_CBC_SHA
            C021 TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA
            C022 TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA
            C023 TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
            C024 TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384
            C025 TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256
            C026 TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384
            C027 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256
            C028 TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384
            C029 TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256
            C02A TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384
            C02B TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
            C02C TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
            C02D TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256
            C02E TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384
            C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
            C030 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
            C031 TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256
            C032 TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384
            C033 TLS_ECDHE_PSK_WITH_RC4_128_SHA
            C034 TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA
            C035 TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA
            C036 TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA
            C037 TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256
            C038 TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384
            C039 TLS_ECDHE_PSK_WITH_NULL_SHA
            C03A TLS_ECDHE_PSK_WITH_NULL_SHA256
            C03B TLS_ECDHE_PSK_WITH_NULL_SHA384
            C03C TLS_RSA_WITH_ARIA_128_CBC_SHA256
            C03D TLS_RSA_WITH_ARIA_256_CBC_SHA384
            C03E TLS_DH_DSS_WITH_ARIA_128_CBC_SHA256
            C03F TLS_DH_DSS_WITH_ARIA_256_CBC_SHA384
            C040 TLS_DH_RSA_WITH_ARIA_128_CBC_SHA256
            C041 TLS_DH_RSA_WITH_ARIA_256_CBC_SHA384
            C042 TLS_DHE_DSS_WITH_ARIA_128_CBC_SHA256
            C043 TLS_DHE_DSS_WITH_ARIA_256_CBC_SHA384
            C044 TLS_DHE_RSA_WITH_ARIA_128_CBC_SHA256
            C045 TLS_DHE_RSA_WITH_ARIA_256_CBC_SHA384
            C046 TLS_DH_anon_WITH_ARIA_128_CBC_SHA256
            C047 TLS_DH_anon_WITH_ARIA_256_CBC_SHA384
            C048 TLS_ECDHE_ECDSA_WITH_ARIA_128_CBC_SHA256
            C049 TLS_ECDHE_ECDSA_WITH_ARIA_256_CBC_SHA384
            C04A TLS_ECDH_ECDSA_WITH_ARIA_128_CBC_SHA256
            C04B TLS_ECDH_ECDSA_WITH_ARIA_256_CBC_SHA384
            C04C TLS_ECDHE_RSA_WITH_ARIA_128_CBC_SHA256
            C04D TLS_ECDHE_RSA_WITH_ARIA_256_CBC_SHA384
            C04E TLS_ECDH_RSA_WITH_ARIA_128_CBC_SHA256
            C04F TLS_ECDH_RSA_WITH_ARIA_256_CBC_SHA384
            C050 TLS_RSA_WITH_ARIA_128_GCM_SHA256
            C051 TLS_RSA_WITH_ARIA_256_GCM_SHA384
            C052 TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256
            C053 TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384
            C054 TLS_DH_RSA_WITH_ARIA_128_GCM_SHA256
            C055 TLS_DH_RSA_WITH_ARIA_256_GCM_SHA384
            C056 TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256
            C057 TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384
            C058 TLS_DH_DSS_WITH_ARIA_128_GCM_SHA256
            C059 TLS_DH_DSS_WITH_ARIA_256_GCM_SHA384
            C05A TLS_DH_anon_WITH_ARIA_128_GCM_SHA256
            C05B TLS_DH_anon_WITH_ARIA_256_GCM_SHA384
            C05C TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256
            C05D TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384
            C05E TLS_ECDH_ECDSA_WITH_ARIA_128_GCM_SHA256
            C05F TLS_ECDH_ECDSA_WITH_ARIA_256_GCM_SHA384
            C060 TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256
            C061 TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384
            C062 TLS_ECDH_RSA_WITH_ARIA_128_GCM_SHA256
            C063 TLS_ECDH_RSA_WITH_ARIA_256_GCM_SHA384
            C064 TLS_PSK_WITH_ARIA_128_CBC_SHA256
            C065 TLS_PSK_WITH_ARIA_256_CBC_SHA384
            C066 TLS_DHE_PSK_WITH_ARIA_128_CBC_SHA256
            C067 TLS_DHE_PSK_WITH_ARIA_256_CBC_SHA384
            C068 TLS_RSA_PSK_WITH_ARIA_128_CBC_SHA256
            C069 TLS_RSA_PSK_WITH_ARIA_256_CBC_SHA384
            C06A TLS_PSK_WITH_ARIA_128_GCM_SHA256
            C06B TLS_PSK_WITH_ARIA_256_GCM_SHA384
            C06C TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256
            C06D TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384
            C06E TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256
            C06F TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384
            C070 TLS_ECDHE_PSK_WITH_ARIA_128_CBC_SHA256
            C071 TLS_ECDHE_PSK_WITH_ARIA_256_CBC_SHA384
            C072 TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256
            C073 TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384
            C074 TLS_ECDH_ECDSA_WITH_CAMELLIA_128_CBC_SHA256
            C075 TLS_ECDH_ECDSA_WITH_CAMELLIA_256_CBC_SHA384
            C076 TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256
            C077 TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384
            C078 TLS_ECDH_RSA_WITH_CAMELLIA_128_CBC_SHA256
            C079 TLS_ECDH_RSA_WITH_CAMELLIA_256_CBC_SHA384
            C07A TLS_RSA_WITH_CAMELLIA_128_GCM_SHA256
            C07B TLS_RSA_WITH_CAMELLIA_256_GCM_SHA384
            C07C TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256
            C07D TLS_DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384
            C07E TLS_DH_RSA_WITH_CAMELLIA_128_GCM_SHA256
            C07F TLS_DH_RSA_WITH_CAMELLIA_256_GCM_SHA384
            C080 TLS_DHE_DSS_WITH_CAMELLIA_128_GCM_SHA256
            C081 TLS_DHE_DSS_WITH_CAMELLIA_256_GCM_SHA384
            C082 TLS_DH_DSS_WITH_CAMELLIA_128_GCM_SHA256
            C083 TLS_DH_DSS_WITH_CAMELLIA_256_GCM_SHA384
            C084 TLS_DH_anon_WITH_CAMELLIA_128_GCM_SHA256
            C085 TLS_DH_anon_WITH_CAMELLIA_256_GCM_SHA384
            C086 TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256
            C087 TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384
            C088 TLS_ECDH_ECDSA_WITH_CAMELLIA_128_GCM_SHA256
            C089 TLS_ECDH_ECDSA_WITH_CAMELLIA_256_GCM_SHA384
            C08A TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256
            C08B TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384
            C08C TLS_ECDH_RSA_WITH_CAMELLIA_128_GCM_SHA256
            C08D TLS_ECDH_RSA_WITH_CAMELLIA_256_GCM_SHA384
            C08E TLS_PSK_WITH_CAMELLIA_128_GCM_SHA256
            C08F TLS_PSK_WITH_CAMELLIA_256_GCM_SHA384
            C090 TLS_DHE_PSK_WITH_CAMELLIA_128_GCM_SHA256
            C091 TLS_DHE_PSK_WITH_CAMELLIA_256_GCM_SHA384
            C092 TLS_RSA_PSK_WITH_CAMELLIA_128_GCM_SHA256
            C093 TLS_RSA_PSK_WITH_CAMELLIA_256_GCM_SHA384
            C094 TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256
            C095 TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384
            C096 TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256
            C097 TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384
            C098 TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256
            C099 TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384
            C09A TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256
            C09B TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384
            C09C TLS_RSA_WITH_AES_128_CCM
            C09D TLS_RSA_WITH_AES_256_CCM
            C09E TLS_DHE_RSA_WITH_AES_128_CCM
            C09F TLS_DHE_RSA_WITH_AES_256_CCM
            C0A0 TLS_RSA_WITH_AES_128_CCM_8
            C0A1 TLS_RSA_WITH_AES_256_CCM_8
            C0A2 TLS_DHE_RSA_WITH_AES_128_CCM_8
            C0A3 TLS_DHE_RSA_WITH_AES_256_CCM_8
            C0A4 TLS_PSK_WITH_AES_128_CCM
            C0A5 TLS_PSK_WITH_AES_256_CCM
            C0A6 TLS_DHE_PSK_WITH_AES_128_CCM
            C0A7 TLS_DHE_PSK_WITH_AES_256_CCM
            C0A8 TLS_PSK_WITH_AES_128_CCM_8
            C0A9 TLS_PSK_WITH_AES_256_CCM_8
            C0AA TLS_PSK_DHE_WITH_AES_128_CCM_8
            C0AB TLS_PSK_DHE_WITH_AES_256_CCM_8
            C0AC TLS_ECDHE_ECDSA_WITH_AES_128_CCM
            C0AD TLS_ECDHE_ECDSA_WITH_AES_256_CCM
            C0AE TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8
            C0AF TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8
            C0B0 TLS_ECCPWD_WITH_AES_128_GCM_SHA256
            C0B1 TLS_ECCPWD_WITH_AES_256_GCM_SHA384
            C0B2 TLS_ECCPWD_WITH_AES_128_CCM_SHA256
            C0B3 TLS_ECCPWD_WITH_AES_256_CCM_SHA384
            C0B4 TLS_SHA256_SHA256
            C0B5 TLS_SHA384_SHA384
            C100 TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC
            C101 TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC
            C102 TLS_GOSTR341112_256_WITH_28147_CNT_IMIT
            C103 TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_L
            C104 TLS_GOSTR341112_256_WITH_MAGMA_MGM_L
            C105 TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_S
            C106 TLS_GOSTR341112_256_WITH_MAGMA_MGM_S
            CCA8 TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
            CCA9 TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
            CCAA TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256
            CCAB TLS_PSK_WITH_CHACHA20_POLY1305_SHA256
            CCAC TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256
            CCAD TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256
            CCAE TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256
            D001 TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256
            D002 TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384
            D003 TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256
            D005 TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256
            FEFE SSL_RSA_FIPS_WITH_DES_CBC_SHA
            FEFF SSL_RSA_FIPS_WITH_3DES_EDE_CBC_SHA
            FFE0 SSL_RSA_FIPS_WITH_3DES_EDE_CBC_SHA
            FFE1 SSL_RSA_FIPS_WITH_DES_CBC_SHA
""";
        for (String line : table.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            int sp = l.indexOf(' ');
            int code = Integer.parseInt(l.substring(0, sp), 16);
            String name = l.substring(sp + 1);
            SUITES[code] = name;
            SUITE_CODES.putIfAbsent(name, code);
        }
        // ChaCha20 suites of the pre-RFC 7905 draft (still seen in old captures)
        SUITES[0xcc13] = "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256_OLD";
        SUITES[0xcc14] = "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256_OLD";
        SUITES[0xcc15] = "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256_OLD";
    }

    /** IANA name of a cipher suite ("TLS_AES_128_GCM_SHA256"), or null when not in the table. */
    public static String cipherSuite(int code) {
        return code >= 0 && code < 65536 ? SUITES[code] : null;
    }

    /** Like {@link #cipherSuite} but never null: "Reserved (GREASE)" or "Unknown". */
    public static String cipherSuiteOrUnknown(int code) {
        String s = cipherSuite(code);
        if (s != null) {
            return s;
        }
        return isGrease(code) ? "Reserved (GREASE)" : "Unknown";
    }

    /** The code of a cipher suite name, or -1. */
    public static int cipherSuiteCode(String name) {
        Integer c = SUITE_CODES.get(name);
        return c == null ? -1 : c;
    }

    /** Key exchange family of a TLS 1.2-and-before cipher suite, from its name. */
    enum KeyExchange {
        /** Unknown suite (or TLS 1.3, whose suites do not name a key exchange). */
        UNKNOWN,
        RSA, RSA_EXPORT, DH, DHE, DH_ANON, ECDH, ECDHE, ECDH_ANON, PSK, DHE_PSK, RSA_PSK, ECDHE_PSK,
        SRP, KRB5, ECCPWD, GOST, NULL
    }

    static KeyExchange keyExchange(int suite) {
        String n = cipherSuite(suite);
        if (n == null) {
            return KeyExchange.UNKNOWN;
        }
        int w = n.indexOf("_WITH_");
        if (w < 0) {
            return n.startsWith("TLS_GOSTR") ? KeyExchange.GOST : KeyExchange.UNKNOWN;
        }
        String kx = n.substring(n.indexOf('_') + 1, w);
        if (kx.equals("NULL")) {
            return KeyExchange.NULL;
        }
        if (kx.equals("RSA") || kx.startsWith("RSA_FIPS")) {
            return KeyExchange.RSA;
        }
        if (kx.startsWith("RSA_EXPORT")) {
            return KeyExchange.RSA_EXPORT;
        }
        if (kx.equals("DH_anon") || kx.equals("DH_anon_EXPORT")) {
            return KeyExchange.DH_ANON;
        }
        if (kx.equals("ECDH_anon")) {
            return KeyExchange.ECDH_ANON;
        }
        if (kx.equals("DHE_PSK") || kx.equals("PSK_DHE")) {
            return KeyExchange.DHE_PSK;
        }
        if (kx.equals("RSA_PSK")) {
            return KeyExchange.RSA_PSK;
        }
        if (kx.equals("ECDHE_PSK")) {
            return KeyExchange.ECDHE_PSK;
        }
        if (kx.equals("PSK")) {
            return KeyExchange.PSK;
        }
        if (kx.startsWith("DHE_")) {
            return KeyExchange.DHE;
        }
        if (kx.startsWith("DH_")) {
            return KeyExchange.DH;
        }
        if (kx.startsWith("ECDHE_")) {
            return KeyExchange.ECDHE;
        }
        if (kx.startsWith("ECDH_")) {
            return KeyExchange.ECDH;
        }
        if (kx.startsWith("SRP")) {
            return KeyExchange.SRP;
        }
        if (kx.startsWith("KRB5")) {
            return KeyExchange.KRB5;
        }
        if (kx.startsWith("ECCPWD")) {
            return KeyExchange.ECCPWD;
        }
        return KeyExchange.UNKNOWN;
    }

    /** Name of an SSL 2.0 cipher kind (3 bytes); TLS suites written as 0x00xxxx get their TLS name. */
    public static String ssl2CipherSpec(int spec) {
        switch (spec) {
            case 0x010080: return "SSL2_RC4_128_WITH_MD5";
            case 0x020080: return "SSL2_RC4_128_EXPORT40_WITH_MD5";
            case 0x030080: return "SSL2_RC2_128_CBC_WITH_MD5";
            case 0x040080: return "SSL2_RC2_128_CBC_EXPORT40_WITH_MD5";
            case 0x050080: return "SSL2_IDEA_128_CBC_WITH_MD5";
            case 0x060040: return "SSL2_DES_64_CBC_WITH_MD5";
            case 0x0700c0: return "SSL2_DES_192_EDE3_CBC_WITH_MD5";
            case 0x080080: return "SSL2_RC4_64_WITH_MD5";
            default:
                return (spec >> 16) == 0 ? cipherSuiteOrUnknown(spec) : "Unknown";
        }
    }

    // ------------------------------------------------------------------ extensions

    private static final String[] EXTENSIONS = {
        "server_name", "max_fragment_length", "client_certificate_url", "trusted_ca_keys",
        "truncated_hmac", "status_request", "user_mapping", "client_authz", "server_authz", "cert_type",
        "supported_groups", "ec_point_formats", "srp", "signature_algorithms", "use_srtp", "heartbeat",
        "application_layer_protocol_negotiation", "status_request_v2", "signed_certificate_timestamp",
        "client_certificate_type", "server_certificate_type", "padding", "encrypt_then_mac",
        "extended_master_secret", "token_binding", "cached_info", "tls_lts", "compress_certificate",
        "record_size_limit", "pwd_protect", "pwd_clear", "password_salt", "ticket_pinning",
        "tls_cert_with_extern_psk", "delegated_credential", "session_ticket", "TLMSP", "TLMSP_proxying",
        "TLMSP_delegate", "supported_ekt_ciphers", "Reserved (key_share)", "pre_shared_key", "early_data",
        "supported_versions", "cookie", "psk_key_exchange_modes", "Reserved", "certificate_authorities",
        "oid_filters", "post_handshake_auth", "signature_algorithms_cert", "key_share", "transparency_info",
        "connection_id (deprecated)", "connection_id", "external_id_hash", "external_session_id",
        "quic_transport_parameters", "ticket_request", "dnssec_chain", "sequence_number_encryption_algorithms",
        "rrc",
    };

    /** Extension type name ("server_name", "key_share", ...), "Reserved (GREASE)" or "Unknown". */
    public static String extension(int type) {
        if (type >= 0 && type < EXTENSIONS.length) {
            return EXTENSIONS[type];
        }
        switch (type) {
            case 0x3374: return "next_protocol_negotiation";
            case 0x4469: return "application_settings";
            case 0x44cd: return "application_settings";
            case 0xfe0d: return "encrypted_client_hello";
            case 0xffce: return "encrypted_server_name";
            case 0xff01: return "renegotiation_info";
            default:
                return isGrease(type) ? "Reserved (GREASE)" : "Unknown";
        }
    }

    // extension numbers used by the decoder
    static final int EXT_SERVER_NAME = 0;
    static final int EXT_MAX_FRAGMENT_LENGTH = 1;
    static final int EXT_STATUS_REQUEST = 5;
    static final int EXT_SUPPORTED_GROUPS = 10;
    static final int EXT_EC_POINT_FORMATS = 11;
    static final int EXT_SIGNATURE_ALGORITHMS = 13;
    static final int EXT_HEARTBEAT = 15;
    static final int EXT_ALPN = 16;
    static final int EXT_PADDING = 21;
    static final int EXT_ENCRYPT_THEN_MAC = 22;
    static final int EXT_EXTENDED_MASTER_SECRET = 23;
    static final int EXT_COMPRESS_CERTIFICATE = 27;
    static final int EXT_RECORD_SIZE_LIMIT = 28;
    static final int EXT_SESSION_TICKET = 35;
    static final int EXT_KEY_SHARE_OLD = 40;
    static final int EXT_PRE_SHARED_KEY = 41;
    static final int EXT_EARLY_DATA = 42;
    static final int EXT_SUPPORTED_VERSIONS = 43;
    static final int EXT_COOKIE = 44;
    static final int EXT_PSK_KEY_EXCHANGE_MODES = 45;
    static final int EXT_CERTIFICATE_AUTHORITIES = 47;
    static final int EXT_POST_HANDSHAKE_AUTH = 49;
    static final int EXT_SIGNATURE_ALGORITHMS_CERT = 50;
    static final int EXT_KEY_SHARE = 51;
    static final int EXT_ALPS = 0x4469;
    static final int EXT_RENEGOTIATION_INFO = 0xff01;

    // ------------------------------------------------------------------ named groups

    private static final String[] GROUPS_LOW = {
        null, "sect163k1", "sect163r1", "sect163r2", "sect193r1", "sect193r2", "sect233k1", "sect233r1",
        "sect239k1", "sect283k1", "sect283r1", "sect409k1", "sect409r1", "sect571k1", "sect571r1",
        "secp160k1", "secp160r1", "secp160r2", "secp192k1", "secp192r1", "secp224k1", "secp224r1",
        "secp256k1", "secp256r1", "secp384r1", "secp521r1", "brainpoolP256r1", "brainpoolP384r1",
        "brainpoolP512r1", "x25519", "x448", "brainpoolP256r1tls13", "brainpoolP384r1tls13",
        "brainpoolP512r1tls13", "GC256A", "GC256B", "GC256C", "GC256D", "GC512A", "GC512B", "GC512C",
        "curveSM2",
    };

    /** Named group (elliptic curve / finite field group / hybrid KEM) name, "Reserved (GREASE)" or "Unknown". */
    public static String namedGroup(int g) {
        if (g > 0 && g < GROUPS_LOW.length) {
            return GROUPS_LOW[g];
        }
        switch (g) {
            case 256: return "ffdhe2048";
            case 257: return "ffdhe3072";
            case 258: return "ffdhe4096";
            case 259: return "ffdhe6144";
            case 260: return "ffdhe8192";
            case 0x0200: return "MLKEM512";
            case 0x0201: return "MLKEM768";
            case 0x0202: return "MLKEM1024";
            case 0x11eb: return "SecP256r1MLKEM768";
            case 0x11ec: return "X25519MLKEM768";
            case 0x11ed: return "SecP384r1MLKEM1024";
            case 0x6399: return "X25519Kyber768Draft00";
            case 0x639a: return "SecP256r1Kyber768Draft00";
            case 0xff01: return "arbitrary_explicit_prime_curves";
            case 0xff02: return "arbitrary_explicit_char2_curves";
            default:
                return isGrease(g) ? "Reserved (GREASE)" : "Unknown";
        }
    }

    // ------------------------------------------------------------------ signature schemes

    /** Signature scheme name ("ecdsa_secp256r1_sha256", "rsa_pss_rsae_sha256", legacy "SHA1 DSA"). */
    public static String signatureScheme(int s) {
        switch (s) {
            case 0x0201: return "rsa_pkcs1_sha1";
            case 0x0203: return "ecdsa_sha1";
            case 0x0401: return "rsa_pkcs1_sha256";
            case 0x0403: return "ecdsa_secp256r1_sha256";
            case 0x0420: return "rsa_pkcs1_sha256_legacy";
            case 0x0501: return "rsa_pkcs1_sha384";
            case 0x0503: return "ecdsa_secp384r1_sha384";
            case 0x0520: return "rsa_pkcs1_sha384_legacy";
            case 0x0601: return "rsa_pkcs1_sha512";
            case 0x0603: return "ecdsa_secp521r1_sha512";
            case 0x0620: return "rsa_pkcs1_sha512_legacy";
            case 0x0704: return "eccsi_sha256";
            case 0x0705: return "iso_ibs1";
            case 0x0706: return "iso_ibs2";
            case 0x0707: return "iso_chinese_ibs";
            case 0x0708: return "sm2sig_sm3";
            case 0x0709: return "gostr34102012_256a";
            case 0x070a: return "gostr34102012_256b";
            case 0x070b: return "gostr34102012_256c";
            case 0x070c: return "gostr34102012_256d";
            case 0x070d: return "gostr34102012_512a";
            case 0x070e: return "gostr34102012_512b";
            case 0x070f: return "gostr34102012_512c";
            case 0x0804: return "rsa_pss_rsae_sha256";
            case 0x0805: return "rsa_pss_rsae_sha384";
            case 0x0806: return "rsa_pss_rsae_sha512";
            case 0x0807: return "ed25519";
            case 0x0808: return "ed448";
            case 0x0809: return "rsa_pss_pss_sha256";
            case 0x080a: return "rsa_pss_pss_sha384";
            case 0x080b: return "rsa_pss_pss_sha512";
            case 0x081a: return "ecdsa_brainpoolP256r1tls13_sha256";
            case 0x081b: return "ecdsa_brainpoolP384r1tls13_sha384";
            case 0x081c: return "ecdsa_brainpoolP512r1tls13_sha512";
            case 0x0904: return "mldsa44";
            case 0x0905: return "mldsa65";
            case 0x0906: return "mldsa87";
            default:
                break;
        }
        if (isGrease(s)) {
            return "Reserved (GREASE)";
        }
        String h = hashAlgorithm(s >> 8);
        String g = signatureAlgorithm(s & 0xff);
        int hc = s >> 8;
        int gc = s & 0xff;
        if (hc >= 1 && hc <= 6 && gc >= 1 && gc <= 3) {
            return h + " " + g;
        }
        return "Unknown";
    }

    /** TLS 1.2 HashAlgorithm name (RFC 5246 7.4.1.4.1): "SHA256", "Unknown". */
    public static String hashAlgorithm(int h) {
        switch (h) {
            case 0: return "None";
            case 1: return "MD5";
            case 2: return "SHA1";
            case 3: return "SHA224";
            case 4: return "SHA256";
            case 5: return "SHA384";
            case 6: return "SHA512";
            case 8: return "Intrinsic";
            default: return "Unknown";
        }
    }

    /** TLS 1.2 SignatureAlgorithm name: "RSA", "DSA", "ECDSA", "Unknown". */
    public static String signatureAlgorithm(int s) {
        switch (s) {
            case 0: return "Anonymous";
            case 1: return "RSA";
            case 2: return "DSA";
            case 3: return "ECDSA";
            case 7: return "ED25519";
            case 8: return "ED448";
            case 64: return "GOSTR34102012_256";
            case 65: return "GOSTR34102012_512";
            default: return "Unknown";
        }
    }

    // ------------------------------------------------------------------ small registries

    /** Compression method name ("null", "DEFLATE"). */
    public static String compressionMethod(int m) {
        switch (m) {
            case 0: return "null";
            case 1: return "DEFLATE";
            case 64: return "LZS";
            default: return "Unknown";
        }
    }

    /** EC point format name. */
    public static String ecPointFormat(int f) {
        switch (f) {
            case 0: return "uncompressed";
            case 1: return "ansiX962_compressed_prime";
            case 2: return "ansiX962_compressed_char2";
            default: return "Unknown";
        }
    }

    /** ECCurveType of ServerKeyExchange (RFC 8422). */
    public static String ecCurveType(int t) {
        switch (t) {
            case 1: return "explicit_prime";
            case 2: return "explicit_char2";
            case 3: return "named_curve";
            default: return "Unknown";
        }
    }

    /** ClientCertificateType of CertificateRequest. */
    public static String clientCertificateType(int t) {
        switch (t) {
            case 1: return "RSA Sign";
            case 2: return "DSS Sign";
            case 3: return "RSA Fixed DH";
            case 4: return "DSS Fixed DH";
            case 5: return "RSA Ephemeral DH";
            case 6: return "DSS Ephemeral DH";
            case 20: return "Fortezza";
            case 64: return "ECDSA Sign";
            case 65: return "RSA Fixed ECDH";
            case 66: return "ECDSA Fixed ECDH";
            case 67: return "GOST R 34.10-2012 Sign (256)";
            case 68: return "GOST R 34.10-2012 Sign (512)";
            default: return "Unknown";
        }
    }

    /** PskKeyExchangeMode name. */
    public static String pskKeyExchangeMode(int m) {
        switch (m) {
            case 0: return "PSK-only key establishment (psk_ke)";
            case 1: return "PSK with (EC)DHE key establishment (psk_dhe_ke)";
            default: return "Unknown";
        }
    }

    /** Certificate compression algorithm (RFC 8879). */
    public static String certCompressionAlgorithm(int a) {
        switch (a) {
            case 1: return "zlib";
            case 2: return "brotli";
            case 3: return "zstd";
            default: return "Unknown";
        }
    }

    static String hex4(int v) {
        String s = Integer.toHexString(v & 0xffff);
        return "0000".substring(s.length()) + s;
    }

    static String hex2(int v) {
        String s = Integer.toHexString(v & 0xff);
        return s.length() == 1 ? "0" + s : s;
    }
}
