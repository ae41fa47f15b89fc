package org.layerscope.session;

import java.util.ArrayList;
import java.util.List;
import org.layerscope.analysis.LayerBytes;
import org.layerscope.analysis.PacketResult;
import org.layerscope.dissect.ip.NetPacket;
import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.dissect.tls.TlsRecord;
import org.layerscope.model.Field;

/**
 * How the bytes of one frame divide into layers, for the explanation panel's nested boxes: the frame
 * holds the link header and the IP packet, which holds the TCP header and payload, which holds TLS record
 * headers and their (encrypted) content, which holds MQTT. Each box has a caption with its byte count.
 */
public final class LayerBreakdown {
    /** One box: its caption, its nesting depth (0 = frame) and its byte count. */
    public record Layer(String kind, String caption, int depth, int bytes) {
    }

    private LayerBreakdown() {
    }

    public static List<Layer> of(PacketResult r, UiText t) {
        List<Layer> out = new ArrayList<>();
        NetPacket n = r.net();
        int captured = r.frame().capturedLength();
        out.add(new Layer("frame", t.get("layer.frame", r.frame().originalLength()), 0, r.frame().originalLength()));
        int depth = 1;
        if (n.linkHeaderLength > 0) {
            out.add(new Layer("link", t.get("layer.link", linkName(r.tree()), n.linkHeaderLength), depth, n.linkHeaderLength));
        }
        if (n.ipVersion == 0) {
            return out;
        }
        out.add(new Layer("ip", t.get("layer.ip", n.ipVersion, n.ipHeaderLength), depth, n.ipHeaderLength));
        int used = Math.max(0, n.linkHeaderLength) + n.ipTotalLength;
        depth++;
        if (n.tcp) {
            out.add(new Layer("tcp", t.get("layer.tcp", n.tcpHeaderLength), depth, n.tcpHeaderLength));
            if (n.tcpLen > 0) {
                out.add(new Layer("payload", t.get("layer.tcp.payload", n.tcpLen), depth, n.tcpLen));
                tls(r, t, out, depth + 1);
            }
        } else if (n.udp) {
            out.add(new Layer("udp", t.get("layer.udp", n.udpLen), depth, n.udpLen));
        }
        int trailer = Math.max(r.frame().originalLength(), captured) - used;
        if (n.ipTotalLength > 0 && trailer > 0 && trailer < 64) {
            out.add(new Layer("trailer", t.get("layer.trailer", trailer), 1, trailer));
        }
        return out;
    }

    private static void tls(PacketResult r, UiText t, List<Layer> out, int depth) {
        List<TlsRecord> recs = r.tlsRecords();
        List<MqttPacket> mqtt = r.mqttPackets();
        if (!recs.isEmpty()) {
            int k = recs.size();
            int headers = LayerBytes.TLS_RECORD_HEADER * k;
            out.add(new Layer("tls", t.get("layer.tls.header", headers, k), depth, headers));
            int encrypted = 0;
            int plain = 0;
            int inner = 0;
            int added = 0;
            for (TlsRecord rec : recs) {
                if (rec.encrypted() || rec.opaque()) {
                    encrypted += rec.length();
                    added += rec.encrypted() ? LayerBytes.tlsAdded(rec) : rec.length();
                    inner += rec.plaintext() != null ? rec.plaintext().length : 0;
                } else {
                    plain += rec.length();
                }
            }
            if (plain > 0) {
                out.add(new Layer("tls", t.get("layer.tls.plain", plain), depth, plain));
            }
            if (inner > 0 && !mqtt.isEmpty()) {
                // the same count as the connection report's TLS bytes (LayerBytes)
                out.add(new Layer("tls", t.get("layer.tls.overhead", added), depth, added));
                mqtt(mqtt, t, out, depth + 1);
            } else if (encrypted > 0) {
                out.add(new Layer("tls", t.get("layer.tls.encrypted", encrypted), depth, encrypted));
            }
        } else if (!mqtt.isEmpty()) {
            mqtt(mqtt, t, out, depth);
        } else if (r.reassembledIn() > 0) {
            out.add(new Layer("tls", t.get("layer.tls.segment", r.reassembledIn(), r.net().tcpLen), depth, r.net().tcpLen));
        }
    }

    private static void mqtt(List<MqttPacket> mqtt, UiText t, List<Layer> out, int depth) {
        for (MqttPacket m : mqtt) {
            out.add(new Layer("mqtt", t.get("layer.mqtt", mqttName(m.type()), m.length()), depth, m.length()));
        }
    }

    static String mqttName(int type) {
        String[] names = {"?", "CONNECT", "CONNACK", "PUBLISH", "PUBACK", "PUBREC", "PUBREL", "PUBCOMP", "SUBSCRIBE",
            "SUBACK", "UNSUBSCRIBE", "UNSUBACK", "PINGREQ", "PINGRESP", "DISCONNECT", "AUTH"};
        return type >= 0 && type < names.length ? names[type] : "?";
    }

    private static String linkName(Field tree) {
        if (tree.children().isEmpty()) {
            return "Link";
        }
        return switch (tree.children().get(0).name()) {
            case "eth" -> "Ethernet";
            case "sll" -> "Linux cooked";
            case "null" -> "Loopback";
            case "vlan" -> "802.1Q";
            default -> "Link";
        };
    }
}
