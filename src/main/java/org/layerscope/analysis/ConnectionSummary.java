package org.layerscope.analysis;

import java.util.List;
import org.layerscope.model.Phase;

/**
 * One TCP connection as LayerScope sums it up: who talked, how far they got, how long each step took,
 * how the bytes split over the layers, and the verdict.
 *
 * @param stream             0-based index in order of first packet (as tshark's tcp.stream)
 * @param client             client as {@code ip:port} ({@code [ip6]:port} for IPv6)
 * @param server             server as {@code ip:port}
 * @param clientInferred     true when the SYN was not captured and the roles are inferred
 * @param reached            furthest phase reached
 * @param verdict            stable verdict code ({@code ok}, {@code tcp-refused}, {@code tls-alert-by-server:unknown_ca}, ...)
 * @param verdictFrame       frame number of the deciding packet (0 when none)
 * @param explanationKey     resource-bundle key of the verdict's explanation
 * @param explanationArgs    its arguments
 * @param tls                TLS facts (null when the connection carried no TLS)
 * @param mqttClientId       MQTT client id from CONNECT, or null
 * @param connackCode        CONNACK return code, or -1
 * @param timings            step durations
 * @param bytes              bytes on the wire per layer
 * @param firstFrame         first frame number
 * @param lastFrame          last frame number
 * @param frames             number of frames
 */
public record ConnectionSummary(int stream, String client, String server, boolean clientInferred, Phase reached,
                                String verdict, long verdictFrame, String explanationKey, List<Object> explanationArgs,
                                TlsFacts tls, String mqttClientId, int connackCode, Timings timings, Bytes bytes,
                                long firstFrame, long lastFrame, long frames) {

    /** TLS facts of the connection. Lists are empty when unknown. */
    public record TlsFacts(String version, String cipherSuite, String sni, List<String> alpn,
                           List<String> serverCertificates, List<String> clientCertificates) {
    }

    /** Durations in nanoseconds; -1 when the step was not seen. */
    public record Timings(long tcpHandshakeRtt, long tlsHandshake, long timeToConnack, long timeToPuback, long total) {
    }

    /**
     * Bytes on the wire per layer: link/IP/TCP headers, TLS record headers and encrypted overhead (what TLS adds),
     * MQTT headers, and MQTT payload (application data as far as it could be read; without keys the encrypted
     * bytes count as TLS).
     */
    public record Bytes(long wire, long headers, long tls, long mqttHeaders, long payload) {
    }
}
