package org.layerscope.demo;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * An in-process MQTT broker (Moquette) that behaves like AWS IoT Core towards one device: TLS only (no plain port),
 * a client certificate signed by the local CA required, on 127.0.0.1. No telemetry, no persistence; its data folder
 * is inside the LayerScope folder.
 *
 * <p>When a client disconnects without a TLS close_notify (the HiveMQ client does not send one), the broker closes
 * its side through Netty's {@code SslHandler}, which sends close_notify first, so the teardown shows an encrypted
 * alert as a real IoT Core capture does.
 */
public final class EmbeddedBroker implements AutoCloseable {
    public static final String HOST = "127.0.0.1";

    private final Server server;
    private final int port;

    /** Port {@code port} on {@code host} is already in use; {@code suggestion} was free when checked. */
    public static final class PortTakenException extends IOException {
        private final String host;
        private final int port;
        private final int suggestion;

        PortTakenException(String host, int port, int suggestion) {
            super("port " + port + " on " + host + " is taken; for example port " + suggestion + " is free");
            this.host = host;
            this.port = port;
            this.suggestion = suggestion;
        }

        public String host() {
            return host;
        }

        public int port() {
            return port;
        }

        public int suggestion() {
            return suggestion;
        }
    }

    private EmbeddedBroker(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts the broker on {@code 127.0.0.1:port} with the PKI's server certificate, trusting its CA for clients.
     *
     * @param dataFolder a folder for the broker's own files (inside the LayerScope folder)
     * @throws PortTakenException when the port is in use
     */
    public static EmbeddedBroker start(CertificateAuthority.Pki pki, int port, Path dataFolder) throws IOException {
        if (!isFree(HOST, port)) {
            throw new PortTakenException(HOST, port, freePort(HOST));
        }
        KeyManagerFactory kmf = Pem.keyManagers(pki.serverCert(), pki.serverKey());
        TrustManagerFactory tmf = Pem.trustManagers(pki.caCert());
        SslContext ssl = SslContextBuilder.forServer(kmf)
                .trustManager(tmf)
                .clientAuth(ClientAuth.REQUIRE)
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .build();
        LayerScopeHome.privateDirectory(dataFolder);
        Properties p = new Properties();
        p.setProperty("host", HOST);
        p.setProperty("port", "disabled");
        p.setProperty("websocket_port", "disabled");
        p.setProperty("ssl_port", Integer.toString(port));
        p.setProperty("need_client_auth", "true");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("use_metrics", "false");
        p.setProperty("use_bugsnag", "false");
        p.setProperty("netty.epoll", "false");
        p.setProperty("data_path", dataFolder.toAbsolutePath().toString());
        p.setProperty("persistent_store", dataFolder.resolve("moquette_store.h2").toAbsolutePath().toString());
        p.setProperty("immediate_buffer_flush", "true");
        Server server = new Server();
        try {
            server.startServer(new MemoryConfig(p), List.of(), () -> ssl, null, null);
        } catch (IOException | RuntimeException e) {
            server.stopServer();
            if (!isFree(HOST, port)) {
                throw new PortTakenException(HOST, port, freePort(HOST));
            }
            throw e;
        }
        return new EmbeddedBroker(server, port);
    }

    public int port() {
        return port;
    }

    /** Whether nothing listens on {@code host:port}. */
    public static boolean isFree(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port that is free on {@code host} now. */
    public static int freePort(String host) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            return 18883;
        }
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
