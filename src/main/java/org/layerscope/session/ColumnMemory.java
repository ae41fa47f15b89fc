package org.layerscope.session;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory outside the Java heap that the tables' columns live in ({@link PacketTable}'s chunks and Info pages,
 * {@link FrameStore}'s metadata): direct buffers, which the young collections never copy.
 *
 * <p>A direct buffer's memory goes back to the system only once the collector found its owner unreachable, and
 * with the columns out of it the heap holds little, so G1 may go a long time without the old-generation cycle that
 * would find the tables of the captures closed meanwhile: opening capture after capture, their columns piled up
 * (six loads of the 1.5M-frame benchmark capture in one JVM: 119 → 666 MiB, and it would have gone on up to the
 * maximum heap size again). So the columns in use are counted, and when a table allocates its first columns (a
 * capture is opened, the one before is closed) while they have grown by {@link #STEP} since they were last that
 * low, a full collection ({@code System.gc()}, on the loading thread, before the rows come) finds the closed
 * tables, whose memory is freed right after. Never in the middle of a load: a full collection also shrinks the
 * heap, which the rest of the load (and the display filter after it) then had to grow again.
 */
final class ColumnMemory {
    /** Growth of the columns in use that lets a new table start a collection: about a 1.2M-row table. */
    static final long STEP = 160L << 20;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicLong IN_USE = new AtomicLong();
    private static long collectAt = STEP;
    private static long collections;

    private ColumnMemory() {
    }

    /**
     * A zeroed buffer of {@code bytes} in the platform's byte order, counted until {@code owner} (which must be
     * the only holder of the buffer) is unreachable.
     *
     * @param first whether these are the first columns of a table (a capture being opened)
     */
    static ByteBuffer allocate(Object owner, int bytes, boolean first) {
        long now = IN_USE.addAndGet(bytes);
        collectIfGrown(now, first);
        ByteBuffer b;
        try {
            b = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        } catch (OutOfMemoryError e) { // nothing was allocated: not in use (the caller reports the error)
            IN_USE.addAndGet(-bytes);
            throw e;
        }
        CLEANER.register(owner, () -> IN_USE.addAndGet(-bytes));
        return b;
    }

    private static synchronized void collectIfGrown(long now, boolean first) {
        if (now + STEP < collectAt) {
            collectAt = now + STEP; // tables were freed: count from here
        }
        if (first && now >= collectAt) {
            collections++;
            System.gc();
            collectAt = now + STEP;
        }
    }

    /** A column of {@code length} bytes from {@code at} of {@code all}, in the platform's byte order. */
    static ByteBuffer column(ByteBuffer all, int at, int length) {
        return all.slice(at, length).order(ByteOrder.nativeOrder());
    }

    /** Bytes of columns allocated whose owners were not found unreachable yet. */
    static long inUse() {
        return IN_USE.get();
    }

    /** Collections started so far (for tests). */
    static synchronized long collections() {
        return collections;
    }
}
