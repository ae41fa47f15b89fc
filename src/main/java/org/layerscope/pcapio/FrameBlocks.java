package org.layerscope.pcapio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Blocks of bytes that a reader puts the frames' bytes in, one after the other, instead of an array per frame; the
 * frames are slices of them ({@link org.layerscope.model.RawFrame#offset()}). A block serves the frames of one batch
 * of a {@link ReadAheadReader} and comes back when its consumer has moved past that batch, so a whole capture is read
 * through a few blocks that stay in the processor's cache: an array per frame was 1.4 GB of allocation (zeroed, then
 * filled) for a 1.4 GB capture, half of what the window's load allocated, and most of its young collections.
 *
 * <p>The reading thread calls {@link #room}, {@link #advance} and {@link #endBatch}; the consuming thread only
 * {@link #giveBack}.
 */
public final class FrameBlocks {
    /**
     * Bytes of a block: under half of G1's smallest region (1 MiB), so a block is an ordinary array, not a
     * "humongous" one with a region of its own; a frame longer than this gets an array of its own.
     */
    static final int BLOCK = 256 << 10;
    /** A batch ends once its frames opened this many blocks (so frames of 64 KiB still come in batches of ten). */
    static final int BLOCKS_PER_BATCH = 3;

    /** {@code -Dlayerscope.frameBlocks=false}: every frame gets an array of its own (to compare). */
    static final boolean ENABLED = !"false".equals(System.getProperty("layerscope.frameBlocks"));

    private static volatile boolean scribble;

    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
    private List<byte[]> batch = new ArrayList<>(BLOCKS_PER_BATCH);
    private byte[] block;
    private int used;
    private int made;

    /**
     * For tests: blocks given back are filled with garbage first, so that an analysis that still read a frame's
     * bytes after its consumer moved on would see it.
     */
    public static void scribbleGivenBack(boolean on) {
        scribble = on;
    }

    /**
     * The block where the next {@code len} bytes go, from {@link #used()} on (a new one when the current one has no
     * room), or null when {@code len} is more than a block holds. For a reader's thread (a {@link CaptureReader}
     * given the blocks by {@link CaptureReader#useBlocks}).
     */
    public byte[] room(int len) {
        if (len > BLOCK) {
            return null;
        }
        if (block == null || BLOCK - used < len) {
            byte[] b = free.poll();
            if (b == null) {
                b = new byte[BLOCK];
                made++;
            }
            block = b;
            used = 0;
            batch.add(b);
        }
        return block;
    }

    /** Where the next bytes go in the block {@link #room} returned. */
    public int used() {
        return used;
    }

    /** The {@code len} bytes at {@link #used()} now belong to a frame. */
    public void advance(int len) {
        used += len;
    }

    /** Whether the batch being read has opened enough blocks to end. */
    boolean batchFull() {
        return batch.size() >= BLOCKS_PER_BATCH;
    }

    /** Ends the batch being read: returns its blocks (to give back later); the next batch starts in a new block. */
    List<byte[]> endBatch() {
        List<byte[]> b = batch;
        batch = new ArrayList<>(BLOCKS_PER_BATCH);
        block = null;
        return b;
    }

    /** The consumer is done with every frame of a batch: its blocks can be filled again. */
    void giveBack(List<byte[]> blocks) {
        for (byte[] b : blocks) {
            if (scribble) {
                Arrays.fill(b, (byte) 0xa5);
            }
            free.add(b);
        }
    }

    /** Blocks made so far (for tests: a read of any length makes a few). */
    int made() {
        return made;
    }
}
