package org.layerscope.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.capture.CaptureSupport;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.PacketResult;
import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.DecryptionSecrets;
import org.layerscope.tls.keys.SecretsBlocks;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;

/** The UI-free service the GUI calls: callbacks, frames as they arrive, cancellation of a run that would wait. */
class RunCaptureServiceTest {
    @TempDir
    Path dir;

    @Test
    void callbacksAndFramesMatchTheSavedFile() throws Exception {
        CaptureSupport.requireLoopbackCapture();
        List<String> progress = Collections.synchronizedList(new ArrayList<>());
        List<String> status = Collections.synchronizedList(new ArrayList<>());
        List<RawFrame> frames = Collections.synchronizedList(new ArrayList<>());
        List<PacketResult> live = Collections.synchronizedList(new ArrayList<>());
        int port = EmbeddedBroker.freePort(EmbeddedBroker.HOST);
        RunCapture[] run = new RunCapture[1];
        Analyzer[] liveAnalysis = new Analyzer[1];
        run[0] = new RunCapture(new RunCapture.Request(null, TlsVersion.AUTO, null, null, null, port,
                dir.resolve("home"), Locale.ENGLISH), new RunCapture.Listener() {
                    @Override
                    public void progress(String line) {
                        progress.add(line);
                    }

                    @Override
                    public void status(String line) {
                        status.add(line);
                    }

                    @Override
                    public void frame(RawFrame frame) {
                        frames.add(frame);
                        // what the GUI does: analyse as frames arrive, decrypting with the run's growing key log. The
                        // Analyzer gives a connection a decryptor only if it has secrets (or saw a secrets block)
                        // at its first TLS record, and the run's key log is still empty at the ClientHello: an
                        // empty secrets block tells it that secrets are coming
                        if (liveAnalysis[0] == null) {
                            liveAnalysis[0] = new Analyzer(false, live::add, run[0].keyLog());
                            liveAnalysis[0].addSecrets(List.of(new DecryptionSecrets(DecryptionSecrets.TLS_KEY_LOG,
                                    new byte[0])));
                        }
                        liveAnalysis[0].accept(frame);
                    }
                });
        RunCapture.Result r = run[0].run();
        liveAnalysis[0].finish();
        assertTrue(r.acknowledged(), r.outcome().error());
        assertTrue(r.torndown(), "the teardown was seen before the two seconds ran out");
        assertEquals(5, progress.size());
        assertTrue(status.stream().anyMatch(s -> s.startsWith("Capture saved to ")), status.toString());
        assertTrue(r.stats().file().startsWith(dir.resolve("home").resolve("captures")), "default folder");
        List<RawFrame> saved = new ArrayList<>();
        try (CaptureReader reader = CaptureFiles.open(r.stats().file())) {
            RawFrame f;
            while ((f = reader.next()) != null) {
                saved.add(f);
            }
        }
        assertEquals(saved.size(), frames.size());
        assertEquals(saved.size(), r.stats().frames());
        assertEquals("tcp port " + port, r.filter());

        // the secrets: collected in memory, decrypting the live analysis; saved or embedded only on request
        assertSame(run[0].keyLog(), r.keyLog());
        assertEquals(List.of(1, 2, 3, 4, 14), live.stream().flatMap(p -> p.mqttPackets().stream())
                .map(MqttPacket::type).toList(), "the live analysis shows the MQTT inside");
        assertTrue(live.stream().noneMatch(PacketResult::phaseInferred), "exact phases");
        assertEquals(1, r.clientRandoms().size());
        assertTrue(r.hasSessionSecrets());
        assertEquals(1, r.sessionSecrets().sessionCount());
        assertEquals(4, r.sessionSecrets().secretCount(), "TLS 1.3 (auto): handshake and application secrets");
        assertFalse(r.keyLog().toString().contains(r.sessionSecrets().toNssText().split(" ")[2].strip()));
        assertEquals(List.of(), secretsBlocks(r.stats().file()), "nothing embedded unless asked");

        Path copy = dir.resolve("copy-with-secrets.pcapng");
        assertEquals(1, r.saveWithSecrets(copy));
        assertEquals(r.sessionSecrets().toNssText(), SecretsBlocks.toKeyLog(secretsBlocks(copy)).toNssText());
        assertEquals(List.of(), secretsBlocks(r.stats().file()), "the original is left as it was");
        assertEquals(saved.size(), framesOf(copy).size());
        for (int i = 0; i < saved.size(); i++) {
            assertArrayEquals(saved.get(i).data(), framesOf(copy).get(i).data());
        }
        assertEquals(1, r.embedSecrets());
        assertEquals(1, secretsBlocks(r.stats().file()).size());
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(r.stats().file()), "a file with secrets is its owner's only");
        Path keys = dir.resolve("run.keylog");
        assertEquals(1, r.writeKeyLog(keys));
        assertEquals(r.sessionSecrets().toNssText(), Files.readString(keys));
    }

    static List<DecryptionSecrets> secretsBlocks(Path file) throws java.io.IOException {
        try (CaptureReader reader = CaptureFiles.open(file)) {
            while (reader.next() != null) {
                // every block
            }
            return reader.secrets();
        }
    }

    static List<RawFrame> framesOf(Path file) throws java.io.IOException {
        List<RawFrame> out = new ArrayList<>();
        try (CaptureReader reader = CaptureFiles.open(file)) {
            RawFrame f;
            while ((f = reader.next()) != null) {
                out.add(f);
            }
        }
        return out;
    }

    @Test
    void aSilentBrokerIsCancelledAndTheCaptureStillSaved() throws Exception {
        CaptureSupport.requireLoopbackCapture();
        CertificateAuthority.Pki pki = CertificateAuthority.create(dir.resolve("pki"), "Test CA");
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture.runAsync(() -> {
                try (Socket s = silent.accept()) {
                    s.getInputStream().readAllBytes(); // accepts the connection, never answers the ClientHello
                } catch (Exception ignored) {
                    // closed at the end of the test
                }
            });
            Path profile = dir.resolve("silent.properties");
            Files.writeString(profile, "endpoint=localhost\nport=" + silent.getLocalPort() + "\ncert="
                    + pki.clientCert() + "\nkey=" + pki.clientKey() + "\nca=" + pki.caCert() + "\n",
                    StandardCharsets.UTF_8);
            java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
            RunCapture run = new RunCapture(new RunCapture.Request(profile, null, null, null,
                    dir.resolve("silent.pcapng"), 8883, dir.resolve("home"), Locale.ENGLISH), new RunCapture.Listener() {
                        @Override
                        public void frame(RawFrame frame) {
                            seen.incrementAndGet();
                        }
                    });
            CompletableFuture<RunCapture.Result> result = CompletableFuture.supplyAsync(() -> {
                try {
                    return run.run();
                } catch (RunCapture.SetupException e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.currentTimeMillis() + 20_000;
            while (seen.get() < 4 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20); // until the ClientHello was captured
            }
            Thread.sleep(300);
            assertFalse(result.isDone(), "waiting for the broker's answer");
            long t0 = System.nanoTime();
            run.cancel();
            RunCapture.Result r = result.get(10, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "cancel ends the run quickly");
            assertFalse(r.acknowledged());
            assertEquals("cancelled", r.outcome().error());
            assertTrue(r.stats().frames() >= 4, "SYN, SYN-ACK, ACK, ClientHello saved: " + r.stats().frames());
        }
    }
}
