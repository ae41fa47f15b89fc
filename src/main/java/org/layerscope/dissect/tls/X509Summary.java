package org.layerscope.dissect.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/** Reads the few things LayerScope shows of an X.509 certificate, with the JDK's parser. */
final class X509Summary {
    private static final ThreadLocal<CertificateFactory> FACTORY = ThreadLocal.withInitial(() -> {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            return null;
        }
    });

    /** Keywords for attributes RFC 2253 output would otherwise print as OIDs with hex values. */
    private static final Map<String, String> OID_KEYWORDS = Map.ofEntries(
            Map.entry("1.2.840.113549.1.9.1", "emailAddress"),
            Map.entry("2.5.4.5", "serialNumber"),
            Map.entry("2.5.4.4", "SN"),
            Map.entry("2.5.4.42", "GN"),
            Map.entry("2.5.4.12", "title"),
            Map.entry("2.5.4.46", "dnQualifier"),
            Map.entry("2.5.4.17", "postalCode"),
            Map.entry("2.5.4.43", "initials"),
            Map.entry("2.5.4.44", "generationQualifier"),
            Map.entry("2.5.4.65", "pseudonym"),
            Map.entry("2.5.4.97", "organizationIdentifier"),
            Map.entry("1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC"),
            Map.entry("2.5.4.15", "businessCategory"));

    private X509Summary() {
    }

    /** Parses one DER certificate; never throws (an unparsable one has a non-null error). */
    static TlsSessionInfo.CertificateInfo parse(byte[] b, int off, int len) {
        if (len <= 0 || (b[off] & 0xff) != 0x30) {
            return failed(len, "not a DER SEQUENCE");
        }
        // the same certificates come back in every connection of a capture: parse each once
        java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(java.util.Arrays.copyOfRange(b, off, off + len));
        Map<java.nio.ByteBuffer, TlsSessionInfo.CertificateInfo> cache = CACHE.get();
        TlsSessionInfo.CertificateInfo hit = cache.get(key);
        if (hit != null) {
            return hit;
        }
        TlsSessionInfo.CertificateInfo info = parseUncached(b, off, len);
        cache.put(key, info);
        return info;
    }

    /** Per thread, the most recently parsed certificates (DER bytes to summary). */
    private static final ThreadLocal<Map<java.nio.ByteBuffer, TlsSessionInfo.CertificateInfo>> CACHE =
            ThreadLocal.withInitial(() -> new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<java.nio.ByteBuffer, TlsSessionInfo.CertificateInfo> e) {
                    return size() > 64;
                }
            });

    private static TlsSessionInfo.CertificateInfo parseUncached(byte[] b, int off, int len) {
        CertificateFactory cf = FACTORY.get();
        if (cf == null) {
            return failed(len, "no X.509 certificate factory");
        }
        if (tooDeep(b, off, len)) {
            return failed(len, TOO_DEEP);
        }
        try {
            Certificate c = cf.generateCertificate(new ByteArrayInputStream(b, off, len));
            if (!(c instanceof X509Certificate x)) {
                return failed(len, "not an X.509 certificate");
            }
            return new TlsSessionInfo.CertificateInfo(dn(x.getSubjectX500Principal()), dn(x.getIssuerX500Principal()),
                    x.getNotBefore().toInstant(), x.getNotAfter().toInstant(), hex(x.getSerialNumber()),
                    x.getSigAlgName(), publicKey(x), len, null);
        } catch (CertificateException | RuntimeException e) {
            String m = e.getMessage();
            return failed(len, m == null ? e.getClass().getSimpleName() : m);
        }
    }

    /** A distinguished name in RFC 2253 form ("CN=localhost,O=Example"). */
    static String dn(X500Principal p) {
        try {
            return p.getName(X500Principal.RFC2253, OID_KEYWORDS);
        } catch (RuntimeException e) {
            return p.getName();
        }
    }

    /** Parses a DER DistinguishedName (as in CertificateRequest's certificate_authorities), or null. */
    static String dn(byte[] b, int off, int len) {
        if (tooDeep(b, off, len)) {
            return null;
        }
        try {
            byte[] der = new byte[len];
            System.arraycopy(b, off, der, 0, len);
            return dn(new X500Principal(der));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Deepest nesting of constructed DER values handed to the parser; real certificates stay under 20. */
    static final int MAX_DER_DEPTH = 64;
    static final String TOO_DEEP = "DER values nested deeper than " + MAX_DER_DEPTH + " levels";

    /**
     * True when constructed DER values (definite or indefinite length) nest deeper than {@link #MAX_DER_DEPTH} in
     * {@code b[off, off + len)}. Counted in a loop over the encoding, so that no parser is given input whose depth
     * the sender controls without bound (issue #16); a malformed encoding stops the count (the parser reports it).
     */
    static boolean tooDeep(byte[] b, int off, int len) {
        int end = off + len;
        int[] ends = new int[MAX_DER_DEPTH];
        boolean[] indefinite = new boolean[MAX_DER_DEPTH];
        int depth = 0;
        int p = off;
        while (p < end) {
            while (depth > 0 && p >= ends[depth - 1]) {
                depth--;
            }
            int tag = b[p++] & 0xff;
            if ((tag & 0x1f) == 0x1f) { // high tag number form
                while (p < end && (b[p] & 0x80) != 0) {
                    p++;
                }
                p++;
            }
            if (p >= end) {
                return false;
            }
            int l = b[p++] & 0xff;
            long contentLength;
            if (l == 0x80) {
                contentLength = -1;
            } else if (l > 0x80) {
                int n = l & 0x7f;
                if (n > 4 || p + n > end) {
                    return false;
                }
                contentLength = 0;
                for (int i = 0; i < n; i++) {
                    contentLength = contentLength << 8 | (b[p++] & 0xff);
                }
            } else {
                contentLength = l;
            }
            if ((tag & 0x20) != 0) {
                if (depth == MAX_DER_DEPTH) {
                    return true;
                }
                int parentEnd = depth > 0 ? ends[depth - 1] : end;
                indefinite[depth] = contentLength < 0;
                ends[depth] = contentLength < 0 ? parentEnd : (int) Math.min(parentEnd, p + contentLength);
                depth++;
            } else if (contentLength < 0) {
                return false;
            } else {
                if (tag == 0 && contentLength == 0 && depth > 0 && indefinite[depth - 1]) {
                    depth--; // end of contents of an indefinite-length value
                }
                p = (int) Math.min(end, p + contentLength);
            }
        }
        return false;
    }

    private static TlsSessionInfo.CertificateInfo failed(int len, String why) {
        return new TlsSessionInfo.CertificateInfo(null, null, null, null, null, null, null, len, why);
    }

    private static String hex(BigInteger serial) {
        return serial == null ? null : serial.toString(16);
    }

    private static String publicKey(X509Certificate x) {
        try {
            PublicKey k = x.getPublicKey();
            if (k instanceof RSAPublicKey r) {
                return "RSA " + r.getModulus().bitLength() + " bits";
            }
            if (k instanceof ECPublicKey e) {
                return "EC " + e.getParams().getOrder().bitLength() + " bits";
            }
            if (k instanceof DSAPublicKey d && d.getParams() != null) {
                return "DSA " + d.getParams().getP().bitLength() + " bits";
            }
            return k.getAlgorithm();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
