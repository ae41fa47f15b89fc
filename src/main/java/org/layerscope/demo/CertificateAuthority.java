package org.layerscope.demo;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A local certificate authority for the embedded broker, made with BouncyCastle: an RSA 2048 CA, a server
 * certificate for {@code localhost}, 127.0.0.1 and ::1, and a device (client) certificate, all PEM like the files AWS
 * IoT Core hands out. Made once into a folder (owner-only; keys 0600) and reused afterwards.
 */
public final class CertificateAuthority {
    private static final Duration VALIDITY = Duration.ofDays(3650);
    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateAuthority() {
    }

    /**
     * The files of one PKI.
     *
     * @param caCert     the CA certificate (what a client or broker trusts: the {@code ca} of a profile)
     * @param serverCert the broker's certificate
     * @param serverKey  the broker's private key (PKCS#8)
     * @param clientCert the device certificate (the {@code cert} of a profile)
     * @param clientKey  the device's private key (PKCS#1, as AWS IoT Core issues them; the {@code key})
     */
    public record Pki(Path folder, Path caCert, Path caKey, Path serverCert, Path serverKey, Path clientCert,
                      Path clientKey) {
        /** The file names used in {@code folder}. */
        public static Pki in(Path folder) {
            return new Pki(folder, folder.resolve("ca.pem.crt"), folder.resolve("ca.private.pem.key"),
                    folder.resolve("server.pem.crt"), folder.resolve("server.private.pem.key"),
                    folder.resolve("device.pem.crt"), folder.resolve("device.private.pem.key"));
        }

        /** Whether every file exists. */
        public boolean complete() {
            return Files.isRegularFile(caCert) && Files.isRegularFile(caKey) && Files.isRegularFile(serverCert)
                    && Files.isRegularFile(serverKey) && Files.isRegularFile(clientCert)
                    && Files.isRegularFile(clientKey);
        }
    }

    /** The PKI in {@code folder}, created first when any file is missing; {@code created} says which. */
    public record Ensured(Pki pki, boolean created) {
    }

    /** The PKI in {@code folder}, made when any of its files is missing. */
    public static Ensured ensure(Path folder) throws IOException {
        return ensure(folder, "LayerScope Local CA");
    }

    /** The PKI in {@code folder}, made with a CA named {@code caName} when any of its files is missing. */
    public static Ensured ensure(Path folder, String caName) throws IOException {
        Pki pki = Pki.in(folder);
        if (pki.complete()) {
            return new Ensured(pki, false);
        }
        return new Ensured(create(folder, caName), true);
    }

    /** A certificate and its private key (PEM files). */
    public record Issued(Path cert, Path key) {
    }

    /**
     * A new server certificate signed by {@code pki}'s CA, valid from {@code notBefore} to {@code notAfter}, naming
     * the DNS names and IP addresses given: written to {@code folder} as {@code NAME.pem.crt} and
     * {@code NAME.private.pem.key} (0600). For staged failures: an expired certificate, one for another host.
     */
    public static Issued issueServer(Pki pki, Path folder, String name, Instant notBefore, Instant notAfter,
                                     List<String> dnsNames, List<String> ips) throws IOException {
        LayerScopeHome.privateDirectory(folder);
        Issued out = new Issued(folder.resolve(name + ".pem.crt"), folder.resolve(name + ".private.pem.key"));
        try {
            X509Certificate caCert = Pem.readCertificates(pki.caCert()).get(0);
            KeyPair ca = new KeyPair(caCert.getPublicKey(), Pem.readPrivateKey(pki.caKey()));
            X500Name caSubject = X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded());
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
            ips.forEach(i -> names.add(new GeneralName(GeneralName.iPAddress, i)));
            KeyPair server = rsa();
            String cn = dnsNames.isEmpty() ? name : dnsNames.get(0);
            X509Certificate cert = sign(new X500Name("CN=" + cn + ",O=LayerScope"), server, caSubject, ca, false,
                    new GeneralNames(names.toArray(new GeneralName[0])), KeyPurposeId.id_kp_serverAuth, notBefore,
                    notAfter);
            write(out.cert(), Pem.certificates(cert));
            LayerScopeHome.writePrivateFile(out.key(), Pem.privateKey(server.getPrivate(), false));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make certificates: " + e.getMessage(), e);
        }
        return out;
    }

    /** Makes a new CA, server and device certificate in {@code folder} (replacing what is there). */
    public static Pki create(Path folder, String caName) throws IOException {
        LayerScopeHome.privateDirectory(folder);
        Pki pki = Pki.in(folder);
        try {
            KeyPair ca = rsa();
            X500Name caSubject = new X500Name("CN=" + caName + ",O=LayerScope");
            X509Certificate caCert = sign(caSubject, ca, caSubject, ca, true, null, null);
            KeyPair server = rsa();
            GeneralNames sans = new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.iPAddress, "::1")});
            X509Certificate serverCert = sign(new X500Name("CN=localhost,O=LayerScope"), server, caSubject, ca,
                    false, sans, KeyPurposeId.id_kp_serverAuth);
            KeyPair device = rsa();
            X509Certificate deviceCert = sign(new X500Name("CN=basicPubSub,O=LayerScope"), device, caSubject, ca,
                    false, null, KeyPurposeId.id_kp_clientAuth);
            write(pki.caCert(), Pem.certificates(caCert));
            LayerScopeHome.writePrivateFile(pki.caKey(), Pem.privateKey(ca.getPrivate(), false));
            write(pki.serverCert(), Pem.certificates(serverCert));
            LayerScopeHome.writePrivateFile(pki.serverKey(), Pem.privateKey(server.getPrivate(), false));
            write(pki.clientCert(), Pem.certificates(deviceCert));
            LayerScopeHome.writePrivateFile(pki.clientKey(), Pem.privateKey(device.getPrivate(), true));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make certificates: " + e.getMessage(), e);
        }
        return pki;
    }

    /** Certificates are owner-only too (0600, like everything in the LayerScope folder), whatever the umask. */
    private static void write(Path file, String pem) throws IOException {
        LayerScopeHome.writePrivateFile(file, pem.getBytes(StandardCharsets.US_ASCII));
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, RANDOM);
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
                                        boolean ca, GeneralNames sans, KeyPurposeId purpose)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        return sign(subject, subjectKeys, issuer, issuerKeys, ca, sans, purpose, now.minus(Duration.ofDays(1)),
                now.plus(VALIDITY));
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
                                        boolean ca, GeneralNames sans, KeyPurposeId purpose, Instant notBefore,
                                        Instant notAfter)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).abs(),
                Date.from(notBefore), Date.from(notAfter), subject, subjectKeys.getPublic());
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKeys.getPublic()));
        if (ca) {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }
        if (sans != null) {
            b.addExtension(Extension.subjectAlternativeName, false, sans);
        }
        PrivateKey signer = issuerKeys.getPrivate();
        ContentSigner cs = new JcaContentSignerBuilder("SHA256withRSA").build(signer);
        return new JcaX509CertificateConverter().getCertificate(b.build(cs));
    }
}
