package org.layerscope.dissect.mqtt;

/**
 * Length probe for MQTT control packets: never throws, never moves a cursor.
 *
 * <p>STUB: the real implementation replaces this file.
 */
public final class MqttFramer {
    /** Not enough bytes to read the fixed header. */
    public static final int NEED_MORE = -1;
    /** The bytes cannot start an MQTT packet (type 0, or a remaining length over 4 bytes). */
    public static final int NOT_MQTT = -2;

    private MqttFramer() {
    }

    /** Whole packet length (fixed header + remaining length), {@link #NEED_MORE} or {@link #NOT_MQTT}. */
    public static int probe(byte[] b, int off, int len) {
        if (len < 2) {
            return NEED_MORE;
        }
        if ((b[off] & 0xf0) == 0) {
            return NOT_MQTT;
        }
        int value = 0;
        int mult = 1;
        for (int i = 1; i <= 4; i++) {
            if (i >= len) {
                return NEED_MORE;
            }
            int d = b[off + i] & 0xff;
            value += (d & 0x7f) * mult;
            if ((d & 0x80) == 0) {
                return 1 + i + value;
            }
            mult *= 128;
        }
        return NOT_MQTT;
    }

    /** True when the bytes start an MQTT CONNECT packet (type 1, protocol name "MQTT" or "MQIsdp"). */
    public static boolean startsWithConnect(byte[] b, int off, int len) {
        return len >= 2 && (b[off] & 0xff) == 0x10;
    }
}
