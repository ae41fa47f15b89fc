package org.layerscope.dissect.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decoder over the committed fixtures (real bytes from the captures in sample-pcaps/ and from
 * synthetic-exchange.py), compared field by field with what tshark 4.0.17 decoded from the same bytes.
 * Needs no tshark at test time.
 */
class MqttCaptureFixturesTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mqtt-plain-311", "mqtt-plain-5", "synthetic-311", "synthetic-5"})
    void plaintextFixturesMatchTshark(String name) {
        List<MqttFixtures.Row> rows = MqttFixtures.readTsv(name + ".tsv");
        List<MqttFixtures.Decoded> decoded = MqttFixtures.decode(MqttFixtures.chunks(rows));
        // the synthetic exchanges hold packets that deserve expert items (AUTH in MQTT 3.1.1, refusals)
        int compared = MqttFixtures.assertMatchesTshark(name, decoded, MqttFixtures.expected(rows),
                !name.startsWith("synthetic"));
        assertTrue(compared >= 10, name + ": compared only " + compared + " packets");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mqtt-tls12-mutual", "mqtt-tls13-mutual"})
    void decryptedTlsFixturesMatchTshark(String name) throws IOException {
        List<MqttFixtures.Row> rows = MqttFixtures.readTsv(name + ".tsv");
        String follow = Files.readString(MqttFixtures.resources().resolve(name + ".follow.txt"), StandardCharsets.UTF_8);
        List<MqttFixtures.Decoded> decoded = MqttFixtures.decode(MqttFixtures.followChunks(follow));
        assertEquals(5, MqttFixtures.assertMatchesTshark(name, decoded, MqttFixtures.expected(rows)));
        MqttPacket connect = decoded.get(0).packet();
        assertEquals("basicPubSub", connect.clientId());
        MqttPacket publish = decoded.stream().filter(d -> d.packet().type() == MqttPacket.PUBLISH).findFirst()
                .orElseThrow().packet();
        assertEquals("Publish Message (id=1) [sdk/test/python]", publish.info());
        assertEquals("\"test message\"", decoded.stream().filter(d -> d.packet().type() == MqttPacket.PUBLISH)
                .findFirst().orElseThrow().tree().find("mqtt.msg_text").value());
    }

    /** The fixtures hold every packet type mosquitto sends, and the synthetic ones the rest. */
    @Test
    void fixturesCoverEveryPacketType() {
        Set<Integer> seen = new TreeSet<>();
        for (String name : List.of("mqtt-plain-311", "mqtt-plain-5", "synthetic-311", "synthetic-5")) {
            List<MqttFixtures.Row> rows = MqttFixtures.readTsv(name + ".tsv");
            seen.addAll(MqttFixtures.decode(MqttFixtures.chunks(rows)).stream().map(d -> d.packet().type())
                    .collect(Collectors.toSet()));
        }
        assertEquals(new TreeSet<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)), seen);
    }
}
