package org.layerscope.session;

import java.util.Arrays;
import java.util.List;
import org.layerscope.model.RawFrame;

/**
 * The frames of one connection that the last selection's re-analysis read, kept so that the next selection in
 * the same connection (the frame before, the one after, its handshake) reads none of them from the file again.
 * Immutable once built; rows ascending. A row's bytes never change in a table; its comments can, so a frame is
 * handed out with the row's current comments.
 */
final class ConnectionFrames {
    /** At most this many bytes of frames are kept (the rest is read again when needed). */
    static final long MAX_BYTES = 48L << 20;

    /** Weakly: the frames kept do not keep a table that is no longer shown. */
    private final java.lang.ref.WeakReference<PacketTable> table;
    private final int stream;
    private final int[] rows;
    private final RawFrame[] frames;

    private ConnectionFrames(PacketTable table, int stream, int[] rows, RawFrame[] frames) {
        this.table = new java.lang.ref.WeakReference<>(table);
        this.stream = stream;
        this.rows = rows;
        this.frames = frames;
    }

    /** Whether these are frames of {@code stream} of {@code t}. */
    boolean of(PacketTable t, int s) {
        return table.get() == t && stream == s;
    }

    /** The frame of {@code row} of {@code table} if kept (with the row's current comments), else null. */
    RawFrame get(PacketTable table, int row) {
        int i = Arrays.binarySearch(rows, row);
        if (i < 0) {
            return null;
        }
        RawFrame f = frames[i];
        List<String> c = table.comments(row);
        return c.equals(f.comments()) ? f
                : new RawFrame(f.number(), f.timestampNanos(), f.linkType(), f.originalLength(), f.data(), f.interfaceId(), c);
    }

    /** Collects the frames one re-analysis reads, in ascending row order, up to {@link #MAX_BYTES}. */
    static final class Builder {
        private final PacketTable table;
        private final int stream;
        private int[] rows = new int[256];
        private RawFrame[] frames = new RawFrame[256];
        private int n;
        private long bytes;
        private boolean full;

        Builder(PacketTable table, int stream) {
            this.table = table;
            this.stream = stream;
        }

        void add(int row, RawFrame f) {
            if (full || (n > 0 && row <= rows[n - 1])) {
                return; // only ascending rows (a binary search finds them)
            }
            bytes += f.data().length + 64;
            if (bytes > MAX_BYTES) {
                full = true;
                return;
            }
            if (n == rows.length) {
                rows = Arrays.copyOf(rows, n * 2);
                frames = Arrays.copyOf(frames, n * 2);
            }
            rows[n] = row;
            frames[n++] = f;
        }

        /**
         * The frames collected, with those of {@code before} (the same connection's, or null) that this
         * re-analysis did not need (a selection earlier in the connection keeps the later frames).
         */
        ConnectionFrames build(ConnectionFrames before) {
            if (before == null || before.rows.length == 0) {
                return new ConnectionFrames(table, stream, Arrays.copyOf(rows, n), Arrays.copyOf(frames, n));
            }
            int[] r = new int[n + before.rows.length];
            RawFrame[] f = new RawFrame[r.length];
            int m = 0;
            int i = 0;
            int j = 0;
            long b = bytes;
            while (i < n || j < before.rows.length) {
                if (j >= before.rows.length || (i < n && rows[i] <= before.rows[j])) {
                    if (j < before.rows.length && rows[i] == before.rows[j]) {
                        j++;
                    }
                    r[m] = rows[i];
                    f[m++] = frames[i++];
                } else {
                    RawFrame old = before.frames[j];
                    b += old.data().length + 64;
                    if (b <= MAX_BYTES) {
                        r[m] = before.rows[j];
                        f[m++] = old;
                    }
                    j++;
                }
            }
            return new ConnectionFrames(table, stream, Arrays.copyOf(r, m), Arrays.copyOf(f, m));
        }
    }
}
