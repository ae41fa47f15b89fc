package org.layerscope.testutil;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** MQTT 3.1.1 packets as bytes, for tests that cut a stream into segments of their own choosing. */
public final class MqttBytes {
    private MqttBytes() {
    }

    /** A PUBLISH (QoS 1) of {@code topic} with packet id {@code id} and a payload of {@code payload} letters. */
    public static byte[] publish(int id, String topic, int payload) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        int rem = 2 + t.length + 2 + payload;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x32); // PUBLISH, QoS 1
        for (int x = rem; ; ) { // the remaining length, 7 bits a byte
            int d = x & 0x7f;
            x >>>= 7;
            b.write(x > 0 ? d | 0x80 : d);
            if (x == 0) {
                break;
            }
        }
        b.write(t.length >> 8);
        b.write(t.length);
        b.writeBytes(t);
        b.write(id >> 8);
        b.write(id);
        for (int i = 0; i < payload; i++) {
            b.write('a' + i % 26);
        }
        return b.toByteArray();
    }
}
