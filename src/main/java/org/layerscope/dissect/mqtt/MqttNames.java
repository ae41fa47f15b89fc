package org.layerscope.dissect.mqtt;

/**
 * Names of MQTT values as people read them (packet types as in tshark's Info column, QoS levels,
 * return and reason codes from the MQTT 3.1.1 and 5.0 specifications).
 */
public final class MqttNames {
    private MqttNames() {
    }

    private static final String[] TYPES = {
        "Reserved", "Connect Command", "Connect Ack", "Publish Message", "Publish Ack", "Publish Received",
        "Publish Release", "Publish Complete", "Subscribe Request", "Subscribe Ack", "Unsubscribe Request",
        "Unsubscribe Ack", "Ping Request", "Ping Response", "Disconnect Req", "Authentication Exchange",
    };

    private static final String[] QOS = {
        "At most once delivery (Fire and Forget)", "At least once delivery (Acknowledged deliver)",
        "Exactly once delivery (Assured Delivery)", "Reserved",
    };

    private static final String[] CONNACK_311 = {
        "Connection Accepted", "Connection Refused: unacceptable protocol version",
        "Connection Refused: identifier rejected", "Connection Refused: server unavailable",
        "Connection Refused: bad user name or password", "Connection Refused: not authorized",
    };

    private static final String[] REASON = new String[256];

    static {
        REASON[0x00] = "Success";
        REASON[0x01] = "Granted QoS 1";
        REASON[0x02] = "Granted QoS 2";
        REASON[0x04] = "Disconnect with Will Message";
        REASON[0x10] = "No matching subscribers";
        REASON[0x11] = "No subscription existed";
        REASON[0x18] = "Continue authentication";
        REASON[0x19] = "Re-authenticate";
        REASON[0x80] = "Unspecified error";
        REASON[0x81] = "Malformed Packet";
        REASON[0x82] = "Protocol Error";
        REASON[0x83] = "Implementation specific error";
        REASON[0x84] = "Unsupported Protocol Version";
        REASON[0x85] = "Client Identifier not valid";
        REASON[0x86] = "Bad User Name or Password";
        REASON[0x87] = "Not authorized";
        REASON[0x88] = "Server unavailable";
        REASON[0x89] = "Server busy";
        REASON[0x8A] = "Banned";
        REASON[0x8B] = "Server shutting down";
        REASON[0x8C] = "Bad authentication method";
        REASON[0x8D] = "Keep Alive timeout";
        REASON[0x8E] = "Session taken over";
        REASON[0x8F] = "Topic Filter invalid";
        REASON[0x90] = "Topic Name invalid";
        REASON[0x91] = "Packet Identifier in use";
        REASON[0x92] = "Packet Identifier not found";
        REASON[0x93] = "Receive Maximum exceeded";
        REASON[0x94] = "Topic Alias invalid";
        REASON[0x95] = "Packet too large";
        REASON[0x96] = "Message rate too high";
        REASON[0x97] = "Quota exceeded";
        REASON[0x98] = "Administrative action";
        REASON[0x99] = "Payload format invalid";
        REASON[0x9A] = "Retain not supported";
        REASON[0x9B] = "QoS not supported";
        REASON[0x9C] = "Use another server";
        REASON[0x9D] = "Server moved";
        REASON[0x9E] = "Shared Subscriptions not supported";
        REASON[0x9F] = "Connection rate exceeded";
        REASON[0xA0] = "Maximum connect time";
        REASON[0xA1] = "Subscription Identifiers not supported";
        REASON[0xA2] = "Wildcard Subscriptions not supported";
    }

    /** tshark's name of a control packet type ("Connect Command" ... "Authentication Exchange"). */
    public static String type(int type) {
        return type >= 0 && type < TYPES.length ? TYPES[type] : "Unknown";
    }

    public static String qos(int qos) {
        return qos >= 0 && qos < QOS.length ? QOS[qos] : "Unknown";
    }

    /** "MQTT v3.1", "MQTT v3.1.1", "MQTT v5.0" for levels 3, 4, 5. */
    public static String version(int level) {
        return switch (level & 0x7f) {
            case 3 -> "MQTT v3.1";
            case 4 -> "MQTT v3.1.1";
            case 5 -> "MQTT v5.0";
            default -> "Unknown";
        };
    }

    /** MQTT 3.1 / 3.1.1 CONNACK return code name. */
    public static String connackReturnCode(int code) {
        return code >= 0 && code < CONNACK_311.length ? CONNACK_311[code] : "Unknown";
    }

    /** MQTT 3.1.1 SUBACK return code name. */
    public static String subackReturnCode(int code) {
        return switch (code) {
            case 0, 1, 2 -> "Granted " + QOS[code];
            case 0x80 -> "Failure";
            default -> "Unknown";
        };
    }

    /** Whether a reason code is defined by MQTT 5 at all (for any packet). */
    public static boolean isReasonCode(int code) {
        return code >= 0 && code < 256 && REASON[code] != null;
    }

    /**
     * MQTT 5 reason code name as used in a packet of {@code type} (0x00 is "Normal disconnection" in
     * DISCONNECT and "Granted QoS 0" in SUBACK; "Success" elsewhere).
     */
    public static String reasonCode(int type, int code) {
        if (code == 0x00) {
            if (type == MqttPacket.DISCONNECT) {
                return "Normal disconnection";
            }
            if (type == MqttPacket.SUBACK) {
                return "Granted QoS 0";
            }
        }
        String name = code >= 0 && code < 256 ? REASON[code] : null;
        return name != null ? name : "Unknown";
    }

    /** Whether MQTT 5 allows reason code {@code code} in a packet of {@code type}. */
    public static boolean reasonAllowed(int type, int code) {
        if (!isReasonCode(code)) {
            return false;
        }
        return switch (type) {
            case MqttPacket.CONNACK -> in(code, 0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
                    0x8A, 0x8C, 0x90, 0x95, 0x97, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9F);
            case MqttPacket.PUBACK, MqttPacket.PUBREC -> in(code, 0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99);
            case MqttPacket.PUBREL, MqttPacket.PUBCOMP -> in(code, 0x00, 0x92);
            case MqttPacket.SUBACK -> in(code, 0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2);
            case MqttPacket.UNSUBACK -> in(code, 0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91);
            case MqttPacket.DISCONNECT -> in(code, 0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8B, 0x8D, 0x8E,
                    0x8F, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1,
                    0xA2);
            case MqttPacket.AUTH -> in(code, 0x00, 0x18, 0x19);
            default -> true;
        };
    }

    private static boolean in(int code, int... allowed) {
        for (int a : allowed) {
            if (a == code) {
                return true;
            }
        }
        return false;
    }
}
