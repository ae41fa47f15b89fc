package org.layerscope.session;

import org.layerscope.model.Phase;

/** One TCP connection of a {@link PacketTable}: its rows, times and phases (a band of the timeline). */
public final class TableConnection {
    private final int index;
    private final String client;
    private final String server;
    final long[] phaseStart = new long[Phase.values().length];
    final int[] phaseFirstRow = new int[Phase.values().length];
    // written by the table's writer alone, without a lock or a volatile write per row (a memory fence each, in
    // the loop every row of a capture passes); {@link PacketTable#connection} reads the published size first,
    // so a reader sees at least the values of the rows published then
    long firstTime;
    long lastTime;
    int firstRow;
    int lastRow;
    int frameCount;

    TableConnection(int index, String client, String server) {
        this.index = index;
        this.client = client;
        this.server = server;
        java.util.Arrays.fill(phaseStart, -1);
        java.util.Arrays.fill(phaseFirstRow, -1);
    }

    public int index() {
        return index;
    }

    /** "address:port" of the client (the side that sent the SYN, or the inferred one). */
    public String client() {
        return client;
    }

    public String server() {
        return server;
    }

    /** Relative time of the first frame in {@code phase}, or -1 when the connection never reached it. */
    public long phaseStart(Phase phase) {
        return phaseStart[phase.ordinal()];
    }

    /** Row of the first frame in {@code phase}, or -1. */
    public int phaseFirstRow(Phase phase) {
        return phaseFirstRow[phase.ordinal()];
    }

    /**
     * Relative time at which {@code phase} ends: the start of the next phase the connection reached,
     * else its last frame; -1 when the phase was never reached.
     */
    public long phaseEnd(Phase phase) {
        if (phaseStart[phase.ordinal()] < 0) {
            return -1;
        }
        for (int p = phase.ordinal() + 1; p < Phase.OTHER.ordinal(); p++) {
            if (phaseStart[p] >= 0) {
                return phaseStart[p];
            }
        }
        return lastTime;
    }

    public long firstTime() {
        return firstTime;
    }

    public long lastTime() {
        return lastTime;
    }

    public int firstRow() {
        return firstRow;
    }

    public int lastRow() {
        return lastRow;
    }

    public int frameCount() {
        return frameCount;
    }

    /**
     * Resume points of a TLS or MQTT connection ({@code PacketResult#resumePoint}), their rows ascending: copied on
     * write by the writer (one every thousand or so of the connection's frames: about 290 for 300,000 frames) and
     * published whole.
     */
    private volatile int[] resumeRows = new int[0];
    private volatile long[] resumePoints = new long[0];

    void addResumePoint(int row, long[] point) {
        int n = resumeRows.length;
        long[] points = java.util.Arrays.copyOf(resumePoints, 4 * n + 4);
        System.arraycopy(point, 0, points, 4 * n, 4);
        int[] rows = java.util.Arrays.copyOf(resumeRows, n + 1);
        rows[n] = row;
        resumePoints = points; // before the rows: a reader that sees a row finds its point
        resumeRows = rows;
    }

    /**
     * The resume point of the frame at {@code row} (see {@code Analyzer.resume}): where a re-analysis of this
     * connection can continue without the frames before it; null when the row has none.
     */
    public long[] resumePoint(int row) {
        int[] rows = resumeRows;
        int k = java.util.Arrays.binarySearch(rows, row);
        return k < 0 ? null : java.util.Arrays.copyOfRange(resumePoints, 4 * k, 4 * k + 4);
    }

    /**
     * Frames of this connection the whole analysis let go early ({@code PacketResult#releasedEarlyAfter}), in pairs:
     * the frame's number, then the number of the connection's frame after which it did; ascending. The writer fills
     * the array, grown by doubling (a connection of small TLS 1.3 records, such as MQTT pings, may have one every few
     * frames), then publishes the count; a reader reads the count first.
     */
    private volatile long[] earlyReleases = new long[0];
    private volatile int earlyCount;

    void addEarlyRelease(long frame, long after) {
        int n = earlyCount;
        long[] e = earlyReleases;
        if (n + 2 > e.length) {
            e = java.util.Arrays.copyOf(e, Math.max(8, 2 * e.length));
            earlyReleases = e;
        }
        e[n] = frame;
        e[n + 1] = after;
        earlyCount = n + 2;
    }

    /** See {@link #earlyReleases}: pairs of frame numbers (the frame, the frame after which), ascending. */
    long[] earlyReleases() {
        int n = earlyCount;
        return java.util.Arrays.copyOf(earlyReleases, n);
    }

    /** The row of this connection's last resume point at or before {@code row}, or -1. */
    public int resumeRowAtOrBefore(int row) {
        int[] rows = resumeRows;
        int k = java.util.Arrays.binarySearch(rows, row);
        int at = k >= 0 ? k : -k - 2;
        return at >= 0 ? rows[at] : -1;
    }
}
