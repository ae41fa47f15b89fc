package org.layerscope.tls.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.tls.keys.KeyLog.Label;

class KeyLogTest {
    private static final String R1 = "ab".repeat(32);
    private static final String R2 = "cd".repeat(32);
    private static final String MASTER = "11".repeat(48);
    private static final String S32 = "22".repeat(32);
    private static final String S48 = "33".repeat(48);

    static byte[] bytes(String hex) {
        return Hex.decode(hex);
    }

    @Test
    void readsEveryLabelCommentsBlankLinesAndCrlf() {
        String text = "\uFEFF# SSL/TLS secrets log file\r\n"
                + "\r\n"
                + "CLIENT_RANDOM " + R1 + " " + MASTER + "\r\n"
                + "CLIENT_EARLY_TRAFFIC_SECRET " + R2 + " " + S32 + "\n"
                + "CLIENT_HANDSHAKE_TRAFFIC_SECRET " + R2 + " " + S32 + "\n"
                + "SERVER_HANDSHAKE_TRAFFIC_SECRET " + R2 + " " + S32 + "\n"
                + "   \t  \n"
                + "CLIENT_TRAFFIC_SECRET_0\t" + R2 + "\t" + S48 + "  \n"
                + "SERVER_TRAFFIC_SECRET_0 " + R2.toUpperCase() + " " + S48.toUpperCase() + "\n"
                + "EXPORTER_SECRET " + R2 + " " + S32 + "\n"
                + "EARLY_EXPORTER_SECRET " + R2 + " " + S32 + "\n"
                + "RSA 3e2ffbd86d10f694 " + MASTER + "\n"
                + "   # indented comment";
        KeyLog log = new KeyLog();
        KeyLog.ReadResult r = log.addAll(text);
        assertEquals(new KeyLog.ReadResult(13, 6, 3, 0, List.of()), r);
        assertEquals(2, log.sessionCount());
        assertEquals(6, log.secretCount());
        assertArrayEquals(bytes(MASTER), log.secret(bytes(R1), Label.CLIENT_RANDOM));
        assertArrayEquals(bytes(S48), log.secret(bytes(R2), Label.SERVER_TRAFFIC_SECRET_0));
        assertNull(log.secret(bytes(R1), Label.CLIENT_TRAFFIC_SECRET_0));
        assertNull(log.secret(bytes(S32), Label.CLIENT_RANDOM));
        assertEquals(Set.of(Label.values()).size() - 1, log.labels(bytes(R2)).size());
    }

    @Test
    void badLinesAreCountedNotFatal() {
        String text = String.join("\n",
                "CLIENT_RANDOM " + R1 + " " + MASTER,          // 1 ok
                "CLIENT_RANDOM " + R1,                           // 2 two fields
                "CLIENT_RANDOM " + R1 + " " + MASTER + " x",     // 3 four fields
                "SOMETHING_ELSE " + R1 + " " + MASTER,          // 4 unknown label
                "CLIENT_RANDOM " + R1.substring(2) + " " + MASTER, // 5 short random
                "CLIENT_RANDOM " + R1 + " " + MASTER + "1",      // 6 odd hex
                "CLIENT_RANDOM " + R1 + " " + S32,               // 7 master secret not 48 bytes
                "CLIENT_TRAFFIC_SECRET_0 " + R1 + " " + "44".repeat(20), // 8 20-byte traffic secret
                "CLIENT_RANDOM " + R1.replace('a', 'g') + " " + MASTER,   // 9 not hex
                "EXPORTER_SECRET " + R1 + " zz",                 // 10 ignored label, bad hex
                "CLIENT_RANDOM " + R2 + " " + MASTER);          // 11 ok
        KeyLog log = KeyLog.parse(text);
        KeyLog.ReadResult r = log.addAll(text);
        assertEquals(11, r.lines());
        assertEquals(2, r.secrets());
        assertEquals(9, r.bad());
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9, 10), r.badLineNumbers());
        assertEquals(2, log.sessionCount());
    }

    @Test
    void everySharedKeyLogReads() throws IOException {
        Path keys = CaptureDecryptionTest.file(CaptureDecryptionTest.KEYS, "the shared key logs");
        try (var files = Files.list(keys)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".keys") || p.toString().endsWith(".dat"))
                    .toList()) {
                KeyLog log = new KeyLog();
                KeyLog.ReadResult r = log.addAll(f);
                assertEquals(0, r.bad(), f + " " + r.badLineNumbers());
                assertTrue(log.sessionCount() > 0, f.toString());
            }
        }
        KeyLog chacha = KeyLog.read(keys.resolve("tls12-chacha20poly1305.keys"));
        assertEquals(7, chacha.sessionCount()); // and one RSA line, ignored
    }

    @Test
    void nssTextRoundTripsInFirstSeenOrder() {
        KeyLog log = new KeyLog();
        log.add(Label.SERVER_TRAFFIC_SECRET_0, bytes(R2), bytes(S32));
        log.add(Label.CLIENT_HANDSHAKE_TRAFFIC_SECRET, bytes(R2), bytes(S32));
        log.add(Label.CLIENT_RANDOM, bytes(R1), bytes(MASTER));
        String text = log.toNssText();
        assertEquals("CLIENT_HANDSHAKE_TRAFFIC_SECRET " + R2 + " " + S32 + "\n"
                + "SERVER_TRAFFIC_SECRET_0 " + R2 + " " + S32 + "\n"
                + "CLIENT_RANDOM " + R1 + " " + MASTER + "\n", text);
        assertEquals(text, KeyLog.parse(text).toNssText());
    }

    @Test
    void laterValuesReplaceEarlierOnesAndMergesKeepBoth() {
        KeyLog file = KeyLog.parse("CLIENT_RANDOM " + R1 + " " + MASTER);
        KeyLog dsb = KeyLog.parse("CLIENT_RANDOM " + R1 + " " + "55".repeat(48) + "\nCLIENT_RANDOM " + R2 + " "
                + MASTER);
        long before = file.generation();
        file.addAll(dsb);
        assertTrue(file.generation() > before);
        assertEquals(2, file.sessionCount());
        assertArrayEquals(bytes("55".repeat(48)), file.secret(bytes(R1), Label.CLIENT_RANDOM));
    }

    @Test
    void secretsAreCopiedInAndOut() {
        KeyLog log = new KeyLog();
        byte[] secret = bytes(MASTER);
        log.add(Label.CLIENT_RANDOM, bytes(R1), secret);
        secret[0] = 0;
        byte[] out = log.secret(bytes(R1), Label.CLIENT_RANDOM);
        assertEquals(0x11, out[0]);
        out[1] = 0;
        assertEquals(0x11, log.secret(bytes(R1), Label.CLIENT_RANDOM)[1]);
        for (byte[] r : log.clientRandoms()) {
            Arrays.fill(r, (byte) 0);
        }
        assertTrue(log.contains(bytes(R1)));
    }

    @Test
    void addChecksItsArguments() {
        KeyLog log = new KeyLog();
        assertThrows(IllegalArgumentException.class, () -> log.add(Label.CLIENT_RANDOM, new byte[31], bytes(MASTER)));
        assertThrows(IllegalArgumentException.class, () -> log.add(Label.CLIENT_RANDOM, bytes(R1), bytes(S32)));
        assertThrows(IllegalArgumentException.class, () -> log.add(Label.CLIENT_TRAFFIC_SECRET_0, bytes(R1),
                new byte[20]));
        assertThrows(IllegalArgumentException.class, () -> log.add(Label.CLIENT_RANDOM, bytes(R1), null));
        assertThrows(NullPointerException.class, () -> log.add(null, bytes(R1), bytes(MASTER)));
        assertTrue(log.isEmpty());
    }

    @Test
    void toStringShowsCountsNeverSecrets() {
        KeyLog log = KeyLog.parse("CLIENT_RANDOM " + R1 + " " + MASTER + "\nCLIENT_TRAFFIC_SECRET_0 " + R2 + " "
                + S32);
        String s = log.toString();
        assertEquals("KeyLog[2 sessions, 2 secrets]", s);
        assertFalse(s.contains("11"));
        KeyLog.ReadResult r = new KeyLog().addAll("CLIENT_RANDOM " + R1 + " " + MASTER);
        assertFalse(r.toString().contains("1111"), r.toString());
    }

    @Test
    void writesAnOwnerOnlyFile(@TempDir Path dir) throws IOException {
        KeyLog log = KeyLog.parse("CLIENT_RANDOM " + R1 + " " + MASTER);
        Path file = dir.resolve("session.keys");
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (posix) { // an existing world-readable file is replaced by an owner-only one
            Files.writeString(file, "old");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
        log.writeTo(file);
        assertEquals(log.toNssText(), Files.readString(file, StandardCharsets.US_ASCII));
        assertEquals(1, KeyLog.read(file).sessionCount());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "no temporary file left behind");
        }
        assumeTrue(posix, "POSIX permissions not supported here");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void liveRecordingFromManyThreads() throws Exception {
        KeyLog log = new KeyLog();
        int threads = 8;
        int perThread = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        byte[] random = new byte[32];
                        random[0] = (byte) id;
                        random[1] = (byte) (i >> 8);
                        random[2] = (byte) i;
                        log.add(Label.CLIENT_HANDSHAKE_TRAFFIC_SECRET, random, new byte[32]);
                        log.add(Label.SERVER_HANDSHAKE_TRAFFIC_SECRET, random, new byte[32]);
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> { // a reader at the same time, as the analysis thread would be
                start.await();
                for (int i = 0; i < 40; i++) {
                    KeyLog.parse(log.toNssText());
                    log.secret(new byte[32], Label.CLIENT_HANDSHAKE_TRAFFIC_SECRET);
                }
                return null;
            }));
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * perThread, log.sessionCount());
        assertEquals(2 * threads * perThread, log.secretCount());
        assertEquals(2 * threads * perThread, KeyLog.parse(log.toNssText()).secretCount());
    }

    @Test
    void subsetKeepsOnlyTheGivenSessions() {
        KeyLog log = KeyLog.parse("CLIENT_RANDOM " + R1 + " " + MASTER + "\nCLIENT_RANDOM " + R2 + " " + MASTER);
        KeyLog sub = log.subset(List.of(bytes(R2), bytes("ef".repeat(32))));
        assertEquals(1, sub.sessionCount());
        assertTrue(sub.contains(bytes(R2)));
        assertFalse(sub.contains(bytes(R1)));
        assertTrue(log.subset(List.of()).isEmpty());
    }

    @Test
    void clearForgetsEverything() {
        KeyLog log = KeyLog.parse("CLIENT_RANDOM " + R1 + " " + MASTER);
        long g = log.generation();
        log.clear();
        assertTrue(log.isEmpty());
        assertEquals("", log.toNssText());
        assertTrue(log.generation() > g);
    }
}
