package org.layerscope.pcapio;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The byte arrays of analysed frames, given back so that the reader can read later frames of the same captured
 * length into them instead of allocating new ones. On real MQTT traffic the few large frames (about 4% of them,
 * 2 KiB and more) hold nearly 90% of the bytes, and most of them repeat a length met shortly before (the same
 * payload sizes, segmented the same way): reusing their arrays takes most of a long load's allocation away, and
 * with it most of the young collections that grew the window's heap.
 *
 * <p>A frame's array can only be given back when nothing refers to it any more: the analysis gives it back when it
 * lets the frame's bytes go ({@code Analyzer.keepFrameBytes(false)}, its stages having copied what they keep).
 * Thread-safe: one thread reads, another gives back. Bounded: the least recently met lengths are forgotten first.
 *
 * <p>With the system property {@value #TEST_PROPERTY}{@code =true} (the test suite sets it) every length is
 * pooled and every array given back is overwritten first, so that a stage still reading a frame's bytes after
 * letting them go reads garbage and fails its test instead of working by chance.
 */
public final class FrameArrays {
    static final String TEST_PROPERTY = "layerscope.frameArrays.test";
    private static final boolean TEST = Boolean.getBoolean(TEST_PROPERTY);
    /** Shorter arrays are not worth pooling (allocation is a pointer bump; they hold few of the bytes). */
    static final int MIN_LENGTH = TEST ? 1 : 2048;
    private static final byte POISON = (byte) 0xA5;

    private final long maxBytes;
    /** Free arrays by length, the lengths in the order they were last given back (oldest first). */
    private final LinkedHashMap<Integer, ArrayDeque<byte[]>> free = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;
    private long taken;
    private long missed;

    /** @param maxBytes at most this many bytes kept in free arrays */
    public FrameArrays(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** An array of exactly {@code length} bytes to read a frame into (its old content is garbage), or null. */
    public synchronized byte[] take(int length) {
        if (length < MIN_LENGTH) {
            return null;
        }
        ArrayDeque<byte[]> q = free.get(length);
        byte[] a = q == null ? null : q.pollLast();
        if (a == null) {
            missed++;
            return null;
        }
        bytes -= length;
        taken++;
        return a;
    }

    /** Gives back an array nobody refers to any more. */
    public void give(byte[] a) {
        if (a == null || a.length < MIN_LENGTH || a.length > maxBytes) {
            return;
        }
        if (TEST) {
            Arrays.fill(a, POISON);
        }
        synchronized (this) {
            free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).addLast(a);
            bytes += a.length;
            Iterator<Map.Entry<Integer, ArrayDeque<byte[]>>> oldest = free.entrySet().iterator();
            while (bytes > maxBytes && oldest.hasNext()) {
                ArrayDeque<byte[]> q = oldest.next().getValue();
                while (bytes > maxBytes && !q.isEmpty()) {
                    bytes -= q.pollFirst().length;
                }
                if (q.isEmpty()) {
                    oldest.remove();
                }
            }
        }
    }

    /** Frames read into a given-back array so far. */
    public synchronized long reused() {
        return taken;
    }

    /** Frames long enough to be pooled that found no array of their length. */
    public synchronized long missed() {
        return missed;
    }

    /** Bytes in free arrays now. */
    public synchronized long freeBytes() {
        return bytes;
    }
}
