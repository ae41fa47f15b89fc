package org.layerscope.analysis;

import org.layerscope.dissect.ip.NetPacket;
import org.layerscope.dissect.mqtt.MqttFramer;
import org.layerscope.dissect.tls.Ssl2ClientHello;
import org.layerscope.dissect.tls.TlsFramer;
import org.layerscope.model.Direction;

/**
 * Protocol detection: which side of a connection whose SYN was not captured is the client, and what a
 * TCP stream carries (TLS, MQTT or something else), from its first bytes and its ports.
 */
final class ProtocolDetector {
    private static final int[] WELL_KNOWN_SERVER_PORTS = {443, 8883, 1883, 8443, 4433, 9131, 80, 8080, 5671, 5672};

    private ProtocolDetector() {
    }

    static boolean guessSourceIsClient(PacketResult r) {
        NetPacket p = r.net;
        byte[] d = r.frame.buffer();
        int at = r.frame.offset() + p.payloadOffset;
        if (p.payloadCaptured >= 6 && d[at] == 22 && d[at + 1] == 3) {
            int hsType = d[at + 5];
            if (hsType == 1) {
                return true;
            }
            if (hsType == 2) {
                return false;
            }
        }
        boolean srcServer = isServerPort(p.srcPort);
        boolean dstServer = isServerPort(p.dstPort);
        if (srcServer != dstServer) {
            return dstServer;
        }
        if (p.srcPort != p.dstPort) {
            return p.srcPort > p.dstPort;
        }
        return true;
    }

    private static boolean isServerPort(int port) {
        if (port < 1024) {
            return true;
        }
        for (int w : WELL_KNOWN_SERVER_PORTS) {
            if (w == port) {
                return true;
            }
        }
        return false;
    }

    static TcpConnection.Proto detect(TcpConnection c, Direction dir, byte[] b, int start, int avail) {
        if (dir == Direction.CLIENT_TO_SERVER) {
            int v2 = Ssl2ClientHello.length(b, start, avail);
            if (v2 != 0) {
                return v2 < 0 ? TcpConnection.Proto.UNKNOWN : TcpConnection.Proto.TLS;
            }
        }
        int probe = TlsFramer.probe(b, start, avail);
        if (probe >= 0 || probe == TlsFramer.NEED_MORE) {
            if (probe == TlsFramer.NEED_MORE && avail < 3) {
                return TcpConnection.Proto.UNKNOWN;
            }
            if ((b[start] & 0xff) == 22 || (b[start] & 0xff) == 21 || avail >= 5) {
                return TcpConnection.Proto.TLS;
            }
        }
        boolean mqttPort = c.serverPort == 1883 || c.clientPort == 1883;
        if (mqttPort || (dir == Direction.CLIENT_TO_SERVER && MqttFramer.startsWithConnect(b, start, avail)
                && avail >= 8)) {
            return TcpConnection.Proto.MQTT;
        }
        if (avail < 8 && (b[start] & 0xff) == 0x10) {
            return TcpConnection.Proto.UNKNOWN;
        }
        return TcpConnection.Proto.OTHER;
    }

    static String protoName(TcpConnection c) {
        return switch (c.proto) {
            case TLS -> "TLS";
            case MQTT -> "MQTT";
            default -> "TCP";
        };
    }
}
