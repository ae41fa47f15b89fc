package org.layerscope.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.pcapio.DecryptionSecrets;
import org.layerscope.testutil.Tools;
import org.layerscope.tls.keys.KeyLog;
import org.layerscope.tls.keys.SecretsBlocks;

/** Embedding secrets in a saved capture (no live capture needed): the sample TLS 1.2 capture and its key log. */
class CaptureSecretsTest {
    @TempDir
    Path dir;

    record Read(List<RawFrame> frames, List<DecryptionSecrets> secrets, int secretsBeforeFirstFrame,
                List<String> comments) {
    }

    static Read read(Path file) throws IOException {
        try (CaptureReader r = CaptureFiles.open(file)) {
            List<RawFrame> frames = new ArrayList<>();
            RawFrame f = r.next();
            int before = r.secrets().size();
            for (; f != null; f = r.next()) {
                frames.add(f);
            }
            return new Read(frames, List.copyOf(r.secrets()), before, List.copyOf(r.sectionComments()));
        }
    }

    @Test
    void embedsBeforeTheFirstPacketAndKeepsEverythingElse() throws Exception {
        Path sample = Tools.repoRoot().resolve("sample-pcaps/mqtt-tls12-mutual.pcapng");
        KeyLog keys = KeyLog.read(Tools.repoRoot().resolve("sample-pcaps/mqtt-tls12-mutual.keylog"));
        Path out = dir.resolve("with-secrets.pcapng");
        assertEquals(1, CaptureSecrets.embed(sample, out, keys));
        Read original = read(sample);
        Read embedded = read(out);
        assertEquals(1, embedded.secrets().size());
        assertEquals(1, embedded.secretsBeforeFirstFrame(), "applies to every packet");
        assertEquals(keys.toNssText(), SecretsBlocks.toKeyLog(embedded.secrets()).toNssText());
        assertEquals(original.comments(), embedded.comments());
        assertEquals(original.frames().size(), embedded.frames().size());
        for (int i = 0; i < original.frames().size(); i++) {
            RawFrame a = original.frames().get(i);
            RawFrame b = embedded.frames().get(i);
            assertArrayEquals(a.data(), b.data());
            assertEquals(a.timestampNanos(), b.timestampNanos());
            assertEquals(a.originalLength(), b.originalLength());
            assertEquals(a.comments(), b.comments());
        }
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(out));
        List<String> types = Tools.run(Tools.require("tshark").toString(), "-r", out.toString(), "-2", "-T",
                "fields", "-e", "mqtt.msgtype").requireSuccess().lines().stream().filter(l -> !l.isBlank()).toList();
        assertEquals(List.of("1", "2", "3", "4", "14"), types, "tshark decrypts it without a key log");
    }

    @Test
    void inPlaceAndNothingToEmbed() throws Exception {
        Path file = dir.resolve("capture.pcapng");
        Files.copy(Tools.repoRoot().resolve("sample-pcaps/mqtt-tls12-mutual.pcapng"), file);
        byte[] before = Files.readAllBytes(file);
        assertEquals(0, CaptureSecrets.embed(file, file, new KeyLog()));
        assertArrayEquals(before, Files.readAllBytes(file), "no secrets: left as it was");
        assertEquals(0, CaptureSecrets.embed(file, dir.resolve("none.pcapng"), new KeyLog()));
        assertFalse(Files.exists(dir.resolve("none.pcapng")));
        KeyLog keys = KeyLog.read(Tools.repoRoot().resolve("sample-pcaps/mqtt-tls12-mutual.keylog"));
        assertEquals(1, CaptureSecrets.embed(file, file, keys));
        assertEquals(1, read(file).secrets().size());
        assertEquals(read(Tools.repoRoot().resolve("sample-pcaps/mqtt-tls12-mutual.pcapng")).frames().size(),
                read(file).frames().size());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }
}
