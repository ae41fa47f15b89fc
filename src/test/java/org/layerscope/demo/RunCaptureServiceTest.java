package org.layerscope.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.layerscope.model.RawFrame;
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
        int port = EmbeddedBroker.freePort(EmbeddedBroker.HOST);
        RunCapture.Result r = new RunCapture(new RunCapture.Request(null, TlsVersion.AUTO, null, null, null, port,
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
                    }
                }).run();
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
