package org.layerscope.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.layerscope.model.RawFrame;

/**
 * The captured bytes of every frame. Frames of a plain (not compressed) capture file stay in the file: the
 * store keeps where each frame's bytes start ({@link #source(Path)}, {@link #add(RawFrame, long)}) and reads
 * them again on demand with positional reads of a channel opened once (so a file replaced by Save keeps
 * reading the bytes that were loaded, on systems that let an open file be replaced). Other frames (gzip
 * files, live captures) are packed into 256 KiB pages in memory. Single writer; readers see frames below the
 * count the writer published elsewhere.
 */
final class FrameStore {
    private static final Cleaner CLEANER = Cleaner.create();

    /** Below half of G1's smallest region (1 MiB), so a page is not allocated as a humongous object. */
    private static final int PAGE = 256 << 10;
    private static final int SHIFT = 15;
    private static final int MASK = (1 << SHIFT) - 1;

    private final List<byte[]> pages = new ArrayList<>();
    private volatile Meta[] metas = new Meta[0];
    private byte[] page;
    private int pageUsed;
    private int count;
    private final Map<Integer, List<String>> comments = new HashMap<>();
    /** False: only the frames' metadata is kept, not their bytes (a command that needs rows only). */
    private final boolean keepBytes;
    /** The capture file frames are read back from (location {@code -(offset + 1)}), or null. */
    private volatile FileChannel source;

    FrameStore() {
        this(true);
    }

    FrameStore(boolean keepBytes) {
        this.keepBytes = keepBytes;
    }

    /**
     * A block of frames' metadata, outside the Java heap (one direct buffer, {@link ColumnMemory}): it lives as
     * long as the capture is open, and in the heap the young collections of a load copied every block filled
     * meanwhile (see the table's chunks, {@code PacketTable.Chunk}).
     */
    private static final class Meta {
        static final int BYTES = (1 << SHIFT) * (8 * 3 + 4 * 4);
        final java.nio.LongBuffer number;
        final java.nio.LongBuffer timestamp;
        final java.nio.LongBuffer location; // page index << 32 | offset, or -(file offset + 1)
        final java.nio.IntBuffer capturedLength;
        final java.nio.IntBuffer originalLength;
        final java.nio.IntBuffer linkType;
        final java.nio.IntBuffer interfaceId;

        Meta() {
            java.nio.ByteBuffer all = ColumnMemory.allocate(this, BYTES, false);
            int n = 1 << SHIFT;
            number = ColumnMemory.column(all, 0, 8 * n).asLongBuffer();
            timestamp = ColumnMemory.column(all, 8 * n, 8 * n).asLongBuffer();
            location = ColumnMemory.column(all, 16 * n, 8 * n).asLongBuffer();
            capturedLength = ColumnMemory.column(all, 24 * n, 4 * n).asIntBuffer();
            originalLength = ColumnMemory.column(all, 28 * n, 4 * n).asIntBuffer();
            linkType = ColumnMemory.column(all, 32 * n, 4 * n).asIntBuffer();
            interfaceId = ColumnMemory.column(all, 36 * n, 4 * n).asIntBuffer();
        }

        /** Row {@code j}: the frame's metadata (not its location). */
        void set(int j, RawFrame f, int captured) {
            number.put(j, f.number());
            timestamp.put(j, f.timestampNanos());
            capturedLength.put(j, captured);
            originalLength.put(j, f.originalLength());
            linkType.put(j, f.linkType());
            interfaceId.put(j, f.interfaceId());
        }
    }

    /**
     * Reads the bytes of frames added with a file offset from {@code file} (opened now and closed when the
     * store is no longer used).
     */
    void source(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        source = ch;
        CLEANER.register(this, () -> {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing left to read from it
            }
        });
    }

    void add(RawFrame f) {
        add(f, -1);
    }

    /** Adds a frame whose bytes start at {@code fileOffset} of the {@link #source} file (-1: keep them here). */
    void add(RawFrame f, long fileOffset) {
        add(f, fileOffset, f.capturedLength());
    }

    /**
     * The same, for a frame whose bytes the analysis may have let go already ({@code capturedLength} says how many
     * were captured): only when they stay in the source file, or when this store keeps no bytes.
     */
    void add(RawFrame f, long fileOffset, int capturedLength) {
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
            m.set(j, f, capturedLength);
            count = i + 1;
            return;
        }
        if (fileOffset >= 0 && source != null) {
            m.location.put(j, -(fileOffset + 1));
        } else {
            if (d.length != capturedLength) {
                throw new IllegalArgumentException("the frame's bytes are gone; they must stay in memory");
            }
            store(m, j, d);
        }
        m.set(j, f, capturedLength);
        if (!f.comments().isEmpty()) {
            synchronized (comments) {
                comments.put(i, f.comments());
            }
        }
        count = i + 1;
    }

    private void store(Meta m, int j, byte[] d) {
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
        m.location.put(j, ((long) pageIndex << 32) | pageUsed);
        pageUsed += d.length;
    }

    long number(int i) {
        return metas[i >>> SHIFT].number.get(i & MASK);
    }

    RawFrame frame(int i) {
        return frame(i, null);
    }

    /** Frame {@code i}, its bytes read through {@code cursor} (sequential scans read the file in blocks; null: one read). */
    RawFrame frame(int i, Cursor cursor) {
        return frame(i, cursor, null);
    }

    /**
     * Frame {@code i} as {@link #frame(int, Cursor)}, its bytes put in {@code blocks} when given (a slice of a block the
     * reader reuses, see {@link org.layerscope.pcapio.ReadAheadReader}) and they fit one.
     */
    RawFrame frame(int i, Cursor cursor, org.layerscope.pcapio.FrameBlocks blocks) {
        if (!keepBytes) {
            throw new IllegalStateException("this table keeps no frame bytes");
        }
        Meta m = metas[i >>> SHIFT];
        int j = i & MASK;
        int len = m.capturedLength.get(j);
        byte[] block = blocks == null ? null : blocks.room(len);
        byte[] data;
        int at = 0;
        if (block != null) {
            at = blocks.used();
            bytesInto(m, j, cursor, block, at);
            blocks.advance(len);
            data = block;
        } else {
            data = bytes(m, j, cursor);
        }
        List<String> c;
        synchronized (comments) {
            c = comments.getOrDefault(i, List.of());
        }
        return new RawFrame(m.number.get(j), m.timestamp.get(j), m.linkType.get(j), m.originalLength.get(j), data, at,
                len, m.interfaceId.get(j), c);
    }

    /** Puts the bytes of frame {@code j} of {@code m} into {@code dst} from index {@code at}. */
    private void bytesInto(Meta m, int j, Cursor cursor, byte[] dst, int at) {
        long loc = m.location.get(j);
        int len = m.capturedLength.get(j);
        if (loc < 0) {
            long offset = -loc - 1;
            int in = cursor == null ? -1 : cursor.locate(offset, len);
            if (in >= 0) {
                System.arraycopy(cursor.block.array(), in, dst, at, len);
            } else {
                readFully(ByteBuffer.wrap(dst, at, len), offset);
            }
            return;
        }
        byte[] p;
        synchronized (pages) {
            p = pages.get((int) (loc >>> 32));
        }
        System.arraycopy(p, (int) loc, dst, at, len);
    }

    private byte[] bytes(Meta m, int j, Cursor cursor) {
        byte[] data = new byte[m.capturedLength.get(j)];
        bytesInto(m, j, cursor, data, 0);
        return data;
    }

    private void readFully(ByteBuffer b, long offset) {
        try {
            long pos = offset;
            while (b.hasRemaining()) {
                int n = source.read(b, pos);
                if (n < 0) {
                    throw new IOException("the capture file is shorter than when it was opened");
                }
                pos += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the capture file again: " + e.getMessage(), e);
        }
    }

    /**
     * A cursor for one thread's scan in ascending file order: reads the file in blocks of 256 KiB, or frame by frame
     * where the frames asked for are far apart (the frames of one connection among many).
     */
    Cursor cursor() {
        return new Cursor();
    }

    final class Cursor {
        private static final int BLOCK = 256 << 10; // not humongous (see PAGE)
        private final ByteBuffer block = ByteBuffer.allocate(BLOCK);
        /** Frames further apart than this are read one by one, not in blocks. */
        private static final int SPARSE = 64 << 10;
        private long start = -1;
        private int filled;
        private long lastEnd = -1;

        /**
         * Where the {@code len} bytes at file offset {@code offset} are in {@link #block} (read into it when they are
         * not there yet), or -1 when they are to be read on their own (longer than a block, or far from the last ones).
         */
        int locate(long offset, int len) {
            if (len > BLOCK) {
                return -1;
            }
            long gap = lastEnd < 0 ? 0 : offset - lastEnd;
            lastEnd = offset + len;
            if (start < 0 || offset < start || offset + len > start + filled) {
                if (gap > SPARSE) { // a sparse scan (one connection's frames): a block would be read for one frame
                    return -1;
                }
                block.clear();
                if (gap > 0) {
                    // frames of one connection near each other (a burst): a block for about 16 such frames, not
                    // 256 KiB for a few of them
                    block.limit((int) Math.min(BLOCK, Math.max(len, 16 * (gap + len))));
                }
                try {
                    int n = 0;
                    while (n < len) {
                        int r = source.read(block, offset + n);
                        if (r < 0) {
                            throw new IOException("the capture file is shorter than when it was opened");
                        }
                        n += r;
                    }
                    filled = n;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the capture file again: " + e.getMessage(), e);
                }
                start = offset;
            }
            return (int) (offset - start);
        }
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
        return b + (long) metas.length * Meta.BYTES;
    }
}
