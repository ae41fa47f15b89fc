package org.layerscope.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.PacketResult;
import org.layerscope.analysis.filter.DisplayFilter;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.testutil.LongConnection;
import org.layerscope.testutil.Tools;

/**
 * The window's load (the file read and the headers decoded on a read-ahead thread, the analysis on the loading
 * thread) gives the rows one plain analysis of the file gives, and every row reads back its own bytes from the
 * file, also past the ring of file offsets the loader keeps for the frames in flight.
 */
class CaptureLoaderTest {
    static final Path SAMPLES = Tools.repoRoot().resolve("sample-pcaps");

    @TempDir
    Path tmp;

    /** Each row against the plain analysis of the file (one thread, no read-ahead) and the file's frames. */
    private static void sameRows(Path capture, PacketTable t) throws IOException {
        List<RawFrame> frames = new ArrayList<>();
        List<PacketResult> results = new ArrayList<>();
        Analyzer a = new Analyzer(false, results::add);
        try (CaptureReader r = CaptureFiles.open(capture)) {
            for (RawFrame f; (f = r.next()) != null; ) {
                frames.add(f);
                a.accept(f);
            }
        }
        a.finish();
        assertEquals(frames.size(), t.size(), capture + ": rows");
        assertEquals(results.size(), t.size(), capture + ": results");
        FrameStore.Cursor cursor = t.cursor();
        for (int row = 0; row < t.size(); row++) {
            PacketResult want = results.get(row);
            String what = capture.getFileName() + " row " + row;
            assertEquals(want.number(), t.number(row), what);
            assertEquals(want.phase(), t.phase(row), what + ": phase");
            assertEquals(want.phaseInferred(), t.phaseInferred(row), what + ": inferred");
            assertEquals(want.info(), t.info(row), what + ": info");
            assertEquals(want.isTcp() ? want.stream() : -1, t.stream(row), what + ": stream");
            RawFrame f = frames.get((int) want.number() - 1);
            RawFrame back = t.frame(row, cursor);
            assertArrayEquals(f.data(), back.data(), what + ": bytes read back from the file");
            assertEquals(f.timestampNanos(), back.timestampNanos(), what + ": time");
        }
    }

    @Test
    void aLoadLongerThanTheOffsetRingReadsBackEveryFrame() throws IOException {
        Path pcap = tmp.resolve("long.pcap");
        LongConnection.write(SAMPLES.resolve("mqtt-tls12-mutual.pcapng"), pcap, 140_000);
        CaptureLoader l = new CaptureLoader(pcap);
        assertTrue(l.run());
        sameRows(pcap, l.table());
        assertEquals(1.0, l.progress(), 1e-9);
    }

    @Test
    void everySampleLoadsToTheRowsOfOnePlainAnalysis() throws IOException {
        int files = 0;
        try (var list = Files.list(SAMPLES)) {
            for (Path p : list.filter(f -> f.toString().matches(".*\\.(pcapng|pcap)(\\.gz)?$")).sorted().toList()) {
                sameRows(p, new CaptureLoader(p).runAndGet());
                files++;
            }
        }
        assertTrue(files >= 10, "the samples were found");
    }

    /** The rows, as the table holds them, with their Info texts and phases. */
    private static String rows(PacketTable t) {
        StringBuilder sb = new StringBuilder();
        for (int row = 0; row < t.size(); row++) {
            sb.append(t.number(row)).append(' ').append(t.phase(row)).append(' ').append(t.stream(row)).append(' ')
                    .append(t.info(row)).append('\n');
        }
        sb.append(t.summaries());
        return sb.toString();
    }

    private static boolean rowThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(th -> th.getName().equals("layerscope-rows") && th.isAlive());
    }

    /** The rows added on a thread of their own are those the loading thread adds itself, summaries included. */
    @Test
    void rowsAddedOnTheirOwnThreadAreTheSame() throws IOException {
        sameRows(p -> new CaptureLoader(p).rowThread(false), p -> new CaptureLoader(p).rowThread(true));
        assertTrue(!rowThreadAlive(), "the rows thread ends with its load");
    }

    /**
     * Loads a 20,000-frame connection and two samples in two ways, {@code expected} and {@code actual}: the same rows,
     * Info texts and summaries. Returns the tables of each pair.
     */
    private List<PacketTable[]> sameRows(java.util.function.Function<Path, CaptureLoader> expected,
                                         java.util.function.Function<Path, CaptureLoader> actual) throws IOException {
        Path pcap = tmp.resolve("long.pcap");
        LongConnection.write(SAMPLES.resolve("mqtt-tls12-mutual.pcapng"), pcap, 20_000);
        List<PacketTable[]> tables = new java.util.ArrayList<>();
        for (Path p : List.of(pcap, SAMPLES.resolve("mqtt-tls13-mutual.pcapng"), SAMPLES.resolve("mqtt-plain-5.pcapng"))) {
            CaptureLoader want = expected.apply(p);
            CaptureLoader got = actual.apply(p);
            assertTrue(want.run());
            assertTrue(got.run());
            assertEquals(rows(want.table()), rows(got.table()), p.toString());
            tables.add(new PacketTable[] {want.table(), got.table()});
        }
        return tables;
    }

    /**
     * The window's load reads the frames into blocks it reuses (its analysis lets each frame's bytes go): the same
     * rows, Info texts and summaries as with an array per frame, though every block given back is scribbled over;
     * and a row's bytes, read again from the file, are the frame's.
     */
    @Test
    void rowsOfFramesReadIntoReusedBlocksAreTheSame() throws IOException {
        org.layerscope.pcapio.FrameBlocks.scribbleGivenBack(true);
        try {
            for (PacketTable[] t : sameRows(p -> new CaptureLoader(p).frameBlocks(false),
                    p -> new CaptureLoader(p).frameBlocks(true))) {
                for (int row : new int[] {0, 1, t[1].size() / 2, t[1].size() - 1}) {
                    assertArrayEquals(t[0].frame(row).data(), t[1].frame(row).data(), "row " + row);
                }
            }
        } finally {
            org.layerscope.pcapio.FrameBlocks.scribbleGivenBack(false);
        }
    }

    /**
     * A capture corrupt in the middle: the load fails as before, with the rows released before the corruption in
     * the table (the rows thread adds what it was handed, then ends).
     */
    @Test
    void aCorruptCaptureKeepsTheRowsReleasedBeforeTheCorruption() throws IOException {
        Path pcap = tmp.resolve("long.pcap");
        LongConnection.write(SAMPLES.resolve("mqtt-tls12-mutual.pcapng"), pcap, 5_000);
        // the 3,001st record's captured length made impossible
        Path corrupt = org.layerscope.testutil.PcapBytes.withImpossibleLength(pcap, 3_000, tmp.resolve("corrupt.pcap"));
        CaptureLoader own = new CaptureLoader(corrupt).rowThread(true);
        CaptureLoader inline = new CaptureLoader(corrupt).rowThread(false);
        String ownFailure = assertThrows(IOException.class, own::run).getMessage();
        String inlineFailure = assertThrows(IOException.class, inline::run).getMessage();
        assertEquals(inlineFailure, ownFailure);
        assertTrue(inline.table().size() > 2_000, "rows before the corruption: " + inline.table().size());
        assertEquals(rows(inline.table()), rows(own.table()));
        assertTrue(!rowThreadAlive(), "the rows thread ends with its failed load");
    }

    /** The window's display filter over all rows of real captures matches what {@code analyze --filter} matches. */
    @Test
    void theIssuesFiltersMatchWhatTheFullAnalysisMatchesOnTheSamples() throws Exception {
        int[] total = new int[3];
        String[] exprs = {"tls.handshake.type == 1", "mqtt.msgtype == 3", "tcp.flags.reset == 1"};
        try (var list = Files.list(SAMPLES)) {
            for (Path p : list.filter(f -> f.toString().endsWith(".pcapng")).sorted().toList()) {
                PacketTable t = new CaptureLoader(p).runAndGet();
                for (int k = 0; k < exprs.length; k++) {
                    DisplayFilter df = DisplayFilter.compile(exprs[k]);
                    // as analyze --filter: one analysis of the file with trees, each result matched
                    BitSet want = ReanalyzerTest.rowsTheFullAnalysisMatches(t, p, df, true);
                    BitSet got = RowMatcher.matchingRows(t, df, () -> false);
                    assertEquals(want, got, p.getFileName() + ": " + exprs[k]);
                    total[k] += got.cardinality();
                }
            }
        }
        for (int k = 0; k < exprs.length; k++) {
            assertTrue(total[k] > 0, exprs[k] + " matches some rows of the samples");
        }
    }
}
