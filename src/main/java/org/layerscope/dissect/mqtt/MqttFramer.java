package org.layerscope.dissect.mqtt;

/**
 * Length probe for MQTT control packets: never throws, never moves a cursor.
 *
 * <p>An MQTT control packet is a fixed header (one byte of type and flags, then the remaining length
 * as a variable byte integer of 1..4 bytes) followed by that many bytes. {@link #probe} answers "how
 * long is the packet that starts here?" so the TCP layer can cut a stream into packets, like
 * Wireshark's {@code tcp_dissect_pdus}. {@link #startsWithConnect} lets the pipeline recognise MQTT on
 * a port that is not 1883 from the first bytes a client sends.
 */
public final class MqttFramer {
    /** Not enough bytes to read the fixed header. */
    public static final int NEED_MORE = -1;
    /** The bytes cannot start an MQTT packet (type 0, or a remaining length over 4 bytes). */
    public static final int NOT_MQTT = -2;

    /** Largest remaining length a 4-byte variable byte integer can carry (268,435,455). */
    public static final int MAX_REMAINING_LENGTH = 0x0FFF_FFFF;

    private MqttFramer() {
    }

    /**
     * Whole packet length (fixed header + remaining length), {@link #NEED_MORE} or {@link #NOT_MQTT}.
     * Bad arguments (null array, offsets outside it) give {@link #NOT_MQTT}; a {@code len} beyond the
     * array is cut to the array.
     */
    public static int probe(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < 0 || off > b.length) {
            return NOT_MQTT;
        }
        int avail = Math.min(len, b.length - off);
        if (avail < 1) {
            return NEED_MORE;
        }
        if ((b[off] & 0xf0) == 0) {
            return NOT_MQTT;
        }
        int value = 0;
        int shift = 0;
        for (int i = 1; i <= 4; i++) {
            if (i >= avail) {
                return NEED_MORE;
            }
            int d = b[off + i] & 0xff;
            value |= (d & 0x7f) << shift;
            if ((d & 0x80) == 0) {
                return 1 + i + value;
            }
            shift += 7;
        }
        return NOT_MQTT;
    }

    /**
     * Number of bytes of the remaining-length field (1..4) of the packet at {@code off}, or
     * {@link #NEED_MORE} / {@link #NOT_MQTT} as {@link #probe} would answer.
     */
    public static int remainingLengthSize(byte[] b, int off, int len) {
        int whole = probe(b, off, len);
        if (whole < 0) {
            return whole;
        }
        int i = 1;
        while ((b[off + i] & 0x80) != 0) {
            i++;
        }
        return i;
    }

    /**
     * True when the bytes start an MQTT CONNECT packet: first byte {@code 0x10}, protocol name "MQTT"
     * (level 4 or 5) or "MQIsdp" (level 3), a remaining length long enough for a CONNECT and the
     * reserved connect flag clear. Only the bytes present are checked (at least the first two must be);
     * a level with the bridge bit (0x80, set by mosquitto bridges) is accepted.
     */
    public static boolean startsWithConnect(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < 0 || off > b.length) {
            return false;
        }
        int end = off + Math.min(len, b.length - off);
        if (end - off < 2 || (b[off] & 0xff) != 0x10) {
            return false;
        }
        // remaining length, as far as it goes
        int p = off + 1;
        int remaining = 0;
        int shift = 0;
        boolean complete = false;
        for (int i = 0; i < 4 && p < end; i++) {
            int d = b[p++] & 0xff;
            remaining |= (d & 0x7f) << shift;
            shift += 7;
            if ((d & 0x80) == 0) {
                complete = true;
                break;
            }
        }
        if (!complete) {
            // four continuation bytes: not a length; fewer: can't tell yet
            return p - off - 1 < 4;
        }
        if (remaining < 10) { // 2 + "MQTT" + level + flags + keep alive is the least a CONNECT holds
            return false;
        }
        if (p >= end) {
            return true;
        }
        if ((b[p] & 0xff) != 0) { // protocol name length high byte
            return false;
        }
        if (++p >= end) {
            return true;
        }
        int nameLen = b[p++] & 0xff;
        final String name;
        if (nameLen == 4) {
            name = "MQTT";
        } else if (nameLen == 6) {
            name = "MQIsdp";
        } else {
            return false;
        }
        if (remaining < 2 + nameLen + 4) {
            return false;
        }
        for (int i = 0; i < nameLen; i++, p++) {
            if (p >= end) {
                return true;
            }
            if ((b[p] & 0xff) != name.charAt(i)) {
                return false;
            }
        }
        if (p >= end) {
            return true;
        }
        int level = b[p++] & 0x7f;
        boolean levelOk = nameLen == 4 ? (level == 4 || level == 5) : level == 3;
        if (!levelOk) {
            return false;
        }
        if (p >= end) {
            return true;
        }
        return (b[p] & 0x01) == 0; // reserved connect flag
    }
}
