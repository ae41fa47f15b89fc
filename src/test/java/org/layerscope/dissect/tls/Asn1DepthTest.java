package org.layerscope.dissect.tls;

import org.layerscope.testutil.TlsBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;

/**
 * ASN.1 in certificates whose depth the sender controls (issue #16, bounded recursion): a Certificate message
 * with DER values nested 100,000 deep never reaches the X.509 parser; it is a clear expert item, found in a loop,
 * in bounded time and memory. (The JDK's parser, which LayerScope uses, did not overflow on these either; the
 * limit keeps it that way whatever parser runs.)
 */
class Asn1DepthTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(tag);
        int n = content.length;
        if (n < 0x80) {
            o.write(n);
        } else if (n < 0x100) {
            o.write(0x81);
            o.write(n);
        } else if (n < 0x10000) {
            o.write(0x82);
            o.write(n >> 8);
            o.write(n);
        } else {
            o.write(0x83);
            o.write(n >> 16);
            o.write(n >> 8);
            o.write(n);
        }
        o.writeBytes(content);
        return o.toByteArray();
    }

    /** {@code depth} constructed values of {@code tag} around a NULL, definite lengths (written in one pass). */
    static byte[] nested(int depth, int tag) {
        int[] total = new int[depth + 1]; // total[i]: size of the value with i levels around the NULL
        total[0] = 2;
        for (int i = 1; i <= depth; i++) {
            total[i] = 1 + lengthOctets(total[i - 1]) + total[i - 1];
        }
        byte[] out = new byte[total[depth]];
        int p = 0;
        for (int i = depth; i >= 1; i--) {
            int n = total[i - 1];
            out[p++] = (byte) tag;
            int lo = lengthOctets(n);
            if (lo == 1) {
                out[p++] = (byte) n;
            } else {
                out[p++] = (byte) (0x80 | (lo - 1));
                for (int k = lo - 2; k >= 0; k--) {
                    out[p++] = (byte) (n >> (8 * k));
                }
            }
        }
        out[p] = 5;
        return out;
    }

    private static int lengthOctets(int n) {
        return n < 0x80 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 4;
    }

    /** The same with indefinite lengths (BER): two bytes a level, closed by end-of-contents octets. */
    static byte[] nestedIndefinite(int depth) {
        byte[] r = new byte[depth * 4 + 2];
        for (int i = 0; i < depth; i++) {
            r[2 * i] = 0x30;
            r[2 * i + 1] = (byte) 0x80;
        }
        r[2 * depth] = 5;
        return r;
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    /** The children of a constructed DER value (whole TLVs). */
    static List<byte[]> children(byte[] b) {
        int[] hl = header(b, 0);
        List<byte[]> out = new ArrayList<>();
        for (int p = hl[0]; p < hl[0] + hl[1]; ) {
            int[] h = header(b, p);
            out.add(java.util.Arrays.copyOfRange(b, p, p + h[0] - p + h[1]));
            p = h[0] + h[1];
        }
        return out;
    }

    private static int[] header(byte[] b, int p) {
        p++;
        int l = b[p++] & 0xff;
        if (l >= 0x80) {
            int n = l & 0x7f;
            l = 0;
            for (int i = 0; i < n; i++) {
                l = l << 8 | (b[p++] & 0xff);
            }
        }
        return new int[] {p, l};
    }

    /** The sample's certificate with its issuer replaced by a name whose one attribute value is {@code value}. */
    static byte[] withIssuerValue(byte[] value) {
        byte[] cert = TlsMalformedTest.certificateFrom("tls12-chacha20poly1305.pcap", 1);
        List<byte[]> top = children(cert);
        List<byte[]> tbs = new ArrayList<>(children(top.get(0)));
        int issuer = tbs.get(0)[0] == (byte) 0xa0 ? 3 : 2;
        tbs.set(issuer, tlv(0x30, tlv(0x31, tlv(0x30, cat(new byte[] {6, 3, 0x55, 4, 3}, value)))));
        return tlv(0x30, cat(tlv(0x30, cat(tbs.toArray(new byte[0][]))), top.get(1), top.get(2)));
    }

    private static TlsSessionInfo.CertificateInfo parseBounded(byte[] der) {
        long a0 = THREADS.getCurrentThreadAllocatedBytes();
        TlsSessionInfo.CertificateInfo info = X509Summary.parse(der, 0, der.length);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - a0;
        assertNotNull(info);
        assertTrue(allocated < (64L << 20), "allocated " + (allocated >> 20) + " MiB for " + der.length + " bytes");
        return info;
    }

    @Test
    @Timeout(60)
    void aHundredThousandNestedValuesAreAnErrorNotAStackOverflow() {
        for (byte[] der : List.of(nested(100_000, 0x30), tlv(0x30, nested(100_000, 0x31)), tlv(0x30, nested(100_000, 0xa0)),
                nestedIndefinite(100_000), withIssuerValue(nested(100_000, 0x30)), withIssuerValue(nestedIndefinite(100_000)))) {
            TlsSessionInfo.CertificateInfo info = parseBounded(der);
            assertFalse(info.parsed());
            assertEquals(X509Summary.TOO_DEEP, info.error());
        }
        assertNull(X509Summary.dn(nested(100_000, 0x30), 0, nested(100_000, 0x30).length));
    }

    @Test
    void theLimitIsSixtyFourLevels() {
        byte[] at = nested(X509Summary.MAX_DER_DEPTH, 0x30);
        byte[] over = nested(X509Summary.MAX_DER_DEPTH + 1, 0x30);
        assertFalse(X509Summary.tooDeep(at, 0, at.length));
        assertTrue(X509Summary.tooDeep(over, 0, over.length));
        byte[] indefiniteOver = nestedIndefinite(X509Summary.MAX_DER_DEPTH + 1);
        assertTrue(X509Summary.tooDeep(indefiniteOver, 0, indefiniteOver.length));
        // siblings do not add up: 1,000 SEQUENCEs of depth 10 side by side are 11 levels
        byte[][] many = new byte[1000][];
        java.util.Arrays.fill(many, nested(10, 0x30));
        byte[] wide = tlv(0x30, cat(many));
        assertFalse(X509Summary.tooDeep(wide, 0, wide.length));
        // the sample's certificate still parses
        byte[] cert = TlsMalformedTest.certificateFrom("tls12-chacha20poly1305.pcap", 1);
        assertFalse(X509Summary.tooDeep(cert, 0, cert.length));
        assertTrue(parseBounded(cert).parsed());
    }

    @Test
    void aDeepValueInsideAnExtensionIsParsedOrRefusedWithoutOverflowing() {
        // OCTET STRING-wrapped values (extensions) are not counted: the JDK reads those lazily and iteratively
        byte[] cert = TlsMalformedTest.certificateFrom("tls12-chacha20poly1305.pcap", 1);
        List<byte[]> top = children(cert);
        List<byte[]> tbs = new ArrayList<>(children(top.get(0)));
        byte[] ext = tlv(0x30, cat(new byte[] {6, 3, 0x55, 29, 17}, tlv(4, tlv(0x30, tlv(0xa4, nested(100_000, 0x30))))));
        tbs.add(tlv(0xa3, tlv(0x30, ext)));
        byte[] der = tlv(0x30, cat(tlv(0x30, cat(tbs.toArray(new byte[0][]))), top.get(1), top.get(2)));
        parseBounded(der); // parsed or an error: no Throwable
    }

    @Test
    @Timeout(60)
    void inACertificateMessageItIsAnExpertItem() {
        byte[] cert = nested(50_000, 0x30); // about 200 KB: under the 256 KiB reassembly limit
        assertTrue(4 + 3 + 3 + cert.length < TlsDecoder.MAX_HANDSHAKE_MESSAGE);
        byte[] msg = new byte[4 + 3 + 3 + cert.length];
        msg[0] = 11;
        TlsBytes.put24(msg, 1, 6 + cert.length);
        TlsBytes.put24(msg, 4, 3 + cert.length);
        TlsBytes.put24(msg, 7, cert.length);
        System.arraycopy(cert, 0, msg, 10, cert.length);
        TlsDecoder dec = TlsMalformedTest.helloed();
        List<ExpertItem> ex = new ArrayList<>();
        for (byte[] rec : TlsBytes.handshakeRecords(msg, 16384)) {
            dec.decodeRecord(Direction.SERVER_TO_CLIENT, rec, 0, rec.length, Field.root(), ex);
        }
        ExpertItem item = ex.stream().filter(e -> e.key().equals("tls.certificate.malformed")).findFirst().orElseThrow(
                () -> new AssertionError("no tls.certificate.malformed in " + ex));
        assertEquals("Certificate 1 does not parse as X.509: " + X509Summary.TOO_DEEP, item.text());
        TlsMalformedTest.assertNoDecoderException(ex, "a deeply nested certificate");
        assertFalse(dec.sessionInfo().serverCertificates().get(0).parsed());
    }

}
