package org.layerscope.dissect.mqtt;

/**
 * What the pipeline needs to know of one MQTT control packet once it is decoded.
 *
 * @param type       control packet type 1..15 (as tshark's {@code mqtt.msgtype})
 * @param flags      the low nibble of the fixed header
 * @param length     whole packet length (fixed header included)
 * @param info       Wireshark-like summary ("Connect Command", "Connect Ack", "Publish Message
 *                   (id=1) [sdk/test/python]", "Publish Ack (id=1)", "Disconnect Req")
 * @param clientId   CONNECT's client identifier, else null
 * @param topic      PUBLISH topic, else null
 * @param packetId   packet identifier, or -1
 * @param qos        PUBLISH QoS, or -1
 * @param returnCode CONNACK return code / reason code, PUBACK reason code (MQTT 5), or -1
 */
public record MqttPacket(int type, int flags, int length, String info, String clientId, String topic,
                         int packetId, int qos, int returnCode) {
    public static final int CONNECT = 1;
    public static final int CONNACK = 2;
    public static final int PUBLISH = 3;
    public static final int PUBACK = 4;
    public static final int PUBREC = 5;
    public static final int PUBREL = 6;
    public static final int PUBCOMP = 7;
    public static final int SUBSCRIBE = 8;
    public static final int SUBACK = 9;
    public static final int UNSUBSCRIBE = 10;
    public static final int UNSUBACK = 11;
    public static final int PINGREQ = 12;
    public static final int PINGRESP = 13;
    public static final int DISCONNECT = 14;
    public static final int AUTH = 15;
}
