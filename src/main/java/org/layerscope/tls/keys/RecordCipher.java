package org.layerscope.tls.keys;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.layerscope.dissect.tls.RecordDecryptor.Plaintext;

/**
 * Removes the protection of the records of one direction and one key epoch. The caller keeps the sequence
 * number. {@link #open} throws {@link GeneralSecurityException} when a record does not authenticate; the
 * chained IV of SSL 3.0 and TLS 1.0 CBC moves on regardless, as the sender's did (so those must not be
 * opened twice: only the stateless AEAD ciphers may be tried with other sequence numbers).
 */
abstract class RecordCipher {
    static final int SSL3 = 0x0300;
    static final int TLS10 = 0x0301;
    static final int TLS11 = 0x0302;

    final CipherSuite suite;

    RecordCipher(CipherSuite suite) {
        this.suite = suite;
    }

    /**
     * The plaintext of the record at {@code buf[off..off+len)} (header included) sent with sequence number
     * {@code seq}.
     */
    abstract Plaintext open(long seq, byte[] buf, int off, int len) throws GeneralSecurityException;

    // ------------------------------------------------------------------ factories

    /** TLS 1.3 (and drafts): {@code aadIsHeader} is false before draft 25, which authenticated no header. */
    static RecordCipher tls13(CipherSuite suite, byte[] key, byte[] iv, boolean aadIsHeader) {
        return new Tls13(suite, key, iv, aadIsHeader);
    }

    /** TLS 1.2 AEAD suites (GCM, CCM: implicit salt + explicit nonce; ChaCha20-Poly1305: xor nonce). */
    static RecordCipher tls12Aead(CipherSuite suite, byte[] key, byte[] fixedIv) {
        return new Tls12Aead(suite, key, fixedIv);
    }

    /** CBC suites of SSL 3.0 to TLS 1.2, with MAC-then-encrypt or encrypt-then-MAC (RFC 7366). */
    static RecordCipher cbc(CipherSuite suite, int version, byte[] key, byte[] iv, byte[] macKey,
                            boolean encryptThenMac) throws GeneralSecurityException {
        return new Cbc(suite, version, key, iv, macKey, encryptThenMac);
    }

    // ------------------------------------------------------------------ AEAD primitive

    /** One AEAD algorithm (JCE GCM and ChaCha20-Poly1305, BouncyCastle CCM). */
    private static final class Aead {
        private final CipherSuite suite;
        private final byte[] key;
        private final SecretKeySpec keySpec;
        private Cipher jce;

        Aead(CipherSuite suite, byte[] key) {
            this.suite = suite;
            this.key = key.clone();
            this.keySpec = new SecretKeySpec(key, suite.keyAlgorithm);
        }

        byte[] open(byte[] nonce, byte[] aad, byte[] in, int off, int len) throws GeneralSecurityException {
            int tag = suite.tagLength();
            if (len < tag) {
                throw new AEADBadTagException("record shorter than its tag");
            }
            switch (suite.mode) {
                case GCM -> {
                    Cipher c = cipher("AES/GCM/NoPadding");
                    c.init(Cipher.DECRYPT_MODE, keySpec, new GCMParameterSpec(tag * 8, nonce));
                    c.updateAAD(aad);
                    return c.doFinal(in, off, len);
                }
                case CHACHA20_POLY1305 -> {
                    Cipher c = cipher("ChaCha20-Poly1305");
                    c.init(Cipher.DECRYPT_MODE, keySpec, new IvParameterSpec(nonce));
                    c.updateAAD(aad);
                    return c.doFinal(in, off, len);
                }
                case CCM, CCM_8 -> {
                    CCMBlockCipher ccm = (CCMBlockCipher) CCMBlockCipher.newInstance(AESEngine.newInstance());
                    ccm.init(false, new AEADParameters(new KeyParameter(key), tag * 8, nonce, aad));
                    byte[] out = new byte[ccm.getOutputSize(len)];
                    int n = ccm.processBytes(in, off, len, out, 0);
                    try {
                        n += ccm.doFinal(out, n);
                    } catch (InvalidCipherTextException e) {
                        throw new AEADBadTagException("CCM tag mismatch");
                    }
                    return n == out.length ? out : Arrays.copyOf(out, n);
                }
                default -> throw new GeneralSecurityException("not an AEAD suite");
            }
        }

        private Cipher cipher(String transformation) throws GeneralSecurityException {
            if (jce == null) {
                jce = Cipher.getInstance(transformation);
            }
            return jce;
        }
    }

    private static void putSeq(byte[] b, int off, long seq) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) seq;
            seq >>>= 8;
        }
    }

    /** {@code iv} xor the sequence number, left-padded to the IV length (RFC 8446 §5.3, RFC 7905 §2). */
    private static byte[] xorNonce(byte[] iv, long seq) {
        byte[] nonce = iv.clone();
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (seq >>> (8 * i));
        }
        return nonce;
    }

    // ------------------------------------------------------------------ TLS 1.3

    private static final class Tls13 extends RecordCipher {
        private final Aead aead;
        private final byte[] iv;
        private final boolean aadIsHeader;

        Tls13(CipherSuite suite, byte[] key, byte[] iv, boolean aadIsHeader) {
            super(suite);
            this.aead = new Aead(suite, key);
            this.iv = iv.clone();
            this.aadIsHeader = aadIsHeader;
        }

        @Override
        Plaintext open(long seq, byte[] buf, int off, int len) throws GeneralSecurityException {
            byte[] aad = aadIsHeader ? Arrays.copyOfRange(buf, off, off + 5) : new byte[0];
            byte[] inner = aead.open(xorNonce(iv, seq), aad, buf, off + 5, len - 5);
            int end = inner.length;
            while (end > 0 && inner[end - 1] == 0) {
                end--;
            }
            if (end == 0) {
                throw new GeneralSecurityException("TLS 1.3 inner plaintext without a content type");
            }
            return new Plaintext(inner[end - 1] & 0xff, Arrays.copyOf(inner, end - 1));
        }
    }

    // ------------------------------------------------------------------ TLS 1.2 AEAD

    private static final class Tls12Aead extends RecordCipher {
        private final Aead aead;
        private final byte[] fixedIv;

        Tls12Aead(CipherSuite suite, byte[] key, byte[] fixedIv) {
            super(suite);
            this.aead = new Aead(suite, key);
            this.fixedIv = fixedIv.clone();
        }

        @Override
        Plaintext open(long seq, byte[] buf, int off, int len) throws GeneralSecurityException {
            int explicit = suite.explicitNonceLength();
            int fragment = len - 5;
            int plainLength = fragment - explicit - suite.tagLength();
            if (plainLength < 0) {
                throw new GeneralSecurityException("record too short");
            }
            byte[] nonce;
            if (explicit > 0) {
                nonce = new byte[fixedIv.length + explicit];
                System.arraycopy(fixedIv, 0, nonce, 0, fixedIv.length);
                System.arraycopy(buf, off + 5, nonce, fixedIv.length, explicit);
            } else {
                nonce = xorNonce(fixedIv, seq);
            }
            byte[] aad = new byte[13];
            putSeq(aad, 0, seq);
            aad[8] = buf[off];
            aad[9] = buf[off + 1];
            aad[10] = buf[off + 2];
            aad[11] = (byte) (plainLength >> 8);
            aad[12] = (byte) plainLength;
            byte[] plain = aead.open(nonce, aad, buf, off + 5 + explicit, fragment - explicit);
            return new Plaintext(buf[off] & 0xff, plain);
        }
    }

    // ------------------------------------------------------------------ CBC + HMAC

    private static final class Cbc extends RecordCipher {
        private final int version;
        private final SecretKeySpec key;
        private final byte[] macKey;
        private final boolean encryptThenMac;
        private final Cipher cipher;
        private final Mac hmac;
        /** TLS 1.0 and SSL 3.0: the IV of the next record (the previous record's last cipher block). */
        private byte[] chainedIv;

        Cbc(CipherSuite suite, int version, byte[] key, byte[] iv, byte[] macKey, boolean encryptThenMac)
                throws GeneralSecurityException {
            super(suite);
            this.version = version;
            this.key = new SecretKeySpec(key, suite.keyAlgorithm);
            this.macKey = macKey.clone();
            this.encryptThenMac = encryptThenMac && version != SSL3;
            this.cipher = Cipher.getInstance(suite.keyAlgorithm + "/CBC/NoPadding");
            this.hmac = version == SSL3 ? null : Mac.getInstance(suite.mac);
            if (hmac != null) {
                hmac.init(new SecretKeySpec(macKey, suite.mac));
            }
            this.chainedIv = iv.clone();
        }

        @Override
        Plaintext open(long seq, byte[] buf, int off, int len) throws GeneralSecurityException {
            int bs = suite.blockSize;
            int macLength = suite.macLength;
            int start = off + 5;
            int fragment = len - 5;
            int cipherLength = encryptThenMac ? fragment - macLength : fragment;
            if (cipherLength <= 0 || cipherLength % bs != 0) {
                moveChainedIv(buf, start, cipherLength);
                throw new GeneralSecurityException("CBC fragment is not a whole number of blocks");
            }
            if (encryptThenMac) {
                byte[] expected = mac(seq, buf[off], buf[off + 1], buf[off + 2], buf, start, cipherLength);
                if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(buf, start + cipherLength, start + fragment))) {
                    moveChainedIv(buf, start, cipherLength);
                    throw new AEADBadTagException("bad record MAC");
                }
            }
            byte[] iv;
            int ctStart;
            if (version >= TLS11) {
                iv = Arrays.copyOfRange(buf, start, start + bs);
                ctStart = start + bs;
            } else {
                iv = chainedIv;
                ctStart = start;
                moveChainedIv(buf, start, cipherLength);
            }
            int ctLength = start + cipherLength - ctStart;
            if (ctLength <= 0) {
                throw new GeneralSecurityException("CBC record without cipher text");
            }
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
            byte[] plain = cipher.doFinal(buf, ctStart, ctLength);
            int padLength = plain[plain.length - 1] & 0xff;
            int contentEnd = plain.length - padLength - 1;
            if (contentEnd < 0) {
                throw new AEADBadTagException("bad CBC padding");
            }
            if (version == SSL3) {
                if (padLength >= bs) {
                    throw new AEADBadTagException("bad SSL 3.0 padding");
                }
            } else {
                for (int i = contentEnd; i < plain.length - 1; i++) {
                    if ((plain[i] & 0xff) != padLength) {
                        throw new AEADBadTagException("bad CBC padding");
                    }
                }
            }
            if (!encryptThenMac) {
                contentEnd -= macLength;
                if (contentEnd < 0) {
                    throw new AEADBadTagException("CBC record shorter than its MAC");
                }
                byte[] expected = mac(seq, buf[off], buf[off + 1], buf[off + 2], plain, 0, contentEnd);
                if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(plain, contentEnd, contentEnd + macLength))) {
                    throw new AEADBadTagException("bad record MAC");
                }
            }
            return new Plaintext(buf[off] & 0xff, Arrays.copyOf(plain, contentEnd));
        }

        private void moveChainedIv(byte[] buf, int start, int cipherLength) {
            if (version < TLS11 && cipherLength >= suite.blockSize) {
                chainedIv = Arrays.copyOfRange(buf, start + cipherLength - suite.blockSize, start + cipherLength);
            }
        }

        private byte[] mac(long seq, byte type, byte v0, byte v1, byte[] data, int off, int len)
                throws GeneralSecurityException {
            if (version == SSL3) {
                return ssl3Mac(seq, type, data, off, len);
            }
            byte[] header = new byte[13];
            putSeq(header, 0, seq);
            header[8] = type;
            header[9] = v0;
            header[10] = v1;
            header[11] = (byte) (len >> 8);
            header[12] = (byte) len;
            hmac.update(header);
            hmac.update(data, off, len);
            return hmac.doFinal();
        }

        /** SSL 3.0 §5.2.3.1: hash(secret + pad_2 + hash(secret + pad_1 + seq + type + length + content)). */
        private byte[] ssl3Mac(long seq, byte type, byte[] data, int off, int len) throws GeneralSecurityException {
            boolean md5 = suite.macLength == 16;
            MessageDigest md = MessageDigest.getInstance(md5 ? "MD5" : "SHA-1");
            int padLength = md5 ? 48 : 40;
            byte[] pad1 = new byte[padLength];
            byte[] pad2 = new byte[padLength];
            Arrays.fill(pad1, (byte) 0x36);
            Arrays.fill(pad2, (byte) 0x5c);
            byte[] header = new byte[11];
            putSeq(header, 0, seq);
            header[8] = type;
            header[9] = (byte) (len >> 8);
            header[10] = (byte) len;
            md.update(macKey);
            md.update(pad1);
            md.update(header);
            md.update(data, off, len);
            byte[] inner = md.digest();
            md.update(macKey);
            md.update(pad2);
            md.update(inner);
            return md.digest();
        }
    }
}
