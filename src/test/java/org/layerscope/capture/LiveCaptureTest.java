package org.layerscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.model.LinkType;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.testutil.Tools;

/** Real captures on the loopback interface (needs root or cap_net_raw). */
class LiveCaptureTest {
    @TempDir
    Path dir;

    @Test
    void capturesATcpExchangeAndWritesItAsItArrives() throws Exception {
        String lo = CaptureSupport.requireLoopbackCapture();
        List<RawFrame> seen = Collections.synchronizedList(new ArrayList<>());
        Path file = dir.resolve("live.pcapng");
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            LiveCapture c = LiveCapture.start(new LiveCapture.Options(lo, "tcp port " + port, file,
                    List.of("test capture")), seen::add);
            assertTrue(c.isCapturing());
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
                 Socket accepted = server.accept()) {
                OutputStream out = client.getOutputStream();
                out.write("hello".getBytes());
                out.flush();
                InputStream in = accepted.getInputStream();
                assertEquals('h', in.read());
                // while capturing, the file is flushed at least once a second: readable by another program
                long deadline = System.currentTimeMillis() + 3000;
                while (c.framesWritten() < 4 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(1100);
                try (CaptureReader r = CaptureFiles.open(file)) {
                    int n = 0;
                    while (r.next() != null) {
                        n++;
                    }
                    assertTrue(n >= 4, "frames readable during the capture: " + n);
                }
            }
            Thread.sleep(200);
            CaptureStats stats = c.stop();
            assertFalse(c.isCapturing());
            assertNull(stats.error());
            assertEquals(0, stats.queueDropped());
            assertTrue(stats.kernelDropped() >= 0, "kernel drops are reported");
            assertEquals(seen.size(), stats.frames());
            assertTrue(stats.frames() >= 6, "SYN, SYN-ACK, ACK, data, FINs and ACKs: " + stats.frames());
        }
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i + 1, seen.get(i).number());
            assertEquals(LinkType.ETHERNET, seen.get(i).linkType());
        }
        List<RawFrame> read = new ArrayList<>();
        try (CaptureReader r = CaptureFiles.open(file)) {
            RawFrame f;
            while ((f = r.next()) != null) {
                read.add(f);
            }
        }
        assertEquals(seen.size(), read.size());
        for (int i = 0; i < read.size(); i++) {
            assertEquals(seen.get(i).timestampNanos(), read.get(i).timestampNanos());
            assertTrue(java.util.Arrays.equals(seen.get(i).data(), read.get(i).data()));
        }
        // tshark reads the file, with the same frames
        Path tshark = Tools.require("tshark");
        Tools.Result t = Tools.run(tshark.toString(), "-r", file.toString(), "-T", "fields", "-e", "frame.len")
                .requireSuccess();
        assertEquals(read.size(), t.lines().size());
        for (int i = 0; i < read.size(); i++) {
            assertEquals(read.get(i).originalLength(), Integer.parseInt(t.lines().get(i).strip()));
        }
    }

    @Test
    void stopIsQuickEvenWithoutTraffic() throws Exception {
        String lo = CaptureSupport.requireLoopbackCapture();
        LiveCapture c = LiveCapture.start(new LiveCapture.Options(lo, "tcp port 9", dir.resolve("idle.pcapng"),
                List.of()), f -> { });
        long t0 = System.nanoTime();
        CaptureStats s = c.stop();
        assertTrue(System.nanoTime() - t0 < 1_500_000_000L, "stop took too long");
        assertEquals(0, s.frames());
        assertTrue(Files.size(dir.resolve("idle.pcapng")) > 0);
        assertEquals(s, c.stop(), "stop is idempotent");
    }

    @Test
    void badFilterAndMissingInterfaceSayWhatHappened() throws IOException {
        String lo = CaptureSupport.requireLoopbackCapture();
        CaptureException bad = assertThrows(CaptureException.class, () -> LiveCapture.start(
                new LiveCapture.Options(lo, "tcp prot 8883", dir.resolve("a.pcapng"), List.of()), f -> { }));
        assertEquals(CaptureException.Reason.BAD_FILTER, bad.reason());
        CaptureException missing = assertThrows(CaptureException.class, () -> LiveCapture.start(
                new LiveCapture.Options("nosuchif0", "", dir.resolve("b.pcapng"), List.of()), f -> { }));
        assertEquals(CaptureException.Reason.NO_SUCH_INTERFACE, missing.reason());
        assertTrue(missing.fix(java.util.Locale.ENGLISH).contains("layerscope interfaces"));
    }

    @Test
    void interfacesListTheLoopback() throws CaptureException {
        String lo = CaptureSupport.requireLoopbackCapture();
        NetworkInterfaceInfo info = Interfaces.byName(lo).orElseThrow();
        assertTrue(info.loopback());
        assertTrue(info.addresses().contains("127.0.0.1"), info.addresses().toString());
        assertEquals(lo, Interfaces.routeTo(InetAddress.getLoopbackAddress()).orElseThrow().name());
    }
}
