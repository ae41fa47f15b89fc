package org.layerscope.dissect.mqtt;

import java.util.List;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.Severity;

/**
 * MQTT 5 properties: the table of every property identifier of the specification (name, data type,
 * the packets that may carry it) and the reader that turns a property list into fields.
 *
 * <p>Tree shape: a group node ({@code mqtt.properties}, or {@code mqtt.will_properties} in a CONNECT's
 * will) holding {@code mqtt.property_len}, then one {@code mqtt.property_id} node per property (value:
 * the identifier in decimal; display: "Topic Alias (0x23): 1") whose children are the value fields
 * with tshark's names: {@code mqtt.prop_number}, {@code mqtt.property.topic_alias},
 * {@code mqtt.property.max_qos}, {@code mqtt.property.content_type},
 * {@code mqtt.prop_string_len}/{@code mqtt.prop_string} (strings and binary data),
 * {@code mqtt.prop_key_len}/{@code mqtt.prop_key}/{@code mqtt.prop_value_len}/{@code mqtt.prop_value}
 * (user properties).
 */
public final class MqttProperties {
    /** Pseudo packet type for the will properties of a CONNECT. */
    public static final int WILL = 16;

    static final int BYTE = 1;
    static final int TWO = 2;
    static final int FOUR = 4;
    static final int VBI = 5;
    static final int UTF8 = 6;
    static final int BINARY = 7;
    static final int PAIR = 8;

    /** One property of the specification. {@code allowed} has bit {@code 1 << type} set per packet. */
    record Def(int id, String name, int kind, int allowed) {
    }

    private static final Def[] DEFS = new Def[0x80];

    private static int mask(int... types) {
        int m = 0;
        for (int t : types) {
            m |= 1 << t;
        }
        return m;
    }

    private static void def(int id, String name, int kind, int allowed) {
        DEFS[id] = new Def(id, name, kind, allowed);
    }

    static {
        final int connect = MqttPacket.CONNECT;
        final int connack = MqttPacket.CONNACK;
        final int publish = MqttPacket.PUBLISH;
        final int disconnect = MqttPacket.DISCONNECT;
        final int auth = MqttPacket.AUTH;
        def(0x01, "Payload Format Indicator", BYTE, mask(publish, WILL));
        def(0x02, "Message Expiry Interval", FOUR, mask(publish, WILL));
        def(0x03, "Content Type", UTF8, mask(publish, WILL));
        def(0x08, "Response Topic", UTF8, mask(publish, WILL));
        def(0x09, "Correlation Data", BINARY, mask(publish, WILL));
        def(0x0B, "Subscription Identifier", VBI, mask(publish, MqttPacket.SUBSCRIBE));
        def(0x11, "Session Expiry Interval", FOUR, mask(connect, connack, disconnect));
        def(0x12, "Assigned Client Identifier", UTF8, mask(connack));
        def(0x13, "Server Keep Alive", TWO, mask(connack));
        def(0x15, "Authentication Method", UTF8, mask(connect, connack, auth));
        def(0x16, "Authentication Data", BINARY, mask(connect, connack, auth));
        def(0x17, "Request Problem Information", BYTE, mask(connect));
        def(0x18, "Will Delay Interval", FOUR, mask(WILL));
        def(0x19, "Request Response Information", BYTE, mask(connect));
        def(0x1A, "Response Information", UTF8, mask(connack));
        def(0x1C, "Server Reference", UTF8, mask(connack, disconnect));
        def(0x1F, "Reason String", UTF8, mask(connack, MqttPacket.PUBACK, MqttPacket.PUBREC, MqttPacket.PUBREL,
                MqttPacket.PUBCOMP, MqttPacket.SUBACK, MqttPacket.UNSUBACK, disconnect, auth));
        def(0x21, "Receive Maximum", TWO, mask(connect, connack));
        def(0x22, "Topic Alias Maximum", TWO, mask(connect, connack));
        def(0x23, "Topic Alias", TWO, mask(publish));
        def(0x24, "Maximum QoS", BYTE, mask(connack));
        def(0x25, "Retain Available", BYTE, mask(connack));
        def(0x26, "User Property", PAIR, mask(connect, connack, publish, WILL, MqttPacket.PUBACK, MqttPacket.PUBREC,
                MqttPacket.PUBREL, MqttPacket.PUBCOMP, MqttPacket.SUBSCRIBE, MqttPacket.SUBACK,
                MqttPacket.UNSUBSCRIBE, MqttPacket.UNSUBACK, disconnect, auth));
        def(0x27, "Maximum Packet Size", FOUR, mask(connect, connack));
        def(0x28, "Wildcard Subscription Available", BYTE, mask(connack));
        def(0x29, "Subscription Identifier Available", BYTE, mask(connack));
        def(0x2A, "Shared Subscription Available", BYTE, mask(connack));
    }

    private MqttProperties() {
    }

    /** The specification's name of a property identifier, or null when the identifier is not defined. */
    public static String name(int id) {
        Def d = id >= 0 && id < DEFS.length ? DEFS[id] : null;
        return d == null ? null : d.name;
    }

    /** Every property identifier the specification defines, in increasing order. */
    public static int[] ids() {
        int n = 0;
        for (Def d : DEFS) {
            if (d != null) {
                n++;
            }
        }
        int[] out = new int[n];
        int i = 0;
        for (Def d : DEFS) {
            if (d != null) {
                out[i++] = d.id;
            }
        }
        return out;
    }

    /** Data type of a property (BYTE, TWO, FOUR, VBI, UTF8, BINARY, PAIR), or 0 when undefined. */
    static int kind(int id) {
        Def d = id >= 0 && id < DEFS.length ? DEFS[id] : null;
        return d == null ? 0 : d.kind;
    }

    /** Whether property {@code id} may appear in a packet of {@code type} (or {@link #WILL}). */
    public static boolean allowed(int id, int type) {
        Def d = id >= 0 && id < DEFS.length ? DEFS[id] : null;
        return d != null && (d.allowed & (1 << type)) != 0;
    }

    /** What the decoder needs from a property list besides the tree. */
    static final class Values {
        int topicAlias = -1;
        int payloadFormat = -1;
        String contentType;
        String assignedClientId;
    }

    /**
     * Reads a property length and the properties it covers at the reader's position. Throws
     * {@link MqttReader.Malformed} when the length runs past the packet; a bad property inside the
     * list becomes an expert item and the rest of the list is skipped.
     */
    static Values read(MqttReader r, int type, Field parent, List<ExpertItem> expert) {
        Values v = new Values();
        boolean en = parent.enabled();
        int start = r.pos;
        int len = r.vbi("property length");
        int lenBytes = r.pos - start;
        if (len > r.remaining()) {
            throw new MqttReader.Malformed("property length " + len + " runs past the packet ("
                    + r.remaining() + " bytes left)", start, lenBytes);
        }
        String group = type == WILL ? "mqtt.will_properties" : "mqtt.properties";
        Field props = parent.add(group, start, lenBytes + len, null, en ? (type == WILL ? "Will Properties"
                : "Properties") : null);
        props.add("mqtt.property_len", start, lenBytes, len, en ? "Total Length: " + len : null);
        int propsEnd = r.pos + len;
        int outerEnd = r.end;
        r.end = propsEnd;
        long seen = 0; // bit per identifier below 64
        try {
            while (r.hasMore()) {
                int idAt = r.pos;
                int id = r.vbi("property identifier");
                Def d = id < DEFS.length ? DEFS[id] : null;
                if (d == null) {
                    props.add("mqtt.prop_unknown", idAt, propsEnd - idAt, "0x" + Integer.toHexString(id),
                            en ? "Unknown Property: 0x" + Integer.toHexString(id) : null);
                    expert.add(new ExpertItem(Severity.ERROR, "mqtt.malformed", "Unknown property identifier 0x"
                            + Integer.toHexString(id) + ": the rest of the property list is skipped", idAt,
                            propsEnd - idAt));
                    r.pos = propsEnd;
                    break;
                }
                if (id < 64) {
                    if ((seen & (1L << id)) != 0 && id != 0x26 && !(id == 0x0B && type == MqttPacket.PUBLISH)) {
                        expert.add(new ExpertItem(Severity.WARN, "mqtt.malformed", d.name
                                + " appears more than once (protocol error)", idAt, 1));
                    }
                    seen |= 1L << id;
                }
                if ((d.allowed & (1 << type)) == 0) {
                    expert.add(new ExpertItem(Severity.WARN, "mqtt.malformed", d.name + " is not allowed in "
                            + (type == WILL ? "will properties" : MqttNames.type(type)), idAt, 1));
                }
                readOne(r, d, idAt, props, en, v, expert);
            }
        } finally {
            r.end = outerEnd;
        }
        r.pos = propsEnd;
        return v;
    }

    private static void readOne(MqttReader r, Def d, int idAt, Field props, boolean en, Values v,
                                List<ExpertItem> expert) {
        String label = en ? d.name + " (0x" + hex2(d.id) + ")" : null;
        switch (d.kind) {
            case BYTE, TWO, FOUR, VBI -> {
                int at = r.pos;
                long n = switch (d.kind) {
                    case BYTE -> r.u8(d.name);
                    case TWO -> r.u16(d.name);
                    case FOUR -> r.u32(d.name);
                    default -> r.vbi(d.name);
                };
                Field p = props.add("mqtt.property_id", idAt, r.pos - idAt, d.id, en ? label + ": " + n : null);
                String valueName = d.id == 0x23 ? "mqtt.property.topic_alias"
                        : d.id == 0x24 ? "mqtt.property.max_qos" : "mqtt.prop_number";
                String valueLabel = d.id == 0x23 ? "Topic Alias" : d.id == 0x24 ? "QoS" : "Value";
                p.add(valueName, at, r.pos - at, n, en ? valueLabel + ": " + n : null);
                if (d.id == 0x23) {
                    v.topicAlias = (int) n;
                    if (n == 0) {
                        expert.add(new ExpertItem(Severity.WARN, "mqtt.malformed", "Topic Alias 0 is not allowed",
                                idAt, r.pos - idAt));
                    }
                } else if (d.id == 0x01) {
                    v.payloadFormat = (int) n;
                } else if (d.id == 0x0B && n == 0) {
                    expert.add(new ExpertItem(Severity.WARN, "mqtt.malformed", "Subscription Identifier 0 is not allowed",
                            idAt, r.pos - idAt));
                }
                if (d.kind == BYTE && n > 1 && d.id != 0x24) {
                    expert.add(new ExpertItem(Severity.WARN, "mqtt.malformed", d.name + " must be 0 or 1, not " + n,
                            idAt, r.pos - idAt));
                }
                if (d.id == 0x24 && n > 1) {
                    expert.add(new ExpertItem(Severity.WARN, "mqtt.malformed", "Maximum QoS must be 0 or 1, not " + n,
                            idAt, r.pos - idAt));
                }
            }
            case UTF8, BINARY -> {
                int lenAt = r.pos;
                int len = r.u16(d.name + " length");
                r.need(len, d.name);
                int at = r.pos;
                r.pos += len;
                String text = MqttReader.utf8OrNull(r.b, at, len);
                if (d.kind == UTF8 && text == null) {
                    expert.add(new ExpertItem(Severity.WARN, "mqtt.malformed", d.name + " is not valid UTF-8", at, len));
                    text = MqttReader.utf8Lenient(r.b, at, len);
                }
                String value = text != null && (d.kind == UTF8 || MqttReader.printable(text)) ? text
                        : MqttReader.hex(r.b, at, len, Integer.MAX_VALUE);
                if (d.id == 0x03) {
                    v.contentType = value;
                } else if (d.id == 0x12) {
                    v.assignedClientId = value;
                }
                Field p = props.add("mqtt.property_id", idAt, r.pos - idAt, d.id, en ? label + ": " + value : null);
                if (d.id == 0x03) {
                    p.add("mqtt.property.content_type", lenAt, 2 + len, value, en ? "Content Type: " + value : null);
                } else {
                    p.add("mqtt.prop_string_len", lenAt, 2, len, en ? "Length: " + len : null);
                    p.add("mqtt.prop_string", at, len, value, en ? "Value: " + value : null);
                }
            }
            case PAIR -> {
                int keyLenAt = r.pos;
                int keyLen = r.u16("User Property key length");
                r.need(keyLen, "User Property key");
                int keyAt = r.pos;
                r.pos += keyLen;
                int valLenAt = r.pos;
                int valLen = r.u16("User Property value length");
                r.need(valLen, "User Property value");
                int valAt = r.pos;
                r.pos += valLen;
                String key = utf8Checked(r.b, keyAt, keyLen, "User Property key", expert);
                String val = utf8Checked(r.b, valAt, valLen, "User Property value", expert);
                Field p = props.add("mqtt.property_id", idAt, r.pos - idAt, d.id,
                        en ? label + ": " + key + " = " + val : null);
                p.add("mqtt.prop_key_len", keyLenAt, 2, keyLen, en ? "Key Length: " + keyLen : null);
                p.add("mqtt.prop_key", keyAt, keyLen, key, en ? "Key: " + key : null);
                p.add("mqtt.prop_value_len", valLenAt, 2, valLen, en ? "Value Length: " + valLen : null);
                p.add("mqtt.prop_value", valAt, valLen, val, en ? "Value: " + val : null);
            }
            default -> throw new IllegalStateException("property kind " + d.kind);
        }
    }

    static String utf8Checked(byte[] b, int off, int len, String what, List<ExpertItem> expert) {
        String s = MqttReader.utf8OrNull(b, off, len);
        if (s == null) {
            expert.add(new ExpertItem(Severity.WARN, "mqtt.malformed", what + " is not valid UTF-8", off, len));
            return MqttReader.utf8Lenient(b, off, len);
        }
        if (s.indexOf('\u0000') >= 0) {
            expert.add(new ExpertItem(Severity.WARN, "mqtt.malformed", what + " contains U+0000", off, len));
        }
        return s;
    }

    static String hex2(int v) {
        String h = Integer.toHexString(v);
        return h.length() < 2 ? "0" + h : h;
    }
}
