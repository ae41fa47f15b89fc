package org.layerscope.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher against the embedded broker (no capture needed): success and each failure, never a hang. */
class PublisherTest {
    @TempDir
    static Path dir;
    static CertificateAuthority.Pki pki;
    static CertificateAuthority.Pki other;

    @BeforeAll
    static void pkis() throws Exception {
        pki = CertificateAuthority.create(dir.resolve("pki"), "LayerScope Test CA");
        other = CertificateAuthority.create(dir.resolve("other"), "Some Other CA");
    }

    private static TargetProfile profile(int port, Path cert, Path key, Path ca, TlsVersion tls) {
        return new TargetProfile("test", false, "localhost", port, cert, key, ca, "basicPubSub", "sdk/test/python",
                "test message", 1, tls, null);
    }

    @Test
    void publishesOverMutualTlsWithTheSampleLines() throws Exception {
        int port = EmbeddedBroker.freePort(EmbeddedBroker.HOST);
        try (EmbeddedBroker b = EmbeddedBroker.start(pki, port, dir.resolve("broker"))) {
            for (TlsVersion v : TlsVersion.values()) {
                List<String> lines = new ArrayList<>();
                Publisher.Outcome o = new Publisher(profile(port, pki.clientCert(), pki.clientKey(), pki.caCert(), v))
                        .run(lines::add, () -> false);
                assertTrue(o.acknowledged(), v + ": " + o.error());
                assertEquals(List.of("Connecting to localhost with client ID 'basicPubSub'...", "Connected!",
                        "Publishing message to topic 'sdk/test/python': test message", "Disconnecting...",
                        "Disconnected!"), lines);
            }
        }
    }

    @Test
    void failuresEndWithOneLineReasons() throws Exception {
        int port = EmbeddedBroker.freePort(EmbeddedBroker.HOST);
        // broker down
        long t0 = System.nanoTime();
        Publisher.Outcome down = new Publisher(profile(port, pki.clientCert(), pki.clientKey(), pki.caCert(),
                TlsVersion.AUTO)).run(l -> { }, () -> false);
        assertFalse(down.acknowledged());
        assertTrue(down.error().contains("Connection refused"), down.error());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(15));
        try (EmbeddedBroker b = EmbeddedBroker.start(pki, port, dir.resolve("broker"))) {
            // the client does not trust the broker's CA
            Publisher.Outcome wrongCa = new Publisher(profile(port, pki.clientCert(), pki.clientKey(),
                    other.caCert(), TlsVersion.V1_2)).run(l -> { }, () -> false);
            assertFalse(wrongCa.acknowledged());
            assertFalse(wrongCa.connected());
            assertTrue(wrongCa.error().contains("certification path") || wrongCa.error().contains("PKIX"),
                    wrongCa.error());
            // the broker does not trust the client's certificate
            for (TlsVersion v : List.of(TlsVersion.V1_2, TlsVersion.V1_3)) {
                Publisher.Outcome untrusted = new Publisher(profile(port, other.clientCert(), other.clientKey(),
                        pki.caCert(), v)).run(l -> { }, () -> false);
                assertFalse(untrusted.acknowledged(), v.id());
                assertNotNull(untrusted.error());
                assertFalse(untrusted.error().contains("\n"));
            }
            // the port was taken: say so and offer another
            EmbeddedBroker.PortTakenException taken = assertThrows(EmbeddedBroker.PortTakenException.class,
                    () -> EmbeddedBroker.start(pki, port, dir.resolve("broker2")));
            assertEquals(port, taken.port());
            assertTrue(taken.suggestion() > 0 && taken.suggestion() != port);
        }
    }

    @Test
    void port443OffersAlpn() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(Pem.keyManagers(pki.serverCert(), pki.serverKey()).getKeyManagers(),
                Pem.trustManagers(pki.caCert()).getTrustManagers(), null);
        try (SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<List<String>> offered = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    List<String> seen = new ArrayList<>();
                    s.setHandshakeApplicationProtocolSelector((engine, protocols) -> {
                        seen.addAll(protocols);
                        return protocols.isEmpty() ? null : protocols.get(0);
                    });
                    s.setNeedClientAuth(true);
                    s.startHandshake();
                    InputStream in = s.getInputStream();
                    in.read(); // the CONNECT; then close without answering
                    return seen;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            TargetProfile p = new TargetProfile("aws443", false, "localhost", server.getLocalPort(), pki.clientCert(),
                    pki.clientKey(), pki.caCert(), "basicPubSub", "t", "m", 1, TlsVersion.AUTO,
                    TargetProfile.AWS_ALPN);
            Publisher.Outcome o = new Publisher(p).run(l -> { }, () -> false);
            assertFalse(o.acknowledged());
            assertEquals(List.of("x-amzn-mqtt-ca"), offered.get(20, TimeUnit.SECONDS));
        }
        assertTrue(java.security.Security.getProvider("LayerScopeAlpn") == null, "the ALPN provider is removed");
    }
}
