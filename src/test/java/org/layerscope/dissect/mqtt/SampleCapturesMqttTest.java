package org.layerscope.dissect.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sample captures of sample-pcaps/ as they are now, read by tshark at test time: each TCP
 * direction's payload bytes, in order, go through MqttFramer + MqttDecoder, and the packet types must
 * equal tshark's {@code mqtt.msgtype} sequence for that direction (then every field is compared too).
 * Skips when tshark is missing, fails then under LAYERSCOPE_REQUIRE_ALL=true.
 */
class SampleCapturesMqttTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mqtt-plain-311.pcapng", "mqtt-plain-5.pcapng"})
    void plaintextSampleMatchesTshark(String file) {
        Path capture = MqttFixtures.samples().resolve(file);
        assertTrue(Files.isRegularFile(capture), "missing " + capture + " (sample-pcaps/make-samples.sh makes it)");
        List<MqttFixtures.Row> rows = MqttFixtures.tsharkTsv(capture, "tcp.len > 0");
        assertFalse(rows.isEmpty(), "tshark found no TCP payload in " + file);
        List<MqttFixtures.Decoded> decoded = MqttFixtures.decode(MqttFixtures.chunks(rows));
        List<MqttFixtures.Expected> expected = MqttFixtures.expected(rows);

        Map<String, List<Integer>> tshark = MqttFixtures.expectedTypeSequences(expected);
        assertTrue(tshark.size() >= 10, file + ": expected several connections, tshark saw " + tshark.keySet());
        assertEquals(tshark, MqttFixtures.typeSequences(decoded), file + ": packet types per stream direction");
        MqttFixtures.assertMatchesTshark(file, decoded, expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mqtt-tls12-mutual", "mqtt-tls13-mutual"})
    void decryptedTlsSampleMatchesTshark(String name) {
        Path capture = MqttFixtures.samples().resolve(name + ".pcapng");
        Path keys = MqttFixtures.samples().resolve(name + ".keylog");
        assertTrue(Files.isRegularFile(capture) && Files.isRegularFile(keys), "missing " + capture + " or its key log");
        String keylog = "tls.keylog_file:" + keys;
        List<MqttFixtures.Row> rows = MqttFixtures.tsharkTsv(capture, "mqtt", "-o", keylog);
        String follow = Tshark.run(List.of("-n", "-r", capture.toString(), "-o", keylog, "-q", "-z", "follow,tls,raw,0"));
        List<MqttFixtures.Decoded> decoded = MqttFixtures.decode(MqttFixtures.followChunks(follow));
        assertEquals(List.of(1, 3, 14), MqttFixtures.typeSequences(decoded).get("stream 0 CLIENT_TO_SERVER"));
        assertEquals(5, MqttFixtures.assertMatchesTshark(name, decoded, MqttFixtures.expected(rows)));
    }
}
