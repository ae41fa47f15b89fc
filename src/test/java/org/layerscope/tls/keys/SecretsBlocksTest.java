package org.layerscope.tls.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.layerscope.model.Direction;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.pcapio.DecryptionSecrets;
import org.layerscope.pcapio.PcapngWriter;
import org.layerscope.testutil.Tools;

class SecretsBlocksTest {
    private static final String R1 = "ab".repeat(32);
    private static final String R2 = "cd".repeat(32);
    private static final String MASTER = "11".repeat(48);

    private static DecryptionSecrets tlsBlock(String text) {
        return new DecryptionSecrets(DecryptionSecrets.TLS_KEY_LOG, text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void readsTlsKeyLogBlocksAndSkipsOthers() {
        KeyLog log = new KeyLog();
        KeyLog.ReadResult r = SecretsBlocks.addTo(log, List.of(
                tlsBlock("# first\nCLIENT_RANDOM " + R1 + " " + MASTER + "\n"),
                new DecryptionSecrets(0x57474b4c /* WireGuard */, "CLIENT_RANDOM x y".getBytes(StandardCharsets.US_ASCII)),
                tlsBlock("CLIENT_RANDOM " + R2 + " " + MASTER + "\r\nnonsense\n")));
        assertEquals(2, log.sessionCount());
        assertEquals(2, r.secrets());
        assertEquals(1, r.bad());
        assertEquals(4, r.lines());
        assertEquals(2, SecretsBlocks.toKeyLog(List.of(tlsBlock("CLIENT_RANDOM " + R1 + " " + MASTER),
                tlsBlock("CLIENT_RANDOM " + R2 + " " + MASTER))).sessionCount());
    }

    @Test
    void embedsOnlyTheSessionsOfTheCapture() {
        KeyLog log = KeyLog.parse("CLIENT_RANDOM " + R1 + " " + MASTER + "\nCLIENT_RANDOM " + R2 + " " + MASTER);
        DecryptionSecrets dsb = SecretsBlocks.forClientRandoms(log, List.of(Hex.decode(R2))).orElseThrow();
        assertEquals(DecryptionSecrets.TLS_KEY_LOG, dsb.secretsType());
        assertEquals("CLIENT_RANDOM " + R2 + " " + MASTER + "\n", new String(dsb.data(), StandardCharsets.US_ASCII));
        assertEquals(Optional.empty(), SecretsBlocks.forClientRandoms(log, List.of(Hex.decode("ef".repeat(32)))));
        assertEquals(2, KeyLog.parse(new String(SecretsBlocks.of(log).orElseThrow().data(),
                StandardCharsets.US_ASCII)).sessionCount());
        assertEquals(Optional.empty(), SecretsBlocks.of(new KeyLog()));
    }

    @Test
    void findsTheClientRandomAtTheStartOfAPayload() {
        byte[] random = Hex.decode(R1);
        byte[] hello = Messages.clientHello(random, false, 0x0304, 0x0303);
        byte[] record = new byte[5 + hello.length];
        record[0] = 22;
        record[1] = 3;
        record[2] = 1;
        record[3] = (byte) (hello.length >> 8);
        record[4] = (byte) hello.length;
        System.arraycopy(hello, 0, record, 5, hello.length);
        assertArrayEquals(random, SecretsBlocks.clientHelloRandom(record, 0, record.length));
        assertArrayEquals(random, SecretsBlocks.clientHelloRandom(record, 0, 43)); // first segment only
        assertNull(SecretsBlocks.clientHelloRandom(record, 0, 42));
        assertNull(SecretsBlocks.clientHelloRandom(record, 1, record.length - 1));
        record[5] = 2;
        assertNull(SecretsBlocks.clientHelloRandom(record, 0, record.length), "a ServerHello");
        assertNull(SecretsBlocks.clientHelloRandom(null, 0, 0));
    }

    /**
     * {@code convert IN OUT.pcapng --keylog FILE --embed-secrets} in a few lines: the client randoms of the capture,
     * a minimal Decryption Secrets Block first, then the frames. tshark must then decrypt the MQTT inside without
     * any key option; without the block it must not.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"sample-pcaps/mqtt-tls12-mutual.pcapng, sample-pcaps/mqtt-tls12-mutual.keylog",
                "sample-pcaps/mqtt-tls13-mutual.pcapng, sample-pcaps/mqtt-tls13-mutual.keylog"})
    void embeddedSecretsLetTsharkDecrypt(String capture, String keys, @TempDir Path dir) throws IOException {
        Path in = CaptureDecryptionTest.file(capture, "capture");
        KeyLog keyLog = KeyLog.read(CaptureDecryptionTest.file(keys, "key log"));
        keyLog.addAll(KeyLog.parse("CLIENT_RANDOM " + R1 + " " + MASTER)); // another session: must stay out

        List<byte[]> randoms = new ArrayList<>();
        TcpStreams.read(in, (frame, conn, dir1, data) -> {
            byte[] r = dir1 == Direction.CLIENT_TO_SERVER ? SecretsBlocks.clientHelloRandom(data, 0, data.length) : null;
            if (r != null) {
                randoms.add(r);
            }
        });
        assertEquals(1, randoms.size());
        DecryptionSecrets dsb = SecretsBlocks.forClientRandoms(keyLog, randoms).orElseThrow();
        String embedded = new String(dsb.data(), StandardCharsets.US_ASCII);
        assertFalse(embedded.contains(R1), "an unrelated session was embedded");
        assertFalse(embedded.contains("EXPORTER"), "only what decryption needs is embedded");

        Path with = dir.resolve("with-secrets.pcapng");
        Path without = dir.resolve("without-secrets.pcapng");
        copy(in, with, dsb);
        copy(in, without, null);

        try (CaptureReader reader = CaptureFiles.open(with)) {
            while (reader.next() != null) {
                // read to the end
            }
            assertEquals(1, reader.secrets().size());
            assertArrayEquals(dsb.data(), reader.secrets().get(0).data());
        }
        TlsHarness h = TlsHarness.run(with, new KeyLog()); // the file alone decrypts
        assertEquals(h.encryptedRecords(), h.decryptedRecords());
        assertTrue(h.decryptedRecords() > 0);

        Tools.require("tshark");
        assertEquals(List.of("1", "2", "3", "4", "14"), mqttTypes(with, dir));
        assertEquals(List.of(), mqttTypes(without, dir));
    }

    private static void copy(Path in, Path out, DecryptionSecrets dsb) throws IOException {
        try (CaptureReader reader = CaptureFiles.open(in); PcapngWriter writer = PcapngWriter.create(out)) {
            if (dsb != null) {
                writer.writeSecrets(dsb);
            }
            RawFrame f;
            while ((f = reader.next()) != null) {
                writer.writeFrame(f);
            }
        }
    }

    /** tshark's mqtt.msgtype values in frame order, with an empty profile and no key option. */
    private static List<String> mqttTypes(Path capture, Path dir) throws IOException {
        Path profile = Files.createDirectories(dir.resolve("wireshark-profile-" + capture.getFileName()));
        Tools.Result r = Tools.run(List.of("tshark", "-n", "-2", "-r", capture.toString(), "-T", "fields",
                "-E", "occurrence=a", "-E", "aggregator=,", "-e", "mqtt.msgtype"),
                Map.of("WIRESHARK_CONFIG_DIR", profile.toString()), Duration.ofSeconds(120)).requireSuccess();
        List<String> types = new ArrayList<>();
        for (String line : r.lines()) {
            if (!line.isBlank()) {
                types.addAll(List.of(line.trim().split(",")));
            }
        }
        return types;
    }
}
