package org.layerscope.demo;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import io.netty.channel.Channel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.layerscope.tls.export.TlsKeyExport;

/**
 * Publishes one message like the classic AWS IoT Device SDK sample ({@code pubsub.py}): MQTT 3.1.1 over mutual TLS,
 * clean session off, keep-alive 30 s, the message as a JSON string, QoS 1, then disconnect; and prints the sample's
 * progress lines, word for word (they are the sample's output, so they are not translated):
 * {@code Connecting to ENDPOINT with client ID 'ID'...}, {@code Connected!},
 * {@code Publishing message to topic 'TOPIC': MESSAGE}, {@code Disconnecting...}, {@code Disconnected!}.
 *
 * <p>Every step has a time limit, so a dead or silent broker ends in a failed {@link Outcome}, never a hang.
 */
public final class Publisher {
    static final long SOCKET_CONNECT_SECONDS = 5;
    static final long TLS_HANDSHAKE_SECONDS = 10;
    static final long MQTT_CONNECT_SECONDS = 10;
    static final long PUBLISH_SECONDS = 10;
    static final long DISCONNECT_SECONDS = 5;
    static final int KEEP_ALIVE_SECONDS = 30;

    private final TargetProfile profile;
    private final KeyManagerFactory keyManagers;
    private final TrustManagerFactory trustManagers;

    /**
     * What happened.
     *
     * @param connected    whether the MQTT connection was accepted (CONNACK)
     * @param acknowledged whether the message was acknowledged (PUBACK; for QoS 0, sent)
     * @param error        the client's error in one line, or null
     */
    public record Outcome(boolean connected, boolean acknowledged, String error) {
    }

    /**
     * Reads the profile's certificate, key and CA.
     *
     * @throws IOException when a PEM file is missing or unreadable (said in one line, without key material)
     */
    public Publisher(TargetProfile profile) throws IOException {
        // before any TLS context is built: BouncyCastle's JSSE first, which can record the session's secrets (the
        // HiveMQ client builds its context through Netty with SSLContext.getInstance("TLS")); its own key and trust
        // managers
        java.security.Provider jsse = TlsKeyExport.install();
        this.profile = profile;
        // no certificate (a scenario's device without one): the client sends an empty Certificate message
        this.keyManagers = profile.cert() == null ? null
                : DeviceKeyManagers.anyIssuer(Pem.keyManagers(profile.cert(), profile.key(), jsse));
        this.trustManagers = Pem.trustManagers(profile.ca(), jsse);
    }

    /** Connects, publishes and disconnects; {@code progress} gets the sample's lines. */
    public Outcome run(Consumer<String> progress, BooleanSupplier cancelled) {
        return run(progress, cancelled, Behaviour.NORMAL, line -> { });
    }

    /** How the device behaves (what a scenario stages on the client's side). */
    public enum Behaviour {
        /** Connect, publish, disconnect. */
        NORMAL,
        /**
         * Connect with a keep-alive of {@value #SILENT_KEEP_ALIVE_SECONDS} s, publish, then hang (no PINGREQ, nothing
         * read) until the broker has given up on it.
         */
        GO_SILENT,
        /** Connect and publish; then a second device connects with the same client id, and disconnects. */
        TAKEN_OVER
    }

    /** The keep-alive of {@link Behaviour#GO_SILENT}: short, so the broker gives up after 1.5 times it. */
    public static final int SILENT_KEEP_ALIVE_SECONDS = 2;

    /**
     * Runs the exchange as {@code behaviour} says; {@code progress} gets the sample's lines, {@code status} the keys
     * of LayerScope's own lines about what a scenario does ({@code run.device.silent}, {@code run.device.second}).
     */
    public Outcome run(Consumer<String> progress, BooleanSupplier cancelled, Behaviour behaviour,
                       Consumer<String> status) {
        progress.accept("Connecting to " + profile.endpoint() + " with client ID '" + profile.clientId() + "'...");
        InetSocketAddress address;
        try {
            address = resolve(profile.endpoint(), profile.port());
        } catch (UnknownHostException e) {
            return new Outcome(false, false, "cannot resolve " + profile.endpoint() + " (" + e.getMessage() + ")");
        }
        CompletableFuture<Throwable> gone = new CompletableFuture<>();
        ExecutorService ownLoop = behaviour == Behaviour.GO_SILENT ? Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "layerscope-silent-device");
            t.setDaemon(true);
            return t;
        }) : null;
        Mqtt3AsyncClient client = client(address, gone, ownLoop);
        int keepAlive = behaviour == Behaviour.GO_SILENT ? SILENT_KEEP_ALIVE_SECONDS : KEEP_ALIVE_SECONDS;
        boolean connected = false;
        try {
            connect(client, keepAlive, cancelled);
            connected = true;
            progress.accept("Connected!");
            progress.accept("Publishing message to topic '" + profile.topic() + "': " + profile.message());
            // a connection lost before the PUBACK ends the step at once (the client keeps the message for a
            // later session and would otherwise wait on)
            awaitUnlessGone(client.publishWith().topic(profile.topic())
                    .qos(profile.qos() == 0 ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE)
                    .payload(profile.payload()).send(), gone, PUBLISH_SECONDS, cancelled);
            switch (behaviour) {
                case GO_SILENT -> {
                    status.accept("run.device.silent");
                    return new Outcome(true, false, goSilent(client, keepAlive, gone, cancelled));
                }
                case TAKEN_OVER -> {
                    status.accept("run.device.second");
                    return new Outcome(true, false, takeOver(address, gone, progress, cancelled));
                }
                default -> {
                }
            }
            progress.accept("Disconnecting...");
            await(client.disconnect(), DISCONNECT_SECONDS, cancelled);
            progress.accept("Disconnected!");
            return new Outcome(true, true, null);
        } catch (StepException e) {
            // best effort, not awaited: ends a connection (or a connection attempt) the failed step left behind
            client.disconnect().whenComplete((v, t) -> { });
            return new Outcome(connected, false, e.getMessage());
        } finally {
            if (ownLoop != null) {
                ownLoop.shutdown();
            }
        }
    }

    private Mqtt3AsyncClient client(InetSocketAddress address, CompletableFuture<Throwable> gone,
                                    java.util.concurrent.Executor nettyExecutor) {
        MqttClientSslConfig ssl = MqttClientSslConfig.builder()
                .keyManagerFactory(keyManagers)
                .trustManagerFactory(trustManagers)
                .protocols(profile.tlsVersion().protocols())
                .handshakeTimeout(TLS_HANDSHAKE_SECONDS, TimeUnit.SECONDS)
                .build();
        MqttClientTransportConfig transport = MqttClientTransportConfig.builder()
                .serverAddress(address)
                .sslConfig(ssl)
                .socketConnectTimeout(SOCKET_CONNECT_SECONDS, TimeUnit.SECONDS)
                .mqttConnectTimeout(MQTT_CONNECT_SECONDS, TimeUnit.SECONDS)
                .build();
        var b = MqttClient.builder()
                .useMqttVersion3()
                .identifier(profile.clientId())
                .transportConfig(transport)
                .addDisconnectedListener(c -> gone.complete(c.getCause()));
        if (nettyExecutor != null) {
            b = b.executorConfig(MqttClientExecutorConfig.builder().nettyExecutor(nettyExecutor).nettyThreads(1)
                    .build());
        }
        return b.buildAsync();
    }

    private void connect(Mqtt3AsyncClient client, int keepAlive, BooleanSupplier cancelled) throws StepException {
        try (AlpnOffer alpn = profile.alpn() == null ? null : AlpnOffer.open(profile.alpn())) {
            await(client.connectWith().cleanSession(false).keepAlive(keepAlive).send(),
                    SOCKET_CONNECT_SECONDS + TLS_HANDSHAKE_SECONDS + MQTT_CONNECT_SECONDS + 2, cancelled);
        }
    }

    /**
     * The device hangs: its network thread is blocked for 1.5 times the keep-alive and a little more, so it sends
     * no PINGREQ and reads nothing, as a frozen device; then it finds the connection closed by the broker.
     */
    private static String goSilent(Mqtt3AsyncClient client, int keepAlive, CompletableFuture<Throwable> gone,
                                   BooleanSupplier cancelled) throws StepException {
        long frozenMillis = keepAlive * 1500L + 1500;
        Channel channel = channel(client);
        if (channel == null) {
            throw new StepException("cannot stop the client's keep-alive (unknown HiveMQ client version)");
        }
        channel.eventLoop().execute(() -> {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(frozenMillis);
            while (System.nanoTime() < end && !cancelled.getAsBoolean()) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
        Throwable cause = await(gone, frozenMillis / 1000 + 5, cancelled);
        return cause == null ? "disconnected" : reason(cause);
    }

    /** A second device with the same client id connects (the broker drops the first), then disconnects. */
    private String takeOver(InetSocketAddress address, CompletableFuture<Throwable> firstGone,
                            Consumer<String> progress, BooleanSupplier cancelled) throws StepException {
        progress.accept("Connecting to " + profile.endpoint() + " with client ID '" + profile.clientId() + "'...");
        Mqtt3AsyncClient second = client(address, new CompletableFuture<>(), null);
        try {
            connect(second, KEEP_ALIVE_SECONDS, cancelled);
            progress.accept("Connected!");
            Throwable cause = await(firstGone, DISCONNECT_SECONDS, cancelled);
            progress.accept("Disconnecting...");
            await(second.disconnect(), DISCONNECT_SECONDS, cancelled);
            progress.accept("Disconnected!");
            return "the first connection was closed when a second one used its client id: "
                    + (cause == null ? "disconnected" : reason(cause));
        } catch (StepException e) {
            second.disconnect().whenComplete((v, t) -> { });
            throw e;
        }
    }

    /** The client's Netty channel (HiveMQ client internals: there is no public way to pause a client). */
    private static Channel channel(Mqtt3AsyncClient client) {
        return client.getConfig().getConnectionConfig()
                .filter(c -> c instanceof com.hivemq.client.internal.mqtt.MqttClientConnectionConfig)
                .map(c -> ((com.hivemq.client.internal.mqtt.MqttClientConnectionConfig) c).getChannel())
                .orElse(null);
    }

    /** Resolves the endpoint but keeps its name, so hostname verification (and SNI for DNS names) use it. */
    static InetSocketAddress resolve(String endpoint, int port) throws UnknownHostException {
        InetAddress a = InetAddress.getByName(endpoint);
        return new InetSocketAddress(InetAddress.getByAddress(endpoint, a.getAddress()), port);
    }

    private static final class StepException extends Exception {
        private static final long serialVersionUID = 1L;

        StepException(String message) {
            super(message, null, false, false);
        }
    }

    private static <T> T awaitUnlessGone(CompletableFuture<T> f, CompletableFuture<Throwable> gone, long seconds,
                                         BooleanSupplier cancelled) throws StepException {
        await(CompletableFuture.anyOf(f, gone), seconds, cancelled);
        if (f.isDone()) {
            return await(f, 1, cancelled);
        }
        Throwable cause = gone.getNow(null);
        throw new StepException(cause == null ? "disconnected" : reason(cause));
    }

    private static <T> T await(CompletableFuture<T> f, long seconds, BooleanSupplier cancelled)
            throws StepException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            if (cancelled.getAsBoolean()) {
                f.cancel(true);
                throw new StepException("cancelled");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                f.cancel(true);
                throw new StepException("no answer from the broker within " + seconds + " s");
            }
            try {
                return f.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // check cancellation, then wait on
            } catch (ExecutionException e) {
                throw new StepException(reason(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f.cancel(true);
                throw new StepException("interrupted");
            }
        }
    }

    /** The client's error in one line: the most specific cause's type and message. */
    static String reason(Throwable t) {
        Throwable best = t;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                best = c;
            }
        }
        String type = best.getClass().getSimpleName();
        if (type.contains("$")) {
            type = type.substring(type.lastIndexOf('$') + 1);
        }
        String msg = best.getMessage() == null ? "" : best.getMessage().replaceAll("\\s+", " ").strip();
        if (best.getClass().getName().startsWith("io.netty.channel.AbstractChannel")
                || type.equals("AnnotatedConnectException")) {
            type = "ConnectException";
        }
        String line = msg.isEmpty() ? type : type + ": " + msg;
        if (line.length() > 300) {
            line = line.substring(0, 297) + "...";
        }
        return line;
    }
}
