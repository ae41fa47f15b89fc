package org.layerscope.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.layerscope.analysis.PacketResult;
import org.layerscope.dissect.ip.Addresses;
import org.layerscope.dissect.ip.NetPacket;
import org.layerscope.model.Direction;
import org.layerscope.model.Phase;
import org.layerscope.model.RawFrame;
import org.layerscope.model.TextBytes;

/**
 * The packet list of an open capture in compact columns: a few primitive values per frame in chunks of
 * 32,768 rows, strings interned or packed as UTF-8, and the raw bytes in a {@link FrameStore}. No array of the
 * table reaches half of G1's smallest region (1 MiB): such "humongous" arrays take whole regions of their own
 * (a {@code long[65536]} took 1 MiB for 512 KiB, a 4 MiB Info array 5 MiB) and each one allocated starts a
 * concurrent cycle, which made the window's heap, and its peak RSS, scatter from load to load. No
 * {@link PacketResult} or details tree is kept: the tree of the selected frame is rebuilt by
 * {@link Reanalyzer}.
 *
 * <p>One writer thread appends ({@link #add}); any thread may read the rows below {@link #size()} (the
 * size is published after the row is written).
 */
public final class PacketTable {
    /** Rows per chunk are {@code 1 << SHIFT}; the chunk accessors let tight loops skip per-row checks. */
    public static final int SHIFT = 15;
    static final int CHUNK = 1 << SHIFT;
    public static final int MASK = CHUNK - 1;

    /** Flag bits of {@link #flags(int)}. */
    public static final int F_S2C = 1;
    public static final int F_TCP = 2;
    public static final int F_KEY = 4;
    public static final int F_INFERRED = 8;
    public static final int F_WARN = 16;
    /** A TLS record of the frame was decrypted (with the table's keys). */
    public static final int F_DECRYPTED = 32;


    private volatile Chunk[] chunks = new Chunk[0];
    private volatile int size;
    private final Interner strings = new Interner();
    private final FrameStore frames;
    private final List<TableConnection> connections = new ArrayList<>();
    private volatile int connectionCount;
    /** The writer's own view of {@link #connections} (no lock per row; the list is locked only to grow). */
    private TableConnection[] writerConnections = new TableConnection[64];
    /**
     * Rows per phase, written by the writer alone, without a lock; readers read {@link #size} first, so they see
     * at least the counts of the rows published (ints: a row count fits, and an int is never half written).
     */
    private final int[] phaseCounts = new int[Phase.values().length];
    private volatile boolean timeSorted = true;
    private long lastTime = Long.MIN_VALUE;
    private volatile long maxTime;
    private volatile org.layerscope.tls.keys.KeyLog keyLog = new org.layerscope.tls.keys.KeyLog();
    private volatile List<String> sectionComments = List.of();
    private volatile List<org.layerscope.pcapio.CaptureInterface> interfaces = List.of();
    private volatile List<org.layerscope.pcapio.DecryptionSecrets> fileSecrets = List.of();
    private volatile List<org.layerscope.analysis.ConnectionSummary> summaries = List.of();
    private volatile int[] decidingRows = new int[0];
    private volatile long[] byNumber = new long[0];

    public PacketTable() {
        this(true);
    }

    /**
     * @param keepBytes false: keep the rows' columns only, not the captured bytes ({@link #frame} then
     *                  fails) nor the Info text ({@link #info} is empty); for a command that draws or counts rows
     *                  and never re-analyses them
     */
    public PacketTable(boolean keepBytes) {
        this.frames = new FrameStore(keepBytes);
        this.keepInfo = keepBytes;
    }

    /**
     * Whether rows keep their Info text: not in a table that keeps no bytes, which a command only draws or counts
     * (the Info of a long MQTT capture is most of a row: a 1.5M-frame table did not fit a 256 MiB heap with it).
     */
    private final boolean keepInfo;

    /**
     * A chunk's columns live outside the Java heap, in one direct buffer per chunk ({@link ColumnMemory}), and so do
     * its Info pages: with the frames' metadata they are most of a long capture's table (about 130 bytes a row),
     * they live as long as the capture is open, and in the heap every young collection of a load copied the chunks
     * filled since the one before (several times each, until they were old), which made the collector grow the heap
     * well past what was live.
     */
    private static final class Chunk {
        final java.nio.LongBuffer time;
        final java.nio.IntBuffer origLength;
        final java.nio.IntBuffer stream;
        final java.nio.ByteBuffer phase;
        final java.nio.ByteBuffer flags;
        final java.nio.IntBuffer src;
        final java.nio.IntBuffer dst;
        final java.nio.IntBuffer ports;
        final java.nio.IntBuffer protocol;
        final java.nio.IntBuffer label;
        /**
         * Where the Info texts of the rows start and end in {@link #info}'s pages, as one offset space: row
         * {@code i}'s text ends at {@code infoOffset[i + 1]} and starts at {@code infoOffset[i]}, or at the start of
         * the next page when it did not fit in the rest of that one ({@link #infoStart}).
         */
        final java.nio.IntBuffer infoOffset;
        /** Pages of {@link #INFO_PAGE} bytes, allocated as the Info texts fill them (never copied to grow). */
        InfoPage[] info = new InfoPage[8];
        /** The Info texts longer than {@link #LONG_INFO} bytes (their rows keep none in the pages), or null. */
        java.util.Map<Integer, String> longInfo;

        Chunk(boolean first) {
            java.nio.ByteBuffer all = ColumnMemory.allocate(this, COLUMN_BYTES, first);
            int at = 0;
            time = ColumnMemory.column(all, at, 8 * CHUNK).asLongBuffer();
            at += 8 * CHUNK;
            java.nio.IntBuffer[] ints = new java.nio.IntBuffer[7];
            for (int k = 0; k < ints.length; k++) {
                ints[k] = ColumnMemory.column(all, at, 4 * CHUNK).asIntBuffer();
                at += 4 * CHUNK;
            }
            origLength = ints[0];
            stream = ints[1];
            src = ints[2];
            dst = ints[3];
            ports = ints[4];
            protocol = ints[5];
            label = ints[6];
            infoOffset = ColumnMemory.column(all, at, 4 * (CHUNK + 1)).asIntBuffer();
            at += 4 * (CHUNK + 1);
            phase = ColumnMemory.column(all, at, CHUNK);
            at += CHUNK;
            flags = ColumnMemory.column(all, at, CHUNK);
        }

        int infoStart(int i) {
            int start = infoOffset.get(i);
            int end = infoOffset.get(i + 1);
            return end == start ? start : Math.max(start, (end - 1) & ~(INFO_PAGE - 1));
        }
    }

    /** Bytes of a chunk's columns: a long, seven ints, the Info offsets (one more) and two bytes a row. */
    static final int COLUMN_BYTES = CHUNK * (8 + 4 * 8 + 2) + 4;

    /** A page of Info texts (UTF-8), outside the heap as the columns are ({@link ColumnMemory}). */
    private static final class InfoPage {
        final java.nio.ByteBuffer bytes = ColumnMemory.allocate(this, INFO_PAGE, false);
    }

    /** Bytes of an Info page. */
    static final int INFO_PAGE = 1 << 18;
    /** Longer Info texts are kept as strings aside; so a chunk's offsets stay far below 2 GiB. */
    static final int LONG_INFO = 4 << 10;


    /** The TLS secrets the rows were analysed with (re-analysis uses the same). */
    public org.layerscope.tls.keys.KeyLog keyLog() {
        return keyLog;
    }

    /**
     * The secrets to analyse again with, or null when there are none at all (no key log and no secrets
     * block): then the analysis is the one of {@code analyze} without {@code --keylog}.
     */
    public org.layerscope.tls.keys.KeyLog keysOrNull() {
        org.layerscope.tls.keys.KeyLog k = keyLog;
        return k == null || k.isEmpty() ? null : k;
    }

    public void keyLog(org.layerscope.tls.keys.KeyLog keys) {
        keyLog = keys;
    }

    // ------------------------------------------------------------------ annotations and file metadata

    /** The packet comments of a row: those of the file, then the user's edits. */
    public List<String> comments(int row) {
        chunk(row);
        return frames.comments(row);
    }

    /** Replaces the comments of a row (an empty list removes them); the saved frame carries them. */
    public void setComments(int row, List<String> comments) {
        chunk(row);
        frames.setComments(row, nonBlank(comments));
    }

    private static List<String> nonBlank(List<String> comments) {
        List<String> clean = new ArrayList<>();
        for (String c : comments) {
            if (c != null && !c.isBlank()) {
                clean.add(c);
            }
        }
        return List.copyOf(clean);
    }

    public boolean hasComments(int row) {
        return !frames.comments(row).isEmpty();
    }

    /** Rows with at least one comment, in row order. */
    public int[] commentedRows() {
        return frames.commented();
    }

    /** The comments on the whole capture (pcapng section header {@code opt_comment}). */
    public List<String> sectionComments() {
        return sectionComments;
    }

    public void sectionComments(List<String> comments) {
        sectionComments = nonBlank(comments);
    }

    /** The interfaces the file described (pcapng IDBs; one for pcap), so a save keeps them. */
    public List<org.layerscope.pcapio.CaptureInterface> interfaces() {
        return interfaces;
    }

    public void interfaces(List<org.layerscope.pcapio.CaptureInterface> list) {
        interfaces = List.copyOf(list);
    }

    /** Decryption Secrets Blocks the file held (a save keeps what was there). */
    public List<org.layerscope.pcapio.DecryptionSecrets> fileSecrets() {
        return fileSecrets;
    }

    public void fileSecrets(List<org.layerscope.pcapio.DecryptionSecrets> list) {
        fileSecrets = List.copyOf(list);
    }

    // ------------------------------------------------------------------ connection summaries

    /** Summary and verdict of every connection, once the analysis finished (empty before). */
    public List<org.layerscope.analysis.ConnectionSummary> summaries() {
        return summaries;
    }

    /** Sets the summaries (after the analysis finished) and finds the row of each deciding frame. */
    public void summaries(List<org.layerscope.analysis.ConnectionSummary> list) {
        int[] deciding = new int[list.size()];
        java.util.Arrays.fill(deciding, -1);
        for (org.layerscope.analysis.ConnectionSummary c : list) {
            if (c.stream() >= 0 && c.stream() < deciding.length && c.verdictFrame() > 0) {
                deciding[c.stream()] = rowOfFrame(c.verdictFrame());
            }
        }
        decidingRows = deciding;
        summaries = List.copyOf(list);
    }

    /** The row of the packet that decided connection {@code stream}'s verdict, or -1. */
    public int decidingRow(int stream) {
        int[] d = decidingRows;
        return stream >= 0 && stream < d.length ? d[stream] : -1;
    }

    /** The summary of connection {@code stream}, or null before the analysis finished. */
    public org.layerscope.analysis.ConnectionSummary summary(int stream) {
        List<org.layerscope.analysis.ConnectionSummary> l = summaries;
        if (stream >= 0 && stream < l.size() && l.get(stream).stream() == stream) {
            return l.get(stream); // in order of first packet, as the streams are numbered (repaints ask per band)
        }
        for (org.layerscope.analysis.ConnectionSummary c : l) {
            if (c.stream() == stream) {
                return c;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ frame numbers

    private long[] byNumber() {
        long[] b = byNumber;
        int n = size;
        if (b.length != n) {
            b = new long[n];
            for (int r = 0; r < n; r++) {
                b[r] = (frames.number(r) << 32) | r;
            }
            java.util.Arrays.sort(b);
            byNumber = b;
        }
        return b;
    }

    /** The row showing frame {@code number}, or -1. */
    public int rowOfFrame(long number) {
        long[] b = byNumber();
        int i = java.util.Arrays.binarySearch(b, number << 32);
        if (i < 0) {
            i = -i - 1;
        }
        return i < b.length && (b[i] >>> 32) == number ? (int) b[i] : -1;
    }

    /** Every row in order of frame number (the order of the file), for saving. */
    public int[] rowsInFileOrder() {
        long[] b = byNumber();
        int[] rows = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            rows[i] = (int) b[i];
        }
        return rows;
    }

    private volatile long captureStart;

    /** Time stamp (nanoseconds) of the capture's first frame, which the rows' times count from. */
    public long captureStartNanos() {
        return captureStart;
    }

    /** Rows readable now. */
    public int size() {
        return size;
    }

    /**
     * Rows added from now on with a file offset keep their bytes in {@code file} (a plain capture file, not
     * compressed) and read them again on demand, instead of holding them in memory.
     */
    public void frameSource(java.nio.file.Path file) throws java.io.IOException {
        frames.source(file);
    }

    /** Appends one released analysis result (writer thread only). */
    public void add(PacketResult r) {
        add(r, -1);
    }

    /**
     * Appends one released analysis result whose bytes start at {@code fileOffset} of the {@link #frameSource}
     * file (-1: keep the bytes in memory). Writer thread only.
     */
    public void add(PacketResult r, long fileOffset) {
        RawFrame f = r.frame();
        int row = size;
        Chunk c = chunkFor(row);
        int i = row & MASK;
        long t = r.relativeNanos();
        if (row == 0) {
            captureStart = f.timestampNanos() - t;
        }
        c.time.put(i, t);
        if (t < lastTime) {
            timeSorted = false;
        }
        lastTime = Math.max(lastTime, t);
        c.origLength.put(i, f.originalLength());
        c.stream.put(i, r.stream());
        Phase ph = r.phase();
        c.phase.put(i, (byte) ph.ordinal());
        NetPacket n = r.net();
        int flags = 0;
        if (r.direction() == Direction.SERVER_TO_CLIENT) {
            flags |= F_S2C;
        }
        if (r.isTcp()) {
            flags |= F_TCP;
        }
        if (KeyPackets.isKey(r)) {
            flags |= F_KEY;
        }
        if (r.phaseInferred()) {
            flags |= F_INFERRED;
        }
        List<org.layerscope.dissect.tls.TlsRecord> records = r.tlsRecords();
        for (int k = 0, m = records.size(); k < m; k++) { // no iterator: see KeyPackets.isKey
            if (records.get(k).plaintext() != null) {
                flags |= F_DECRYPTED;
            }
        }
        List<org.layerscope.model.ExpertItem> expert = r.expert();
        for (int k = 0, m = expert.size(); k < m; k++) { // no iterator: see KeyPackets.isKey
            if (expert.get(k).severity().ordinal() >= org.layerscope.model.Severity.WARN.ordinal()) {
                flags |= F_WARN;
            }
        }
        c.flags.put(i, (byte) flags);
        c.src.put(i, addressId(n.srcAddr));
        c.dst.put(i, addressId(n.dstAddr));
        c.ports.put(i, ((n.srcPort & 0xffff) << 16) | (n.dstPort & 0xffff));
        if (n.srcPort < 0) {
            c.ports.put(i, -1);
        }
        c.protocol.put(i, strings.id(r.protocol()));
        c.label.put(i, strings.id(r.label()));
        int off = c.infoOffset.get(i);
        int infoLength = 0;
        if (keepInfo) { // the Info text as UTF-8, made straight into bytes (no string)
            TextBytes text = infoText;
            text.setLength(0);
            r.appendInfo(text);
            infoLength = text.length();
            if (infoLength > LONG_INFO) {
                if (c.longInfo == null) {
                    c.longInfo = new java.util.concurrent.ConcurrentHashMap<>();
                }
                c.longInfo.put(i, text.toString());
                infoLength = 0;
            } else if (infoLength > 0) {
                int page = off / INFO_PAGE;
                if ((off + infoLength - 1) / INFO_PAGE != page) { // not in this page's rest: at the next one's start
                    page++;
                    off = page * INFO_PAGE;
                }
                if (page >= c.info.length) {
                    c.info = java.util.Arrays.copyOf(c.info, c.info.length * 2);
                }
                if (c.info[page] == null) {
                    c.info[page] = new InfoPage();
                }
                text.copyTo(c.info[page].bytes, off % INFO_PAGE);
            }
        }
        c.infoOffset.put(i + 1, off + infoLength);
        frames.add(f, fileOffset, r.capturedLength());
        phaseCounts[ph.ordinal()]++;
        if (r.stream() >= 0) {
            trackConnection(r, row, t, ph);
        }
        if (maxTime != lastTime) {
            maxTime = lastTime;
        }
        size = row + 1; // publish
    }

    /** The Info text of the row being added (writer thread). */
    private final TextBytes infoText = new TextBytes(256);
    /** The last addresses met and their string ids (writer thread): most rows repeat one of a few hosts. */
    private final byte[][] recentAddress = new byte[4][];
    private final int[] recentAddressId = new int[4];
    private int recentNext;

    /** The string id of an address's text ({@link PacketResult#src()}), "" for none. */
    private int addressId(byte[] a) {
        if (a == null) {
            return strings.id("");
        }
        for (int k = 0; k < recentAddress.length; k++) {
            if (java.util.Arrays.equals(recentAddress[k], a)) {
                return recentAddressId[k];
            }
        }
        int id = strings.id(Addresses.format(a));
        int k = recentNext;
        recentNext = (k + 1) % recentAddress.length;
        recentAddress[k] = a.clone();
        recentAddressId[k] = id;
        return id;
    }

    private void trackConnection(PacketResult r, int row, long t, Phase ph) {
        int s = r.stream();
        TableConnection con = s < writerConnections.length ? writerConnections[s] : null;
        if (con == null) {
            con = newConnections(r, s, row, t);
        }
        if (con.phaseStart[ph.ordinal()] < 0) {
            con.phaseStart[ph.ordinal()] = t;
            con.phaseFirstRow[ph.ordinal()] = row;
        }
        con.lastTime = Math.max(con.lastTime, t);
        con.lastRow = row;
        con.frameCount++;
        long[] point = r.resumePoint();
        if (point != null) {
            con.addResumePoint(row, point);
        }
        if (r.releasedEarlyAfter() >= 0) {
            con.addEarlyRelease(r.number(), r.releasedEarlyAfter());
        }
    }

    /** Adds the connections up to {@code s} (the writer meets a connection's first row); returns connection s. */
    private TableConnection newConnections(PacketResult r, int s, int row, long t) {
        synchronized (connections) {
            int known = connections.size();
            while (connections.size() <= s) {
                NetPacket n = r.net();
                boolean c2s = r.direction() != Direction.SERVER_TO_CLIENT;
                String a = endpoint(r.src(), n.srcPort);
                String b = endpoint(r.dst(), n.dstPort);
                TableConnection nc = new TableConnection(connections.size(), c2s ? a : b, c2s ? b : a);
                nc.firstTime = t;
                nc.firstRow = row;
                connections.add(nc);
            }
            connectionCount = connections.size();
            if (writerConnections.length < connections.size()) {
                writerConnections = java.util.Arrays.copyOf(writerConnections,
                        Math.max(connections.size(), 2 * writerConnections.length));
            }
            for (int k = known; k < connections.size(); k++) {
                writerConnections[k] = connections.get(k);
            }
            return connections.get(s);
        }
    }

    private static String endpoint(String addr, int port) {
        return addr.indexOf(':') >= 0 ? "[" + addr + "]:" + port : addr + ":" + port;
    }

    private Chunk chunkFor(int row) {
        int ci = row >>> SHIFT;
        Chunk[] cs = chunks;
        if (ci >= cs.length) {
            Chunk[] grown = java.util.Arrays.copyOf(cs, ci + 1);
            grown[ci] = new Chunk(ci == 0);
            chunks = grown;
            return grown[ci];
        }
        return cs[ci];
    }

    private Chunk chunk(int row) {
        if (row < 0 || row >= size) {
            throw new IndexOutOfBoundsException("row " + row + " of " + size);
        }
        return chunks[row >>> SHIFT];
    }

    // Raw column chunks for tight loops (the renderer): chunk c holds rows c << SHIFT ..; read only, and
    // only rows below size().

    public java.nio.LongBuffer timeChunk(int c) {
        return chunks[c].time;
    }

    public java.nio.IntBuffer streamChunk(int c) {
        return chunks[c].stream;
    }

    public java.nio.ByteBuffer phaseChunk(int c) {
        return chunks[c].phase;
    }

    public java.nio.ByteBuffer flagsChunk(int c) {
        return chunks[c].flags;
    }

    /** Frame number (1-based) of a row. */
    public long number(int row) {
        return frames.number(row);
    }

    /** Nanoseconds since the first frame. */
    public long time(int row) {
        return chunk(row).time.get(row & MASK);
    }

    public int length(int row) {
        return chunk(row).origLength.get(row & MASK);
    }

    /** TCP connection index, or -1. */
    public int stream(int row) {
        return chunk(row).stream.get(row & MASK);
    }

    public Phase phase(int row) {
        return Phase.values()[chunk(row).phase.get(row & MASK)];
    }

    public int phaseOrdinal(int row) {
        return chunk(row).phase.get(row & MASK);
    }

    public int flags(int row) {
        return chunk(row).flags.get(row & MASK);
    }

    public boolean serverToClient(int row) {
        return (flags(row) & F_S2C) != 0;
    }

    public boolean key(int row) {
        return (flags(row) & F_KEY) != 0;
    }

    public boolean phaseInferred(int row) {
        return (flags(row) & F_INFERRED) != 0;
    }

    /** Whether a TLS record of the row was decrypted. */
    public boolean decrypted(int row) {
        return (flags(row) & F_DECRYPTED) != 0;
    }

    public String source(int row) {
        return strings.get(chunk(row).src.get(row & MASK));
    }

    public String destination(int row) {
        return strings.get(chunk(row).dst.get(row & MASK));
    }

    public int sourcePort(int row) {
        int p = chunk(row).ports.get(row & MASK);
        return p == -1 ? -1 : p >>> 16;
    }

    public int destinationPort(int row) {
        int p = chunk(row).ports.get(row & MASK);
        return p == -1 ? -1 : p & 0xffff;
    }

    public String protocol(int row) {
        return strings.get(chunk(row).protocol.get(row & MASK));
    }

    public String label(int row) {
        return strings.get(chunk(row).label.get(row & MASK));
    }

    public String info(int row) {
        Chunk c = chunk(row);
        int i = row & MASK;
        int start = c.infoStart(i);
        int end = c.infoOffset.get(i + 1);
        if (end == start) {
            java.util.Map<Integer, String> longInfo = c.longInfo;
            String text = longInfo == null ? null : longInfo.get(i);
            return text == null ? "" : text;
        }
        byte[] utf8 = new byte[end - start];
        c.info[start / INFO_PAGE].bytes.get(start % INFO_PAGE, utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** The captured frame of a row (its bytes copied out of the store). */
    public RawFrame frame(int row) {
        if (row < 0 || row >= size) {
            throw new IndexOutOfBoundsException("row " + row + " of " + size);
        }
        return frames.frame(row);
    }

    /** A reader for one thread's pass over many rows in file order (reads the capture file in blocks). */
    FrameStore.Cursor cursor() {
        return frames.cursor();
    }

    /** The captured frame of a row, read through {@code cursor}. */
    RawFrame frame(int row, FrameStore.Cursor cursor) {
        return frame(row, cursor, null);
    }

    /** As {@link #frame(int, FrameStore.Cursor)}, the bytes in {@code blocks} when given (see {@link FrameStore}). */
    RawFrame frame(int row, FrameStore.Cursor cursor, org.layerscope.pcapio.FrameBlocks blocks) {
        if (row < 0 || row >= size) {
            throw new IndexOutOfBoundsException("row " + row + " of " + size);
        }
        return frames.frame(row, cursor, blocks);
    }

    public int connectionCount() {
        return connectionCount;
    }

    public TableConnection connection(int index) {
        if (size < 0) { // never: the volatile read makes the connection's fields of the published rows visible
            throw new IllegalStateException();
        }
        synchronized (connections) {
            return connections.get(index);
        }
    }

    /** Frames per phase so far, indexed by {@link Phase#ordinal()}. */
    public long[] phaseCounts() {
        if (size < 0) { // never: reading the published size first is what makes the counts below visible
            return new long[phaseCounts.length];
        }
        long[] counts = new long[phaseCounts.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = phaseCounts[i];
        }
        return counts;
    }

    /** Largest relative time seen. */
    public long maxTime() {
        return maxTime;
    }

    /** True while rows come in time order (then {@link #firstRowAtOrAfter} is a binary search). */
    public boolean timeSorted() {
        return timeSorted;
    }

    /** The first row whose time is at least {@code t} (rows in time order), or {@link #size()}. */
    public int firstRowAtOrAfter(long t, int limit) {
        int lo = 0;
        int hi = limit;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (time(mid) < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Approximate heap bytes used by the columns and frame store. */
    public long memoryBytes() {
        long columns = (long) chunks.length * COLUMN_BYTES;
        for (Chunk c : chunks) {
            for (InfoPage page : c.info) {
                columns += page == null ? 0 : INFO_PAGE;
            }
        }
        return columns + frames.memoryBytes();
    }
}
