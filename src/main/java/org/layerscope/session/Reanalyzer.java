package org.layerscope.session;

import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.PacketResult;

/**
 * Rebuilds the full analysis (details tree, explanation, expert items) of one row on demand.
 *
 * <p>The list and timeline keep only compact columns; a details tree per frame would need about a
 * kilobyte each. A TCP connection is analysed independently of the others, so the selected frame's
 * result is rebuilt by feeding only the frames of its connection (found through the stream column,
 * their bytes from the {@link FrameStore}: the capture file, or memory) to a fresh {@link Analyzer}, from
 * the connection's first frame and past the selected one until it is released, with trees only for the
 * last {@value #TREE_FRAMES} frames before it. That is exact and takes milliseconds for connections of
 * ordinary size. For a connection longer than {@link #MAX_FRAMES} frames before the selected one the
 * analysis starts {@code MAX_FRAMES} frames earlier, mid-stream (IP fields and absolute TCP fields stay
 * exact, relative sequence numbers count from there; TLS and MQTT decoding resynchronises like on a
 * capture that starts mid-stream).
 */
public final class Reanalyzer {
    /** Most frames of the connection analysed before the selected one. */
    public static final int MAX_FRAMES = 40_000;
    /**
     * Frames of the connection before the selected one that are analysed with trees (a TLS record or MQTT
     * packet completed by the selected frame may have started in them); those before, without.
     */
    static final int TREE_FRAMES = 64;

    private Reanalyzer() {
    }

    /**
     * Analyses every row again in file order (with the table's keys and the rows' current comments), as
     * {@code analyze} would the file; stops early when {@code cancelled} says so (checked every 4,096
     * frames). Returns false when it stopped early.
     */
    public static boolean all(PacketTable table, boolean trees, java.util.function.Consumer<PacketResult> out,
                              java.util.function.BooleanSupplier cancelled) {
        Analyzer a = new Analyzer(trees, out, table.keysOrNull()).keepConnections(false);
        int[] order = table.rowsInFileOrder();
        FrameStore.Cursor cursor = table.cursor(); // file order: the capture file is read in blocks
        for (int i = 0; i < order.length; i++) {
            if ((i & 4095) == 0 && cancelled.getAsBoolean()) {
                return false;
            }
            a.accept(table.frame(order[i], cursor));
        }
        a.finish();
        return true;
    }

    /** The full result of {@code row}, with its details tree. */
    public static PacketResult analyse(PacketTable table, int row) {
        int limit = table.size();
        int stream = table.stream(row);
        long wanted = table.number(row);
        PacketResult[] found = new PacketResult[1];
        Analyzer analyzer = new Analyzer(true, r -> {
            if (r.number() == wanted) {
                found[0] = r;
            }
        }, table.keysOrNull());
        if (stream < 0) {
            analyzer.accept(table.frame(row));
            analyzer.finish();
            return found[0];
        }
        PacketTable.Connection c = table.connection(stream);
        int start = c.firstRow();
        int treesFrom = start;
        // walk back at most MAX_FRAMES frames of this connection; trees only for the last TREE_FRAMES
        int seen = 0;
        for (int i = row - 1; i >= c.firstRow(); i--) {
            if (table.stream(i) == stream) {
                seen++;
                if (seen == TREE_FRAMES) {
                    treesFrom = i;
                }
                if (seen >= MAX_FRAMES) {
                    start = i;
                    break;
                }
            }
        }
        analyzer.buildTrees(treesFrom <= start);
        for (int i = start; i < limit && found[0] == null; i++) {
            if (table.stream(i) == stream || i == row) {
                if (i == treesFrom) {
                    analyzer.buildTrees(true);
                }
                analyzer.accept(table.frame(i));
            }
        }
        if (found[0] == null) {
            analyzer.finish();
        }
        return found[0];
    }
}
