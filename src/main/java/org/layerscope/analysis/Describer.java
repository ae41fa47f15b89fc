package org.layerscope.analysis;

import java.util.ArrayList;
import java.util.List;
import org.layerscope.dissect.ip.NetDecoder;
import org.layerscope.dissect.ip.NetPacket;
import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.dissect.other.OtherPacket;
import org.layerscope.dissect.tls.TlsRecord;
import org.layerscope.model.Phase;
import org.layerscope.model.TextBytes;

/** Gives a released frame its Wireshark-like info, its short label and its explanation key. */
final class Describer {
    private Describer() {
    }

    /**
     * Fixes at release what the info depends on and may still change afterwards: the protocol (the
     * connection's TLS version) and whether the frame is a segment of a PDU completed later. The info text
     * itself is made only when somebody asks ({@link #appendInfo}, {@link PacketResult#info()}).
     */
    static void describe(PacketResult r) {
        r.protocol = r.computeProtocol();
        r.segmentAtRelease = r.reassembledIn > 0;
    }

    /** The Info column: Wireshark-like, the frame's MQTT packets, else its TLS records, else its TCP segment. */
    static String info(PacketResult r) {
        TextBytes b = new TextBytes(128);
        appendInfo(r, b);
        return b.toString();
    }

    /** Appends the Info column as UTF-8 (tabs and line ends as they are). */
    static void appendInfo(PacketResult r, TextBytes out) {
        NetPacket p = r.net;
        if (!r.mqtt.isEmpty()) {
            for (int i = 0; i < r.mqtt.size(); i++) {
                if (i > 0) {
                    out.ascii(',').ascii(' ');
                }
                r.mqtt.get(i).appendInfo(out);
            }
            return;
        }
        boolean any = false;
        List<TlsRecord> records = r.tlsRecords;
        for (int i = 0; i < records.size(); i++) {
            String s = records.get(i).info();
            if (!s.isEmpty()) { // a record with only the middle of a handshake message adds nothing
                if (any) {
                    out.ascii(',').ascii(' ');
                }
                out.appendCached(s); // mostly the same few names ("Application Data")
                any = true;
            }
        }
        if (any) {
            return;
        }
        if (p.tcp) {
            tcpInfo(r, out);
        } else if (r.other != null) {
            out.append(r.other.info());
        } else if (p.udp) {
            out.append(p.srcPort).raw(ARROW).append(p.dstPort).append(" Len=").append(Math.max(0, p.udpLen - 8));
        } else if (p.ipVersion != 0) {
            out.append("IPv").append(p.ipVersion).append(" protocol ").append(p.protocol);
        } else {
            out.append("Frame ").append(r.number());
        }
    }

    private static final byte[] ARROW = " → ".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final byte[] FLAGS_OPEN = ascii(" [");
    private static final byte[] SEQ = ascii("] Seq=");
    private static final byte[] ACK = ascii(" Ack=");
    private static final byte[] WIN = ascii(" Win=");
    private static final byte[] LEN = ascii(" Len=");
    private static final byte[] SEGMENT = ascii(" [TCP segment of a reassembled PDU]");
    /** {@link NetDecoder#flagInfo} of every flag combination, as bytes. */
    private static final byte[][] FLAG_INFO = new byte[0x200][];

    static {
        for (int f = 0; f < FLAG_INFO.length; f++) {
            FLAG_INFO[f] = NetDecoder.flagInfo(f).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The explanation key (and its arguments): only when somebody asks (the TSV output and the table do not). */
    static void describeExplanation(PacketResult r) {
        r.explanationKey = explanation(r);
    }

    private static void tcpInfo(PacketResult r, TextBytes sb) {
        NetPacket p = r.net;
        if (r.retransmission) {
            sb.append("[TCP Retransmission] ");
        }
        sb.append(p.srcPort).raw(ARROW).append(p.dstPort).raw(FLAGS_OPEN).raw(FLAG_INFO[p.tcpFlags & 0x1ff])
                .raw(SEQ).append(r.relSeq);
        if (r.hasAck) {
            sb.raw(ACK).append(r.relAck);
        }
        sb.raw(WIN).append(r.window).raw(LEN).append(p.tcpLen);
        if (r.segmentAtRelease) {
            sb.raw(SEGMENT);
        }
    }

    /** The label: only when somebody asks (the TSV output does not). */
    static String label(PacketResult r) {
        NetPacket p = r.net;
        if (r.tlsRecords.isEmpty() && r.mqtt.size() == 1) { // most frames: one MQTT packet, no list or join
            return mqttName(r.mqtt.get(0).type());
        }
        List<TlsRecord> records = r.tlsRecords;
        int count = records.size();
        int packets = r.mqtt.size();
        if (count == 0 && packets == 0) { // a TCP segment without a PDU (an ACK), or not TCP
            return unlabelled(r, p);
        }
        if (count == 0) { // MQTT packets alone: of one type, the same few labels
            int type = r.mqtt.get(0).type();
            boolean same = type >= 0 && type < REPEATED.length;
            for (int i = 1; i < packets && same; i++) {
                same = r.mqtt.get(i).type() == type;
            }
            if (same) {
                return REPEATED[type][Math.min(packets, 4) - 1];
            }
        }
        if (count > 0 && packets == 0) { // most TLS frames: records of one summary ("Application Data")
            String first = recordLabel(r, records.get(0));
            boolean same = !first.isEmpty() && first.indexOf(',') < 0;
            for (int i = 1; i < count && same; i++) { // indexed: no iterator for C1 to allocate
                same = first.equals(recordLabel(r, records.get(i)));
            }
            if (same) {
                return first; // what the list below makes of it: one part, no join
            }
        }
        List<String> parts = new ArrayList<>(4);
        for (TlsRecord t : records) {
            String s = recordLabel(r, t);
            if (s.isEmpty()) {
                continue;
            }
            for (int from = 0; from <= s.length(); ) {
                int comma = s.indexOf(", ", from);
                String part = s.substring(from, comma < 0 ? s.length() : comma);
                if (parts.isEmpty() || !parts.get(parts.size() - 1).equals(part)) {
                    parts.add(part);
                }
                if (comma < 0) {
                    break;
                }
                from = comma + 2;
            }
        }
        for (MqttPacket m : r.mqtt) {
            parts.add(mqttName(m.type()));
        }
        if (!parts.isEmpty()) {
            if (parts.size() > 3) {
                return String.join(", ", parts.subList(0, 3)) + ", …";
            }
            return String.join(", ", parts);
        }
        return unlabelled(r, p);
    }

    /**
     * The labels of 1, 2, 3 and more MQTT packets of one type (what the list of parts makes of them), by type.
     */
    private static final String[][] REPEATED = new String[16][];

    static {
        for (int type = 0; type < REPEATED.length; type++) {
            String n = mqttName(type);
            REPEATED[type] = new String[] {n, n + ", " + n, n + ", " + n + ", " + n, n + ", " + n + ", " + n + ", …"};
        }
    }

    /** The label of a frame without TLS records or MQTT packets to name. */
    private static String unlabelled(PacketResult r, NetPacket p) {
        if (!p.tcp) {
            return r.other != null ? r.other.label() : r.protocol();
        }
        if (r.partOf != null) {
            return "Segment of " + r.partOf();
        }
        if (r.retransmission) {
            return "Retransmission";
        }
        return NetDecoder.flagInfo(p.tcpFlags & 0x1f);
    }

    /** What one TLS record adds to the label (possibly several parts joined by ", "; empty: nothing). */
    private static String recordLabel(PacketResult r, TlsRecord t) {
        if (t.opaque() && r.inferredAlert && t.length() <= PhaseRules.MAX_ALERT_RECORD) {
            return "Encrypted Alert";
        }
        if (t.opaque() && r.phase == Phase.TLS_HANDSHAKE && !r.inferredAlert && !t.info().isEmpty()) {
            return "Encrypted Handshake";
        }
        return t.info();
    }

    static String mqttName(int type) {
        return switch (type) {
            case 1 -> "CONNECT";
            case 2 -> "CONNACK";
            case 3 -> "PUBLISH";
            case 4 -> "PUBACK";
            case 5 -> "PUBREC";
            case 6 -> "PUBREL";
            case 7 -> "PUBCOMP";
            case 8 -> "SUBSCRIBE";
            case 9 -> "SUBACK";
            case 10 -> "UNSUBSCRIBE";
            case 11 -> "UNSUBACK";
            case 12 -> "PINGREQ";
            case 13 -> "PINGRESP";
            case 14 -> "DISCONNECT";
            case 15 -> "AUTH";
            default -> "MQTT";
        };
    }

    private static String explanation(PacketResult r) {
        NetPacket p = r.net;
        if (!p.tcp) {
            if (r.other == null) {
                return "expl.other";
            }
            if (r.other.dns() != null) {
                OtherPacket.Dns d = r.other.dns();
                r.explanationArgs = new Object[] {d.name() == null ? "" : d.name(), String.join(", ", d.addresses()),
                        d.rcodeName()};
            }
            return r.other.explanationKey();
        }
        if (!r.mqtt.isEmpty()) {
            MqttPacket m = r.mqtt.get(0);
            r.explanationArgs = new Object[] {m.topic() == null ? "" : m.topic(), m.clientId() == null ? "" : m.clientId(),
                    m.returnCode()};
            return "expl.mqtt." + mqttName(m.type()).toLowerCase(java.util.Locale.ROOT);
        }
        for (TlsRecord t : r.tlsRecords) {
            if (t.contentType() == TlsRecord.ALERT && !t.opaque()) {
                r.explanationArgs = new Object[] {t.alertDescription() >= 0 ? alertName(t) : "?"};
                return t.alertDescription() < 0 ? "expl.tls.alert.encrypted" : "expl.tls.alert";
            }
        }
        if (r.inferredAlert) {
            return "expl.tls13.alert.inferred";
        }
        if (!r.tlsRecords.isEmpty()) {
            for (TlsRecord t : r.tlsRecords) {
                if (!t.handshakeTypes().isEmpty()) {
                    return "expl.tls.hs." + t.handshakeTypes().get(0);
                }
            }
            TlsRecord t = r.tlsRecords.get(0);
            if (t.opaque()) {
                return r.phase == Phase.TLS_HANDSHAKE ? "expl.tls13.encrypted_handshake" : "expl.tls.app_data";
            }
            return switch (t.contentType()) {
                case TlsRecord.CHANGE_CIPHER_SPEC -> "expl.tls.ccs";
                case TlsRecord.HANDSHAKE -> "expl.tls.encrypted_handshake";
                case TlsRecord.APPLICATION_DATA -> "expl.tls.app_data";
                default -> "expl.tls.other";
            };
        }
        boolean syn = p.has(NetPacket.SYN);
        boolean ack = p.has(NetPacket.ACK);
        if (p.has(NetPacket.RST)) {
            return "expl.tcp.rst";
        }
        if (syn && !ack) {
            return "expl.tcp.syn";
        }
        if (syn) {
            return "expl.tcp.synack";
        }
        if (p.has(NetPacket.FIN)) {
            return "expl.tcp.fin";
        }
        if (r.partOf != null) {
            r.explanationArgs = new Object[] {r.partOf(), r.reassembledIn};
            return "expl.tcp.segment";
        }
        if (r.retransmission) {
            return "expl.tcp.retransmission";
        }
        if (p.tcpLen > 0) {
            return "expl.tcp.data";
        }
        if (r.phase == Phase.TCP_HANDSHAKE && r.relSeq == 1 && r.relAck == 1) {
            return "expl.tcp.handshake_ack";
        }
        return "expl.tcp.ack";
    }

    private static String alertName(TlsRecord t) {
        String info = t.info();
        int i = info.indexOf("Description: ");
        if (i >= 0) {
            int j = info.indexOf(')', i);
            return info.substring(i + 13, j < 0 ? info.length() : j);
        }
        return String.valueOf(t.alertDescription());
    }
}
