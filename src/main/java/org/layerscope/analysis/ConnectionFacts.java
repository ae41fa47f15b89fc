package org.layerscope.analysis;

import java.util.ArrayList;
import java.util.List;
import org.layerscope.model.Direction;
import org.layerscope.model.Phase;

/**
 * What the analysis saw of one connection, with frame numbers and times, from which the summary and the
 * verdict are computed. Times are nanoseconds since the first frame of the capture; -1 = not seen.
 */
final class ConnectionFacts {
    /**
     * One alert record, readable or not; {@code seqEnd} is the sender's relative TCP sequence number after the
     * frame that holds it (what the peer acknowledges once it has received it).
     */
    record Alert(long frame, long time, Direction from, int level, int description, boolean encrypted,
                 boolean inferred, Phase phaseBefore, boolean afterApplicationData, long seqEnd) {
    }

    /** A FIN or RST. */
    record Close(long frame, long time, Direction from, boolean reset, Phase phaseBefore) {
    }

    long firstTime = -1;
    long lastTime = -1;
    long synFrame;
    long synTime = -1;
    int synCount;
    long synAckFrame;
    long synAckTime = -1;
    long handshakeAckTime = -1;
    long clientHelloFrame;
    long clientHelloTime = -1;
    long serverHelloTime = -1;
    /** First application data (or TLS 1.3 post-handshake) record: the TLS handshake is over. */
    long tlsDoneFrame;
    long tlsDoneTime = -1;
    final boolean[] applicationData = new boolean[2];
    /** Per direction: frame of the last record known to carry application data, 0 = none. */
    final long[] lastDataFrame = new long[2];
    /** Per direction: frame of the first record known to carry application data, 0 = none, and its TCP ack. */
    final long[] firstDataFrame = new long[2];
    final long[] firstDataAck = {-1, -1};
    /** Per direction: highest relative TCP ack carried by a later frame with application data, -1 = none. */
    final long[] laterDataAck = {-1, -1};
    final List<Alert> alerts = new ArrayList<>(2);
    final List<Close> closes = new ArrayList<>(2);

    boolean mqttReadable;
    long connectFrame;
    long connectTime = -1;
    String clientId;
    long connackFrame;
    long connackTime = -1;
    int connackCode = -1;
    long publishTime = -1;
    long pubackFrame;
    long pubackTime = -1;
    long disconnectFrame;
    /** Last MQTT packet type sent by the client, or 0. */
    int lastClientMqttType;
    long lastClientMqttFrame;
    /** MQTT protocol level (4 = 3.1.1, 5) and keep-alive (seconds) of the client's CONNECT; 0 and -1 = not seen. */
    int mqttLevel;
    int keepAlive = -1;
    /** Time of the client's last MQTT packet sent before the server began to close (alert, FIN or RST); -1 none. */
    long lastClientMqttBeforeServerCloseTime = -1;
    /** The server's first DISCONNECT (MQTT 5: with its reason code), 0 / -1 = none. */
    long serverDisconnectFrame;
    int serverDisconnectCode = -1;
    /**
     * Another connection sent CONNECT with this connection's client id while this one was open: its stream index, the
     * frame and time of that CONNECT; -1 = not seen.
     */
    int takenOverBy = -1;
    long takenOverFrame;
    long takenOverTime = -1;

    // bytes on the wire per layer
    long frames;
    long wireBytes;
    long linkIpTcpBytes;
    long tlsRecordHeaderBytes;
    long tlsEncryptedBytes;
    long mqttBytes;
    long mqttPayloadBytes;

    /** Whether the server had sent an alert, FIN or RST by now. */
    boolean serverClosing() {
        if (firstClose(Direction.SERVER_TO_CLIENT) != null) {
            return true;
        }
        for (Alert a : alerts) {
            if (a.from() == Direction.SERVER_TO_CLIENT) {
                return true;
            }
        }
        return false;
    }

    Close firstClose(Direction from) {
        for (Close c : closes) {
            if (from == null || c.from() == from) {
                return c;
            }
        }
        return null;
    }
}
