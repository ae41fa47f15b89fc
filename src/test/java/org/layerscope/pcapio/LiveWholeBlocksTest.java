package org.layerscope.pcapio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.model.LinkType;
import org.layerscope.model.RawFrame;

/**
 * Issue 13 item 6: what a live capture has handed to the file at any moment is whole blocks, so a process killed
 * at that moment leaves a file that reads to its end. Before, the 64 KiB output buffer was written out wherever it
 * filled, and a frame larger than the buffer went out in three pieces.
 */
class LiveWholeBlocksTest {
    @TempDir
    Path tmp;

    @Test
    void theFileOnDiskIsAlwaysWholeBlocks() throws IOException {
        Path f = tmp.resolve("live.pcapng");
        Random random = new Random(20261203);
        List<RawFrame> frames = new ArrayList<>();
        int checks = 0;
        try (PcapngWriter w = PcapngWriter.createLive(f, List.of("live"))) {
            int id = w.addInterface(new CaptureInterface(LinkType.ETHERNET, 262_144, "lo", null, 1_000_000_000L, 0));
            w.flush(); // as LiveCapture does: the file appears with its section header and interface
            long onDisk = Files.size(f);
            for (int i = 1; i <= 400; i++) {
                // mostly small frames, some of 20-70 KiB (TSO on loopback), the odd one larger than the buffer
                int size = i % 97 == 0 ? 150_000 : i % 13 == 0 ? 20_000 + random.nextInt(50_000) : 60 + random.nextInt(1400);
                byte[] data = new byte[size];
                random.nextBytes(data);
                RawFrame frame = new RawFrame(i, 1_700_000_000_000_000_000L + i * 1_000_000L, LinkType.ETHERNET, size,
                        data, id, i % 50 == 0 ? List.of("note " + i) : List.of());
                w.writeFrame(id, frame);
                frames.add(frame);
                if (Files.size(f) != onDisk) {
                    onDisk = Files.size(f);
                    assertWholeBlocks(f);
                    checks++;
                }
                if (i % 150 == 0) {
                    w.flush(); // the capture's once-a-second flush
                    assertWholeBlocks(f);
                }
            }
        }
        assertTrue(checks > 20, "the file grew while written (" + checks + " times)");
        assertEquals(frames.size() + 2, assertWholeBlocks(f), "section header, interface, one block per frame");
        try (CaptureReader r = CaptureFiles.open(f)) {
            for (RawFrame expected : frames) {
                RawFrame got = r.next();
                assertEquals(expected.number(), got.number());
                assertEquals(java.util.HexFormat.of().formatHex(expected.data()),
                        java.util.HexFormat.of().formatHex(got.data()));
                assertEquals(expected.comments(), got.comments());
            }
            assertEquals(null, r.next());
            assertEquals(List.of(), r.warnings());
        }
    }

    /** Walks the blocks of the file as it is on disk now; the number of blocks. */
    private static long assertWholeBlocks(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long blocks = 0;
        int p = 0;
        while (p < all.length) {
            assertTrue(all.length - p >= 12, "a cut block header at " + p + " of " + all.length);
            int length = b.getInt(p + 4);
            assertTrue(length >= 12 && length % 4 == 0 && (long) p + length <= all.length,
                    "the block at " + p + " (" + length + " bytes) is cut by the end of the file at " + all.length);
            assertEquals(length, b.getInt(p + length - 4), "trailing length of the block at " + p);
            p += length;
            blocks++;
        }
        return blocks;
    }
}
