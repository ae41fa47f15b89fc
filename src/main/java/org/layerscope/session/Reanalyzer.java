package org.layerscope.session;

import java.io.IOException;
import java.util.List;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.PacketResult;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureInterface;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.pcapio.DecryptionSecrets;
import org.layerscope.pcapio.ReadAheadReader;

/**
 * Rebuilds the full analysis (details tree, explanation, expert items) of one row on demand.
 *
 * <p>The list and timeline keep only compact columns; a details tree per frame would need about a
 * kilobyte each. A TCP connection is analysed independently of the others, so the selected frame's
 * result is rebuilt by feeding only the frames of its connection (found through the stream column,
 * their bytes from the {@link FrameStore}: the capture file, or memory) to a fresh {@link Analyzer}, from
 * the connection's first frame and past the selected one until it is released, with trees only for the
 * last {@value #TREE_FRAMES} frames before it (the frames before those are read, and their headers decoded, on a
 * second thread ahead of the analysis); the connection keeps its index and the frames their times, as in the
 * whole capture's analysis ({@link Analyzer#continueNumbering}). That is exact and takes milliseconds for connections of
 * ordinary size. A longer connection (a device connected for hours) is analysed from a resume point the whole analysis
 * left (one every {@value Analyzer#RESUME_POINT_EVERY} frames or so of a TLS or MQTT connection, at a frame where
 * nothing waited in either direction: the next TCP sequence numbers of both, and the TLS record sequence numbers of a
 * decrypted one, {@link org.layerscope.analysis.PacketResult#resumePoint()}): the walk back goes on to the first one
 * at least {@value #RESUME_FRAMES} frames before the selected one, the analysis reads the connection's opening (its
 * frames up to its first application data and a few more: the TCP, TLS and MQTT handshakes, their initial sequence
 * numbers, window scales, versions and keys) and resumes there ({@link Analyzer#resume}), without a gap. On the real
 * benchmark capture the selected frames of its longest connections (up to 293,507 frames) get the same details tree
 * as the whole capture's analysis, and so do decrypted frames of real 198,000-frame connections. Without a resume
 * point within {@link #MAX_FRAMES} frames, the opening is followed by the {@code MAX_FRAMES} frames before the selected
 * one, the frames between a gap the analysis resynchronises after, as after frames a capture missed; but a connection
 * whose records the whole analysis decrypted (with the table's keys; the rows say so, {@link PacketTable#decrypted})
 * cannot cross a gap, which loses the records' sequence numbers: its walk goes on to a resume point, or to its start
 * (a TLS 1.3 KeyUpdate or a CBC suite leave none; a newer selection cancels it).
 */
public final class Reanalyzer {
    /** Most frames of the connection analysed before the selected one after a gap (no resume point on the way). */
    public static final int MAX_FRAMES = 40_000;
    /**
     * Fewest frames of the connection analysed before the selected one from a resume point (the TCP and MQTT state
     * a frame's details use, such as the peer's last acknowledgment and window, settle within a few frames).
     */
    static final int RESUME_FRAMES = 512;
    /**
     * Frames of the connection before the selected one that are analysed with trees (a TLS record or MQTT
     * packet completed by the selected frame may have started in them); those before, without.
     */
    static final int TREE_FRAMES = 64;

    /** Re-analyses that resumed at a resume point (for tests: that they did, and did not read the whole connection). */
    static final java.util.concurrent.atomic.AtomicInteger RESUMED = new java.util.concurrent.atomic.AtomicInteger();

    private Reanalyzer() {
    }

    /**
     * Analyses every row again in file order (with the table's keys and the rows' current comments), as
     * {@code analyze} would the file; stops early when {@code cancelled} says so (checked every 4,096
     * frames). Returns false when it stopped early.
     */
    public static boolean all(PacketTable table, boolean trees, java.util.function.Consumer<PacketResult> out,
                              java.util.function.BooleanSupplier cancelled) {
        // without trees, nothing of a released result needs its frame's bytes (a filter's fields come from the
        // results), so they are let go once analysed and the frames are read into a few reused blocks
        Analyzer a = new Analyzer(trees, out, table.keysOrNull()).keepConnections(false).keepFrameBytes(trees);
        int[] order = table.rowsInFileOrder();
        // a second thread reads the frames (the capture file in blocks, in file order) and, without trees,
        // decodes their headers ahead of the analysis, as the command line does: two cores
        try (ReadAheadReader reader = new ReadAheadReader(new RowReader(table, order),
                trees ? null : f -> Analyzer.decodeHeaders(f, false), !a.keepsFrameBytes())) {
            RawFrame f;
            for (int i = 0; (f = reader.next()) != null; i++) {
                if ((i & 4095) == 0 && cancelled.getAsBoolean()) {
                    return false;
                }
                PacketResult decoded = (PacketResult) reader.attachment();
                if (decoded != null) {
                    a.accept(decoded);
                } else {
                    a.accept(f);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        a.finish();
        return true;
    }

    /** The frames of a table's rows in the given order, as a capture reader (for {@link ReadAheadReader}). */
    private static final class RowReader implements CaptureReader {
        private final PacketTable table;
        private final int[] rows;
        private final FrameStore.Cursor cursor;
        private int next;

        RowReader(PacketTable table, int[] rows) {
            this(table, rows, true);
        }

        /** {@code blocks}: read the capture file in blocks (a pass over all rows), else frame by frame. */
        RowReader(PacketTable table, int[] rows, boolean blocks) {
            this.table = table;
            this.rows = rows;
            this.cursor = blocks ? table.cursor() : null; // file order: the capture file is read in blocks
        }

        /** Where the frames' bytes go (see {@link CaptureReader#useBlocks}), or null. */
        private org.layerscope.pcapio.FrameBlocks frameBlocks;

        @Override
        public RawFrame next() {
            if (next >= rows.length) {
                return null;
            }
            return table.frame(rows[next++], cursor, frameBlocks); // (both may be null: one read, an array of its own)
        }

        @Override
        public void useBlocks(org.layerscope.pcapio.FrameBlocks blocks) {
            this.frameBlocks = blocks;
        }

        @Override
        public String format() {
            return "table";
        }

        @Override
        public List<String> warnings() {
            return List.of();
        }

        @Override
        public List<String> sectionComments() {
            return List.of();
        }

        @Override
        public List<CaptureInterface> interfaces() {
            return List.of();
        }

        @Override
        public List<DecryptionSecrets> secrets() {
            return List.of();
        }

        @Override
        public void close() {
            // the table's store stays open
        }
    }

    /**
     * The frames of a connection that the whole analysis let go early, when too many frames of the capture waited
     * behind them ({@link PacketResult#releasedEarlyAfter()}): a re-analysis of the connection alone, which has far
     * fewer frames waiting, lets them go after the same frames, so that it gives them (and the frames after them)
     * what the whole analysis gave them.
     */
    private static final class EarlyReleases {
        private final long[] pairs;
        private int next;

        EarlyReleases(TableConnection c) {
            pairs = c.earlyReleases();
        }

        /** Called once the analysis accepted the frame {@code number} (the frames come in ascending numbers). */
        void after(Analyzer a, long number) {
            while (next < pairs.length && pairs[next + 1] < number) {
                next += 2;
            }
            while (next < pairs.length && pairs[next + 1] == number) {
                a.releaseEarly(pairs[next]);
                next += 2;
            }
        }
    }

    /** Most frames of a long connection's opening analysed before the frames of its selected one. */
    static final int OPENING_FRAMES = 256;
    /** Frames of the opening after the connection's first application data (MQTT CONNECT and CONNACK, ...). */
    static final int AFTER_FIRST_DATA = 8;

    /**
     * The rows of connection {@code stream}'s opening, below {@code end}: its frames up to its first application
     * data and {@code afterFirstData} more (the TCP, TLS and MQTT handshakes), at most {@value #OPENING_FRAMES}.
     */
    static int[] opening(PacketTable table, int stream, TableConnection c, int end, int afterFirstData) {
        int data = c.phaseFirstRow(org.layerscope.model.Phase.APPLICATION_DATA);
        int[] rows = new int[OPENING_FRAMES];
        int n = 0;
        int after = 0;
        for (int r = c.firstRow(); r < end && n < rows.length && after <= afterFirstData; r++) {
            if (table.stream(r) == stream) {
                rows[n++] = r;
                if (data >= 0 && r >= data) {
                    after++;
                }
            }
        }
        return java.util.Arrays.copyOf(rows, n);
    }

    /** Frames analysed with trees by {@link #warmUp}. */
    static final int WARM_UP_FRAMES = 8_000;

    /**
     * Runs what a selection runs, once, on this (background) thread right after a load: the analysis with trees
     * of the first {@value #WARM_UP_FRAMES} frames and the re-analysis of the table's last frame of a connection,
     * so that the just-in-time compiler has compiled their code before the user's first selection (else the
     * first one is several times slower than the next ones). The results are dropped.
     */
    public static void warmUp(PacketTable table) {
        int n = Math.min(table.size(), WARM_UP_FRAMES);
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        Analyzer a = new Analyzer(true, r -> { }, table.keysOrNull()).keepConnections(false);
        try (RowReader reader = new RowReader(table, rows)) {
            for (RawFrame f; (f = reader.next()) != null; ) {
                a.accept(f);
            }
        }
        a.finish();
        for (int i = table.size() - 1; i >= 0; i--) {
            if (table.stream(i) >= 0) {
                analyse(table, i);
                break;
            }
        }
    }

    /** The full result of {@code row}, with its details tree. */
    public static PacketResult analyse(PacketTable table, int row) {
        return analyse(table, row, MAX_FRAMES, RESUME_FRAMES, AFTER_FIRST_DATA, () -> false);
    }

    /**
     * {@link #analyse(PacketTable, int)} that gives up (and returns null) once {@code cancelled} says so, checked
     * every 4,096 frames: a newer selection does not wait for this one.
     */
    public static PacketResult analyse(PacketTable table, int row, java.util.function.BooleanSupplier cancelled) {
        return analyse(table, row, MAX_FRAMES, RESUME_FRAMES, AFTER_FIRST_DATA, cancelled);
    }

    /**
     * From the connection's first resume point at least {@code resumeFrames} of its frames before the row (within
     * {@code maxFrames} of them), else with at most {@code maxFrames} of them after a gap (when the whole analysis
     * decrypted some of them: all of them), after an opening of the connection's frames up to its first application
     * data and {@code afterFirstData} more; {@code resumeFrames} {@link Integer#MAX_VALUE}: no resume point.
     */
    static PacketResult analyse(PacketTable table, int row, int maxFrames, int resumeFrames, int afterFirstData,
                                java.util.function.BooleanSupplier cancelled) {
        int walk = maxFrames;
        int limit = table.size();
        int stream = table.stream(row);
        long wanted = table.number(row);
        PacketResult[] found = new PacketResult[1];
        Analyzer analyzer = new Analyzer(true, r -> {
            if (r.number() == wanted) {
                found[0] = r;
            }
        }, table.keysOrNull());
        // the connection's index and the frames' times as in the whole capture's analysis
        analyzer.continueNumbering(Math.max(0, stream), table.captureStartNanos());
        if (stream < 0) {
            analyzer.accept(table.frame(row));
            analyzer.finish();
            return found[0];
        }
        TableConnection c = table.connection(stream);
        EarlyReleases early = new EarlyReleases(c);
        // one walk back over the rows: the connection's frames before the selected one, at most MAX_FRAMES
        int[] back = new int[256];
        int n = 0;
        // (over the stream column's chunks: a connection can span a million rows of others)
        int i = row - 1;
        // at the first resume point at least resumeFrames frames back (and within the walk), the analysis of the
        // opening resumes (no gap)
        int resumeRow = -2; // the row of that resume point, once looked for (-1: none)
        boolean decrypted = table.decrypted(row);
        if (decrypted) {
            maxFrames = Integer.MAX_VALUE;
        }
        long[] resume = null;
        while (i >= c.firstRow() && n < maxFrames) {
            java.nio.IntBuffer streams = table.streamChunk(i >>> PacketTable.SHIFT);
            int low = Math.max(c.firstRow(), i & ~PacketTable.MASK);
            for (; i >= low && n < maxFrames; i--) {
                if (streams.get(i & PacketTable.MASK) == stream) {
                    if (n == back.length) {
                        back = java.util.Arrays.copyOf(back, (int) Math.min(maxFrames, 2L * n));
                    }
                    back[n++] = i;
                    if (!decrypted && table.decrypted(i)) {
                        // the whole analysis decrypted this connection: a gap would lose its records' sequence
                        // numbers, so the walk goes on to a frame where the analysis can resume with them (a resume
                        // point, one every few thousand frames), or reads all of it (a newer selection cancels)
                        decrypted = true;
                        maxFrames = Integer.MAX_VALUE;
                    }
                    if (n >= resumeFrames && resume == null) {
                        if (resumeRow == -2) {
                            resumeRow = c.resumeRowAtOrBefore(i);
                        }
                        if (i == resumeRow) {
                            resume = c.resumePoint(i);
                            maxFrames = n; // the opening, then from this frame on
                        }
                    }
                }
            }
        }
        // a connection longer than that: its opening first (the handshakes: initial sequence numbers, window scales,
        // TLS version, MQTT version), then the frames before the selected one; the frames between are a gap
        int[] head = n == maxFrames && i >= c.firstRow() ? opening(table, stream, c, i + 1, afterFirstData) : new int[0];
        int withTrees = Math.min(n, TREE_FRAMES); // the last frames before the selected one, with trees
        if (n > withTrees || head.length > 0) {
            // the frames before those, without trees: read (in blocks where the connection is dense in the file)
            // and their headers decoded on a second thread, ahead of the analysis
            analyzer.buildTrees(false);
            int[] rows = java.util.Arrays.copyOf(head, head.length + n - withTrees);
            for (int k = 0; k < n - withTrees; k++) {
                rows[head.length + k] = back[n - 1 - k];
            }
            try (ReadAheadReader reader = new ReadAheadReader(new RowReader(table, rows),
                    f -> Analyzer.decodeHeaders(f, false))) {
                for (int k = 1; reader.next() != null && found[0] == null; k++) {
                    if ((k & 4095) == 0 && cancelled.getAsBoolean()) {
                        return null;
                    }
                    if (k == head.length + 1 && resume != null) {
                        if (!analyzer.resume(stream, resume)) { // (not met so far): as without resume points
                            return analyse(table, row, walk, Integer.MAX_VALUE, afterFirstData, cancelled);
                        }
                        resume = null;
                        RESUMED.incrementAndGet();
                    }
                    PacketResult next = (PacketResult) reader.attachment();
                    analyzer.accept(next);
                    early.after(analyzer, next.number());
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        if (resume != null) { // (no frames between the opening and those with trees)
            if (!analyzer.resume(stream, resume)) {
                return analyse(table, row, walk, Integer.MAX_VALUE, afterFirstData, cancelled);
            }
            RESUMED.incrementAndGet();
        }
        analyzer.buildTrees(true);
        FrameStore.Cursor cursor = table.cursor();
        for (int k = withTrees - 1; k >= 0 && found[0] == null; k--) {
            analyzer.accept(table.frame(back[k], cursor));
            early.after(analyzer, table.number(back[k]));
        }
        // the selected frame, and the connection's frames after it until the selected one is released
        for (int r = row; r < limit && found[0] == null; r++) {
            if (r == row || table.stream(r) == stream) {
                analyzer.accept(table.frame(r, cursor));
                early.after(analyzer, table.number(r));
            }
        }
        if (found[0] == null) {
            analyzer.finish();
        }
        return found[0];
    }
}
