package org.layerscope.dissect.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.Severity;

/** The decoder on packets built from the specification's layouts, over flag and code combinations. */
class MqttDecoderTest {
    private static final Direction C2S = Direction.CLIENT_TO_SERVER;
    private static final Direction S2C = Direction.SERVER_TO_CLIENT;

    /** Result of one decode. */
    record Out(MqttPacket p, Field tree, List<ExpertItem> expert) {
        String v(String name) {
            Field f = tree.find(name);
            return f == null ? null : f.value();
        }

        boolean has(String key) {
            return expert.stream().anyMatch(e -> e.key().equals(key));
        }
    }

    static Out decode(MqttDecoder d, Direction dir, byte[] packet) {
        // decode at an offset inside a larger array, as the pipeline does
        byte[] buf = new byte[packet.length + 7];
        System.arraycopy(packet, 0, buf, 5, packet.length);
        Field root = Field.root();
        List<ExpertItem> ex = new ArrayList<>();
        MqttPacket p = d.decode(dir, buf, 5, packet.length, root, ex);
        assertOffsetsInside(root, 5, packet.length);
        // the same without a tree gives the same summary and expert items
        List<ExpertItem> ex2 = new ArrayList<>();
        MqttPacket p2 = copyOf(d, dir, packet, ex2);
        assertEquals(p, p2, "decode without a tree");
        return new Out(p, root, ex);
    }

    /** Decodes again with a fresh decoder in the same state, without a tree. */
    private static MqttPacket copyOf(MqttDecoder d, Direction dir, byte[] packet, List<ExpertItem> ex) {
        if (packet.length > 0 && (packet[0] & 0xf0) == 0x30) {
            return d.decode(dir, packet, 0, packet.length, Field.NONE, ex); // PUBLISH state is idempotent
        }
        MqttDecoder fresh = new MqttDecoder(d.protocolLevel());
        return fresh.decode(dir, packet, 0, packet.length, Field.NONE, ex);
    }

    private static void assertOffsetsInside(Field f, int off, int len) {
        for (Field c : f.children()) {
            if (c.offset() >= 0) {
                assertTrue(c.offset() >= off && c.offset() + c.length() <= off + len,
                        c.name() + " at " + c.offset() + "+" + c.length() + " outside " + off + "+" + len);
            }
            assertOffsetsInside(c, off, len);
        }
    }

    static MqttDecoder v(int level) {
        MqttDecoder d = new MqttDecoder();
        decode(d, C2S, MqttBytes.connect(level, "c"));
        assertEquals(level, d.protocolLevel());
        return d;
    }

    // ------------------------------------------------------------------ PUBLISH

    static Stream<Arguments> publishFlags() {
        List<Arguments> a = new ArrayList<>();
        for (int level : new int[] {4, 5}) {
            for (int qos = 0; qos <= 2; qos++) {
                for (boolean retain : new boolean[] {false, true}) {
                    for (boolean dup : new boolean[] {false, true}) {
                        a.add(Arguments.of(level, qos, retain, dup));
                    }
                }
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "level {0} qos {1} retain {2} dup {3}")
    @MethodSource("publishFlags")
    void publishFlagCombinations(int level, int qos, boolean retain, boolean dup) {
        MqttDecoder d = v(level);
        int b0 = 0x30 | (dup ? 8 : 0) | (qos << 1) | (retain ? 1 : 0);
        MqttBytes body = MqttBytes.body().str("sdk/test/python");
        if (qos > 0) {
            body.u16(42);
        }
        if (level == 5) {
            body.props(MqttBytes.body());
        }
        body.raw("\"test message\"".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Out o = decode(d, C2S, MqttBytes.packet(b0, body));
        assertEquals(MqttPacket.PUBLISH, o.p().type());
        assertEquals(b0 & 0x0f, o.p().flags());
        assertEquals(qos, o.p().qos());
        assertEquals(String.valueOf(qos), o.v("mqtt.qos"));
        assertEquals(retain ? "1" : "0", o.v("mqtt.retain"));
        assertEquals(dup ? "1" : "0", o.v("mqtt.dupflag"));
        assertEquals(String.valueOf(b0), o.v("mqtt.hdrflags"));
        assertEquals("sdk/test/python", o.p().topic());
        assertEquals(qos > 0 ? 42 : -1, o.p().packetId());
        assertEquals("Publish Message" + (qos > 0 ? " (id=42)" : "") + " [sdk/test/python]", o.p().info());
        assertEquals("\"test message\"", o.v("mqtt.msg_text"));
        assertEquals("2274657374206d65737361676522", o.v("mqtt.msg"));
        assertEquals(dup && qos == 0, o.has("mqtt.malformed"), "DUP on QoS 0 is flagged: " + o.expert());
    }

    @Test
    void publishQos3AndWildcardTopicAndEmptyTopic() {
        MqttDecoder d = v(4);
        Out o = decode(d, C2S, MqttBytes.packet(0x36, MqttBytes.body().str("a/+").u16(1)));
        assertTrue(o.expert().stream().anyMatch(e -> e.text().contains("QoS 3")));
        assertTrue(o.expert().stream().anyMatch(e -> e.text().contains("wildcards")));
        Out e = decode(d, C2S, MqttBytes.packet(0x30, MqttBytes.body().str("").raw((byte) 1)));
        assertTrue(e.has("mqtt.illegal_topic_length"));
        assertEquals("01", e.v("mqtt.msg"));
        assertNull(e.v("mqtt.msg_text"), "a control character is not shown as text");
    }

    @Test
    void topicAliasesAreKeptPerDirection() {
        MqttDecoder d = v(5);
        MqttBytes alias1 = MqttBytes.body().u8(0x23).u16(1);
        Out first = decode(d, C2S, MqttBytes.packet(0x30, MqttBytes.body().str("a/b").props(alias1).raw((byte) 'x')));
        assertEquals("a/b", first.p().topic());
        Out second = decode(d, C2S, MqttBytes.packet(0x30, MqttBytes.body().str("").props(alias1).raw((byte) 'y')));
        assertEquals("a/b", second.p().topic());
        assertEquals("Publish Message [a/b]", second.p().info());
        Field generated = second.tree().find("mqtt.topic");
        assertEquals(-1, generated.offset());
        assertEquals("[Topic: a/b]", generated.display());
        assertTrue(second.expert().isEmpty());
        // the server's aliases are its own
        Out other = decode(d, S2C, MqttBytes.packet(0x30, MqttBytes.body().str("").props(alias1).raw((byte) 'z')));
        assertTrue(other.has("mqtt.unknown_topic_alias"));
        // a new CONNECT forgets them
        decode(d, C2S, MqttBytes.connect(5, "again"));
        Out after = decode(d, C2S, MqttBytes.packet(0x30, MqttBytes.body().str("").props(alias1)));
        assertTrue(after.has("mqtt.unknown_topic_alias"));
        Out noAlias = decode(d, C2S, MqttBytes.packet(0x30, MqttBytes.body().str("").props(MqttBytes.body())));
        assertTrue(noAlias.has("mqtt.illegal_topic_length"));
    }

    // ------------------------------------------------------------------ CONNECT

    static Stream<Arguments> connectFlags() {
        List<Arguments> a = new ArrayList<>();
        for (int level : new int[] {3, 4, 5}) {
            for (int bits = 0; bits < 8; bits++) {
                boolean uname = (bits & 1) != 0;
                boolean passwd = (bits & 2) != 0;
                boolean will = (bits & 4) != 0;
                for (int willQos = 0; willQos <= (will ? 2 : 0); willQos++) {
                    for (boolean clean : new boolean[] {false, true}) {
                        a.add(Arguments.of(level, uname, passwd, will, willQos, will && willQos == 1, clean));
                    }
                }
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "level {0} user {1} password {2} will {3} qos {4} retain {5} clean {6}")
    @MethodSource("connectFlags")
    void connectFlagCombinations(int level, boolean uname, boolean passwd, boolean will, int willQos,
                                 boolean willRetain, boolean clean) {
        int flags = (uname ? 0x80 : 0) | (passwd ? 0x40 : 0) | (willRetain ? 0x20 : 0) | (willQos << 3)
                | (will ? 0x04 : 0) | (clean ? 0x02 : 0);
        MqttBytes b = MqttBytes.body().str(level == 3 ? "MQIsdp" : "MQTT").u8(level).u8(flags).u16(30);
        if (level == 5) {
            b.props(MqttBytes.body().u8(0x11).u32(60));
        }
        b.str("client-7");
        if (will) {
            if (level == 5) {
                b.props(MqttBytes.body().u8(0x18).u32(5));
            }
            b.str("will/topic").u16(3).raw((byte) 'b', (byte) 'y', (byte) 'e');
        }
        if (uname) {
            b.str("alice");
        }
        if (passwd) {
            b.str("s3cret!");
        }
        MqttDecoder d = new MqttDecoder();
        Out o = decode(d, C2S, MqttBytes.packet(0x10, b));
        assertEquals(level, d.protocolLevel());
        assertEquals("Connect Command", o.p().info());
        assertEquals("client-7", o.p().clientId());
        assertEquals(String.valueOf(flags), o.v("mqtt.conflags"));
        assertEquals(clean ? "1" : "0", o.v("mqtt.conflag.cleansess"));
        assertEquals(uname ? "1" : "0", o.v("mqtt.conflag.uname"));
        assertEquals(passwd ? "1" : "0", o.v("mqtt.conflag.passwd"));
        assertEquals(will ? "1" : "0", o.v("mqtt.conflag.willflag"));
        assertEquals(String.valueOf(willQos), o.v("mqtt.conflag.qos"));
        assertEquals(willRetain ? "1" : "0", o.v("mqtt.conflag.retain"));
        assertEquals("30", o.v("mqtt.kalive"));
        assertEquals(String.valueOf(level), o.v("mqtt.ver"));
        assertEquals(uname ? "alice" : null, o.v("mqtt.username"));
        assertEquals(will ? "will/topic" : null, o.v("mqtt.willtopic"));
        assertEquals(will ? "627965" : null, o.v("mqtt.willmsg"));
        assertEquals(level == 5 && will, o.tree().find("mqtt.will_properties") != null);
        if (passwd) {
            Field pw = o.tree().find("mqtt.passwd");
            assertFalse(pw.value().contains("s3cret") || pw.display().contains("s3cret"), "password is masked");
            assertEquals("7", o.v("mqtt.passwd_len"));
        }
        boolean invalid = level != 5 && passwd && !uname;
        assertEquals(invalid, !o.expert().isEmpty(), "expert items: " + o.expert());
    }

    @Test
    void connectFlagViolations() {
        Out reserved = decode(new MqttDecoder(), C2S,
                MqttBytes.packet(0x10, MqttBytes.body().str("MQTT").u8(4).u8(0x03).u16(0).str("c")));
        assertTrue(reserved.has("mqtt.malformed"));
        Out willQosWithoutWill = decode(new MqttDecoder(), C2S,
                MqttBytes.packet(0x10, MqttBytes.body().str("MQTT").u8(4).u8(0x0a).u16(0).str("c")));
        assertTrue(willQosWithoutWill.has("mqtt.malformed"));
        Out badName = decode(new MqttDecoder(), C2S,
                MqttBytes.packet(0x10, MqttBytes.body().str("MQTX").u8(9).u8(0x02).u16(0).str("c")));
        assertEquals(2, badName.expert().size(), badName.expert().toString());
        Out flags = decode(new MqttDecoder(), C2S,
                MqttBytes.packet(0x11, MqttBytes.body().str("MQTT").u8(4).u8(0x02).u16(0).str("c")));
        assertTrue(flags.expert().get(0).text().contains("Reserved header flags"));
    }

    // ------------------------------------------------------------------ CONNACK

    @ParameterizedTest(name = "3.1.1 return code {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void connackReturnCodes311(int rc) {
        MqttDecoder d = v(4);
        Out o = decode(d, S2C, MqttBytes.packet(0x20, MqttBytes.body().u8(rc == 0 ? 1 : 0).u8(rc)));
        assertEquals("Connect Ack", o.p().info());
        assertEquals(rc, o.p().returnCode());
        assertEquals(String.valueOf(rc), o.v("mqtt.conack.val"));
        assertEquals(rc == 0 ? "1" : "0", o.v("mqtt.conack.flags.sp"));
        String display = o.tree().find("mqtt.conack.val").display();
        assertEquals("Return Code: " + MqttNames.connackReturnCode(rc) + " (" + rc + ")", display);
        assertEquals(rc > 5, !o.expert().isEmpty());
        assertNull(o.tree().find("mqtt.properties"));
    }

    static IntStream allCodes() {
        return IntStream.range(0, 256);
    }

    @ParameterizedTest(name = "MQTT 5 CONNACK reason code {0}")
    @MethodSource("allCodes")
    void connackReasonCodes5(int rc) {
        MqttDecoder d = v(5);
        Out o = decode(d, S2C, MqttBytes.packet(0x20, MqttBytes.body().u8(0).u8(rc).props(MqttBytes.body())));
        assertEquals(rc, o.p().returnCode());
        assertEquals(String.valueOf(rc), o.v("mqtt.connack.reason_code"));
        assertNull(o.v("mqtt.conack.val"));
        assertEquals("Reason Code: " + MqttNames.reasonCode(MqttPacket.CONNACK, rc) + " (" + rc + ")",
                o.tree().find("mqtt.connack.reason_code").display());
        assertEquals(!MqttNames.reasonAllowed(MqttPacket.CONNACK, rc), !o.expert().isEmpty());
    }

    @Test
    void reasonCodeNamesFromTheSpecification() {
        assertEquals("Bad authentication method", MqttNames.reasonCode(MqttPacket.CONNACK, 0x8C));
        assertEquals("Normal disconnection", MqttNames.reasonCode(MqttPacket.DISCONNECT, 0));
        assertEquals("Granted QoS 0", MqttNames.reasonCode(MqttPacket.SUBACK, 0));
        assertEquals("Success", MqttNames.reasonCode(MqttPacket.PUBACK, 0));
        assertEquals("No matching subscribers", MqttNames.reasonCode(MqttPacket.PUBACK, 0x10));
        assertEquals("Session taken over", MqttNames.reasonCode(MqttPacket.DISCONNECT, 0x8E));
        assertEquals("Unknown", MqttNames.reasonCode(MqttPacket.PUBACK, 0x05));
        assertEquals(43, IntStream.range(0, 256).filter(MqttNames::isReasonCode).count());
    }

    @Test
    void levelComesFromConnectAndHoldsForBothDirections() {
        MqttDecoder d = new MqttDecoder();
        Out before = decode(d, C2S, MqttBytes.packet(0xc0, MqttBytes.body()));
        assertTrue(before.has("mqtt.unknown_version"));
        Out again = decode(d, C2S, MqttBytes.packet(0xc0, MqttBytes.body()));
        assertTrue(again.expert().isEmpty(), "said once");
        decode(d, C2S, MqttBytes.connect(5, "c"));
        Out connack = decode(d, S2C, MqttBytes.packet(0x20, MqttBytes.body().u8(0).u8(0)
                .props(MqttBytes.body().u8(0x12).str("auto-1234").u8(0x22).u16(10))));
        assertEquals("auto-1234", connack.p().clientId());
        assertEquals("10", connack.v("mqtt.prop_number"));
        assertTrue(connack.expert().isEmpty(), connack.expert().toString());

        MqttDecoder mid = new MqttDecoder(); // capture started after the CONNECT
        Out inferred = decode(mid, S2C, MqttBytes.packet(0x20, MqttBytes.body().u8(0).u8(0).props(MqttBytes.body())));
        assertEquals(5, mid.protocolLevel());
        assertTrue(inferred.has("mqtt.unknown_version"));
        assertEquals("0", inferred.v("mqtt.property_len"));
    }

    // ------------------------------------------------------------------ properties

    /** A packet of a type that may carry property {@code id}, holding just that property. */
    static byte[] withProperty(int id, MqttBytes prop) {
        if (MqttProperties.allowed(id, MqttPacket.PUBLISH)) {
            return MqttBytes.packet(0x30, MqttBytes.body().str("t").props(prop));
        }
        if (MqttProperties.allowed(id, MqttPacket.CONNACK)) {
            return MqttBytes.packet(0x20, MqttBytes.body().u8(0).u8(0).props(prop));
        }
        if (MqttProperties.allowed(id, MqttPacket.CONNECT)) {
            return MqttBytes.packet(0x10, MqttBytes.body().str("MQTT").u8(5).u8(2).u16(0).props(prop).str("c"));
        }
        if (MqttProperties.allowed(id, MqttProperties.WILL)) {
            return MqttBytes.packet(0x10, MqttBytes.body().str("MQTT").u8(5).u8(6).u16(0).props(MqttBytes.body())
                    .str("c").props(prop).str("w").u16(0));
        }
        throw new AssertionError("no packet for property " + id);
    }

    static IntStream propertyIds() {
        return IntStream.of(MqttProperties.ids());
    }

    @ParameterizedTest(name = "property 0x{0}")
    @MethodSource("propertyIds")
    void everyPropertyOfTheSpecification(int id) {
        MqttBytes prop = MqttBytes.body().u8(id);
        String expected;
        switch (MqttProperties.kind(id)) {
            case MqttProperties.BYTE -> {
                prop.u8(1);
                expected = "1";
            }
            case MqttProperties.TWO -> {
                prop.u16(513);
                expected = "513";
            }
            case MqttProperties.FOUR -> {
                prop.u32(4_000_000_000L);
                expected = "4000000000";
            }
            case MqttProperties.VBI -> {
                prop.vbi(300);
                expected = "300";
            }
            case MqttProperties.UTF8, MqttProperties.BINARY -> {
                prop.str("text/é");
                expected = "text/é";
            }
            default -> {
                prop.str("k").str("v");
                expected = "k = v";
            }
        }
        MqttDecoder d = v(5);
        Out o = decode(d, S2C, withProperty(id, prop));
        Field p = o.tree().find("mqtt.property_id");
        assertNotNull(p, "property node");
        assertEquals(String.valueOf(id), p.value());
        assertEquals(MqttProperties.name(id) + " (0x" + String.format("%02x", id) + "): " + expected, p.display());
        assertFalse(p.children().isEmpty());
        List<Field> lens = o.tree().findAll("mqtt.property_len");
        assertEquals(String.valueOf(prop.size()), lens.get(lens.size() - 1).value());
        assertTrue(o.expert().isEmpty(), o.expert().toString());
        assertEquals(27, MqttProperties.ids().length);
    }

    @Test
    void propertyProblems() {
        MqttDecoder d = v(5);
        // Topic Alias in a CONNACK is not allowed; twice the same property is a protocol error
        Out notAllowed = decode(d, S2C, MqttBytes.packet(0x20, MqttBytes.body().u8(0).u8(0)
                .props(MqttBytes.body().u8(0x23).u16(1).u8(0x21).u16(5).u8(0x21).u16(6))));
        assertEquals(2, notAllowed.expert().size(), notAllowed.expert().toString());
        // an unknown identifier stops the list but keeps what came before
        Out unknown = decode(d, S2C, MqttBytes.packet(0x20, MqttBytes.body().u8(0).u8(0)
                .props(MqttBytes.body().u8(0x21).u16(5).u8(0x7f).u16(6))));
        assertEquals("5", unknown.v("mqtt.prop_number"));
        assertEquals("0x7f", unknown.v("mqtt.prop_unknown"));
        assertEquals(Severity.ERROR, unknown.expert().get(0).severity());
        // a property length past the packet
        Out tooLong = decode(d, S2C, MqttBytes.packet(0x20, MqttBytes.body().u8(0).u8(0).vbi(9).u8(0x21)));
        assertTrue(tooLong.p().info().endsWith("[Malformed Packet]"));
        assertEquals("Connect Ack [Malformed Packet]", tooLong.p().info());
        // a user property whose value runs past the list
        Out cut = decode(d, C2S, MqttBytes.packet(0x30, MqttBytes.body().str("t")
                .props(MqttBytes.body().u8(0x26).str("k").u16(10))));
        assertEquals("t", cut.p().topic());
        assertTrue(cut.has("mqtt.malformed"));
    }

    // ------------------------------------------------------------------ the other packets

    @ParameterizedTest(name = "level {0}")
    @ValueSource(ints = {4, 5})
    void acknowledgementsAndPings(int level) {
        MqttDecoder d = v(level);
        String[] names = {"Publish Ack", "Publish Received", "Publish Release", "Publish Complete"};
        for (int t = 4; t <= 7; t++) {
            int b0 = t << 4 | (t == 6 ? 2 : 0);
            Out o = decode(d, S2C, MqttBytes.packet(b0, MqttBytes.body().u16(9)));
            assertEquals(names[t - 4] + " (id=9)", o.p().info());
            assertEquals(9, o.p().packetId());
            assertEquals(level == 5 ? 0 : -1, o.p().returnCode());
            assertTrue(o.expert().isEmpty());
        }
        assertEquals("Ping Request", decode(d, C2S, MqttBytes.packet(0xc0, MqttBytes.body())).p().info());
        assertEquals("Ping Response", decode(d, S2C, MqttBytes.packet(0xd0, MqttBytes.body())).p().info());
        Out disc = decode(d, C2S, MqttBytes.packet(0xe0, MqttBytes.body()));
        assertEquals("Disconnect Req", disc.p().info());
        assertEquals(level == 5 ? 0 : -1, disc.p().returnCode());
        Out pingWithBody = decode(d, C2S, MqttBytes.packet(0xc0, MqttBytes.body().u8(1)));
        assertTrue(pingWithBody.has("mqtt.malformed"));
        Out pubrelBadFlags = decode(d, C2S, MqttBytes.packet(0x60, MqttBytes.body().u16(1)));
        assertTrue(pubrelBadFlags.has("mqtt.malformed"));
    }

    @Test
    void mqtt5AcknowledgementsWithReasonAndProperties() {
        MqttDecoder d = v(5);
        Out o = decode(d, S2C, MqttBytes.packet(0x40, MqttBytes.body().u16(3).u8(0x10)
                .props(MqttBytes.body().u8(0x1f).str("nobody listens"))));
        assertEquals(0x10, o.p().returnCode());
        assertEquals("16", o.v("mqtt.puback.reason_code"));
        assertEquals("nobody listens", o.v("mqtt.prop_string"));
        Out rel = decode(d, C2S, MqttBytes.packet(0x62, MqttBytes.body().u16(3).u8(0x92)));
        assertEquals("146", rel.v("mqtt.pubrel.reason_code"));
        Out wrong = decode(d, C2S, MqttBytes.packet(0x62, MqttBytes.body().u16(3).u8(0x10)));
        assertTrue(wrong.has("mqtt.malformed"), "0x10 is no PUBREL reason code");
        Out disc = decode(d, S2C, MqttBytes.packet(0xe0, MqttBytes.body().u8(0x8e)
                .props(MqttBytes.body().u8(0x1f).str("bye"))));
        assertEquals(0x8e, disc.p().returnCode());
        assertEquals("Reason Code: Session taken over (142)", disc.tree().find("mqtt.disconnect.reason_code").display());
    }

    @Test
    void subscribeAndUnsubscribe() {
        MqttDecoder d5 = v(5);
        Out sub = decode(d5, C2S, MqttBytes.packet(0x82, MqttBytes.body().u16(7)
                .props(MqttBytes.body().u8(0x0b).vbi(200)).str("a/#").u8(0x2e).str("b").u8(0x00)));
        assertEquals("Subscribe Request (id=7) [a/#] [b]", sub.p().info());
        assertEquals("200", sub.v("mqtt.prop_number"));
        assertEquals("46", sub.v("mqtt.subscription_options"));
        assertEquals("2", sub.v("mqtt.subscription_options_retain"));
        assertEquals("1", sub.v("mqtt.subscription_options_rap"));
        assertEquals("1", sub.v("mqtt.subscription_options_nl"));
        assertEquals("2", sub.v("mqtt.subscription_options_qos"));
        assertEquals(null, sub.p().topic());
        Out suback = decode(d5, S2C, MqttBytes.packet(0x90, MqttBytes.body().u16(7).props(MqttBytes.body())
                .u8(0x02).u8(0xa2)));
        assertEquals(2, suback.p().returnCode());
        assertEquals(2, suback.tree().findAll("mqtt.suback.reason_code").size());
        Out unsub = decode(d5, C2S, MqttBytes.packet(0xa2, MqttBytes.body().u16(8).props(MqttBytes.body())
                .str("a/#")));
        assertEquals("Unsubscribe Request (id=8)", unsub.p().info());
        Out unsuback = decode(d5, S2C, MqttBytes.packet(0xb0, MqttBytes.body().u16(8).props(MqttBytes.body())
                .u8(0x11)));
        assertEquals(0x11, unsuback.p().returnCode());
        assertEquals("Unsubscribe Ack (id=8)", unsuback.p().info());

        MqttDecoder d4 = v(4);
        Out sub4 = decode(d4, C2S, MqttBytes.packet(0x82, MqttBytes.body().u16(1).str("x").u8(1)));
        assertEquals("1", sub4.v("mqtt.sub.qos"));
        Out empty = decode(d4, C2S, MqttBytes.packet(0x82, MqttBytes.body().u16(1)));
        assertTrue(empty.has("mqtt.malformed"));
        Out fail = decode(d4, S2C, MqttBytes.packet(0x90, MqttBytes.body().u16(1).u8(0x80)));
        assertEquals("Granted QoS: Failure (128)", fail.tree().find("mqtt.suback.qos").display());
        assertTrue(fail.expert().isEmpty());
    }

    @Test
    void auth() {
        MqttDecoder d = v(5);
        Out o = decode(d, C2S, MqttBytes.packet(0xf0, MqttBytes.body().u8(0x18)
                .props(MqttBytes.body().u8(0x15).str("SCRAM-SHA-1").u8(0x16).str("abc"))));
        assertEquals("Authentication Exchange", o.p().info());
        assertEquals(0x18, o.p().returnCode());
        assertEquals("SCRAM-SHA-1", o.tree().findAll("mqtt.prop_string").get(0).value());
        assertTrue(o.expert().isEmpty());
        Out empty = decode(d, S2C, MqttBytes.packet(0xf0, MqttBytes.body()));
        assertEquals(0, empty.p().returnCode());
        Out in311 = decode(v(4), C2S, MqttBytes.packet(0xf0, MqttBytes.body().u8(0)));
        assertTrue(in311.has("mqtt.malformed"));
    }

    @Test
    void reservedTypeAndBadArguments() {
        MqttDecoder d = new MqttDecoder();
        List<ExpertItem> ex = new ArrayList<>();
        MqttPacket p = d.decode(C2S, new byte[] {0x00, 0x00}, 0, 2, Field.root(), ex);
        assertEquals(0, p.type());
        assertFalse(ex.isEmpty());
        ex.clear();
        assertEquals(0, d.decode(C2S, null, 0, 5, Field.NONE, ex).type());
        assertEquals(0, d.decode(C2S, new byte[3], 3, 1, null, null).type());
        assertFalse(ex.isEmpty());
        MqttPacket longer = d.decode(C2S, new byte[] {(byte) 0xc0, 0x00}, 0, 99, Field.NONE, ex);
        assertEquals(2, longer.length(), "len past the array is cut");
        ex.clear();
        MqttPacket trailing = d.decode(C2S, new byte[] {(byte) 0xc0, 0x00, 0x00}, 0, 3, Field.NONE, ex);
        assertEquals(2, trailing.length());
        assertFalse(ex.isEmpty(), "bytes after the packet are reported");
    }
}
