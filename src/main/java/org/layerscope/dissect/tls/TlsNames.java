package org.layerscope.dissect.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

    // ------------------------------------------------------------------ alerts

    private static final String[] ALERT_RFC = new String[256];
    private static final String[] ALERT_TITLE = new String[256];

    static {
        for (String[] c : table("alerts.tsv")) {
            int code = Integer.parseInt(c[0]);
            ALERT_RFC[code] = c[1];
            ALERT_TITLE[code] = c[2];
        }
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
        for (String[] c : table("cipher-suites.tsv")) {
            int code = Integer.parseInt(c[0], 16);
            SUITES[code] = c[1];
            SUITE_CODES.putIfAbsent(c[1], code);
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

    // ------------------------------------------------------------------ resource tables

    /** The rows of a tab-separated resource next to this class (blank lines and # comments skipped). */
    static List<String[]> table(String resource) {
        List<String[]> rows = new ArrayList<>(512);
        try (InputStream in = TlsNames.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split("\t"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
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
