package org.layerscope.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * PEM files as AWS IoT Core issues them, read and written with BouncyCastle: certificates (one or a chain),
 * private keys (RSA or EC; PKCS#1 {@code RSA PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY} or PKCS#8
 * {@code PRIVATE KEY}), and the key and trust managers TLS needs. Key material never appears in messages.
 */
public final class Pem {
    private static final char[] NO_PASSWORD = new char[0];

    private Pem() {
    }

    /** A problem with a PEM file, said in one line without its content. */
    public static final class PemException extends IOException {
        public PemException(String message) {
            super(message);
        }
    }

    /** Every certificate in the file, in order. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser p = new PEMParser(r)) {
            Object o;
            JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
            while ((o = readObject(p, file)) != null) {
                if (o instanceof X509CertificateHolder h) {
                    out.add(conv.getCertificate(h));
                }
            }
        } catch (NoSuchFileException e) {
            throw new PemException(file + ": no such file");
        } catch (CertificateException e) {
            throw new PemException(file + ": unreadable certificate (" + e.getMessage() + ")");
        }
        if (out.isEmpty()) {
            throw new PemException(file + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in the file");
        }
        return out;
    }

    /** The first private key in the file. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser p = new PEMParser(r)) {
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            Object o;
            while ((o = readObject(p, file)) != null) {
                if (o instanceof PEMKeyPair kp) {
                    return conv.getPrivateKey(kp.getPrivateKeyInfo());
                }
                if (o instanceof PrivateKeyInfo info) {
                    return conv.getPrivateKey(info);
                }
                if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new PemException(file + ": the private key is encrypted; give an unencrypted key "
                            + "(openssl pkey -in KEY -out KEY.plain)");
                }
            }
        } catch (NoSuchFileException e) {
            throw new PemException(file + ": no such file");
        }
        throw new PemException(file + ": no PEM private key (RSA, EC or PKCS#8) in the file");
    }

    private static Object readObject(PEMParser p, Path file) throws PemException {
        try {
            return p.readObject();
        } catch (IOException | RuntimeException e) {
            throw new PemException(file + ": not a readable PEM file");
        }
    }

    /** A key manager for the certificate chain in {@code certFile} and the key in {@code keyFile}. */
    public static KeyManagerFactory keyManagers(Path certFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = readCertificates(certFile);
        PrivateKey key = readPrivateKey(keyFile);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("key", key, NO_PASSWORD, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, NO_PASSWORD);
            return kmf;
        } catch (GeneralSecurityException e) {
            throw new PemException(keyFile + ": the key does not fit the certificate in " + certFile + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** A trust manager that trusts exactly the certificates in {@code caFile}. */
    public static TrustManagerFactory trustManagers(Path caFile) throws IOException {
        List<X509Certificate> cas = readCertificates(caFile);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : cas) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf;
        } catch (GeneralSecurityException e) {
            throw new PemException(caFile + ": cannot use these certificates as trust anchors ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** PEM text of certificates. */
    public static String certificates(X509Certificate... certs) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            for (X509Certificate c : certs) {
                w.writeObject(c);
            }
        }
        return sw.toString();
    }

    /**
     * PEM text of a private key: PKCS#1 ({@code RSA PRIVATE KEY}, as AWS IoT Core issues device keys) or SEC1 for
     * EC when {@code traditional}, else PKCS#8 ({@code PRIVATE KEY}).
     */
    public static byte[] privateKey(PrivateKey key, boolean traditional) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            if (traditional) {
                w.writeObject(new JcaMiscPEMGenerator(key));
            } else {
                w.writeObject(new PemObject("PRIVATE KEY", key.getEncoded()));
            }
        }
        return sw.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
