package org.layerscope.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
                    BitSet want = new BitSet();
                    // as analyze --filter: one analysis of the file with trees, each result matched
                    Analyzer a = new Analyzer(true, r -> {
                        if (df.matches(r)) {
                            want.set(t.rowOfFrame(r.number()));
                        }
                    }, t.keysOrNull());
                    try (CaptureReader reader = CaptureFiles.open(p)) {
                        for (RawFrame f; (f = reader.next()) != null; ) {
                            a.accept(f);
                        }
                    }
                    a.finish();
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
