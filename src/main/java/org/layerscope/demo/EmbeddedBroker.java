package org.layerscope.demo;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.layerscope.tls.export.TlsKeyExport;
import org.layerscope.tls.keys.KeyLog;

/**
 * An in-process MQTT broker (Moquette) that behaves like AWS IoT Core towards one device: TLS only (no plain port),
 * a client certificate signed by the local CA required, on 127.0.0.1. No telemetry, no persistence; its data folder
 * is inside the LayerScope folder.
 *
 * <p>When a client disconnects without a TLS close_notify (the HiveMQ client does not send one), the broker closes
 * its side through Netty's {@code SslHandler}, which sends close_notify first, so the teardown shows an encrypted
 * alert as a real IoT Core capture does.
 *
 * <p>Its TLS is BouncyCastle's JSSE (a private instance, see {@link TlsKeyExport#newProvider}), which records the
 * secrets of every session the broker serves into its {@link #keyLog()}, whoever the client is: a capture of any
 * client against this broker (mosquitto_pub, a student's own device code) can be decrypted with it.
 */
public final class EmbeddedBroker implements AutoCloseable {
    public static final String HOST = "127.0.0.1";

    private static CompletableFuture<Void> lastClose = CompletableFuture.completedFuture(null);

    private final Server server;
    private final int port;
    private final KeyLog keyLog;
    private CompletableFuture<Void> closing;

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

    private EmbeddedBroker(Server server, int port, KeyLog keyLog) {
        this.server = server;
        this.port = port;
        this.keyLog = keyLog;
    }

    /**
     * Starts the broker on {@code 127.0.0.1:port} with the PKI's server certificate, trusting its CA for clients.
     *
     * @param dataFolder a folder for the broker's own files (inside the LayerScope folder)
     * @throws PortTakenException when the port is in use
     */
    public static EmbeddedBroker start(CertificateAuthority.Pki pki, int port, Path dataFolder) throws IOException {
        return start(pki, port, dataFolder, new KeyLog());
    }

    /**
     * Like {@link #start(CertificateAuthority.Pki, int, Path)}, recording the secrets of the broker's TLS sessions into
     * {@code keyLog} (in memory only; it is never printed or logged).
     */
    public static EmbeddedBroker start(CertificateAuthority.Pki pki, int port, Path dataFolder, KeyLog keyLog)
            throws IOException {
        return start(Options.of(pki), port, dataFolder, keyLog);
    }

    /**
     * How the broker is set up (what a scenario changes).
     *
     * @param serverCert its certificate (PEM)
     * @param serverKey  its private key (PEM)
     * @param clientCa   the CA it trusts for device certificates (PEM)
     * @param protocols  the TLS versions it accepts ({@code TLSv1.3}, {@code TLSv1.2})
     * @param policy     what it allows, like an IoT Core policy
     */
    public record Options(Path serverCert, Path serverKey, Path clientCa, List<String> protocols,
                          BrokerPolicy policy) {
        public Options {
            protocols = List.copyOf(protocols);
            policy = policy == null ? BrokerPolicy.ALLOW_ALL : policy;
        }

        /** The PKI's server certificate, its CA for clients, TLS 1.3 and 1.2, everything allowed. */
        public static Options of(CertificateAuthority.Pki pki) {
            return new Options(pki.serverCert(), pki.serverKey(), pki.caCert(), List.of("TLSv1.3", "TLSv1.2"),
                    BrokerPolicy.ALLOW_ALL);
        }

        public Options withServerCertificate(Path cert, Path key) {
            return new Options(cert, key, clientCa, protocols, policy);
        }

        public Options withProtocols(List<String> p) {
            return new Options(serverCert, serverKey, clientCa, p, policy);
        }

        public Options withPolicy(BrokerPolicy p) {
            return new Options(serverCert, serverKey, clientCa, protocols, p);
        }
    }

    /** Starts the broker on {@code 127.0.0.1:port} set up as {@code options} says, recording secrets into keyLog. */
    public static EmbeddedBroker start(Options options, int port, Path dataFolder, KeyLog keyLog)
            throws IOException {
        CompletableFuture<Void> previous;
        synchronized (EmbeddedBroker.class) {
            previous = lastClose;
        }
        try {
            previous.get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the earlier broker's stop failed or hangs: the port check below says whether it matters
        }
        if (!isFree(HOST, port)) {
            throw new PortTakenException(HOST, port, freePort(HOST));
        }
        // a private BouncyCastle JSSE whose sessions record into this broker's key log only
        java.security.Provider jsse = TlsKeyExport.newProvider(keyLog::add);
        KeyManagerFactory kmf = Pem.keyManagers(options.serverCert(), options.serverKey(), jsse);
        TrustManagerFactory tmf = Pem.trustManagers(options.clientCa(), jsse);
        SslContext ssl;
        try {
            // a JDK SSLContext wrapped directly: SslContextBuilder.forServer would load Netty's JdkSslServerContext,
            // whose static self-test parses a key with BouncyCastle and costs seconds on a cold JVM
            SSLContext jdk = SSLContext.getInstance("TLS", jsse);
            jdk.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            ssl = new JdkSslContext(jdk, false, null, IdentityCipherSuiteFilter.INSTANCE, null, ClientAuth.REQUIRE,
                    options.protocols().toArray(new String[0]), false);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up the broker's TLS: " + e.getMessage(), e);
        }
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
        p.setProperty("immediate_buffer_flush", "true");
        Server server = new Server();
        CloseNotifyServerChannel.policy(port, options.policy());
        try {
            server.startServer(new MemoryConfig(p), List.of(), () -> {
                useCloseNotifyChannel(server);
                return ssl;
            }, null, null);
        } catch (IOException | RuntimeException e) {
            CloseNotifyServerChannel.policy(port, null);
            server.stopServer();
            if (!isFree(HOST, port)) {
                throw new PortTakenException(HOST, port, freePort(HOST));
            }
            throw e;
        }
        return new EmbeddedBroker(server, port, keyLog);
    }

    /**
     * The secrets of the TLS sessions this broker served (its server side records them as they are derived; TLS 1.2
     * master secrets, TLS 1.3 handshake and first application traffic secrets). Grows while the broker runs.
     */
    public KeyLog keyLog() {
        return keyLog;
    }

    /**
     * Moquette 0.17 calls the SSL context creator after choosing its server channel class and before binding the TLS
     * port: switch the class to {@link CloseNotifyServerChannel} there. Without it (another Moquette version) the
     * broker still works, only without its own close_notify when the client sends FIN first.
     */
    private static void useCloseNotifyChannel(Server server) {
        try {
            java.lang.reflect.Field acceptorField = Server.class.getDeclaredField("acceptor");
            acceptorField.setAccessible(true);
            Object acceptor = acceptorField.get(server);
            java.lang.reflect.Field channelClass = acceptor.getClass().getDeclaredField("channelClass");
            channelClass.setAccessible(true);
            if (channelClass.get(acceptor) == io.netty.channel.socket.nio.NioServerSocketChannel.class) {
                channelClass.set(acceptor, CloseNotifyServerChannel.class);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.getLogger(EmbeddedBroker.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot make the embedded broker send close_notify on the client's FIN", e);
        }
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

    /** Stops the broker and waits until it has (Netty's graceful shutdown takes about two seconds). */
    @Override
    public void close() {
        closeInBackground().join();
    }

    /**
     * Stops the broker on a background thread, so a caller can print its results at once; a later {@link #start} on
     * the same port waits for it first.
     */
    public CompletableFuture<Void> closeInBackground() {
        synchronized (EmbeddedBroker.class) {
            if (closing == null) {
                closing = CompletableFuture.runAsync(() -> {
                    server.stopServer();
                    CloseNotifyServerChannel.policy(port, null);
                }, runnable -> {
                    Thread t = new Thread(runnable, "layerscope-broker-stop");
                    t.setDaemon(true);
                    t.start();
                });
                lastClose = closing;
            }
            return closing;
        }
    }
}
