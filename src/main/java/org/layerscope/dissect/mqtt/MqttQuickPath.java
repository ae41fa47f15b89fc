package org.layerscope.dissect.mqtt;

import java.util.Arrays;
import org.layerscope.model.Direction;

/**
 * The bulk of a plain MQTT capture decoded without a field tree: well-formed MQTT 3.1/3.1.1 PUBLISH packets on a
 * topic their direction used before, and PUBACK, PUBREC, PUBREL and PUBCOMP. Gives the same {@link MqttPacket} as
 * the general decoding, which has no expert item for them; anything else (another packet type, MQTT 5, a new
 * topic, a flag or length the general decoding would warn about) is left to it. Also keeps the topic cache of one
 * connection: the last topic of each direction that decoded without a warning, with its bytes, in front of the
 * {@link TopicCache} of all connections.
 */
final class MqttQuickPath {
    /** The last topic of each direction: the usual case, a connection that publishes on one topic again and again. */
    private final TopicCache.Topic[] last = new TopicCache.Topic[2];

    /**
     * The topic kept for direction {@code d} when its bytes are {@code b[at..at+tl)}: the direction's last one, or
     * one any connection kept before ({@link TopicCache}), which then becomes the direction's last; else null.
     */
    String cachedTopic(int d, byte[] b, int at, int tl) {
        TopicCache.Topic t = last[d];
        if (t == null || t.utf8().length != tl || !Arrays.equals(t.utf8(), 0, tl, b, at, at + tl)) {
            t = TopicCache.find(b, at, tl);
            if (t == null) {
                return null;
            }
            last[d] = t;
        }
        return t.text();
    }

    /** The bytes of the topic last kept or found for direction {@code d} (shared, never modified). */
    byte[] cachedBytes(int d) {
        return last[d].utf8();
    }

    /**
     * Keeps a topic that decoded without a warning (valid UTF-8 without U+0000, so its bytes are its UTF-8
     * encoding) and has no wildcard; returns its bytes, or null when it is not kept.
     */
    byte[] keep(int d, byte[] b, int at, int tl, String topic) {
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            return null; // the general decoding warns about it every time
        }
        TopicCache.Topic t = new TopicCache.Topic(topic, Arrays.copyOfRange(b, at, at + tl));
        last[d] = t;
        TopicCache.put(t);
        return t.utf8();
    }

    /**
     * The packet of {@code b[off..off+len)} when it is one this path knows and the general decoding would give it no
     * expert item; null otherwise.
     *
     * @param level the protocol level in force (only 3 and 4 are decoded here)
     */
    MqttPacket decode(int level, Direction dir, byte[] b, int off, int len) {
        if ((level != 3 && level != 4) || dir == null || b == null || off < 0 || len < 2 || len > b.length - off) {
            return null;
        }
        int b0 = b[off] & 0xff;
        int type = b0 >> 4;
        int flags = b0 & 0x0f;
        int end = off + len;
        int p = off + 1;
        int rem = 0;
        for (int shift = 0; ; shift += 7) {
            if (shift > 21 || p >= end) {
                return null;
            }
            int d = b[p++] & 0xff;
            rem |= (d & 0x7f) << shift;
            if ((d & 0x80) == 0) {
                break;
            }
        }
        if (rem != end - p) {
            return null; // truncated or followed by other bytes: the general decoding says so
        }
        if (type == MqttPacket.PUBLISH) {
            int qos = (flags >> 1) & 3;
            if (qos == 3 || (qos == 0 && (flags & 8) != 0) || end - p < 2) {
                return null;
            }
            int tl = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
            p += 2;
            if (tl == 0 || tl > end - p) {
                return null;
            }
            int d = dir.index();
            String topic = cachedTopic(d, b, p, tl);
            if (topic == null) {
                return null;
            }
            p += tl;
            int id = -1;
            if (qos > 0) {
                if (end - p < 2) {
                    return null;
                }
                id = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
                if (id == 0) {
                    return null;
                }
            }
            return new MqttPacket(MqttPacket.PUBLISH, flags, len, null, MqttPacket.INFO_PUBLISH, null, topic,
                    cachedBytes(d), id, qos, -1);
        }
        if (type >= MqttPacket.PUBACK && type <= MqttPacket.PUBCOMP) {
            if (flags != (type == MqttPacket.PUBREL ? 2 : 0) || rem != 2) {
                return null;
            }
            int id = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
            if (id == 0) {
                return null;
            }
            return new MqttPacket(type, flags, len, null, MqttPacket.INFO_ID, null, null, null, id, -1, -1);
        }
        return null;
    }
}
