package org.layerscope.dissect.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.layerscope.model.TextBytes;

/**
 * What the pipeline needs to know of one MQTT control packet once it is decoded. A value class with the
 * accessors, equality and text of a record of its components; the Info text of the packets a capture is
 * mostly made of (PUBLISH and its acknowledgements) is made only when asked for, or written straight as
 * UTF-8 bytes by {@link #appendInfo} (the TSV output), so that decoding makes no string for it.
 *
 * <ul>
 *   <li>{@code type}: control packet type 1..15 (as tshark's {@code mqtt.msgtype})</li>
 *   <li>{@code flags}: the low nibble of the fixed header</li>
 *   <li>{@code length}: whole packet length (fixed header included)</li>
 *   <li>{@code info}: Wireshark-like summary ("Connect Command", "Connect Ack", "Publish Message
 *       (id=1) [sdk/test/python]", "Publish Ack (id=1)", "Disconnect Req")</li>
 *   <li>{@code clientId}: CONNECT's client identifier, else null</li>
 *   <li>{@code topic}: PUBLISH topic, else null</li>
 *   <li>{@code packetId}: packet identifier, or -1</li>
 *   <li>{@code qos}: PUBLISH QoS, or -1</li>
 *   <li>{@code returnCode}: CONNACK return code / reason code, PUBACK reason code (MQTT 5), or -1</li>
 * </ul>
 */
public final class MqttPacket {
    public static final int CONNECT = 1;
    public static final int CONNACK = 2;
    public static final int PUBLISH = 3;
    public static final int PUBACK = 4;
    public static final int PUBREC = 5;
    public static final int PUBREL = 6;
    public static final int PUBCOMP = 7;
    public static final int SUBSCRIBE = 8;
    public static final int SUBACK = 9;
    public static final int UNSUBSCRIBE = 10;
    public static final int UNSUBACK = 11;
    public static final int PINGREQ = 12;
    public static final int PINGRESP = 13;
    public static final int DISCONNECT = 14;
    public static final int AUTH = 15;

    /** How the info is made: given as text, or from the fields when asked for. */
    static final byte INFO_GIVEN = 0;
    /** "Publish Message (id=N) [topic]" (no id at QoS 0). */
    static final byte INFO_PUBLISH = 1;
    /** The type's name and " (id=N)" ("Publish Ack (id=7)"). */
    static final byte INFO_ID = 2;

    private static final byte[][] TYPE_NAMES = new byte[16][];
    private static final byte[] ID_OPEN = " (id=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TOPIC_OPEN = " [".getBytes(StandardCharsets.US_ASCII);

    static {
        for (int t = 0; t < 16; t++) {
            TYPE_NAMES[t] = MqttNames.type(t).getBytes(StandardCharsets.UTF_8);
        }
    }

    private final int type;
    private final int flags;
    private final int length;
    /** The info text; made from the fields on first use when {@link #infoForm} says so. */
    private String info;
    private final byte infoForm;
    private final String clientId;
    private final String topic;
    /** The UTF-8 bytes of {@link #topic} when the decoder had them at hand (shared, never modified), else null. */
    private final byte[] topicUtf8;
    private final int packetId;
    private final int qos;
    private final int returnCode;

    public MqttPacket(int type, int flags, int length, String info, String clientId, String topic,
                      int packetId, int qos, int returnCode) {
        this(type, flags, length, Objects.requireNonNull(info, "info"), INFO_GIVEN, clientId, topic, null, packetId,
                qos, returnCode);
    }

    MqttPacket(int type, int flags, int length, String info, byte infoForm, String clientId, String topic,
               byte[] topicUtf8, int packetId, int qos, int returnCode) {
        this.type = type;
        this.flags = flags;
        this.length = length;
        this.info = info;
        this.infoForm = infoForm;
        this.clientId = clientId;
        this.topic = topic;
        this.topicUtf8 = topicUtf8;
        this.packetId = packetId;
        this.qos = qos;
        this.returnCode = returnCode;
    }

    public int type() {
        return type;
    }

    public int flags() {
        return flags;
    }

    public int length() {
        return length;
    }

    /** The Wireshark-like summary (the Info column). */
    public String info() {
        String i = info;
        if (i == null) {
            i = infoText(infoForm, type, packetId, qos, topic);
            info = i; // a benign race: every thread makes the same text
        }
        return i;
    }

    /** The info text of a packet whose info is made from its fields. */
    static String infoText(byte form, int type, int packetId, int qos, String topic) {
        StringBuilder sb = new StringBuilder(48).append(MqttNames.type(type));
        if (form == INFO_PUBLISH) {
            if (qos > 0) {
                sb.append(" (id=").append(packetId).append(')');
            }
            sb.append(" [").append(topic).append(']');
        } else {
            sb.append(" (id=").append(packetId).append(')');
        }
        return sb.toString();
    }

    /** Appends {@link #info()} as UTF-8 (the same bytes as {@code info().getBytes(UTF_8)}), without making it. */
    public void appendInfo(TextBytes out) {
        String i = info;
        if (i != null) {
            out.append(i);
            return;
        }
        out.raw(TYPE_NAMES[type & 15]);
        if (infoForm == INFO_PUBLISH) {
            if (qos > 0) {
                out.raw(ID_OPEN).append(packetId).ascii(')');
            }
            out.raw(TOPIC_OPEN);
            if (topicUtf8 != null) {
                out.raw(topicUtf8);
            } else {
                out.append(topic);
            }
            out.ascii(']');
        } else {
            out.raw(ID_OPEN).append(packetId).ascii(')');
        }
    }

    public String clientId() {
        return clientId;
    }

    public String topic() {
        return topic;
    }

    /** The length of {@link #topic()} in UTF-8 bytes (0 without a topic). */
    public int topicUtf8Length() {
        if (topicUtf8 != null) {
            return topicUtf8.length;
        }
        return topic == null ? 0 : topic.getBytes(StandardCharsets.UTF_8).length;
    }

    public int packetId() {
        return packetId;
    }

    public int qos() {
        return qos;
    }

    public int returnCode() {
        return returnCode;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MqttPacket m && type == m.type && flags == m.flags && length == m.length
                && packetId == m.packetId && qos == m.qos && returnCode == m.returnCode && info().equals(m.info())
                && Objects.equals(clientId, m.clientId) && Objects.equals(topic, m.topic);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, flags, length, info(), clientId, topic, packetId, qos, returnCode);
    }

    @Override
    public String toString() {
        return "MqttPacket[type=" + type + ", flags=" + flags + ", length=" + length + ", info=" + info()
                + ", clientId=" + clientId + ", topic=" + topic + ", packetId=" + packetId + ", qos=" + qos
                + ", returnCode=" + returnCode + "]";
    }
}
