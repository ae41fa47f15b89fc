package org.layerscope.analysis;

import java.util.ArrayList;
import java.util.List;
import org.layerscope.dissect.ip.Addresses;
import org.layerscope.dissect.mqtt.MqttNames;
import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.dissect.tls.TlsNames;
import org.layerscope.model.Direction;
import org.layerscope.model.Phase;

/** Turns a connection's facts into its summary and verdict ("where did it stop?"). */
final class Diagnosis {
    private Diagnosis() {
    }

    static ConnectionSummary summarize(TcpConnection c) {
        ConnectionFacts f = c.facts;
        String client = endpoint(c.clientAddr, c.clientPort);
        String server = endpoint(c.serverAddr, c.serverPort);
        Phase reached = c.phase == null ? Phase.TCP_HANDSHAKE : c.phase;
        Verdict v = verdict(c, f);
        long start = f.synTime >= 0 ? f.synTime : f.firstTime;
        ConnectionSummary.Timings timings = new ConnectionSummary.Timings(
                f.synTime >= 0 && f.synAckTime >= 0 ? f.synAckTime - f.synTime : -1,
                f.clientHelloTime >= 0 && f.tlsDoneTime >= 0 ? f.tlsDoneTime - f.clientHelloTime : -1,
                f.connackTime >= 0 ? f.connackTime - start : -1,
                f.pubackTime >= 0 ? f.pubackTime - start : -1,
                f.lastTime - f.firstTime);
        long tlsBytes = f.tlsRecordHeaderBytes + f.tlsEncryptedBytes;
        long mqttHeaders = f.mqttBytes - f.mqttPayloadBytes;
        ConnectionSummary.Bytes bytes = new ConnectionSummary.Bytes(f.wireBytes, f.linkIpTcpBytes, tlsBytes,
                Math.max(0, mqttHeaders), f.mqttPayloadBytes);
        ConnectionSummary.TlsFacts tls = c.tls == null ? null : TlsSummaries.of(c.tls);
        return new ConnectionSummary(c.index, client, server, c.clientInferred, reached, v.code, v.frame, v.key,
                List.copyOf(v.args), tls, f.clientId, f.connackCode, timings, bytes, c.firstFrame, c.lastFrame, f.frames);
    }

    private record Verdict(String code, long frame, String key, List<Object> args) {
        static Verdict of(String code, long frame, String key, Object... args) {
            List<Object> l = new ArrayList<>(args.length);
            for (Object a : args) {
                l.add(a instanceof Number ? a.toString() : a); // no "8,883": ports and codes are not quantities
            }
            return new Verdict(code, frame, key, l);
        }
    }

    private static String side(Direction d) {
        return d == Direction.CLIENT_TO_SERVER ? "client" : "server";
    }

    private static Verdict verdict(TcpConnection c, ConnectionFacts f) {
        boolean sawStart = f.synTime >= 0;
        ConnectionFacts.Close serverClose = f.firstClose(Direction.SERVER_TO_CLIENT);
        // 1. the TCP handshake did not complete
        if (sawStart && f.synAckTime < 0) {
            if (serverClose != null && serverClose.reset()) {
                return Verdict.of("tcp-refused", serverClose.frame(), "verdict.tcp-refused", c.serverPort);
            }
            if (serverClose == null) {
                int retrans = Math.max(0, f.synCount - 1);
                return Verdict.of("tcp-no-answer", f.synFrame, "verdict.tcp-no-answer", c.serverPort, retrans);
            }
        }
        // 2. the exchange completed: MQTT DISCONNECT, or the TLS session closed with close_notify
        if (f.disconnectFrame > 0) {
            return Verdict.of("ok", f.disconnectFrame, "verdict.ok.disconnect");
        }
        // 2a. the broker ended the session: an MQTT 5 DISCONNECT with an error reason, a client id taken over, a
        // keep-alive that ran out (before close_notify, which a broker sends after these as after a normal end)
        Verdict ended = endedByServer(c, f);
        if (ended != null) {
            return ended;
        }
        for (ConnectionFacts.Alert a : f.alerts) {
            if (a.description() == 0 && decides(f, a)) {
                return Verdict.of("ok", a.frame(), "verdict.ok.close_notify", side(a.from()));
            }
        }
        // 3. MQTT refused
        if (f.connackCode > 0 && f.mqttLevel == 5) {
            return Verdict.of("mqtt-connack-refused:" + f.connackCode, f.connackFrame,
                    "verdict.mqtt-connack-refused.v5", f.connackCode, hex(f.connackCode),
                    MqttNames.reasonCode(MqttPacket.CONNACK, f.connackCode));
        }
        if (f.connackCode > 0) {
            return Verdict.of("mqtt-connack-refused:" + f.connackCode, f.connackFrame, "verdict.mqtt-connack-refused",
                    f.connackCode);
        }
        // 4. an alert ended the handshake or the session
        for (ConnectionFacts.Alert a : f.alerts) {
            boolean readable = a.description() >= 0;
            if (readable && a.level() == 1 && a.description() != 0) {
                continue; // a warning alert does not end anything by itself
            }
            if (!decides(f, a)) {
                continue; // an answer to the other side's close, or a data record taken for an alert: the close decides
            }
            if (!readable && a.afterApplicationData() && !f.mqttReadable && f.applicationData[a.from().index()]) {
                // an encrypted alert from a side that already sent application data, with the MQTT unreadable:
                // most likely close_notify (a rejection comes before the rejecting side sends any data)
                return Verdict.of("ok", a.frame(), "verdict.ok.encrypted_close", side(a.from()));
            }
            String name = !readable ? "encrypted" : TlsNames.alertDescription(a.description()) != null
                    ? TlsNames.alertDescription(a.description()) : "unknown_alert_" + a.description(); // an unassigned code
            return Verdict.of("tls-alert-by-" + side(a.from()) + ":" + name, a.frame(),
                    readable ? "verdict.tls-alert" : "verdict.tls-alert.encrypted", side(a.from()), name,
                    a.phaseBefore().id());
        }
        // 5. closed during the TLS handshake without an alert
        ConnectionFacts.Close first = f.firstClose(null);
        if (first != null && first.phaseBefore() == Phase.TLS_HANDSHAKE) {
            return Verdict.of("tls-closed-by-" + side(first.from()), first.frame(), "verdict.tls-closed",
                    side(first.from()), first.reset() ? "RST" : "FIN");
        }
        // 6. closed after the handshake, before the exchange completed
        if (first != null && first.phaseBefore() == Phase.APPLICATION_DATA) {
            if (first.from() == Direction.SERVER_TO_CLIENT) {
                if (f.mqttReadable && f.lastClientMqttType > 0) {
                    String type = Describer.mqttName(f.lastClientMqttType).toLowerCase(java.util.Locale.ROOT);
                    return Verdict.of("closed-by-server-after-" + type, first.frame(), "verdict.closed-by-server-after",
                            Describer.mqttName(f.lastClientMqttType), first.reset() ? "RST" : "FIN");
                }
                if (first.reset()) {
                    return Verdict.of("reset-by-server", first.frame(), "verdict.reset-by-server");
                }
                return Verdict.of("closed-by-server-after-application-data", first.frame(),
                        "verdict.closed-by-server-after-application-data", "FIN");
            }
            if (first.reset()) {
                return Verdict.of("reset-by-client", first.frame(), "verdict.reset-by-client");
            }
            return Verdict.of("client-aborted", first.frame(), "verdict.client-aborted");
        }
        if (first != null && first.phaseBefore() == Phase.TCP_HANDSHAKE && sawStart) {
            if (first.reset()) {
                return Verdict.of("reset-by-" + side(first.from()), first.frame(), "verdict.reset-by-" + side(first.from()));
            }
            return Verdict.of(first.from() == Direction.CLIENT_TO_SERVER ? "client-aborted" : "closed-by-server-after-connect",
                    first.frame(), first.from() == Direction.CLIENT_TO_SERVER ? "verdict.client-aborted"
                            : "verdict.closed-by-server-after", "TCP handshake", "FIN");
        }
        // 7. the capture does not hold the whole connection
        return Verdict.of("incomplete", sawStart ? c.lastFrame : c.firstFrame,
                sawStart ? "verdict.incomplete.end" : "verdict.incomplete.start");
    }

    /** A broker may wait this long after another connection's CONNECT before it drops the old one. */
    private static final long TAKEOVER_WINDOW_NANOS = 5_000_000_000L;

    /**
     * The broker ended the session for a reason the capture shows: an MQTT 5 DISCONNECT with a reason code of 0x80 or
     * more; the client id taken over by another connection; the client silent for 1.5 times its keep-alive. Null
     * when none applies (or the client began to close first).
     */
    private static Verdict endedByServer(TcpConnection c, ConnectionFacts f) {
        if (f.serverDisconnectFrame > 0 && f.serverDisconnectCode >= 0x80) {
            return Verdict.of("mqtt-disconnect-by-server:" + f.serverDisconnectCode, f.serverDisconnectFrame,
                    "verdict.mqtt-disconnect-by-server", f.serverDisconnectCode, hex(f.serverDisconnectCode),
                    MqttNames.reasonCode(MqttPacket.DISCONNECT, f.serverDisconnectCode));
        }
        if (!f.mqttReadable) {
            return null;
        }
        long[] end = serverEnd(f);
        if (end == null || clientClosedBefore(f, end[1])) {
            return null;
        }
        if (f.takenOverTime >= 0 && end[1] >= f.takenOverTime && end[1] - f.takenOverTime <= TAKEOVER_WINDOW_NANOS) {
            return Verdict.of("client-id-taken-over", end[0], "verdict.client-id-taken-over", f.clientId,
                    f.takenOverBy, f.takenOverFrame);
        }
        if (f.keepAlive > 0 && f.lastClientMqttBeforeServerCloseTime >= 0) {
            long silent = end[1] - f.lastClientMqttBeforeServerCloseTime;
            if (silent * 2 >= f.keepAlive * 3_000_000_000L) {
                return Verdict.of("keepalive-timeout", end[0], "verdict.keepalive-timeout", f.keepAlive,
                        String.format(java.util.Locale.ROOT, "%.1f", silent / 1e9));
            }
        }
        return null;
    }

    /** The server's first alert, FIN or RST: {frame, time}; null when it sent none. */
    private static long[] serverEnd(ConnectionFacts f) {
        long[] end = null;
        for (ConnectionFacts.Alert a : f.alerts) {
            if (a.from() == Direction.SERVER_TO_CLIENT && (end == null || a.frame() < end[0])) {
                end = new long[] {a.frame(), a.time()};
            }
        }
        ConnectionFacts.Close close = f.firstClose(Direction.SERVER_TO_CLIENT);
        if (close != null && (end == null || close.frame() < end[0])) {
            end = new long[] {close.frame(), close.time()};
        }
        return end;
    }

    /** Whether the client sent an alert, FIN or RST before {@code time}. */
    private static boolean clientClosedBefore(ConnectionFacts f, long time) {
        ConnectionFacts.Close close = f.firstClose(Direction.CLIENT_TO_SERVER);
        if (close != null && close.time() < time) {
            return true;
        }
        for (ConnectionFacts.Alert a : f.alerts) {
            if (a.from() == Direction.CLIENT_TO_SERVER && a.time() < time) {
                return true;
            }
        }
        return false;
    }

    private static String hex(int code) {
        return String.format(java.util.Locale.ROOT, "0x%02X", code);
    }

    /**
     * Whether an alert can be what ended the connection.
     * <ul>
     * <li>An alert sent after the other side had closed (FIN or RST) answers that close. A fatal one decides
     * nothing: OpenSSL 3 sends decode_error when it reads a TCP close without close_notify (the broker after a
     * killed client's FIN, the client after a server's bare FIN). A close_notify, or an alert that cannot be
     * read, is a normal answer only when the closing side had the last word (a client's DISCONNECT, then its
     * FIN); when the closing side had received data last, it went away or hung up, and its close decides.</li>
     * <li>A small encrypted TLS 1.3 record is taken for an alert when it is the last its side sent (see the
     * Analyzer). The guess is dropped when the other side went on sending application data after receiving the
     * record (a CONNACK, SUBSCRIBE or PUBLISH of alert size is answered; an alert is not), not counting the other
     * side's first application data: a client's CONNECT, sent right after its Finished, may cross the broker's
     * rejection, and its TCP segment then acknowledges the alert that the kernel has received and the client has
     * not read yet. It is also dropped when its side had sent application data before and the record was its last
     * only because the other side then reset the connection (a message left unread by a killed client).</li>
     * </ul>
     */
    private static boolean decides(ConnectionFacts f, ConnectionFacts.Alert a) {
        Direction peer = a.from().reverse();
        ConnectionFacts.Close peerClose = f.firstClose(peer);
        if (peerClose != null && peerClose.frame() < a.frame()) {
            boolean closeNotifyOrUnreadable = a.description() <= 0;
            return closeNotifyOrUnreadable && f.lastDataFrame[peer.index()] > f.lastDataFrame[a.from().index()];
        }
        if (a.inferred()) {
            if (f.lastDataFrame[a.from().index()] > 0 && f.firstClose(a.from()) == null) {
                for (ConnectionFacts.Close c : f.closes) {
                    if (c.from() == peer && c.reset() && c.frame() > a.frame()) {
                        return false; // the last record only because the other side then reset the connection
                    }
                }
            }
            return f.laterDataAck[peer.index()] < a.seqEnd();
        }
        return true;
    }

    static String endpoint(byte[] addr, int port) {
        String a = Addresses.format(addr);
        return (addr != null && addr.length == 16 ? "[" + a + "]" : a) + ":" + port;
    }
}
