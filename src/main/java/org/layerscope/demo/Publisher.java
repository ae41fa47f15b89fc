package org.layerscope.demo;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

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
        this.profile = profile;
        this.keyManagers = Pem.keyManagers(profile.cert(), profile.key());
        this.trustManagers = Pem.trustManagers(profile.ca());
    }

    /** Connects, publishes and disconnects; {@code progress} gets the sample's lines. */
    public Outcome run(Consumer<String> progress, BooleanSupplier cancelled) {
        progress.accept("Connecting to " + profile.endpoint() + " with client ID '" + profile.clientId() + "'...");
        InetSocketAddress address;
        try {
            address = resolve(profile.endpoint(), profile.port());
        } catch (UnknownHostException e) {
            return new Outcome(false, false, "cannot resolve " + profile.endpoint() + " (" + e.getMessage() + ")");
        }
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
        Mqtt3AsyncClient client = MqttClient.builder()
                .useMqttVersion3()
                .identifier(profile.clientId())
                .transportConfig(transport)
                .buildAsync();
        boolean connected = false;
        try {
            try (AlpnOffer alpn = profile.alpn() == null ? null : AlpnOffer.open(profile.alpn())) {
                await(client.connectWith().cleanSession(false).keepAlive(KEEP_ALIVE_SECONDS).send(),
                        SOCKET_CONNECT_SECONDS + TLS_HANDSHAKE_SECONDS + MQTT_CONNECT_SECONDS + 2, cancelled);
            }
            connected = true;
            progress.accept("Connected!");
            progress.accept("Publishing message to topic '" + profile.topic() + "': " + profile.message());
            await(client.publishWith().topic(profile.topic())
                    .qos(profile.qos() == 0 ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE)
                    .payload(profile.payload()).send(), PUBLISH_SECONDS, cancelled);
            progress.accept("Disconnecting...");
            await(client.disconnect(), DISCONNECT_SECONDS, cancelled);
            progress.accept("Disconnected!");
            return new Outcome(true, true, null);
        } catch (StepException e) {
            // best effort, not awaited: ends a connection (or a connection attempt) the failed step left behind
            client.disconnect().whenComplete((v, t) -> { });
            return new Outcome(connected, false, e.getMessage());
        }
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
