package org.layerscope.session;

import java.util.List;
import org.layerscope.analysis.PacketResult;
import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.dissect.ip.NetPacket;
import org.layerscope.dissect.tls.HandshakeType;
import org.layerscope.dissect.tls.TlsRecord;

/**
 * Which packets are the milestones of a connection (the timeline writes their label beside them): TCP SYN, FIN and RST; the
 * TLS hellos, certificate messages (Certificate, CertificateRequest, CertificateVerify, CertificateStatus,
 * CompressedCertificate), ServerHelloDone and Finished; alerts (read or inferred); MQTT CONNECT, CONNACK,
 * PUBLISH and DISCONNECT; DNS lookups (the step before a connection). Decided from what the analysis read (a handshake message counts in the record it
 * completes in), never from the text of a label.
 */
public final class KeyPackets {
    private KeyPackets() {
    }

    /** Whether a handshake message of this type is a milestone. */
    public static boolean isKeyHandshake(int type) {
        return switch (type) {
            case HandshakeType.CLIENT_HELLO, HandshakeType.SERVER_HELLO, HandshakeType.SERVER_HELLO_DONE,
                 HandshakeType.CERTIFICATE, HandshakeType.CERTIFICATE_REQUEST, HandshakeType.CERTIFICATE_VERIFY,
                 HandshakeType.CERTIFICATE_STATUS, HandshakeType.COMPRESSED_CERTIFICATE, HandshakeType.FINISHED -> true;
            default -> false;
        };
    }

    /** Whether an MQTT control packet of this type is a milestone. */
    public static boolean isKeyMqtt(int type) {
        return type == MqttPacket.CONNECT || type == MqttPacket.CONNACK || type == MqttPacket.PUBLISH
                || type == MqttPacket.DISCONNECT;
    }

    /** Whether the analysed packet is a milestone of its connection. */
    public static boolean isKey(PacketResult r) {
        NetPacket n = r.net();
        if (r.other() != null && r.other().dns() != null) {
            return true; // the lookup before a connection
        }
        if (r.isTcp() && (n.has(NetPacket.SYN) || n.has(NetPacket.FIN) || n.has(NetPacket.RST))) {
            return true;
        }
        if (r.inferredAlert()) {
            return true;
        }
        // indexed loops: a row of the window's load passes here, and the quick compiler (C1, see app.QuickJit)
        // does not remove an iterator's allocation (360 MB of them for the 1.48M-frame real capture)
        List<TlsRecord> records = r.tlsRecords();
        for (int i = 0, count = records.size(); i < count; i++) {
            TlsRecord t = records.get(i);
            if (t.contentType() == TlsRecord.ALERT) {
                return true;
            }
            List<Integer> types = t.handshakeTypes();
            for (int k = 0, m = types.size(); k < m; k++) {
                if (isKeyHandshake(types.get(k))) {
                    return true;
                }
            }
        }
        List<MqttPacket> mqtt = r.mqttPackets();
        for (int i = 0, count = mqtt.size(); i < count; i++) {
            if (isKeyMqtt(mqtt.get(i).type())) {
                return true;
            }
        }
        return false;
    }
}
