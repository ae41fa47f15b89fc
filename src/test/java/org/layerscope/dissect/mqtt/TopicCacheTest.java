package org.layerscope.dissect.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;

/**
 * The topics decoded by one connection's decoder are found by the others' ({@link TopicCache}): the same packets,
 * and a topic the decoding warns about is never taken from the cache, so every connection still warns.
 */
class TopicCacheTest {
    private static byte[] publish(String topic, int id) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[2 + 2 + t.length + 2 + 3];
        p[0] = 0x32;
        p[1] = (byte) (p.length - 2);
        p[2] = (byte) (t.length >> 8);
        p[3] = (byte) t.length;
        System.arraycopy(t, 0, p, 4, t.length);
        p[4 + t.length] = (byte) (id >> 8);
        p[5 + t.length] = (byte) id;
        return p;
    }

    private static String decode(MqttDecoder d, byte[] p, boolean tree, List<ExpertItem> expert) {
        Field parent = tree ? Field.root() : Field.NONE;
        MqttPacket m = d.decode(Direction.SERVER_TO_CLIENT, p, 0, p.length, parent, expert);
        return m.type() + " " + m.info() + " " + m.topic() + " " + m.packetId() + " " + m.qos() + " " + m.length();
    }

    @Test
    void aTopicOneConnectionDecodedIsFoundByAnother() {
        String topic = "cache/test/" + System.nanoTime(); // not in the shared cache yet
        List<String> seen = new ArrayList<>();
        for (int connection = 0; connection < 3; connection++) {
            MqttDecoder d = new MqttDecoder(4);
            for (int i = 1; i <= 2; i++) {
                List<ExpertItem> expert = new ArrayList<>();
                seen.add(decode(d, publish(topic, i), false, expert));
                assertEquals(List.of(), expert);
            }
        }
        MqttDecoder withTree = new MqttDecoder(4);
        for (int connection = 0; connection < 3; connection++) {
            for (int i = 1; i <= 2; i++) {
                assertEquals(decode(withTree, publish(topic, i), true, new ArrayList<>()), seen.get(connection * 2 + i - 1));
            }
        }
        assertTrue(TopicCache.find(topic.getBytes(StandardCharsets.UTF_8), 0, topic.length()) != null);
    }

    @Test
    void aTopicWithAWildcardIsNeverCachedSoEveryConnectionWarns() {
        for (int connection = 0; connection < 3; connection++) {
            MqttDecoder d = new MqttDecoder(4);
            for (int i = 1; i <= 2; i++) {
                List<ExpertItem> expert = new ArrayList<>();
                decode(d, publish("bench/+/x", i), false, expert);
                assertEquals(1, expert.size(), expert.toString());
            }
        }
    }
}
