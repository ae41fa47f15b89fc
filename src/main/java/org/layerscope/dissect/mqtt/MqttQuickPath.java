package org.layerscope.dissect.mqtt;

import java.util.Arrays;
import org.layerscope.model.Direction;

/**
 * The bulk of a plain MQTT capture decoded without a field tree: well-formed MQTT 3.1/3.1.1 PUBLISH packets on a
 * topic their direction used before, and PUBACK, PUBREC, PUBREL and PUBCOMP. Gives the same {@link MqttPacket} as
 * the general decoding, which has no expert item for them; anything else (another packet type, MQTT 5, a new
 * topic, a flag or length the general decoding would warn about) is left to it. Also keeps the topic cache of one
 * connection: the last topic of each direction that decoded without a warning, with its bytes.
 */
final class MqttQuickPath {
    private final String[] lastTopic = new String[2];
    private final byte[][] lastTopicBytes = new byte[2][];

    /** The topic last kept for direction {@code d} when its bytes are {@code b[at..at+tl)}, else null. */
    String cachedTopic(int d, byte[] b, int at, int tl) {
        byte[] last = lastTopicBytes[d];
        return last != null && last.length == tl && Arrays.equals(last, 0, tl, b, at, at + tl) ? lastTopic[d] : null;
    }

    /** The bytes of the topic last kept for direction {@code d} (shared, never modified). */
    byte[] cachedBytes(int d) {
        return lastTopicBytes[d];
    }

    /**
     * Keeps a topic that decoded without a warning (valid UTF-8 without U+0000, so its bytes are its UTF-8
     * encoding) and has no wildcard; returns its bytes, or null when it is not kept.
     */
    byte[] keep(int d, byte[] b, int at, int tl, String topic) {
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            return null; // the general decoding warns about it every time
        }
        byte[] copy = Arrays.copyOfRange(b, at, at + tl);
        lastTopicBytes[d] = copy;
        lastTopic[d] = topic;
        return copy;
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
                    lastTopicBytes[d], id, qos, -1);
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
