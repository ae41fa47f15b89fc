package org.layerscope.pcapio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.model.LinkType;
import org.layerscope.model.RawFrame;

/** The writers' behaviour: atomic replacement, live flushing, interfaces, precision, limits. */
class WriterTest {
    static final byte[] OLD = "an existing capture".getBytes(StandardCharsets.US_ASCII);

    static RawFrame frame(long number, long nanos, int linkType, int length, String... comments) {
        return new RawFrame(number, nanos, linkType, length, PcapngBlocksTest.data(length), 0, List.of(comments));
    }

    static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aPathIsReplacedAtomicallyOnCloseOnly(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("out.pcapng");
        Files.write(target, OLD);
        try (PcapngWriter w = PcapngWriter.create(target, List.of("note"))) {
            w.writeFrame(frame(1, 1_000, LinkType.ETHERNET, 60));
            w.flush();
            // while writing, the old file is untouched and the new one is a hidden temporary in the same folder
            assertArrayEquals(OLD, Files.readAllBytes(target));
            List<Path> files = filesIn(dir);
            assertEquals(2, files.size());
            assertTrue(files.get(0).getFileName().toString().startsWith(".out.pcapng."), files.toString());
        }
        assertEquals(List.of(target), filesIn(dir));
        SharedCaptures.Reading r = SharedCaptures.read(target);
        assertEquals(1, r.frames().size());
        assertEquals(List.of("note"), r.reader().sectionComments());
    }

    @Test
    void anAbortedWriteLeavesTheExistingFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("out.pcap");
        Files.write(target, OLD);
        PcapWriter w = PcapWriter.create(target, LinkType.ETHERNET, 0, TimestampPrecision.MICROSECONDS);
        w.writeFrame(frame(1, 1_000, LinkType.ETHERNET, 60));
        w.abort();
        w.close();
        assertArrayEquals(OLD, Files.readAllBytes(target));
        assertEquals(List.of(target), filesIn(dir));

        try (PcapngWriter p = PcapngWriter.create(target)) {
            p.writeFrame(frame(1, 1_000, LinkType.ETHERNET, 60));
            p.abort();
        }
        assertArrayEquals(OLD, Files.readAllBytes(target));
        assertEquals(List.of(target), filesIn(dir));
    }

    @Test
    void aFailedWriteDiscardsTheOutput() throws IOException {
        OutputStream failing = new OutputStream() {
            int written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 100_000) {
                    throw new IOException("disk full");
                }
            }
        };
        PcapngWriter w = PcapngWriter.to(failing, List.of());
        IOException e = assertThrows(IOException.class, () -> {
            for (int i = 1; i < 10_000; i++) {
                w.writeFrame(frame(i, i, LinkType.RAW, 1000));
            }
        });
        assertEquals("disk full", e.getMessage());
        IOException again = assertThrows(IOException.class, () -> w.writeFrame(frame(1, 1, LinkType.RAW, 10)));
        assertTrue(again.getMessage().contains("earlier write failed"), again.getMessage());
        assertDoesNotThrow(w::close);
    }

    @Test
    void aLiveCaptureIsReadableAfterEachFlush(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("live.pcapng");
        try (PcapngWriter w = PcapngWriter.createLive(target, List.of())) {
            int id = w.addInterface(LinkType.ETHERNET, 262144, TimestampPrecision.MICROSECONDS);
            for (int i = 1; i <= 3; i++) {
                w.writeFrame(id, frame(i, i * 1_000_000L, LinkType.ETHERNET, 100));
            }
            w.flush();
            SharedCaptures.Reading r = SharedCaptures.read(target);
            assertEquals(3, r.frames().size());
            assertEquals(List.of(), r.reader().warnings());
            w.writeFrame(id, frame(4, 4_000_000L, LinkType.ETHERNET, 100));
            w.flush();
            assertEquals(4, SharedCaptures.read(target).frames().size());
        }
        Path pcap = dir.resolve("live.pcap");
        try (PcapWriter w = PcapWriter.createLive(pcap, LinkType.RAW, 0, TimestampPrecision.NANOSECONDS)) {
            w.writeFrame(frame(1, 5, LinkType.RAW, 20));
            w.flush();
            assertEquals(5, SharedCaptures.read(pcap).frames().get(0).timestampNanos());
        }
        assertEquals(List.of(pcap, target), filesIn(dir));
    }

    /**
     * A live capture's file appears under its name only with its header in it: a process killed between creating
     * it and the first flush (CI once caught {@code run-capture} there) left an empty file that does not read.
     */
    @Test
    void aLiveCaptureAppearsWithItsHeader(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("live.pcapng");
        Files.writeString(target, "an older file");
        PcapngWriter w = PcapngWriter.createLive(target, List.of("live"));
        int id = w.addInterface(LinkType.ETHERNET, 262144, TimestampPrecision.MICROSECONDS);
        assertEquals("an older file", Files.readString(target), "not replaced before the first flush");
        assertEquals(2, filesIn(dir).size(), "the new file waits under a hidden temporary name");
        w.flush(); // what LiveCapture does at once: section header and interface appear together
        assertEquals(List.of(target), filesIn(dir));
        assertEquals(0, SharedCaptures.read(target).frames().size(), "the headers alone read");
        w.writeFrame(id, frame(1, 1_000_000L, LinkType.ETHERNET, 100));
        w.close();
        assertEquals(1, SharedCaptures.read(target).frames().size());

        Path unused = dir.resolve("unused.pcap");
        PcapWriter p = PcapWriter.createLive(unused, LinkType.RAW, 0, TimestampPrecision.NANOSECONDS);
        p.abort();
        assertEquals(List.of(target), filesIn(dir), "aborted before its first flush: nothing left");
        Path closed = dir.resolve("closed.pcap");
        PcapWriter.createLive(closed, LinkType.RAW, 0, TimestampPrecision.NANOSECONDS).close();
        assertEquals(0, SharedCaptures.read(closed).frames().size(), "closed without a flush: in place, and it reads");
        assertEquals(List.of(closed, target), filesIn(dir));
    }

    @Test
    void oneInterfacePerDistinctLinkTypeSnapLengthAndPrecision() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter w = PcapngWriter.to(out, List.of())) {
            assertEquals(0, w.addInterface(LinkType.ETHERNET, 0, TimestampPrecision.NANOSECONDS));
            assertEquals(0, w.addInterface(LinkType.ETHERNET, 0, TimestampPrecision.NANOSECONDS));
            assertEquals(1, w.addInterface(LinkType.ETHERNET, 0, TimestampPrecision.MICROSECONDS));
            assertEquals(2, w.addInterface(LinkType.ETHERNET, 1500, TimestampPrecision.MICROSECONDS));
            assertEquals(3, w.addInterface(LinkType.RAW, 0, TimestampPrecision.NANOSECONDS));
            assertEquals(4, w.addInterface(new CaptureInterface(LinkType.RAW, 0, "wlan0", "Wi-Fi", 1_000_000, 0)));
            assertEquals(4, w.addInterface(new CaptureInterface(LinkType.RAW, 0, "wlan0", "Wi-Fi", 1_000_000, 0)));
            w.writeFrame(frame(1, 1_234_567_891L, LinkType.ETHERNET, 10)); // interface 0
            w.writeFrame(frame(2, 1_234_567_891L, LinkType.RAW, 10, "a", "b")); // interface 3
            w.writeFrame(1, frame(3, 1_234_567_891L, LinkType.ETHERNET, 10)); // microseconds: rounded down
            w.writeFrame(2, frame(4, 1_234_567_891L, LinkType.ETHERNET, 2000)); // cut to 1500
            w.writeFrame(4, frame(5, -1_500L, LinkType.RAW, 1)); // before 1970, in microseconds
            assertEquals(5, w.interfaceCount());
            assertEquals(5, w.framesWritten());
        }
        SharedCaptures.Reading r = SharedCaptures.read(out.toByteArray());
        List<RawFrame> f = r.frames();
        assertEquals(List.of(0, 3, 1, 2, 4), f.stream().map(RawFrame::interfaceId).toList());
        assertEquals(1_234_567_891L, f.get(0).timestampNanos());
        assertEquals(List.of("a", "b"), f.get(1).comments());
        assertEquals(1_234_567_000L, f.get(2).timestampNanos());
        assertEquals(1500, f.get(3).capturedLength());
        assertEquals(2000, f.get(3).originalLength());
        assertEquals(-2_000L, f.get(4).timestampNanos());
        assertEquals(new CaptureInterface(LinkType.RAW, 0, "wlan0", "Wi-Fi", 1_000_000, 0), r.reader().interfaces().get(4));
        assertEquals(1_000_000_000L, r.reader().interfaces().get(0).tsUnitsPerSecond());
    }

    @Test
    void wrongUseIsRefusedBeforeAnythingIsWritten() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapngWriter w = PcapngWriter.to(out, List.of());
        int id = w.addInterface(LinkType.ETHERNET, 0, TimestampPrecision.NANOSECONDS);
        w.flush();
        int size = out.size();
        assertThrows(IllegalArgumentException.class, () -> w.writeFrame(id, frame(1, 1, LinkType.RAW, 10)));
        assertThrows(IllegalArgumentException.class, () -> w.writeFrame(7, frame(1, 1, LinkType.ETHERNET, 10)));
        assertThrows(IllegalArgumentException.class,
                () -> w.writeFrame(frame(1, 1, LinkType.ETHERNET, 10, "x".repeat(70_000))));
        assertThrows(IllegalArgumentException.class, () -> w.addInterface(70_000, 0, TimestampPrecision.NANOSECONDS));
        w.flush();
        assertEquals(size, out.size());
        w.writeFrame(id, frame(1, 1, LinkType.ETHERNET, 10));
        w.close();
        assertEquals(1, SharedCaptures.read(out.toByteArray()).frames().size());
        assertThrows(IOException.class, () -> w.writeFrame(id, frame(2, 1, LinkType.ETHERNET, 10)));

        PcapWriter p = PcapWriter.to(new ByteArrayOutputStream(), LinkType.ETHERNET, 0, TimestampPrecision.MICROSECONDS);
        assertThrows(IllegalArgumentException.class, () -> p.writeFrame(frame(1, 1, LinkType.RAW, 10)));
        assertThrows(IllegalArgumentException.class, () -> p.writeFrame(frame(1, -1, LinkType.ETHERNET, 10)));
        assertThrows(IllegalArgumentException.class,
                () -> p.writeFrame(frame(1, (1L << 32) * 1_000_000_000L, LinkType.ETHERNET, 10)));
        p.close();
    }

    @Test
    void pcapWriterPrecisionSnapLengthAndMagic() throws IOException {
        for (TimestampPrecision precision : TimestampPrecision.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (PcapWriter w = PcapWriter.to(out, LinkType.LINUX_SLL, 100, precision)) {
                w.writeFrame(frame(1, 1_700_000_000_123_456_789L, LinkType.LINUX_SLL, 150, "dropped"));
            }
            byte[] b = out.toByteArray();
            SharedCaptures.Reading r = SharedCaptures.read(b);
            PcapReader reader = (PcapReader) r.reader();
            assertEquals(precision == TimestampPrecision.NANOSECONDS, reader.nanosecondTimestamps());
            assertFalse(reader.bigEndian());
            assertEquals(LinkType.LINUX_SLL, reader.linkType());
            assertEquals(100, reader.interfaces().get(0).snapLength());
            RawFrame f = r.frames().get(0);
            assertEquals(precision == TimestampPrecision.NANOSECONDS ? 1_700_000_000_123_456_789L
                    : 1_700_000_000_123_456_000L, f.timestampNanos());
            assertEquals(100, f.capturedLength());
            assertEquals(150, f.originalLength());
            assertEquals(List.of(), f.comments());
        }
    }

    @Test
    void manyFramesStreamThroughBothWriters(@TempDir Path dir) throws IOException {
        int n = 200_000;
        Path pcapng = dir.resolve("big.pcapng");
        Path pcap = dir.resolve("big.pcap");
        try (PcapngWriter w = PcapngWriter.create(pcapng);
             PcapWriter p = PcapWriter.create(pcap, LinkType.ETHERNET, 0, TimestampPrecision.NANOSECONDS)) {
            for (int i = 1; i <= n; i++) {
                RawFrame f = new RawFrame(i, 1_700_000_000_000_000_000L + i, LinkType.ETHERNET, 64 + i % 1400,
                        PcapngBlocksTest.data(64 + i % 1400), 0, List.of());
                w.writeFrame(f);
                p.writeFrame(f);
            }
        }
        for (Path file : List.of(pcapng, pcap)) {
            try (CaptureReader r = CaptureFiles.open(file)) {
                long count = 0;
                for (RawFrame f; (f = r.next()) != null; ) {
                    count++;
                    if (f.number() != count || f.capturedLength() != 64 + count % 1400
                            || f.timestampNanos() != 1_700_000_000_000_000_000L + count) {
                        throw new AssertionError(file + ": frame " + count + " differs");
                    }
                }
                assertEquals(n, count);
                assertEquals(List.of(), r.warnings());
            }
        }
    }
}
