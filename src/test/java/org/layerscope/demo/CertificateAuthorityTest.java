package org.layerscope.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local CA: made once, owner-only keys, certificates as AWS IoT Core issues them. */
class CertificateAuthorityTest {
    @TempDir
    Path dir;

    @Test
    void makesCertificatesOnceAndReusesThem() throws Exception {
        Path folder = dir.resolve("home").resolve("pki");
        CertificateAuthority.Ensured first = CertificateAuthority.ensure(folder);
        assertTrue(first.created());
        CertificateAuthority.Pki pki = first.pki();
        assertTrue(pki.complete());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.getParent())));
        for (Path key : List.of(pki.caKey(), pki.serverKey(), pki.clientKey())) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)), key.toString());
        }
        byte[] before = Files.readAllBytes(pki.serverCert());
        CertificateAuthority.Ensured second = CertificateAuthority.ensure(folder);
        assertFalse(second.created());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(pki.serverCert())));

        // the device key is PKCS#1 like AWS IoT Core's, the server key PKCS#8
        assertTrue(Files.readString(pki.clientKey()).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertTrue(Files.readString(pki.serverKey()).startsWith("-----BEGIN PRIVATE KEY-----"));

        X509Certificate ca = Pem.readCertificates(pki.caCert()).get(0);
        X509Certificate server = Pem.readCertificates(pki.serverCert()).get(0);
        X509Certificate device = Pem.readCertificates(pki.clientCert()).get(0);
        server.verify(ca.getPublicKey());
        device.verify(ca.getPublicKey());
        assertTrue(ca.getBasicConstraints() >= 0, "the CA is a CA");
        assertEquals(-1, server.getBasicConstraints());
        String sans = server.getSubjectAlternativeNames().toString();
        assertTrue(sans.contains("localhost") && sans.contains("127.0.0.1") && (sans.contains("0:0:0:0:0:0:0:1")
                || sans.contains("::1")), sans);
        assertTrue(server.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"));
        assertTrue(device.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"));
        assertTrue(device.getSubjectX500Principal().getName().contains("CN=basicPubSub"));
        Pem.keyManagers(pki.clientCert(), pki.clientKey());
        Pem.keyManagers(pki.serverCert(), pki.serverKey());
        Pem.trustManagers(pki.caCert());
    }

    @Test
    void readsOpensslKeysInEveryAwsForm() throws Exception {
        String openssl = org.layerscope.testutil.Tools.require("openssl").toString();
        Path sec1 = dir.resolve("ec.key");
        Path ec8 = dir.resolve("ec8.key");
        Path rsa1 = dir.resolve("rsa1.key");
        Path rsa8 = dir.resolve("rsa8.key");
        org.layerscope.testutil.Tools.run(openssl, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out",
                sec1.toString()).requireSuccess();
        org.layerscope.testutil.Tools.run(openssl, "genpkey", "-algorithm", "EC", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-out", ec8.toString()).requireSuccess();
        org.layerscope.testutil.Tools.run(openssl, "genrsa", "-traditional", "-out", rsa1.toString(), "2048")
                .requireSuccess();
        org.layerscope.testutil.Tools.run(openssl, "genpkey", "-algorithm", "RSA", "-out", rsa8.toString())
                .requireSuccess();
        assertTrue(Files.readString(sec1).contains("BEGIN EC PRIVATE KEY"));
        assertTrue(Files.readString(rsa1).contains("BEGIN RSA PRIVATE KEY"));
        assertEquals("EC", Pem.readPrivateKey(sec1).getAlgorithm());
        assertEquals("EC", Pem.readPrivateKey(ec8).getAlgorithm());
        assertEquals("RSA", Pem.readPrivateKey(rsa1).getAlgorithm());
        assertEquals("RSA", Pem.readPrivateKey(rsa8).getAlgorithm());
    }

    @Test
    void saysWhatIsWrongWithAFile() throws Exception {
        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "not a pem\n", StandardCharsets.US_ASCII);
        Pem.PemException e = org.junit.jupiter.api.Assertions.assertThrows(Pem.PemException.class,
                () -> Pem.readCertificates(junk));
        assertTrue(e.getMessage().contains("no PEM certificate"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(Pem.PemException.class,
                () -> Pem.readPrivateKey(dir.resolve("missing.key")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }
}
