package org.layerscope.dissect.mqtt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.Severity;

/**
 * Decodes the MQTT packets of one connection (remembers the protocol level from CONNECT, so MQTT 5
 * properties are read where they exist).
 *
 * <p>One instance per TCP connection; call {@link #decode} once per whole packet (as measured by
 * {@link MqttFramer#probe}) in stream order per direction. The decoder keeps only a little state: the
 * protocol level announced by the client's CONNECT (used for both directions afterwards) and the MQTT 5
 * topic aliases of each direction.
 *
 * <p>Field names follow Wireshark's MQTT dissector ({@code mqtt.hdrflags}, {@code mqtt.msgtype},
 * {@code mqtt.qos}, {@code mqtt.topic}, {@code mqtt.msgid}, {@code mqtt.conack.val}, ...; MQTT 5 reason
 * codes in {@code mqtt.<packet>.reason_code}, as tshark 4.0 names them). Numbers are decimal in
 * {@link Field#value()}, booleans are "1"/"0", byte strings are lower-case hex. The password is never
 * shown: its value and display are masked.
 *
 * <p>{@link MqttPacket#returnCode()} holds the CONNACK return code (3.1.1) or reason code (5), the
 * MQTT 5 reason code of PUBACK/PUBREC/PUBREL/PUBCOMP, DISCONNECT and AUTH (0 when the packet omits it,
 * as the specification implies), and the first return/reason code of SUBACK and (MQTT 5) UNSUBACK;
 * -1 otherwise. {@link MqttPacket#clientId()} is CONNECT's client identifier, or the Assigned Client
 * Identifier of an MQTT 5 CONNACK. {@link MqttPacket#topic()} of a PUBLISH that uses a topic alias is
 * the topic the alias stands for. {@link MqttPacket#info()} follows tshark's Info column and ends in
 * "[Malformed Packet]" when the packet is malformed.
 *
 * <p>Malformed input never throws: it becomes an {@link ExpertItem} with key {@code mqtt.malformed}
 * (or Wireshark's {@code mqtt.unknown_version}, {@code mqtt.unknown_topic_alias},
 * {@code mqtt.illegal_topic_length}) and whatever was decoded before the problem is kept.
 */
public final class MqttDecoder {
    /** Payload bytes kept in the value of {@code mqtt.msg} (hex) and {@code mqtt.msg_text}; longer ones end in "…". */
    public static final int MAX_PAYLOAD_VALUE = 64 * 1024;
    private static final int PAYLOAD_DISPLAY = 48;
    private static final int TEXT_DISPLAY = 200;

    private int level;
    private int keepAlive = -1;
    private boolean unknownVersionReported;
    /** MQTT 5 topic aliases, one table per direction (indexed by {@link Direction#index()}). */
    private final List<Map<Integer, String>> aliases = List.of(new HashMap<>(), new HashMap<>());
    /** The last topic of each direction (see {@link #topic}) and the decoding of the common packets without a tree. */
    private final MqttQuickPath quick = new MqttQuickPath();

    /** A decoder for a connection whose CONNECT is still to come (the usual case). */
    public MqttDecoder() {
    }

    /**
     * A decoder for a connection whose protocol level is known some other way (a capture that starts
     * after the CONNECT): 3, 4 or 5.
     */
    public MqttDecoder(int protocolLevel) {
        this.level = protocolLevel;
    }

    /** The keep-alive of the last CONNECT in seconds (0 = off), or -1 while no CONNECT was seen. */
    public int keepAlive() {
        return keepAlive;
    }

    /** The protocol level in force (3 = MQTT 3.1, 4 = 3.1.1, 5 = 5.0), or 0 while no CONNECT was seen. */
    public int protocolLevel() {
        return level;
    }

    /**
     * Decodes one whole packet ({@code len} bytes from {@code off}, as measured by
     * {@link MqttFramer#probe}). Adds an {@code mqtt} subtree to {@code parent} with offsets that are
     * indices into {@code buf}, and expert items for malformed content. Never throws.
     */
    public MqttPacket decode(Direction dir, byte[] buf, int off, int len, Field parent, List<ExpertItem> expert) {
        Field tree = parent == null ? Field.NONE : parent;
        List<ExpertItem> ex = expert == null ? new ArrayList<>() : expert;
        if (buf == null || off < 0 || len < 1 || off >= buf.length) {
            ex.add(new ExpertItem(Severity.ERROR, "mqtt.malformed", "Empty MQTT packet", off, 0));
            return new MqttPacket(0, 0, Math.max(0, len), "[Malformed Packet]", null, null, -1, -1, -1);
        }
        if (!tree.enabled()) {
            MqttPacket p = quick.decode(level, dir, buf, off, len);
            if (p != null) {
                return p; // no expert item to add for it
            }
        }
        int n = Math.min(len, buf.length - off);
        State s = new State(dir == null ? Direction.CLIENT_TO_SERVER : dir, buf, off, n, tree, ex);
        try {
            decodePacket(s);
        } catch (MqttReader.Malformed e) {
            s.malformed(e.getMessage(), e.offset, e.length);
        } catch (RuntimeException e) { // a bug of ours: still never escape the dissector boundary
            s.malformed("Dissector error: " + e, off, n);
        }
        return s.packet();
    }

    /** What one decode call builds up; turned into an {@link MqttPacket} at the end, even when malformed. */
    private static final class State {
        final Direction dir;
        final byte[] buf;
        final int off;
        final int len;
        final Field parent;
        final boolean en;
        final List<ExpertItem> expert;
        Field m = Field.NONE;
        int type;
        int flags;
        int declaredLength = -1;
        /** The type's name: the info text so far when {@link #infoText} is still null. */
        String typeName = "";
        /** The info text beyond the type's name (made when a packet type needs more than its fields). */
        private StringBuilder infoText;
        /** {@link MqttPacket#INFO_GIVEN}, or how the info is made from the fields (PUBLISH and its acknowledgements). */
        byte infoForm = MqttPacket.INFO_GIVEN;
        String clientId;
        String topic;
        /** The UTF-8 bytes of {@link #topic} when they are at hand (the decoder's cache of the last topic). */
        byte[] topicUtf8;
        int packetId = -1;
        int qos = -1;
        int returnCode = -1;
        boolean malformed;

        State(Direction dir, byte[] buf, int off, int len, Field parent, List<ExpertItem> expert) {
            this.dir = dir;
            this.buf = buf;
            this.off = off;
            this.len = len;
            this.parent = parent;
            this.en = parent.enabled();
            this.expert = expert;
        }

        void warn(String text, int at, int length) {
            expert.add(new ExpertItem(Severity.WARN, "mqtt.malformed", text, at, length));
        }

        void malformed(String text, int at, int length) {
            expert.add(new ExpertItem(Severity.ERROR, "mqtt.malformed",
                    "Malformed " + MqttNames.type(type) + ": " + text, at, length));
            if (en) {
                m.add("_ws.malformed", at, length, null, "[Malformed Packet: MQTT]");
            }
            malformed = true;
        }

        /** The info text, to append to (made with the type's name on first use). */
        StringBuilder info() {
            if (infoText == null) {
                infoText = new StringBuilder(typeName);
            }
            return infoText;
        }

        MqttPacket packet() {
            int length = declaredLength > 0 && declaredLength <= len ? declaredLength : len;
            if (!malformed && infoForm != MqttPacket.INFO_GIVEN) {
                // the common packets: no info text made here (on demand, or written as bytes)
                return new MqttPacket(type, flags, length, null, infoForm, clientId, topic, topicUtf8, packetId, qos,
                        returnCode);
            }
            String info = infoForm != MqttPacket.INFO_GIVEN ? MqttPacket.infoText(infoForm, type, packetId, qos, infoTopic)
                    : infoText == null ? typeName : infoText.toString();
            String text = malformed ? (info.isEmpty() ? "" : info + " ") + "[Malformed Packet]" : info;
            return new MqttPacket(type, flags, length, text, clientId, topic, packetId, qos, returnCode);
        }

        /** The topic of a PUBLISH's info (as the info had it when the decoding stopped). */
        String infoTopic;
    }

    private void decodePacket(State s) {
        byte[] b = s.buf;
        int b0 = b[s.off] & 0xff;
        s.type = b0 >> 4;
        s.flags = b0 & 0x0f;
        int type = s.type;
        boolean en = s.en;
        String typeName = MqttNames.type(type);
        s.typeName = typeName;
        Field m = s.parent.add("mqtt", s.off, s.len, null, en ? "MQ Telemetry Transport Protocol, " + typeName : null);
        s.m = m;
        headerFlags(s, b0, typeName);

        MqttReader r = new MqttReader(b, s.off + 1, s.off + s.len);
        int rlAt = r.pos;
        int rem = r.vbi("remaining length");
        m.add("mqtt.len", rlAt, r.pos - rlAt, rem, en ? "Msg Len: " + rem : null);
        long declaredEnd = (long) r.pos + rem;
        s.declaredLength = (int) Math.min(Integer.MAX_VALUE, declaredEnd - s.off);
        if (declaredEnd > r.end) {
            s.malformed("remaining length " + rem + " runs past the " + (r.end - r.pos) + " bytes given", rlAt,
                    r.pos - rlAt);
            // decode what is there; reading past the end reports a second, more precise item
        } else if (declaredEnd < r.end) {
            s.warn((r.end - declaredEnd) + " bytes after the end of the packet", (int) declaredEnd,
                    (int) (r.end - declaredEnd));
            r.end = (int) declaredEnd;
        }

        if (type == 0) {
            s.malformed("packet type 0 is reserved", s.off, 1);
            return;
        }
        if (type != MqttPacket.PUBLISH) {
            int expected = type == MqttPacket.PUBREL || type == MqttPacket.SUBSCRIBE || type == MqttPacket.UNSUBSCRIBE
                    ? 2 : 0;
            if (s.flags != expected) {
                s.warn("Reserved header flags of " + typeName + " must be " + expected + ", not " + s.flags, s.off, 1);
            }
        }
        if (type != MqttPacket.CONNECT && level == 0) {
            noConnectSeen(s, rem);
        }
        boolean v5 = level == 5;
        switch (type) {
            case MqttPacket.CONNECT -> connect(s, r);
            case MqttPacket.CONNACK -> connack(s, r, v5);
            case MqttPacket.PUBLISH -> publish(s, r, v5);
            case MqttPacket.PUBACK, MqttPacket.PUBREC, MqttPacket.PUBREL, MqttPacket.PUBCOMP -> pubResponse(s, r, v5);
            case MqttPacket.SUBSCRIBE -> subscribe(s, r, v5);
            case MqttPacket.SUBACK -> suback(s, r, v5);
            case MqttPacket.UNSUBSCRIBE -> unsubscribe(s, r, v5);
            case MqttPacket.UNSUBACK -> unsuback(s, r, v5);
            case MqttPacket.PINGREQ, MqttPacket.PINGRESP -> { }
            case MqttPacket.DISCONNECT -> disconnect(s, r, v5);
            case MqttPacket.AUTH -> auth(s, r);
            default -> { }
        }
        if (r.hasMore()) {
            s.warn(r.remaining() + " unexpected bytes at the end of " + typeName, r.pos, r.remaining());
        }
    }

    /** No CONNECT before this packet: infer MQTT 5 from a CONNACK that has properties, else say so once. */
    private void noConnectSeen(State s, int remaining) {
        if (s.type == MqttPacket.CONNACK && remaining > 2) {
            level = 5;
            s.expert.add(new ExpertItem(Severity.NOTE, "mqtt.unknown_version",
                    "No CONNECT seen: MQTT 5 inferred from a CONNACK with properties", s.off, 1));
            unknownVersionReported = true;
        } else if (!unknownVersionReported) {
            unknownVersionReported = true;
            s.expert.add(new ExpertItem(Severity.NOTE, "mqtt.unknown_version",
                    "Unknown version (missing the CONNECT packet?): decoded as MQTT 3.1.1", s.off, 1));
        }
    }

    // ------------------------------------------------------------------ fixed header

    private static void headerFlags(State s, int b0, String typeName) {
        Field m = s.m;
        int at = s.off;
        if (s.type == MqttPacket.PUBLISH) {
            int qos = (b0 >> 1) & 3;
            boolean dup = (b0 & 8) != 0;
            boolean retain = (b0 & 1) != 0;
            Field h = m.add("mqtt.hdrflags", at, 1, b0, s.en ? "Header Flags: 0x" + MqttProperties.hex2(b0)
                    + ", Message Type: " + typeName + (dup ? ", DUP Flag" : "") + ", QoS Level: "
                    + MqttNames.qos(qos) + (retain ? ", Retain" : "") : null);
            h.add("mqtt.msgtype", at, 1, s.type, s.en ? bits(b0, 0xf0) + " = Message Type: " + typeName + " ("
                    + s.type + ")" : null);
            h.add("mqtt.dupflag", at, 1, dup ? 1 : 0, s.en ? bits(b0, 0x08) + " = DUP Flag: " + set(dup) : null);
            h.add("mqtt.qos", at, 1, qos, s.en ? bits(b0, 0x06) + " = QoS Level: " + MqttNames.qos(qos) + " ("
                    + qos + ")" : null);
            h.add("mqtt.retain", at, 1, retain ? 1 : 0, s.en ? bits(b0, 0x01) + " = Retain: " + set(retain) : null);
        } else {
            Field h = m.add("mqtt.hdrflags", at, 1, b0, s.en ? "Header Flags: 0x" + MqttProperties.hex2(b0)
                    + ", Message Type: " + typeName : null);
            h.add("mqtt.msgtype", at, 1, s.type, s.en ? bits(b0, 0xf0) + " = Message Type: " + typeName + " ("
                    + s.type + ")" : null);
            h.add("mqtt.hdr_reserved", at, 1, b0 & 0x0f, s.en ? bits(b0, 0x0f) + " = Reserved: " + (b0 & 0x0f) : null);
        }
    }

    // ------------------------------------------------------------------ CONNECT / CONNACK

    private void connect(State s, MqttReader r) {
        Field m = s.m;
        boolean en = s.en;
        int plAt = r.pos;
        int pl = r.u16("protocol name length");
        m.add("mqtt.proto_len", plAt, 2, pl, en ? "Protocol Name Length: " + pl : null);
        r.need(pl, "protocol name");
        String pn = MqttProperties.utf8Checked(r.b, r.pos, pl, "Protocol name", s.expert);
        m.add("mqtt.protoname", r.pos, pl, pn, en ? "Protocol Name: " + pn : null);
        int pnAt = r.pos;
        r.pos += pl;
        int verAt = r.pos;
        int ver = r.u8("protocol level");
        int lvl = ver & 0x7f;
        m.add("mqtt.ver", verAt, 1, ver, en ? "Version: " + MqttNames.version(ver) + " (" + ver + ")" : null);
        if (!pn.equals("MQTT") && !pn.equals("MQIsdp")) {
            s.warn("Unknown protocol name \"" + pn + "\"", pnAt, pl);
        }
        if (lvl < 3 || lvl > 5) {
            s.warn("Unknown protocol level " + ver + ": decoded as MQTT 3.1.1", verAt, 1);
            lvl = 4;
        }
        // a CONNECT starts a new session on this connection: the level holds for both directions from now on
        level = lvl;
        unknownVersionReported = false;
        aliases.forEach(Map::clear);
        boolean v5 = lvl == 5;

        int cfAt = r.pos;
        int cf = r.u8("connect flags");
        boolean uname = (cf & 0x80) != 0;
        boolean passwd = (cf & 0x40) != 0;
        boolean willRetain = (cf & 0x20) != 0;
        int willQos = (cf >> 3) & 3;
        boolean will = (cf & 0x04) != 0;
        boolean clean = (cf & 0x02) != 0;
        boolean reserved = (cf & 0x01) != 0;
        String cfText = null;
        if (en) {
            StringBuilder sb = new StringBuilder("Connect Flags: 0x").append(MqttProperties.hex2(cf));
            if (uname) {
                sb.append(", User Name Flag");
            }
            if (passwd) {
                sb.append(", Password Flag");
            }
            if (willRetain) {
                sb.append(", Will Retain");
            }
            sb.append(", QoS Level: ").append(MqttNames.qos(willQos));
            if (will) {
                sb.append(", Will Flag");
            }
            if (clean) {
                sb.append(v5 ? ", Clean Start Flag" : ", Clean Session Flag");
            }
            if (reserved) {
                sb.append(", (Reserved)");
            }
            cfText = sb.toString();
        }
        Field f = m.add("mqtt.conflags", cfAt, 1, cf, cfText);
        f.add("mqtt.conflag.uname", cfAt, 1, uname ? 1 : 0, en ? bits(cf, 0x80) + " = User Name Flag: " + set(uname) : null);
        f.add("mqtt.conflag.passwd", cfAt, 1, passwd ? 1 : 0, en ? bits(cf, 0x40) + " = Password Flag: " + set(passwd) : null);
        f.add("mqtt.conflag.retain", cfAt, 1, willRetain ? 1 : 0, en ? bits(cf, 0x20) + " = Will Retain: "
                + set(willRetain) : null);
        f.add("mqtt.conflag.qos", cfAt, 1, willQos, en ? bits(cf, 0x18) + " = QoS Level: " + MqttNames.qos(willQos)
                + " (" + willQos + ")" : null);
        f.add("mqtt.conflag.willflag", cfAt, 1, will ? 1 : 0, en ? bits(cf, 0x04) + " = Will Flag: " + set(will) : null);
        f.add("mqtt.conflag.cleansess", cfAt, 1, clean ? 1 : 0, en ? bits(cf, 0x02) + " = "
                + (v5 ? "Clean Start Flag" : "Clean Session Flag") + ": " + set(clean) : null);
        f.add("mqtt.conflag.reserved", cfAt, 1, reserved ? 1 : 0, en ? bits(cf, 0x01) + " = (Reserved): "
                + set(reserved) : null);
        if (reserved) {
            s.warn("Reserved connect flag must be 0", cfAt, 1);
        }
        if (!will && (willQos != 0 || willRetain)) {
            s.warn("Will QoS and Will Retain must be 0 when the Will Flag is 0", cfAt, 1);
        }
        if (willQos == 3) {
            s.warn("Will QoS 3 is reserved", cfAt, 1);
        }
        if (!v5 && passwd && !uname) {
            s.warn("Password Flag set without User Name Flag (not allowed before MQTT 5)", cfAt, 1);
        }

        int kaAt = r.pos;
        int ka = r.u16("keep alive");
        m.add("mqtt.kalive", kaAt, 2, ka, en ? "Keep Alive: " + ka : null);
        keepAlive = ka;
        if (v5) {
            MqttProperties.read(r, MqttPacket.CONNECT, m, s.expert);
        }
        s.clientId = string(s, r, "mqtt.clientid_len", "Client ID Length", "mqtt.clientid", "Client ID", "client ID");
        if (will) {
            if (v5) {
                MqttProperties.read(r, MqttProperties.WILL, m, s.expert);
            }
            string(s, r, "mqtt.willtopic_len", "Will Topic Length", "mqtt.willtopic", "Will Topic", "will topic");
            int wlAt = r.pos;
            int wl = r.u16("will message length");
            m.add("mqtt.willmsg_len", wlAt, 2, wl, en ? "Will Message Length: " + wl : null);
            r.need(wl, "will message");
            bytesField(s, m, r.pos, wl, "mqtt.willmsg", "mqtt.willmsg_text", "Will Message");
            r.pos += wl;
        }
        if (uname) {
            string(s, r, "mqtt.username_len", "User Name Length", "mqtt.username", "User Name", "user name");
        }
        if (passwd) {
            int pwAt = r.pos;
            int pw = r.u16("password length");
            m.add("mqtt.passwd_len", pwAt, 2, pw, en ? "Password Length: " + pw : null);
            r.need(pw, "password");
            String mask = "*".repeat(Math.min(pw, 16));
            m.add("mqtt.passwd", r.pos, pw, mask, en ? "Password: " + mask + " (" + pw + " bytes, masked)" : null);
            r.pos += pw;
        }
    }

    private void connack(State s, MqttReader r, boolean v5) {
        Field m = s.m;
        boolean en = s.en;
        int flAt = r.pos;
        int fl = r.u8("acknowledge flags");
        boolean sp = (fl & 1) != 0;
        Field f = m.add("mqtt.conack.flags", flAt, 1, fl, en ? "Acknowledge Flags: 0x" + MqttProperties.hex2(fl)
                + (sp ? ", Session Present" : "") : null);
        f.add("mqtt.conack.flags.reserved", flAt, 1, (fl & 0xfe) != 0 ? 1 : 0, en ? bits(fl, 0xfe) + " = Reserved: "
                + set((fl & 0xfe) != 0) : null);
        f.add("mqtt.conack.flags.sp", flAt, 1, sp ? 1 : 0, en ? bits(fl, 0x01) + " = Session Present: " + set(sp) : null);
        if ((fl & 0xfe) != 0) {
            s.warn("Reserved acknowledge flags must be 0", flAt, 1);
        }
        int rcAt = r.pos;
        int rc = r.u8(v5 ? "reason code" : "return code");
        s.returnCode = rc;
        if (v5) {
            reasonField(s, "mqtt.connack.reason_code", rcAt, rc);
            if (rc != 0 && sp) {
                s.warn("Session Present must be 0 when the reason code is not 0", flAt, 1);
            }
            if (r.hasMore()) {
                MqttProperties.Values v = MqttProperties.read(r, MqttPacket.CONNACK, m, s.expert);
                s.clientId = v.assignedClientId;
            }
        } else {
            String name = MqttNames.connackReturnCode(rc);
            m.add("mqtt.conack.val", rcAt, 1, rc, en ? "Return Code: " + name + " (" + rc + ")" : null);
            if (rc > 5) {
                s.warn("Unknown CONNACK return code " + rc, rcAt, 1);
            }
        }
    }

    // ------------------------------------------------------------------ PUBLISH and its acknowledgements

    private void publish(State s, MqttReader r, boolean v5) {
        Field m = s.m;
        boolean en = s.en;
        int qos = (s.flags >> 1) & 3;
        s.qos = qos;
        if (qos == 3) {
            s.warn("QoS 3 is reserved", s.off, 1);
        }
        if (qos == 0 && (s.flags & 8) != 0) {
            s.warn("DUP flag set on a QoS 0 message", s.off, 1);
        }
        int tlAt = r.pos;
        int tl = r.u16("topic length");
        m.add("mqtt.topic_len", tlAt, 2, tl, en ? "Topic Length: " + tl : null);
        r.need(tl, "topic");
        int topicAt = r.pos;
        String topic = topic(s, r.b, r.pos, tl);
        if (tl > 0) {
            m.add("mqtt.topic", topicAt, tl, topic, en ? "Topic: " + topic : null);
            if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
                s.warn("Topic Name of a PUBLISH must not contain wildcards", topicAt, tl);
            }
        }
        r.pos += tl;
        s.topic = topic;
        if (qos > 0) {
            msgid(s, r);
        }
        publishInfo(s, topic);
        MqttProperties.Values props = null;
        if (v5) {
            props = MqttProperties.read(r, MqttPacket.PUBLISH, m, s.expert);
            Map<Integer, String> map = aliases.get(s.dir.index());
            if (tl > 0 && props.topicAlias > 0) {
                map.put(props.topicAlias, topic);
            } else if (tl == 0) {
                String known = props.topicAlias > 0 ? map.get(props.topicAlias) : null;
                if (known != null) {
                    topic = known;
                    s.topicUtf8 = null; // not the bytes read
                    publishInfo(s, topic);
                    m.add("mqtt.topic", -1, 0, topic, en ? "[Topic: " + topic + "]" : null);
                } else if (props.topicAlias > 0) {
                    s.expert.add(new ExpertItem(Severity.WARN, "mqtt.unknown_topic_alias", "Unknown topic alias "
                            + props.topicAlias + " (not set earlier on this connection)", tlAt, 2));
                } else {
                    s.expert.add(new ExpertItem(Severity.WARN, "mqtt.illegal_topic_length",
                            "Topic length 0 without a Topic Alias", tlAt, 2));
                }
            }
        } else if (tl == 0) {
            s.expert.add(new ExpertItem(Severity.WARN, "mqtt.illegal_topic_length", "Length cannot be 0", tlAt, 2));
        }
        s.topic = topic;
        int payloadAt = r.pos;
        int payloadLen = r.remaining();
        bytesField(s, m, payloadAt, payloadLen, "mqtt.msg", "mqtt.msg_text", "Message");
        if (props != null && props.payloadFormat == 1 && payloadLen > 0
                && MqttReader.utf8OrNull(r.b, payloadAt, payloadLen) == null) {
            s.warn("Payload Format Indicator says UTF-8 but the payload is not valid UTF-8", payloadAt, payloadLen);
        }
        r.pos = r.end;
    }

    /**
     * A PUBLISH's topic ({@link MqttProperties#utf8Checked}); a connection publishes on the same topic again and
     * again, so the last valid topic of each direction is kept with its bytes and the same string is used again
     * (no decoding, no new string). Sets {@link State#topicUtf8}.
     */
    private String topic(State s, byte[] b, int at, int tl) {
        int d = s.dir.index();
        String topic = quick.cachedTopic(d, b, at, tl);
        if (topic != null) {
            s.topicUtf8 = quick.cachedBytes(d);
            return topic;
        }
        int expertBefore = s.expert.size();
        topic = MqttProperties.utf8Checked(b, at, tl, "Topic", s.expert);
        // valid UTF-8 without U+0000 (no warning): its bytes are its UTF-8 encoding
        s.topicUtf8 = s.expert.size() == expertBefore ? quick.keep(d, b, at, tl, topic) : null;
        return topic;
    }

    /** "Publish Message (id=1) [topic]" (no id at QoS 0), as tshark writes it. */
    private static void publishInfo(State s, String topic) {
        s.infoForm = MqttPacket.INFO_PUBLISH; // made from the packet's fields (packetId only shown at QoS > 0)
        s.infoTopic = topic;
    }

    private void pubResponse(State s, MqttReader r, boolean v5) {
        msgid(s, r);
        if (v5) {
            s.returnCode = 0; // omitted reason code means Success
            if (r.hasMore()) {
                int rcAt = r.pos;
                int rc = r.u8("reason code");
                s.returnCode = rc;
                String name = switch (s.type) {
                    case MqttPacket.PUBACK -> "mqtt.puback.reason_code";
                    case MqttPacket.PUBREC -> "mqtt.pubrec.reason_code";
                    case MqttPacket.PUBREL -> "mqtt.pubrel.reason_code";
                    default -> "mqtt.pubcomp.reason_code";
                };
                reasonField(s, name, rcAt, rc);
            }
            if (r.hasMore()) {
                MqttProperties.read(r, s.type, s.m, s.expert);
            }
        }
        s.infoForm = MqttPacket.INFO_ID; // "Publish Ack (id=N)", made from the packet's fields
    }

    // ------------------------------------------------------------------ SUBSCRIBE / UNSUBSCRIBE and acks

    private void subscribe(State s, MqttReader r, boolean v5) {
        Field m = s.m;
        boolean en = s.en;
        msgid(s, r);
        s.info().append(" (id=").append(s.packetId).append(')');
        if (v5) {
            MqttProperties.read(r, MqttPacket.SUBSCRIBE, m, s.expert);
        }
        int count = 0;
        while (r.hasMore()) {
            String filter = string(s, r, "mqtt.topic_len", "Topic Length", "mqtt.topic", "Topic", "topic filter");
            s.info().append(" [").append(filter).append(']');
            int oAt = r.pos;
            int o = r.u8("subscription options");
            int q = o & 3;
            if (v5) {
                int rh = (o >> 4) & 3;
                boolean nl = (o & 4) != 0;
                boolean rap = (o & 8) != 0;
                Field f = m.add("mqtt.subscription_options", oAt, 1, o, en ? "Subscription Options: 0x"
                        + MqttProperties.hex2(o) + ", Retain Handling: " + retainHandling(rh) + ", QoS: "
                        + MqttNames.qos(q) : null);
                f.add("mqtt.subscription_options_reserved", oAt, 1, o >> 6, en ? bits(o, 0xc0) + " = Reserved: "
                        + (o >> 6) : null);
                f.add("mqtt.subscription_options_retain", oAt, 1, rh, en ? bits(o, 0x30) + " = Retain Handling: "
                        + retainHandling(rh) + " (" + rh + ")" : null);
                f.add("mqtt.subscription_options_rap", oAt, 1, rap ? 1 : 0, en ? bits(o, 0x08)
                        + " = Retain As Published: " + set(rap) : null);
                f.add("mqtt.subscription_options_nl", oAt, 1, nl ? 1 : 0, en ? bits(o, 0x04) + " = No Local: "
                        + set(nl) : null);
                f.add("mqtt.subscription_options_qos", oAt, 1, q, en ? bits(o, 0x03) + " = QoS: " + MqttNames.qos(q)
                        + " (" + q + ")" : null);
                if ((o & 0xc0) != 0) {
                    s.warn("Reserved subscription option bits must be 0", oAt, 1);
                }
                if (rh == 3) {
                    s.warn("Retain Handling 3 is reserved", oAt, 1);
                }
            } else {
                m.add("mqtt.sub.qos", oAt, 1, q, en ? "Requested QoS: " + MqttNames.qos(q) + " (" + q + ")" : null);
                if ((o & 0xfc) != 0) {
                    s.warn("Reserved bits of the requested QoS byte must be 0", oAt, 1);
                }
            }
            if (q == 3) {
                s.warn("QoS 3 is reserved", oAt, 1);
            }
            count++;
        }
        if (count == 0) {
            s.warn("SUBSCRIBE without a topic filter", s.off, s.len);
        }
    }

    private void suback(State s, MqttReader r, boolean v5) {
        Field m = s.m;
        msgid(s, r);
        s.info().append(" (id=").append(s.packetId).append(')');
        if (v5) {
            MqttProperties.read(r, MqttPacket.SUBACK, m, s.expert);
        }
        int count = 0;
        while (r.hasMore()) {
            int at = r.pos;
            int rc = r.u8("return code");
            if (count == 0) {
                s.returnCode = rc;
            }
            if (v5) {
                reasonField(s, "mqtt.suback.reason_code", at, rc);
            } else {
                String name = MqttNames.subackReturnCode(rc);
                m.add("mqtt.suback.qos", at, 1, rc, s.en ? "Granted QoS: " + (rc <= 2 ? MqttNames.qos(rc) : name)
                        + " (" + rc + ")" : null);
                if (rc > 2 && rc != 0x80) {
                    s.warn("Unknown SUBACK return code " + rc, at, 1);
                }
            }
            count++;
        }
        if (count == 0) {
            s.warn("SUBACK without a return code", s.off, s.len);
        }
    }

    private void unsubscribe(State s, MqttReader r, boolean v5) {
        msgid(s, r);
        s.info().append(" (id=").append(s.packetId).append(')');
        if (v5) {
            MqttProperties.read(r, MqttPacket.UNSUBSCRIBE, s.m, s.expert);
        }
        int count = 0;
        while (r.hasMore()) {
            string(s, r, "mqtt.topic_len", "Topic Length", "mqtt.topic", "Topic", "topic filter");
            count++;
        }
        if (count == 0) {
            s.warn("UNSUBSCRIBE without a topic filter", s.off, s.len);
        }
    }

    private void unsuback(State s, MqttReader r, boolean v5) {
        msgid(s, r);
        s.info().append(" (id=").append(s.packetId).append(')');
        if (!v5) {
            return;
        }
        MqttProperties.read(r, MqttPacket.UNSUBACK, s.m, s.expert);
        int count = 0;
        while (r.hasMore()) {
            int at = r.pos;
            int rc = r.u8("reason code");
            if (count++ == 0) {
                s.returnCode = rc;
            }
            reasonField(s, "mqtt.unsuback.reason_code", at, rc);
        }
    }

    // ------------------------------------------------------------------ DISCONNECT / AUTH

    private void disconnect(State s, MqttReader r, boolean v5) {
        if (!v5) {
            return;
        }
        s.returnCode = 0; // no reason code: Normal disconnection
        if (r.hasMore()) {
            int at = r.pos;
            s.returnCode = r.u8("reason code");
            reasonField(s, "mqtt.disconnect.reason_code", at, s.returnCode);
        }
        if (r.hasMore()) {
            MqttProperties.read(r, MqttPacket.DISCONNECT, s.m, s.expert);
        }
    }

    private void auth(State s, MqttReader r) {
        if (level != 0 && level != 5) {
            // type 15 is reserved before MQTT 5: show the bytes, don't read them as an AUTH
            s.warn("Packet type 15 (AUTH) is reserved before MQTT 5", s.off, 1);
            r.pos = r.end;
            return;
        }
        s.returnCode = 0;
        if (r.hasMore()) {
            int at = r.pos;
            s.returnCode = r.u8("reason code");
            reasonField(s, "mqtt.auth.reason_code", at, s.returnCode);
        }
        if (r.hasMore()) {
            MqttProperties.read(r, MqttPacket.AUTH, s.m, s.expert);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void msgid(State s, MqttReader r) {
        int at = r.pos;
        int id = r.u16("message identifier");
        s.packetId = id;
        s.m.add("mqtt.msgid", at, 2, id, s.en ? "Message Identifier: " + id : null);
        if (id == 0) {
            s.warn("Packet Identifier 0 is not allowed", at, 2);
        }
    }

    private static void reasonField(State s, String name, int at, int rc) {
        s.m.add(name, at, 1, rc, s.en ? "Reason Code: " + MqttNames.reasonCode(s.type, rc) + " (" + rc + ")" : null);
        if (!MqttNames.reasonAllowed(s.type, rc)) {
            s.warn("Reason code 0x" + MqttProperties.hex2(rc) + " is not valid in " + MqttNames.type(s.type), at, 1);
        }
    }

    /** A UTF-8 string with a two-byte length: adds the length and (when not empty) the string fields. */
    private static String string(State s, MqttReader r, String lenName, String lenLabel, String name, String label,
                                 String what) {
        int at = r.pos;
        int n = r.u16(what + " length");
        s.m.add(lenName, at, 2, n, s.en ? lenLabel + ": " + n : null);
        r.need(n, what);
        String v = MqttProperties.utf8Checked(r.b, r.pos, n, label, s.expert);
        s.m.add(name, r.pos, n, v, s.en ? label + ": " + v : null);
        r.pos += n;
        return v;
    }

    /**
     * Binary data (payload, will message): {@code name} with the hex value, and when the bytes are
     * printable UTF-8 a {@code textName} child with the text. Returns the text or null.
     */
    private static String bytesField(State s, Field m, int at, int n, String name, String textName, String label) {
        if (!s.en) {
            return null;
        }
        String text = n > 0 ? MqttReader.utf8OrNull(s.buf, at, Math.min(n, MAX_PAYLOAD_VALUE)) : null;
        if (text != null && !MqttReader.printable(text)) {
            text = null;
        }
        String hex = MqttReader.hex(s.buf, at, n, MAX_PAYLOAD_VALUE);
        String shown = text != null ? "\"" + cut(text, TEXT_DISPLAY) + "\"" : MqttReader.hex(s.buf, at, n, PAYLOAD_DISPLAY);
        Field f = m.add(name, at, n, hex, label + ": " + shown + (text != null ? " (" + n + " bytes)" : ""));
        if (text != null) {
            if (n > MAX_PAYLOAD_VALUE) {
                text = text + '\u2026';
            }
            f.add(textName, at, n, text, label + " [as text]: " + cut(text, TEXT_DISPLAY));
        }
        return text;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + '\u2026';
    }

    private static String retainHandling(int rh) {
        return switch (rh) {
            case 0 -> "Send msgs at subscription time";
            case 1 -> "Send msgs if subscription does not exist";
            case 2 -> "Do not send msgs at subscription time";
            default -> "Reserved";
        };
    }

    private static String set(boolean b) {
        return b ? "Set" : "Not set";
    }

    /** Wireshark's bit picture of an 8-bit field: "0001 ....", ".... .01.". */
    static String bits(int value, int mask) {
        StringBuilder sb = new StringBuilder(9);
        for (int i = 7; i >= 0; i--) {
            int bit = 1 << i;
            sb.append((mask & bit) == 0 ? '.' : (value & bit) != 0 ? '1' : '0');
            if (i == 4) {
                sb.append(' ');
            }
        }
        return sb.toString();
    }
}
