package org.layerscope.dissect.mqtt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test support: builds MQTT packets byte by byte (from the specification's layouts). */
final class MqttBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static MqttBytes body() {
        return new MqttBytes();
    }

    MqttBytes u8(int v) {
        out.write(v);
        return this;
    }

    MqttBytes u16(int v) {
        out.write(v >> 8);
        out.write(v);
        return this;
    }

    MqttBytes u32(long v) {
        return u16((int) (v >> 16) & 0xffff).u16((int) v & 0xffff);
    }

    MqttBytes vbi(int v) {
        out.writeBytes(vbiBytes(v));
        return this;
    }

    MqttBytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return u16(b.length).raw(b);
    }

    MqttBytes raw(byte... b) {
        out.writeBytes(b);
        return this;
    }

    MqttBytes raw(MqttBytes other) {
        return raw(other.bytes());
    }

    /** A property list: its length then the bytes. */
    MqttBytes props(MqttBytes p) {
        return vbi(p.size()).raw(p.bytes());
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    static byte[] vbiBytes(int v) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        do {
            int d = v % 128;
            v /= 128;
            o.write(v > 0 ? d | 0x80 : d);
        } while (v > 0);
        return o.toByteArray();
    }

    /** A whole packet: first byte, remaining length, body. */
    static byte[] packet(int firstByte, MqttBytes body) {
        return new MqttBytes().u8(firstByte).vbi(body.size()).raw(body.bytes()).bytes();
    }

    static byte[] connect(int level, String clientId) {
        MqttBytes b = body().str(level == 3 ? "MQIsdp" : "MQTT").u8(level).u8(0x02).u16(60);
        if (level == 5) {
            b.props(body());
        }
        return packet(0x10, b.str(clientId));
    }
}
