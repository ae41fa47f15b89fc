package org.layerscope.tls.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The TLS-specific key derivations: the PRFs of TLS 1.0/1.1 (P_MD5 xor P_SHA1) and 1.2 (P_SHA256,
 * P_SHA384), the SSL 3.0 key block, and TLS 1.3's HKDF-Expand-Label (on BouncyCastle's HKDF).
 */
final class KeyDerivation {
    /** RFC 8446 §7.1; draft 20 and later. */
    static final String TLS13_PREFIX = "tls13 ";
    /** Drafts before 20. */
    static final String DRAFT_PREFIX = "TLS 1.3, ";

    private KeyDerivation() {
    }

    /** Hash of a PRF or HKDF. */
    enum Hash {
        SHA256("HmacSHA256", 32), SHA384("HmacSHA384", 48);

        final String hmac;
        final int length;

        Hash(String hmac, int length) {
            this.hmac = hmac;
            this.length = length;
        }

        Digest newDigest() {
            return this == SHA256 ? new SHA256Digest() : new SHA384Digest();
        }
    }

    /** HKDF-Expand-Label(secret, label, context, length) of RFC 8446 §7.1 with the given label prefix. */
    static byte[] expandLabel(Hash hash, byte[] secret, String prefix, String label, byte[] context, int length) {
        byte[] full = (prefix + label).getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[2 + 1 + full.length + 1 + context.length];
        info[0] = (byte) (length >> 8);
        info[1] = (byte) length;
        info[2] = (byte) full.length;
        System.arraycopy(full, 0, info, 3, full.length);
        info[3 + full.length] = (byte) context.length;
        System.arraycopy(context, 0, info, 4 + full.length, context.length);
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(hash.newDigest());
        hkdf.init(HKDFParameters.skipExtractParameters(secret, info));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }

    /** TLS 1.2 PRF (RFC 5246 §5): P_hash(secret, label + seed). */
    static byte[] prf12(Hash hash, byte[] secret, String label, byte[] seed, int length)
            throws GeneralSecurityException {
        return pHash(hash.hmac, secret, concat(label.getBytes(StandardCharsets.US_ASCII), seed), length);
    }

    /** TLS 1.0/1.1 PRF (RFC 2246 §5): P_MD5(S1, label + seed) xor P_SHA-1(S2, label + seed). */
    static byte[] prf10(byte[] secret, String label, byte[] seed, int length) throws GeneralSecurityException {
        int half = (secret.length + 1) / 2;
        byte[] s1 = java.util.Arrays.copyOfRange(secret, 0, half);
        byte[] s2 = java.util.Arrays.copyOfRange(secret, secret.length - half, secret.length);
        byte[] labelSeed = concat(label.getBytes(StandardCharsets.US_ASCII), seed);
        byte[] md5 = pHash("HmacMD5", s1, labelSeed, length);
        byte[] sha = pHash("HmacSHA1", s2, labelSeed, length);
        for (int i = 0; i < length; i++) {
            md5[i] ^= sha[i];
        }
        return md5;
    }

    /**
     * SSL 3.0 key block: MD5(master + SHA1('A' + master + server_random + client_random)) +
     * MD5(master + SHA1('BB' + ...)) + ...
     */
    static byte[] ssl3KeyBlock(byte[] master, byte[] serverRandom, byte[] clientRandom, int length)
            throws GeneralSecurityException {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        byte[] out = new byte[length];
        int done = 0;
        for (int i = 0; done < length; i++) {
            if (i >= 26) {
                throw new GeneralSecurityException("SSL 3.0 key block too long");
            }
            byte[] salt = new byte[i + 1];
            java.util.Arrays.fill(salt, (byte) ('A' + i));
            sha1.update(salt);
            sha1.update(master);
            sha1.update(serverRandom);
            sha1.update(clientRandom);
            md5.update(master);
            md5.update(sha1.digest());
            byte[] block = md5.digest();
            int n = Math.min(block.length, length - done);
            System.arraycopy(block, 0, out, done, n);
            done += n;
        }
        return out;
    }

    private static byte[] pHash(String algorithm, byte[] secret, byte[] seed, int length)
            throws GeneralSecurityException {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(secret, algorithm)); // secrets here are master secrets: never empty
        byte[] out = new byte[length];
        byte[] a = seed;
        int done = 0;
        while (done < length) {
            a = mac.doFinal(a);
            mac.update(a);
            byte[] block = mac.doFinal(seed);
            int n = Math.min(block.length, length - done);
            System.arraycopy(block, 0, out, done, n);
            done += n;
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
