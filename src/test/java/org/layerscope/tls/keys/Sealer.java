package org.layerscope.tls.keys;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
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
import org.layerscope.tls.keys.KeyDerivation.Hash;

/**
 * The sending side, for tests: protects records of one direction as a TLS stack would (JCE encryption), so that
 * cases no capture has (KeyUpdate, every TLS 1.3 suite, encrypt-then-MAC, CCM_8, ...) can be checked.
 */
abstract class Sealer {
    long seq;

    /** A whole record (header included) carrying {@code content} of {@code type}. */
    abstract byte[] seal(int type, byte[] content) throws GeneralSecurityException;

    // ------------------------------------------------------------------ TLS 1.3

    static Sealer tls13(int suiteId, byte[] trafficSecret) {
        return new Tls13(CipherSuite.of(suiteId), trafficSecret, 0);
    }

    /** The next generation's traffic secret (KeyUpdate). */
    static byte[] nextSecret(int suiteId, byte[] secret) {
        Hash h = CipherSuite.of(suiteId).hash;
        return KeyDerivation.expandLabel(h, secret, "tls13 ", "traffic upd", new byte[0], h.length);
    }

    static final class Tls13 extends Sealer {
        final CipherSuite suite;
        final byte[] key;
        final byte[] iv;
        int padding;

        Tls13(CipherSuite suite, byte[] secret, int padding) {
            this.suite = suite;
            this.key = KeyDerivation.expandLabel(suite.hash, secret, "tls13 ", "key", new byte[0], suite.keyLength);
            this.iv = KeyDerivation.expandLabel(suite.hash, secret, "tls13 ", "iv", new byte[0], 12);
            this.padding = padding;
        }

        @Override
        byte[] seal(int type, byte[] content) throws GeneralSecurityException {
            byte[] inner = new byte[content.length + 1 + padding];
            System.arraycopy(content, 0, inner, 0, content.length);
            inner[content.length] = (byte) type;
            return sealInner(inner);
        }

        /** Seals an inner plaintext as given (content type and padding included). */
        byte[] sealInner(byte[] inner) throws GeneralSecurityException {
            int length = inner.length + suite.tagLength();
            byte[] header = {23, 3, 3, (byte) (length >> 8), (byte) length};
            byte[] nonce = iv.clone();
            for (int i = 0; i < 8; i++) {
                nonce[11 - i] ^= (byte) (seq >>> (8 * i));
            }
            seq++;
            return concat(header, aeadSeal(suite, key, nonce, header, inner));
        }
    }

    // ------------------------------------------------------------------ TLS 1.2 and before

    /** Keys of one direction from the key block, as the PRF of {@code version} makes them. */
    static Sealer tls12(int suiteId, int version, byte[] master, byte[] clientRandom, byte[] serverRandom,
                        boolean client, boolean encryptThenMac) throws GeneralSecurityException {
        CipherSuite s = CipherSuite.of(suiteId);
        int mac = s.aead() ? 0 : s.macLength;
        int ivLength = s.fixedIvLength();
        int total = 2 * (mac + s.keyLength + ivLength);
        byte[] seed = KeyDerivation.concat(serverRandom, clientRandom);
        byte[] kb = version == 0x0303 ? KeyDerivation.prf12(s.hash, master, "key expansion", seed, total)
                : KeyDerivation.prf10(master, "key expansion", seed, total);
        int o = 0;
        byte[] clientMac = Arrays.copyOfRange(kb, o, o += mac);
        byte[] serverMac = Arrays.copyOfRange(kb, o, o += mac);
        byte[] clientKey = Arrays.copyOfRange(kb, o, o += s.keyLength);
        byte[] serverKey = Arrays.copyOfRange(kb, o, o += s.keyLength);
        byte[] clientIv = Arrays.copyOfRange(kb, o, o += ivLength);
        byte[] serverIv = Arrays.copyOfRange(kb, o, o + ivLength);
        return new Tls12(s, version, client ? clientKey : serverKey, client ? clientIv : serverIv,
                client ? clientMac : serverMac, encryptThenMac);
    }

    static final class Tls12 extends Sealer {
        final CipherSuite suite;
        final int version;
        final byte[] key;
        byte[] iv;
        final byte[] macKey;
        final boolean etm;

        Tls12(CipherSuite suite, int version, byte[] key, byte[] iv, byte[] macKey, boolean etm) {
            this.suite = suite;
            this.version = version;
            this.key = key;
            this.iv = iv;
            this.macKey = macKey;
            this.etm = etm;
        }

        @Override
        byte[] seal(int type, byte[] content) throws GeneralSecurityException {
            byte[] seqBytes = new byte[8];
            for (int i = 0; i < 8; i++) {
                seqBytes[7 - i] = (byte) (seq >>> (8 * i));
            }
            seq++;
            byte[] fragment;
            if (suite.aead()) {
                byte[] aad = concat(seqBytes, new byte[] {(byte) type, (byte) (version >> 8), (byte) version,
                        (byte) (content.length >> 8), (byte) content.length});
                if (suite.mode == CipherSuite.Mode.CHACHA20_POLY1305) {
                    byte[] nonce = iv.clone();
                    for (int i = 0; i < 8; i++) {
                        nonce[4 + i] ^= seqBytes[i];
                    }
                    fragment = aeadSeal(suite, key, nonce, aad, content);
                } else {
                    byte[] explicit = seqBytes; // a common choice of explicit nonce
                    fragment = concat(explicit, aeadSeal(suite, key, concat(iv, explicit), aad, content));
                }
            } else {
                fragment = cbc(type, seqBytes, content);
            }
            return concat(new byte[] {(byte) type, (byte) (version >> 8), (byte) version,
                    (byte) (fragment.length >> 8), (byte) fragment.length}, fragment);
        }

        private byte[] cbc(int type, byte[] seqBytes, byte[] content) throws GeneralSecurityException {
            int bs = suite.blockSize;
            Mac mac = Mac.getInstance(suite.mac);
            mac.init(new SecretKeySpec(macKey, suite.mac));
            byte[] toEncrypt = etm ? content : concat(content, hmac(mac, seqBytes, type, content));
            int padLength = bs - 1 - (toEncrypt.length % bs) + bs; // one extra block of padding
            byte[] padded = Arrays.copyOf(toEncrypt, toEncrypt.length + padLength + 1);
            Arrays.fill(padded, toEncrypt.length, padded.length, (byte) padLength);
            byte[] recordIv;
            byte[] explicit;
            if (version >= 0x0302) {
                explicit = new byte[bs];
                for (int i = 0; i < bs; i++) {
                    explicit[i] = (byte) (seq * 31 + i);
                }
                recordIv = explicit;
            } else {
                explicit = new byte[0];
                recordIv = iv;
            }
            Cipher c = Cipher.getInstance(suite.keyAlgorithm + "/CBC/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, suite.keyAlgorithm), new IvParameterSpec(recordIv));
            byte[] ct = concat(explicit, c.doFinal(padded));
            if (version < 0x0302) {
                iv = Arrays.copyOfRange(ct, ct.length - bs, ct.length);
            }
            return etm ? concat(ct, hmac(mac, seqBytes, type, ct)) : ct;
        }

        private byte[] hmac(Mac mac, byte[] seqBytes, int type, byte[] data) {
            mac.update(seqBytes);
            mac.update(new byte[] {(byte) type, (byte) (version >> 8), (byte) version, (byte) (data.length >> 8),
                    (byte) data.length});
            return mac.doFinal(data);
        }
    }

    // ------------------------------------------------------------------ primitives

    static byte[] aeadSeal(CipherSuite suite, byte[] key, byte[] nonce, byte[] aad, byte[] plain)
            throws GeneralSecurityException {
        switch (suite.mode) {
            case GCM -> {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
                c.updateAAD(aad);
                return c.doFinal(plain);
            }
            case CHACHA20_POLY1305 -> {
                Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
                c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
                c.updateAAD(aad);
                return c.doFinal(plain);
            }
            case CCM, CCM_8 -> {
                CCMBlockCipher ccm = (CCMBlockCipher) CCMBlockCipher.newInstance(AESEngine.newInstance());
                ccm.init(true, new AEADParameters(new KeyParameter(key), suite.tagLength() * 8, nonce, aad));
                byte[] out = new byte[ccm.getOutputSize(plain.length)];
                int n = ccm.processBytes(plain, 0, plain.length, out, 0);
                try {
                    ccm.doFinal(out, n);
                } catch (InvalidCipherTextException e) {
                    throw new GeneralSecurityException(e);
                }
                return out;
            }
            default -> throw new IllegalArgumentException("not AEAD");
        }
    }

    static byte[] concat(byte[]... parts) {
        return KeyDerivation.concat(parts);
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
