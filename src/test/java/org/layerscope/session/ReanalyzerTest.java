package org.layerscope.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.PacketResult;
import org.layerscope.analysis.filter.DisplayFilter;
import org.layerscope.model.Field;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.testutil.LongConnection;
import org.layerscope.tls.keys.KeyLog;
import org.layerscope.testutil.Tools;

/**
 * The window's on-demand analysis (the selected packet's details, a display filter over all rows) gives what
 * one full analysis of the file with trees gives: the frames before the selected one are read and decoded
 * ahead on a second thread without trees, only the last frames get trees.
 */
class ReanalyzerTest {
    static final Path SAMPLES = Tools.repoRoot().resolve("sample-pcaps");

    @TempDir
    Path tmp;

    /** Every field of a tree, one per line: name, value, display text, offset and length, indented by depth. */
    static String dump(Field f) {
        StringBuilder sb = new StringBuilder();
        dump(f, 0, sb);
        return sb.toString();
    }

    private static void dump(Field f, int depth, StringBuilder sb) {
        sb.append("  ".repeat(depth)).append(f.name()).append('=').append(f.value()).append(" | ").append(f.display())
                .append(" @").append(f.offset()).append('+').append(f.length()).append('\n');
        for (Field c : f.children()) {
            dump(c, depth + 1, sb);
        }
    }

    /** The full analysis of a file with trees, of the frames whose numbers are in {@code wanted}. */
    static Map<Long, PacketResult> fullAnalysis(Path file, BitSet wanted) throws IOException {
        return fullAnalysis(file, wanted, null);
    }

    /** The same, decrypting with {@code keys} (or without, null). */
    static Map<Long, PacketResult> fullAnalysis(Path file, BitSet wanted, KeyLog keys) throws IOException {
        Map<Long, PacketResult> out = new HashMap<>();
        Analyzer a = new Analyzer(true, r -> {
            if (wanted.get((int) r.number())) {
                out.put(r.number(), r);
            }
        }, keys);
        try (CaptureReader reader = CaptureFiles.open(file)) {
            for (RawFrame f; (f = reader.next()) != null; ) {
                a.accept(f);
            }
        }
        a.finish();
        return out;
    }

    static void sameDetails(PacketResult want, PacketResult got, String what) {
        assertNotNull(got, what);
        assertEquals(want.number(), got.number(), what);
        assertEquals(dump(want.tree()), dump(got.tree()), what + ": details tree");
        assertEquals(want.info(), got.info(), what + ": info");
        assertEquals(want.phase(), got.phase(), what + ": phase");
        assertEquals(want.expert().toString(), got.expert().toString(), what + ": expert items");
        assertArrayEquals(want.frame().data(), got.frame().data(), what + ": bytes");
    }

    @Test
    void selectingAPacketDeepInALongConnectionGivesTheDetailsOfAFullAnalysis() throws IOException {
        // the real PUBLISH/PUBACK exchange of a mosquitto capture repeated on one connection: frames before the
        // last TREE_FRAMES are analysed without trees on the read-ahead thread, the rest with trees
        Path pcap = tmp.resolve("long.pcap");
        LongConnection.write(SAMPLES.resolve("mqtt-tls12-mutual.pcapng"), pcap, 3000);
        PacketTable t = new CaptureLoader(pcap).runAndGet();
        Reanalyzer.warmUp(t); // what the window runs after a load: it leaves nothing behind that a selection sees
        int[] rows = {0, 3, 10, Reanalyzer.TREE_FRAMES - 1, Reanalyzer.TREE_FRAMES, Reanalyzer.TREE_FRAMES + 1, 200,
                1_001, t.size() - 2, t.size() - 1};
        BitSet numbers = new BitSet();
        for (int row : rows) {
            numbers.set((int) t.number(row));
        }
        Map<Long, PacketResult> full = fullAnalysis(pcap, numbers);
        for (int row : rows) {
            sameDetails(full.get(t.number(row)), Reanalyzer.analyse(t, row), "row " + row);
        }
    }

    @Test
    void aPacketFurtherIntoItsConnectionThanTheWalkBackGoesKeepsTheOpeningsNumbersAndVersions() throws IOException {
        // 3,000 frames on one connection, and a walk back of 500 frames (as MAX_FRAMES is for a connection of hours):
        // the opening (handshakes) is analysed first, then the 500 frames before the selected one; relative sequence
        // and acknowledgment numbers, the scaled window and the TLS version are those of the whole capture's analysis
        Path pcap = tmp.resolve("long.pcap");
        LongConnection.write(SAMPLES.resolve("mqtt-tls12-mutual.pcapng"), pcap, 3000);
        PacketTable t = new CaptureLoader(pcap).runAndGet();
        int walk = 500;
        int[] rows = {walk + 1, walk + 2, 1_777, 1_778, t.size() - 8, t.size() - 2, t.size() - 1};
        BitSet numbers = new BitSet();
        for (int row : rows) {
            numbers.set((int) t.number(row));
        }
        Map<Long, PacketResult> full = fullAnalysis(pcap, numbers);
        for (int row : rows) {
            sameDetails(full.get(t.number(row)),
                    Reanalyzer.analyse(t, row, walk, Reanalyzer.RESUME_FRAMES, Reanalyzer.AFTER_FIRST_DATA, () -> false),
                    "row " + row);
        }
    }

    @Test
    void aPacketFurtherIntoItsConnectionThanTheWalkBackResumesAtAResumePointWithoutAGap() throws IOException {
        // the same connection loaded with a resume point every 100 frames, and a walk back of at most 500 frames to
        // the first resume point at least 1 frame back: the analysis of the opening resumes there with both
        // directions' next sequence numbers, no gap, so the frames just after a resume point get the whole
        // analysis's details too (no "previous segment not captured")
        Path pcap = tmp.resolve("long.pcap");
        LongConnection.write(SAMPLES.resolve("mqtt-tls12-mutual.pcapng"), pcap, 3000);
        CaptureLoader loader = new CaptureLoader(pcap).resumePointsEvery(100);
        assertTrue(loader.run());
        PacketTable t = loader.table();
        int resumeFrames = 1;
        BitSet numbers = new BitSet();
        numbers.set(0, (int) t.number(t.size() - 1) + 1);
        Map<Long, PacketResult> full = fullAnalysis(pcap, numbers);
        int before = Reanalyzer.RESUMED.get();
        int selected = 0;
        for (int row = 200; row < t.size(); row += 3) {
            sameDetails(full.get(t.number(row)),
                    Reanalyzer.analyse(t, row, 500, resumeFrames, Reanalyzer.AFTER_FIRST_DATA, () -> false),
                    "row " + row);
            selected++;
        }
        assertTrue(Reanalyzer.RESUMED.get() - before == selected,
                "re-analyses that resumed: " + (Reanalyzer.RESUMED.get() - before) + " of " + selected);
    }

    @Test
    void aDecryptedConnectionIsReadWholeSoThatItsRecordsAreDecryptedAsInTheFullAnalysis() throws IOException {
        // app-made captures with their key logs, a walk back of 1 frame and an opening up to the first application
        // data: past them a gap would lose the records' sequence numbers, so for a connection the whole analysis
        // decrypted the re-analysis reads all of it (the MQTT inside is shown)
        for (String name : new String[] {"run-capture-tls12", "run-capture-tls13", "mqtt-tls13-mutual"}) {
            Path pcap = SAMPLES.resolve(name + ".pcapng");
            KeyLog keys = KeyLog.read(SAMPLES.resolve(name + ".keylog"));
            PacketTable t = new CaptureLoader(pcap, keys).runAndGet();
            BitSet numbers = new BitSet();
            numbers.set(0, (int) t.number(t.size() - 1) + 1);
            Map<Long, PacketResult> full = fullAnalysis(pcap, numbers, keys);
            int mqtt = 0;
            for (int row = 0; row < t.size(); row++) {
                if (t.decrypted(row)) { // the row says the whole analysis decrypted a record of it
                    PacketResult want = full.get(t.number(row));
                    mqtt += want.mqttPackets().size();
                    sameDetails(want, Reanalyzer.analyse(t, row, 1, Integer.MAX_VALUE, 0, () -> false), name + " row " + row);
                }
            }
            assertTrue(mqtt >= 2, name + ": decrypted rows with MQTT packets (" + mqtt + ")");
        }
    }

    @Test
    void aDecryptedConnectionResumesFromAResumePointPastTheWalkBackWithItsRecordsDecrypted() throws IOException {
        // app-made captures and two mosquitto connections of 300 PUBLISH/PUBACK exchanges (TLS 1.2 and 1.3) with
        // their key logs, loaded with a resume point wherever one can be: a walk back of 1 frame goes on to the
        // first resume point, the opening resumes there (TCP and TLS record sequence numbers of both directions,
        // the frames between skipped), and every decrypted row gets the full analysis's tree, its MQTT decrypted
        int resumed = 0;
        int before = Reanalyzer.RESUMED.get();
        Path longer = Tools.repoRoot().resolve("src/test/resources/long-decrypted");
        for (Path pcap : new Path[] {SAMPLES.resolve("run-capture-tls12.pcapng"),
                SAMPLES.resolve("run-capture-tls13.pcapng"), SAMPLES.resolve("mqtt-tls13-mutual.pcapng"),
                longer.resolve("mqtt-tls13-300.pcapng"), longer.resolve("mqtt-tls12-300.pcapng")}) {
            String name = pcap.getFileName().toString().replace(".pcapng", "");
            KeyLog keys = KeyLog.read(pcap.resolveSibling(name + ".keylog"));
            CaptureLoader loader = new CaptureLoader(pcap, keys).resumePointsEvery(1);
            assertTrue(loader.run());
            PacketTable t = loader.table();
            BitSet numbers = new BitSet();
            numbers.set(0, (int) t.number(t.size() - 1) + 1);
            Map<Long, PacketResult> full = fullAnalysis(pcap, numbers, keys);
            for (int row = 0; row < t.size(); row++) {
                if (!t.decrypted(row)) {
                    continue;
                }
                int stream = t.stream(row);
                TableConnection c = t.connection(stream);
                // the resume point the walk back of 1 frame stops at, and the frames it skips after the opening
                int point = row - 1;
                while (point > c.firstRow() && (t.stream(point) != stream || c.resumePoint(point) == null)) {
                    point--;
                }
                int[] opening = Reanalyzer.opening(t, stream, c, point, Reanalyzer.AFTER_FIRST_DATA);
                for (int r = opening.length == 0 ? point : opening[opening.length - 1] + 1; r < point; r++) {
                    if (t.stream(r) == stream) {
                        resumed++;
                        break;
                    }
                }
                sameDetails(full.get(t.number(row)),
                        Reanalyzer.analyse(t, row, 1, 1, Reanalyzer.AFTER_FIRST_DATA, () -> false), name + " row " + row);
            }
        }
        assertTrue(resumed >= 100, "decrypted rows whose re-analysis skips frames to a resume point: " + resumed);
        assertTrue(Reanalyzer.RESUMED.get() - before >= resumed, "re-analyses that resumed (none read the whole connection)");
    }

    @Test
    void aNewerSelectionCancelsTheReanalysisOfALongConnection() throws IOException {
        Path pcap = tmp.resolve("long.pcap");
        LongConnection.write(SAMPLES.resolve("mqtt-tls12-mutual.pcapng"), pcap, 20_000);
        // without resume points (as a connection where nothing waits never long enough), so the walk back is long
        CaptureLoader loader = new CaptureLoader(pcap).resumePointsEvery(Integer.MAX_VALUE);
        assertTrue(loader.run());
        PacketTable t = loader.table();
        int[] asked = new int[1];
        assertEquals(null, Reanalyzer.analyse(t, t.size() - 1, () -> ++asked[0] > 1), "given up when cancelled");
        assertEquals(2, asked[0], "asked every 4,096 frames, until cancelled");
        assertNotNull(Reanalyzer.analyse(t, t.size() - 1, () -> false), "the same selection, not cancelled");
        // a display filter over all rows given up at once (the user typed another): the capture file stays
        // readable (an interrupt of the reading thread in the middle of a read would close its channel for good)
        for (int k = 0; k < 5; k++) {
            assertEquals(false, Reanalyzer.all(t, false, r -> { }, () -> true), "the filter's pass given up");
        }
        assertNotNull(Reanalyzer.analyse(t, t.size() - 2, () -> false), "a selection after the filter gave up");
    }

    @Test
    void aConnectionSpreadOverTheFileAmongOtherFramesGivesTheDetailsOfAFullAnalysis() throws IOException {
        // the long connection's frames in bursts between runs of other frames (0 to 120 KiB of them): the frames
        // of one connection are read back from the file one by one, or in small blocks where a burst is close
        // together, as for one connection among thousands in real traffic
        Path pcap = spread("spread", 11, 120, 200);
        PacketTable t = new CaptureLoader(pcap).runAndGet();
        java.util.List<Integer> conn = connectionRows(t);
        assertTrue(conn.size() >= 2_000, "the connection's frames are in the table: " + conn.size());
        sameAsFullAnalysis(pcap, t, conn, 0, 5, Reanalyzer.TREE_FRAMES, Reanalyzer.TREE_FRAMES + 3, 700, 1_500,
                conn.size() - 2, conn.size() - 1);
    }

    /** The rows of the one TCP connection of {@code t} (its other frames are not IP). */
    private static java.util.List<Integer> connectionRows(PacketTable t) {
        java.util.List<Integer> conn = new java.util.ArrayList<>();
        for (int row = 0; row < t.size(); row++) {
            if (t.stream(row) >= 0) {
                conn.add(row);
            }
        }
        return conn;
    }

    /** Selecting the connection's frames {@code picks} gives the details of the whole capture's analysis. */
    private static void sameAsFullAnalysis(Path pcap, PacketTable t, java.util.List<Integer> conn, int... picks)
            throws IOException {
        BitSet numbers = new BitSet();
        for (int k : picks) {
            numbers.set((int) t.number(conn.get(k)));
        }
        Map<Long, PacketResult> full = fullAnalysis(pcap, numbers);
        for (int k : picks) {
            int row = conn.get(k);
            sameDetails(full.get(t.number(row)), Reanalyzer.analyse(t, row), "frame " + k + " of the connection, row " + row);
        }
    }

    /**
     * Writes the long connection (3,000 PUBLISH/PUBACK exchanges) with runs of other frames between its frames
     * (non-IP Ethernet frames of {@code size} to {@code size} + 1,300 bytes): a quarter of the gaps hold up to
     * {@code longRun} frames, the others up to 2.
     */
    private Path spread(String name, long seed, int longRun, int size) throws IOException {
        Path dense = tmp.resolve(name + "-dense.pcap");
        LongConnection.write(SAMPLES.resolve("mqtt-tls12-mutual.pcapng"), dense, 3000);
        Path pcap = tmp.resolve(name + ".pcap");
        java.util.Random rnd = new java.util.Random(seed);
        try (CaptureReader in = CaptureFiles.open(dense)) {
            org.layerscope.pcapio.PcapWriter out = null;
            for (RawFrame f; (f = in.next()) != null; ) {
                if (out == null) {
                    out = org.layerscope.pcapio.PcapWriter.create(pcap, f.linkType(), 0,
                            org.layerscope.pcapio.TimestampPrecision.MICROSECONDS);
                }
                int others = rnd.nextInt(4) == 0 ? rnd.nextInt(longRun) : rnd.nextInt(3);
                for (int k = 0; k < others; k++) {
                    byte[] d = new byte[size + rnd.nextInt(1300)];
                    d[12] = (byte) 0x88; // an Ethernet frame of the local experimental type 0x88b5: no IP, no TCP
                    d[13] = (byte) 0xb5;
                    out.writeFrame(new RawFrame(0, f.timestampNanos(), f.linkType(), d.length, d, 0, null));
                }
                out.writeFrame(f);
            }
            out.close();
        }
        return pcap;
    }

    @Test
    void aConnectionOverSeveralChunksOfTheTableGivesTheDetailsOfAFullAnalysis() throws IOException {
        // the walk back over the rows goes chunk by chunk (PacketTable.SHIFT): the connection's frames spread over
        // into a third chunk of rows
        Path pcap = spread("spread-chunks", 5, 400, 60);
        PacketTable t = new CaptureLoader(pcap).runAndGet();
        java.util.List<Integer> conn = connectionRows(t);
        int chunk = 1 << PacketTable.SHIFT;
        assertTrue(conn.get(0) < chunk && conn.get(conn.size() - 1) >= 2 * chunk,
                "the connection spans chunks: rows " + conn.get(0) + ".." + conn.get(conn.size() - 1) + " of " + t.size());
        sameAsFullAnalysis(pcap, t, conn, Reanalyzer.TREE_FRAMES + 10, conn.size() / 2, conn.size() - 2, conn.size() - 1);
    }

    @Test
    void selectingEveryPacketOfTheSamplesGivesTheDetailsOfAFullAnalysis() throws IOException {
        int files = 0;
        try (var list = Files.list(SAMPLES)) {
            for (Path p : list.filter(f -> f.toString().endsWith(".pcapng")).sorted().toList()) {
                PacketTable t = new CaptureLoader(p, null, true).runAndGet();
                BitSet all = new BitSet();
                all.set(1, t.size() + 1);
                Map<Long, PacketResult> full = fullAnalysis(p, all);
                for (int row = 0; row < t.size(); row++) {
                    sameDetails(full.get(t.number(row)), Reanalyzer.analyse(t, row), p.getFileName() + " row " + row);
                }
                files++;
            }
        }
        assertTrue(files >= 10, "the samples were found");
    }

    @Test
    void aDisplayFilterOverAllRowsMatchesWhatTheFullAnalysisMatches() throws Exception {
        Path pcap = tmp.resolve("long.pcap");
        LongConnection.write(SAMPLES.resolve("mqtt-tls12-mutual.pcapng"), pcap, 20_000);
        PacketTable t = new CaptureLoader(pcap).runAndGet();
        for (String expr : new String[] {"tcp.len > 100", "tls.record.content_type == 23", "tcp.flags.syn == 1",
                "tls.handshake.type == 1", "frame.number > 19000"}) {
            DisplayFilter df = DisplayFilter.compile(expr);
            BitSet want = new BitSet();
            Analyzer a = new Analyzer(df.buildsTree(), r -> {
                if (df.matches(r)) {
                    want.set(t.rowOfFrame(r.number()));
                }
            });
            try (CaptureReader reader = CaptureFiles.open(pcap)) {
                for (RawFrame f; (f = reader.next()) != null; ) {
                    a.accept(f);
                }
            }
            a.finish();
            BitSet got = RowMatcher.matchingRows(t, df, () -> false);
            assertEquals(want, got, expr);
            assertTrue(got.cardinality() > 0, expr + " matches some rows");
        }
    }

    /**
     * A filter whose fields come from the results (no trees) analyses the rows again with frames read into reused
     * blocks ({@link org.layerscope.pcapio.FrameBlocks}), which are scribbled over when given back here: it matches
     * what the full analysis of the file, each frame in its own array, matches; on the samples (decrypted with the key
     * log beside them) and a long connection.
     */
    @Test
    void aFilterOverFramesInReusedBlocksMatchesWhatTheFullAnalysisMatches() throws Exception {
        Path pcap = tmp.resolve("long-blocks.pcap");
        LongConnection.write(SAMPLES.resolve("mqtt-tls12-mutual.pcapng"), pcap, 20_000);
        List<Path> files = new java.util.ArrayList<>(List.of(pcap));
        try (var list = Files.list(SAMPLES)) {
            files.addAll(list.filter(f -> f.toString().endsWith(".pcapng")).sorted().toList());
        }
        org.layerscope.pcapio.FrameBlocks.scribbleGivenBack(true);
        try {
            for (Path p : files) {
                PacketTable t = new CaptureLoader(p, null, true).runAndGet();
                for (String expr : new String[] {"tls.handshake.type == 1", "mqtt.msgtype == 3", "tcp.flags.reset == 1",
                        "frame.cap_len > 100", "frame.len < 80", "tls.record.content_type == 23", "mqtt", "tcp.len > 100"}) {
                    DisplayFilter df = DisplayFilter.compile(expr);
                    assertEquals(rowsTheFullAnalysisMatches(t, p, df, df.buildsTree()),
                            RowMatcher.matchingRows(t, df, () -> false), p.getFileName() + ": " + expr);
                }
            }
        } finally {
            org.layerscope.pcapio.FrameBlocks.scribbleGivenBack(false);
        }
    }

    /**
     * The rows of {@code t} (loaded from {@code file}) whose frames {@code df} matches in one analysis of the whole
     * file, each frame in an array of its own (as {@code analyze --filter}), with the table's keys.
     */
    static BitSet rowsTheFullAnalysisMatches(PacketTable t, Path file, DisplayFilter df, boolean trees) throws IOException {
        BitSet want = new BitSet();
        Analyzer a = new Analyzer(trees, r -> {
            if (df.matches(r)) {
                want.set(t.rowOfFrame(r.number()));
            }
        }, t.keysOrNull());
        try (CaptureReader reader = CaptureFiles.open(file)) {
            for (RawFrame f; (f = reader.next()) != null; ) {
                a.accept(f);
            }
        }
        a.finish();
        return want;
    }
}
