package org.layerscope.tls.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.PacketResult;
import org.layerscope.demo.CertificateAuthority;
import org.layerscope.demo.Pem;
import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.dissect.tls.TlsRecord;
import org.layerscope.model.RawFrame;
import org.layerscope.tls.keys.KeyLog;
import org.layerscope.tls.keys.SecretsBlocks;

/**
 * The secrets of LayerScope's own TLS sessions, without sockets or capture: a client engine of the installed
 * recording provider and a server engine of a private one handshake in memory (mutual TLS, certificates of the local
 * CA). Both sides record the same secrets, the session keeps working after they were copied out, and the analysis
 * decrypts the session's records with them.
 */
class TlsKeyExportTest {
    /** MQTT 3.1.1 CONNECT (client id "t", keep-alive 30 s, clean session) and its CONNACK. */
    static final byte[] CONNECT = {0x10, 0x0d, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x1e, 0x00, 0x01,
            't'};
    static final byte[] CONNACK = {0x20, 0x02, 0x00, 0x00};

    @TempDir
    static Path dir;
    static CertificateAuthority.Pki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = CertificateAuthority.create(dir.resolve("pki"), "Test CA");
    }

    /** A client engine of {@code jsse}, or of whatever {@code SSLContext.getInstance("TLS")} gives when null. */
    static SSLEngine clientEngine(Provider jsse, String protocol) throws Exception {
        SSLContext ctx = jsse == null ? SSLContext.getInstance("TLS") : SSLContext.getInstance("TLS", jsse);
        jsse = ctx.getProvider();
        ctx.init(Pem.keyManagers(pki.clientCert(), pki.clientKey(), jsse).getKeyManagers(),
                Pem.trustManagers(pki.caCert(), jsse).getTrustManagers(), null);
        SSLEngine e = ctx.createSSLEngine("localhost", 8883);
        e.setUseClientMode(true);
        e.setEnabledProtocols(new String[] {protocol});
        return e;
    }

    static SSLEngine serverEngine(Provider jsse, String protocol) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS", jsse);
        ctx.init(Pem.keyManagers(pki.serverCert(), pki.serverKey(), jsse).getKeyManagers(),
                Pem.trustManagers(pki.caCert(), jsse).getTrustManagers(), null);
        SSLEngine e = ctx.createSSLEngine();
        e.setUseClientMode(false);
        e.setNeedClientAuth(true);
        e.setEnabledProtocols(new String[] {protocol});
        return e;
    }

    /** A whole session: handshake, CONNECT, CONNACK, close_notify both ways. */
    static EngineSession session(SSLEngine client, SSLEngine server) throws Exception {
        EngineSession s = new EngineSession(client, server);
        s.handshake();
        s.clientSends(CONNECT);
        s.serverSends(CONNACK);
        s.close();
        assertArrayEquals(CONNECT, s.serverReceived(), "the server read the client's data: " + s);
        assertArrayEquals(CONNACK, s.clientReceived(), "the client read the server's data: " + s);
        return s;
    }

    static List<PacketResult> analyze(List<RawFrame> frames, KeyLog keys) {
        List<PacketResult> out = new ArrayList<>();
        Analyzer a = new Analyzer(false, out::add, keys);
        frames.forEach(a::accept);
        a.finish();
        return out;
    }

    static List<Integer> mqttTypes(List<PacketResult> results) {
        return results.stream().flatMap(r -> r.mqttPackets().stream()).map(MqttPacket::type).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void bothSidesRecordTheSecretsThatDecryptTheSession(String protocol) throws Exception {
        Provider installed = TlsKeyExport.install();
        assertSame(installed, SSLContext.getInstance("TLS").getProvider(), "first for SSLContext.getInstance");
        KeyLog clientLog = new KeyLog();
        KeyLog serverLog = new KeyLog();
        long failures = TlsKeyExport.failures();
        EngineSession s;
        try (TlsKeyExport.Recording r = TlsKeyExport.record(clientLog)) {
            s = session(clientEngine(null, protocol),
                    serverEngine(TlsKeyExport.newProvider(serverLog::add), protocol));
        }
        assertEquals(failures, TlsKeyExport.failures(), "nothing failed");

        byte[] helloRandom = SecretsBlocks.clientHelloRandom(s.segments().get(0).data(), 0,
                s.segments().get(0).data().length);
        assertEquals(1, clientLog.sessionCount(), clientLog.toString());
        assertArrayEquals(helloRandom, clientLog.clientRandoms().get(0), "indexed by the ClientHello's random");
        Set<KeyLog.Label> expected = protocol.equals("TLSv1.2") ? Set.of(KeyLog.Label.CLIENT_RANDOM)
                : Set.of(KeyLog.Label.CLIENT_HANDSHAKE_TRAFFIC_SECRET, KeyLog.Label.SERVER_HANDSHAKE_TRAFFIC_SECRET,
                        KeyLog.Label.CLIENT_TRAFFIC_SECRET_0, KeyLog.Label.SERVER_TRAFFIC_SECRET_0);
        assertEquals(expected, clientLog.labels(helloRandom));
        assertEquals(clientLog.toNssText(), serverLog.toNssText(), "the broker's side records the same secrets");

        List<PacketResult> decrypted = analyze(s.frames(), clientLog);
        assertEquals(List.of(MqttPacket.CONNECT, MqttPacket.CONNACK), mqttTypes(decrypted));
        for (PacketResult r : decrypted) {
            assertFalse(r.phaseInferred(), "exact phase of frame " + r.number() + ": " + r.phase());
            for (TlsRecord t : r.tlsRecords()) {
                assertFalse(t.encrypted() && t.opaque(), "frame " + r.number() + " left a record opaque");
            }
        }
        if (protocol.equals("TLSv1.3")) {
            List<Integer> hs = decrypted.stream().flatMap(r -> r.tlsRecords().stream())
                    .flatMap(t -> t.handshakeTypes().stream()).toList();
            assertTrue(hs.containsAll(List.of(8, 13, 11, 15, 20)), "the hidden TLS 1.3 handshake: " + hs);
        }
        assertEquals(List.of(), mqttTypes(analyze(s.frames(), new KeyLog())), "nothing shows without the secrets");
    }

    @Test
    void onlyOpenRecordingsGetSecrets() throws Exception {
        TlsKeyExport.install();
        KeyLog closed = new KeyLog();
        TlsKeyExport.record(closed).close();
        KeyLog open = new KeyLog();
        try (TlsKeyExport.Recording r = TlsKeyExport.record(open)) {
            session(clientEngine(null, "TLSv1.3"),
                    serverEngine(TlsKeyExport.newProvider((l, c, sec) -> { }), "TLSv1.3"));
        }
        assertTrue(closed.isEmpty());
        assertEquals(4, open.secretCount());
        KeyLog after = new KeyLog();
        session(clientEngine(null, "TLSv1.2"),
                serverEngine(TlsKeyExport.newProvider(after::add), "TLSv1.2"));
        assertEquals(4, open.secretCount(), "a closed recording gets nothing more");
        assertEquals(1, after.secretCount(), "a private provider reports to its own sink");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void aFailingSinkNeverBreaksTheHandshake(String protocol) throws Exception {
        long failures = TlsKeyExport.failures();
        SecretSink broken = (label, random, secret) -> {
            throw new IllegalStateException("disk full");
        };
        session(clientEngine(TlsKeyExport.newProvider(broken), protocol),
                serverEngine(TlsKeyExport.newProvider(broken), protocol));
        int perSide = protocol.equals("TLSv1.2") ? 1 : 4;
        assertEquals(failures + 2L * perSide, TlsKeyExport.failures(), "each lost secret is counted");
    }

    @Test
    void installPutsTheRecordingProviderFirstAgain() throws Exception {
        Provider installed = TlsKeyExport.install();
        assertSame(installed, TlsKeyExport.install(), "one provider");
        Provider other = new BouncyCastleJsseProvider(); // another BCJSSE, which cannot record
        try {
            Security.removeProvider(other.getName()); // ours: two providers of one name cannot be installed
            assertEquals(1, Security.insertProviderAt(other, 1));
            assertFalse(TlsKeyExport.isInstalled());
            assertSame(installed, TlsKeyExport.install());
            assertTrue(TlsKeyExport.isInstalled());
            assertSame(installed, SSLContext.getInstance("TLS").getProvider());
        } finally {
            TlsKeyExport.install();
        }
    }

    @Test
    void oneBouncyCastleVersionAndNoOpenSsl() throws Exception {
        // bcprov, bcpkix, bctls and bcutil from one release: their jars' bundle versions agree
        Set<String> versions = new java.util.TreeSet<>();
        for (Class<?> c : List.of(BouncyCastleProvider.class, org.bouncycastle.cert.jcajce.JcaX509CertificateConverter.class,
                BouncyCastleJsseProvider.class, org.bouncycastle.oer.OERInputStream.class)) {
            Path jar = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (java.util.jar.JarFile f = new java.util.jar.JarFile(jar.toFile())) {
                versions.add(f.getManifest().getMainAttributes().getValue("Bundle-Version"));
            }
        }
        assertEquals(1, versions.size(), "BouncyCastle versions: " + versions);
        assertFalse(io.netty.handler.ssl.OpenSsl.isAvailable(), "Netty must use JSSE (no netty-tcnative)");
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.netty.internal.tcnative.SSL"));
    }
}
