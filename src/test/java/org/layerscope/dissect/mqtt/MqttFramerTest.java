package org.layerscope.dissect.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MqttFramerTest {

    /** Boundaries of the variable byte integer (spec table 1.5.5-1). */
    @ParameterizedTest(name = "remaining length {0} in {1} bytes")
    @CsvSource({"0,1", "127,1", "128,2", "16383,2", "16384,3", "2097151,3", "2097152,4", "268435455,4"})
    void variableByteIntegerBoundaries(int remaining, int size) {
        byte[] vbi = MqttBytes.vbiBytes(remaining);
        assertEquals(size, vbi.length);
        byte[] b = new byte[1 + vbi.length];
        b[0] = 0x30;
        System.arraycopy(vbi, 0, b, 1, vbi.length);
        assertEquals(1 + size + remaining, MqttFramer.probe(b, 0, b.length));
        assertEquals(size, MqttFramer.remainingLengthSize(b, 0, b.length));
        for (int cut = 0; cut < b.length; cut++) {
            assertEquals(MqttFramer.NEED_MORE, MqttFramer.probe(b, 0, cut), "cut at " + cut);
        }
    }

    @Test
    void probeAtAnOffsetAndWithLessThanTheWholePacket() {
        byte[] b = {0x55, 0x55, (byte) 0xc0, 0x00, (byte) 0xd0, 0x00, 0x32, 0x05, 0, 1, 't', 0, 1};
        assertEquals(2, MqttFramer.probe(b, 2, b.length - 2));
        assertEquals(2, MqttFramer.probe(b, 4, 2));
        assertEquals(7, MqttFramer.probe(b, 6, 3)); // whole length known before the body is there
    }

    @Test
    void notMqtt() {
        assertEquals(MqttFramer.NOT_MQTT, MqttFramer.probe(new byte[] {0x00, 0x00}, 0, 2));
        assertEquals(MqttFramer.NOT_MQTT, MqttFramer.probe(new byte[] {0x0f}, 0, 1)); // type 0 is known from 1 byte
        byte[] fiveByteLength = {0x30, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
        assertEquals(MqttFramer.NOT_MQTT, MqttFramer.probe(fiveByteLength, 0, fiveByteLength.length));
    }

    @Test
    void badArgumentsNeverThrow() {
        byte[] b = {0x30, 0x00};
        assertEquals(MqttFramer.NOT_MQTT, MqttFramer.probe(null, 0, 2));
        assertEquals(MqttFramer.NOT_MQTT, MqttFramer.probe(b, -1, 2));
        assertEquals(MqttFramer.NOT_MQTT, MqttFramer.probe(b, 3, 0));
        assertEquals(MqttFramer.NOT_MQTT, MqttFramer.probe(b, 0, -5));
        assertEquals(MqttFramer.NEED_MORE, MqttFramer.probe(b, 2, 0));
        assertEquals(2, MqttFramer.probe(b, 0, 100)); // len past the array is cut to the array
        assertEquals(MqttFramer.NEED_MORE, MqttFramer.probe(new byte[0], 0, 0));
        assertFalse(MqttFramer.startsWithConnect(null, 0, 10));
        assertFalse(MqttFramer.startsWithConnect(b, 5, 10));
    }

    @Test
    void randomBytesNeverThrow() {
        Random rnd = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[rnd.nextInt(8)];
            rnd.nextBytes(b);
            int off = b.length == 0 ? 0 : rnd.nextInt(b.length);
            int r = MqttFramer.probe(b, off, b.length - off);
            assertTrue(r == MqttFramer.NEED_MORE || r == MqttFramer.NOT_MQTT || r >= 2);
            MqttFramer.startsWithConnect(b, off, b.length - off);
        }
    }

    @ParameterizedTest(name = "level {0}")
    @ValueSource(ints = {3, 4, 5})
    void connectIsRecognisedAtEveryPrefixLength(int level) {
        byte[] c = MqttBytes.connect(level, "client-1");
        for (int n = 2; n <= c.length; n++) {
            assertTrue(MqttFramer.startsWithConnect(c, 0, n), "prefix of " + n + " bytes");
        }
        assertFalse(MqttFramer.startsWithConnect(c, 0, 1), "one byte is too little to tell");
    }

    @Test
    void realConnectFromTheCaptures() {
        byte[] c = MqttFixtures.hex("101700044d5154540402003c000b6261736963507562537562");
        assertTrue(MqttFramer.startsWithConnect(c, 0, c.length));
        byte[] withBridgeBit = c.clone();
        withBridgeBit[8] = (byte) 0x84;
        assertTrue(MqttFramer.startsWithConnect(withBridgeBit, 0, c.length));
    }

    @Test
    void otherProtocolsAndBadConnectsAreNotConnect() {
        byte[] http = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] tlsHello = {0x16, 0x03, 0x01, 0x00, (byte) 0xc8, 0x01};
        assertFalse(MqttFramer.startsWithConnect(http, 0, http.length));
        assertFalse(MqttFramer.startsWithConnect(tlsHello, 0, tlsHello.length));

        byte[] c = MqttBytes.connect(4, "x");
        assertFalse(MqttFramer.startsWithConnect(patch(c, 0, 0x12), 0, c.length), "flags must be 0");
        assertFalse(MqttFramer.startsWithConnect(patch(c, 7, 'X'), 0, c.length), "name MQTX");
        assertFalse(MqttFramer.startsWithConnect(patch(c, 8, 3), 0, c.length), "MQTT with level 3");
        assertFalse(MqttFramer.startsWithConnect(patch(c, 8, 6), 0, c.length), "level 6");
        assertFalse(MqttFramer.startsWithConnect(patch(c, 9, 0x03), 0, c.length), "reserved connect flag");
        assertFalse(MqttFramer.startsWithConnect(patch(c, 3, 5), 0, c.length), "name length 5");
        assertFalse(MqttFramer.startsWithConnect(new byte[] {0x10, 0x02, 0x00, 0x04}, 0, 4), "too short");
        byte[] mqisdp = MqttBytes.connect(3, "x");
        assertFalse(MqttFramer.startsWithConnect(patch(mqisdp, 10, 4), 0, mqisdp.length), "MQIsdp with level 4");
    }

    private static byte[] patch(byte[] b, int at, int v) {
        byte[] c = Arrays.copyOf(b, b.length);
        c[at] = (byte) v;
        return c;
    }
}
