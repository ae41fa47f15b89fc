package org.layerscope.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.layerscope.model.RawFrame;

/**
 * The captured bytes of every frame, packed into 8 MiB pages (about 100 bytes of overhead less per frame
 * than keeping {@link RawFrame}s), so the hex view, the re-analysis of a selected frame and Save As never
 * go back to the file. Single writer; readers see frames below the count the writer published elsewhere.
 */
final class FrameStore {
    private static final int PAGE = 8 << 20;
    private static final int SHIFT = 16;
    private static final int MASK = (1 << SHIFT) - 1;

    private final List<byte[]> pages = new ArrayList<>();
    private volatile Meta[] metas = new Meta[0];
    private byte[] page;
    private int pageUsed;
    private int count;
    private final Map<Integer, List<String>> comments = new HashMap<>();
    /** False: only the frames' metadata is kept, not their bytes (a command that needs rows only). */
    private final boolean keepBytes;

    FrameStore() {
        this(true);
    }

    FrameStore(boolean keepBytes) {
        this.keepBytes = keepBytes;
    }

    private static final class Meta {
        final long[] number = new long[1 << SHIFT];
        final long[] timestamp = new long[1 << SHIFT];
        final long[] location = new long[1 << SHIFT]; // page index << 32 | offset
        final int[] capturedLength = new int[1 << SHIFT];
        final int[] originalLength = new int[1 << SHIFT];
        final int[] linkType = new int[1 << SHIFT];
        final int[] interfaceId = new int[1 << SHIFT];
    }

    void add(RawFrame f) {
        int i = count;
        int mi = i >>> SHIFT;
        Meta[] ms = metas;
        if (mi >= ms.length) {
            ms = Arrays.copyOf(ms, mi + 1);
            ms[mi] = new Meta();
            metas = ms;
        }
        Meta m = ms[mi];
        int j = i & MASK;
        byte[] d = f.data();
        if (!keepBytes) {
            m.number[j] = f.number();
            m.timestamp[j] = f.timestampNanos();
            m.capturedLength[j] = d.length;
            m.originalLength[j] = f.originalLength();
            m.linkType[j] = f.linkType();
            m.interfaceId[j] = f.interfaceId();
            count = i + 1;
            return;
        }
        if (page == null || pageUsed + d.length > page.length) {
            page = new byte[Math.max(PAGE, d.length)];
            synchronized (pages) {
                pages.add(page);
            }
            pageUsed = 0;
        }
        System.arraycopy(d, 0, page, pageUsed, d.length);
        int pageIndex;
        synchronized (pages) {
            pageIndex = pages.size() - 1;
        }
        m.location[j] = ((long) pageIndex << 32) | pageUsed;
        pageUsed += d.length;
        m.number[j] = f.number();
        m.timestamp[j] = f.timestampNanos();
        m.capturedLength[j] = d.length;
        m.originalLength[j] = f.originalLength();
        m.linkType[j] = f.linkType();
        m.interfaceId[j] = f.interfaceId();
        if (!f.comments().isEmpty()) {
            synchronized (comments) {
                comments.put(i, f.comments());
            }
        }
        count = i + 1;
    }

    long number(int i) {
        return metas[i >>> SHIFT].number[i & MASK];
    }

    RawFrame frame(int i) {
        if (!keepBytes) {
            throw new IllegalStateException("this table keeps no frame bytes");
        }
        Meta m = metas[i >>> SHIFT];
        int j = i & MASK;
        long loc = m.location[j];
        byte[] p;
        synchronized (pages) {
            p = pages.get((int) (loc >>> 32));
        }
        int off = (int) loc;
        byte[] data = Arrays.copyOfRange(p, off, off + m.capturedLength[j]);
        List<String> c;
        synchronized (comments) {
            c = comments.getOrDefault(i, List.of());
        }
        return new RawFrame(m.number[j], m.timestamp[j], m.linkType[j], m.originalLength[j], data, m.interfaceId[j], c);
    }

    /** The comments of frame {@code i} (file order, then the user's edits). */
    List<String> comments(int i) {
        synchronized (comments) {
            return comments.getOrDefault(i, List.of());
        }
    }

    /** Replaces the comments of frame {@code i} (empty: none). */
    void setComments(int i, List<String> c) {
        synchronized (comments) {
            if (c.isEmpty()) {
                comments.remove(i);
            } else {
                comments.put(i, List.copyOf(c));
            }
        }
    }

    /** Indexes of the frames with comments, ascending. */
    int[] commented() {
        synchronized (comments) {
            return comments.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        }
    }

    long memoryBytes() {
        long b;
        synchronized (pages) {
            b = (long) pages.size() * PAGE;
        }
        return b + (long) metas.length * (1 << SHIFT) * (8 * 3 + 4 * 4);
    }
}
