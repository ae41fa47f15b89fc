package org.layerscope.analysis;

import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.dissect.tls.HandshakeType;
import org.layerscope.dissect.tls.TlsRecord;
import org.layerscope.dissect.ip.NetPacket;
import org.layerscope.model.Direction;
import org.layerscope.model.Phase;

/**
 * Connection facts: the small per-connection record (times, frame numbers, counts, alerts, closes) the
 * diagnosis and the summaries are made of, updated from each TCP frame, TLS record and MQTT packet.
 */
final class FactsRecorder {
    private FactsRecorder() {
    }

    /** A TCP frame of the connection: counts, bytes and the times of the three-way handshake. */
    static void tcpFrame(ConnectionFacts facts, PacketResult r, Direction dir, long now) {
        NetPacket p = r.net;
        if (facts.firstTime < 0) {
            facts.firstTime = now;
        }
        facts.lastTime = now;
        facts.frames++;
        facts.wireBytes += r.frame.originalLength();
        facts.linkIpTcpBytes += r.frame.originalLength() - p.tcpLen;
        if (p.has(NetPacket.SYN) && !p.has(NetPacket.ACK) && dir == Direction.CLIENT_TO_SERVER) {
            facts.synCount++;
            if (facts.synTime < 0) {
                facts.synTime = now;
                facts.synFrame = r.number();
            }
        } else if (p.has(NetPacket.SYN) && dir == Direction.SERVER_TO_CLIENT && facts.synAckTime < 0) {
            facts.synAckTime = now;
            facts.synAckFrame = r.number();
        } else if (!p.has(NetPacket.SYN) && dir == Direction.CLIENT_TO_SERVER && facts.synAckTime >= 0
                && facts.handshakeAckTime < 0) {
            facts.handshakeAckTime = now;
        }
    }

    static void tlsFacts(TcpConnection c, Direction dir, PacketResult first, PacketResult cur, TlsRecord rec,
                                 Phase ph) {
        ConnectionFacts f = c.facts;
        f.tlsRecordHeaderBytes += LayerBytes.TLS_RECORD_HEADER;
        f.tlsEncryptedBytes += LayerBytes.tlsAdded(rec);
        long t = cur.relativeNanos;
        if (rec.handshakeTypes().contains(HandshakeType.CLIENT_HELLO) && f.clientHelloTime < 0) {
            f.clientHelloTime = t;
            f.clientHelloFrame = cur.number();
        }
        if (rec.handshakeTypes().contains(HandshakeType.SERVER_HELLO) && f.serverHelloTime < 0) {
            f.serverHelloTime = t;
        }
        // a pending 19-byte TLS 1.3 record counts as application data only once it is known not to be an alert
        if (ph == Phase.APPLICATION_DATA && c.sides[dir.index()].ambiguous != first) {
            applicationDataFact(f, dir, first);
        }
        if (rec.contentType() == TlsRecord.ALERT && !rec.opaque()) {
            f.alerts.add(new ConnectionFacts.Alert(cur.number(), t, dir, rec.alertLevel(), rec.alertDescription(),
                    rec.encrypted() && rec.alertDescription() < 0, false,
                    c.phase == null ? Phase.TCP_HANDSHAKE : c.phase, f.applicationData[0] || f.applicationData[1],
                    cur.relSeq + cur.net.tcpLen));
        }
    }

    static void applicationDataFact(ConnectionFacts f, Direction dir, PacketResult first) {
        int d = dir.index();
        f.applicationData[d] = true;
        long n = first.number();
        long ack = first.hasAck ? first.relAck : -1;
        f.lastDataFrame[d] = Math.max(f.lastDataFrame[d], n);
        // a pending record is decided late, so frames may come out of order here
        if (f.firstDataFrame[d] == 0 || n < f.firstDataFrame[d]) {
            f.laterDataAck[d] = Math.max(f.laterDataAck[d], f.firstDataAck[d]);
            f.firstDataFrame[d] = n;
            f.firstDataAck[d] = ack;
        } else if (n == f.firstDataFrame[d]) {
            f.firstDataAck[d] = Math.max(f.firstDataAck[d], ack);
        } else {
            f.laterDataAck[d] = Math.max(f.laterDataAck[d], ack);
        }
        if (f.tlsDoneTime < 0) {
            f.tlsDoneTime = first.relativeNanos;
            f.tlsDoneFrame = first.number();
        }
    }

    static void mqttFacts(ConnectionFacts f, Direction dir, PacketResult cur, MqttPacket m) {
        f.mqttReadable = true;
        f.mqttBytes += m.length();
        long t = cur.relativeNanos;
        boolean fromClient = dir == Direction.CLIENT_TO_SERVER;
        switch (m.type()) {
            case MqttPacket.CONNECT -> {
                if (f.connectTime < 0) {
                    f.connectTime = t;
                    f.connectFrame = cur.number();
                    f.clientId = m.clientId();
                }
            }
            case MqttPacket.CONNACK -> {
                if (f.connackTime < 0) {
                    f.connackTime = t;
                    f.connackFrame = cur.number();
                    f.connackCode = m.returnCode();
                }
            }
            case MqttPacket.PUBLISH -> {
                if (fromClient && f.publishTime < 0) {
                    f.publishTime = t;
                }
                if (m.topic() != null) {
                    int header = m.length() > 129 ? (m.length() > 16386 ? 4 : 3) : 2;
                    f.mqttPayloadBytes += Math.max(0, m.length() - header - 2 - m.topicUtf8Length()
                            - (m.qos() > 0 ? 2 : 0));
                }
            }
            case MqttPacket.PUBACK -> {
                if (!fromClient && f.pubackTime < 0) {
                    f.pubackTime = t;
                    f.pubackFrame = cur.number();
                }
            }
            case MqttPacket.DISCONNECT -> {
                if (fromClient && f.disconnectFrame == 0) {
                    f.disconnectFrame = cur.number();
                } else if (!fromClient && f.serverDisconnectFrame == 0) {
                    f.serverDisconnectFrame = cur.number();
                    f.serverDisconnectCode = m.returnCode();
                }
            }
            default -> {
            }
        }
        if (fromClient) {
            f.lastClientMqttType = m.type();
            f.lastClientMqttFrame = cur.number();
            if (!f.serverClosing()) {
                f.lastClientMqttBeforeServerCloseTime = t;
            }
        }
    }
}
