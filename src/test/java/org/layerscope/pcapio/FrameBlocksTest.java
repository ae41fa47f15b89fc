package org.layerscope.pcapio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.model.LinkType;
import org.layerscope.model.RawFrame;
import org.layerscope.testutil.PcapBytes;

/**
 * A read-ahead reader that reuses its memory ({@link FrameBlocks}): the same frames, byte for byte, as each in an
 * array of its own, in pcap and pcapng, through frames longer than a block, a cut-off last frame and a corruption;
 * and a whole capture goes through a handful of blocks. Blocks given back are scribbled over, so a frame still read
 * after its consumer moved past its batch would differ.
 */
class FrameBlocksTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void scribble() {
        FrameBlocks.scribbleGivenBack(true);
    }

    @AfterEach
    void noScribble() {
        FrameBlocks.scribbleGivenBack(false);
    }

    /** Frame {@code i}'s bytes: mostly small, some of a loopback segment's size, a few longer than a block. */
    private static byte[] bytes(int i) {
        Random r = new Random(i);
        int len = i % 97 == 0 ? FrameBlocks.BLOCK + 1 + r.nextInt(100_000)
                : i % 7 == 0 ? 60_000 + r.nextInt(5_600) : 40 + r.nextInt(1_500);
        if (i % 500 == 0) {
            len = FrameBlocks.BLOCK; // exactly a block
        }
        byte[] b = new byte[len];
        r.nextBytes(b);
        return b;
    }

    private static final int FRAMES = 3_000;

    private Path pcap() throws IOException {
        Path p = tmp.resolve("mixed.pcap");
        try (PcapWriter w = PcapWriter.create(p, LinkType.RAW, 1 << 20, TimestampPrecision.NANOSECONDS)) {
            for (int i = 1; i <= FRAMES; i++) {
                byte[] b = bytes(i);
                w.writeFrame(new RawFrame(i, i * 1000L, LinkType.RAW, b.length, b, 0, List.of()));
            }
        }
        return p;
    }

    private Path pcapng() throws IOException {
        Path p = tmp.resolve("mixed.pcapng");
        try (PcapngWriter w = PcapngWriter.create(p, List.of())) {
            int id = w.addInterface(LinkType.RAW, 0, TimestampPrecision.NANOSECONDS);
            for (int i = 1; i <= FRAMES; i++) {
                byte[] b = bytes(i);
                w.writeFrame(id, new RawFrame(i, i * 1000L, LinkType.RAW, b.length, b, 0,
                        i % 11 == 0 ? List.of("comment " + i) : List.of()));
            }
        }
        return p;
    }

    @Test
    void theSameFramesAsEachInItsOwnArray() throws IOException {
        for (Path file : List.of(pcap(), pcapng())) {
            int slices = 0;
            try (ReadAheadReader reused = new ReadAheadReader(CaptureFiles.open(file), null, true);
                 ReadAheadReader own = new ReadAheadReader(CaptureFiles.open(file), null, false)) {
                for (int i = 1; i <= FRAMES; i++) {
                    RawFrame a = reused.next();
                    RawFrame b = own.next();
                    assertEquals(i, a.number());
                    assertFalse(b.isSlice());
                    assertArrayEquals(bytes(i), b.data(), file + " frame " + i);
                    assertArrayEquals(b.data(), a.data(), file + " frame " + i);
                    assertEquals(b.capturedLength(), a.capturedLength());
                    assertEquals(b.originalLength(), a.originalLength());
                    assertEquals(b.timestampNanos(), a.timestampNanos());
                    assertEquals(b.comments(), a.comments());
                    if (a.isSlice()) {
                        slices++;
                        assertTrue(a.capturedLength() <= FrameBlocks.BLOCK);
                    } else {
                        assertTrue(a.capturedLength() > FrameBlocks.BLOCK || a.capturedLength() == a.buffer().length,
                                "a frame that fits a block is read into one: " + i);
                    }
                }
                assertNull(reused.next());
                assertNull(own.next());
                assertTrue(slices > FRAMES * 9 / 10, file + ": slices " + slices);
                // 3,000 frames (about 30 MB) through a few blocks: what the queue, the batch being read and the one
                // being consumed hold
                assertTrue(reused.blocksMade() <= (8 + 2) * FrameBlocks.BLOCKS_PER_BATCH,
                        file + ": blocks made " + reused.blocksMade());
                assertEquals(0, own.blocksMade());
            }
        }
    }

    /** The data ends inside the last frame: the same warning and the same frames before it. */
    @Test
    void aCutLastFrameEndsTheSame() throws IOException {
        Path whole = pcap();
        byte[] b = Files.readAllBytes(whole);
        Path cut = tmp.resolve("cut.pcap");
        Files.write(cut, java.util.Arrays.copyOf(b, b.length - 10));
        try (ReadAheadReader reused = new ReadAheadReader(CaptureFiles.open(cut), null, true);
             ReadAheadReader own = new ReadAheadReader(CaptureFiles.open(cut), null, false)) {
            int n = 0;
            RawFrame a;
            while ((a = reused.next()) != null) {
                assertArrayEquals(own.next().data(), a.data());
                n++;
            }
            assertNull(own.next());
            assertEquals(FRAMES - 1, n);
            assertEquals(own.warnings(), reused.warnings());
            assertFalse(reused.warnings().isEmpty());
        }
    }

    /** An impossible length in the middle: the frames before it, then the same error. */
    @Test
    void aCorruptionEndsTheSame() throws IOException {
        Path corrupt = PcapBytes.withImpossibleLength(pcap(), 1_000, tmp.resolve("corrupt.pcap"));
        try (ReadAheadReader reused = new ReadAheadReader(CaptureFiles.open(corrupt), null, true)) {
            for (int i = 1; i <= 1_000; i++) {
                assertArrayEquals(bytes(i), reused.next().data());
            }
            IOException e = assertThrows(IOException.class, reused::next);
            assertTrue(e.getMessage().contains("impossible"), e.getMessage());
        }
    }

    @Test
    void aSliceCopiesItsOwnBytesOnly() {
        byte[] block = {9, 9, 1, 2, 3, 9};
        RawFrame f = new RawFrame(1, 0, LinkType.RAW, 3, block, 2, 3, 0, List.of());
        assertTrue(f.isSlice());
        assertArrayEquals(new byte[] {1, 2, 3}, f.data());
        assertEquals(3, f.capturedLength());
        RawFrame whole = new RawFrame(1, 0, LinkType.RAW, 3, new byte[] {1, 2, 3}, 0, List.of());
        assertFalse(whole.isSlice());
        assertTrue(whole.data() == whole.buffer(), "a frame's own array is not copied");
        assertThrows(IndexOutOfBoundsException.class, () -> new RawFrame(1, 0, LinkType.RAW, 3, block, 4, 3, 0, List.of()));
    }
}
