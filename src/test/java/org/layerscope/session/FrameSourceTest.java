package org.layerscope.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.analysis.PacketResult;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.testutil.LongConnection;
import org.layerscope.testutil.Tools;

/**
 * The window's packet table keeps the frames of a plain capture file in the file (offsets, read again on
 * demand) and holds only its columns in memory; a file too big for its memory budget is loaded up to the
 * budget, and what was loaded stays complete and usable.
 */
class FrameSourceTest {
    static final Path SAMPLES = Tools.repoRoot().resolve("sample-pcaps");

    @TempDir
    Path tmp;

    private static List<RawFrame> frames(Path p) throws IOException {
        List<RawFrame> l = new ArrayList<>();
        try (CaptureReader r = CaptureFiles.open(p)) {
            for (RawFrame f; (f = r.next()) != null; ) {
                l.add(f);
            }
        }
        return l;
    }

    private static void sameFrames(List<RawFrame> expected, PacketTable t) {
        assertEquals(expected.size(), t.size());
        for (int row = 0; row < t.size(); row++) {
            RawFrame want = expected.get((int) t.number(row) - 1);
            RawFrame got = t.frame(row);
            assertArrayEquals(want.data(), got.data(), "bytes of frame " + want.number());
            assertEquals(want.timestampNanos(), got.timestampNanos());
            assertEquals(want.originalLength(), got.originalLength());
            assertEquals(want.comments(), got.comments());
        }
    }

    @Test
    void everySampleReadsBackTheFileBytesPcapngPcapAndGzip() throws IOException {
        int files = 0;
        try (var list = Files.list(SAMPLES)) {
            for (Path p : list.filter(f -> f.toString().endsWith(".pcapng")).sorted().toList()) {
                List<RawFrame> want = frames(p);
                PacketTable t = new CaptureLoader(p).runAndGet();
                sameFrames(want, t);
                // a whole pass in file order, through the block cursor, gives the same results as the load
                List<PacketResult> again = new ArrayList<>();
                assertTrue(Reanalyzer.all(t, false, again::add, () -> false));
                assertEquals(t.size(), again.size());
                for (int i = 0; i < again.size(); i++) {
                    int row = t.rowOfFrame(again.get(i).number());
                    assertEquals(t.info(row), again.get(i).info(), p + " frame " + again.get(i).number());
                }
                files++;
            }
        }
        assertTrue(files >= 10, "the samples were found");
        // pcap (offsets of a pcap record) and gzip (no offsets: the bytes are kept in memory)
        Path seed = SAMPLES.resolve("mqtt-tls12-mutual.pcapng");
        Path pcap = tmp.resolve("long.pcap");
        LongConnection.write(seed, pcap, 3000);
        sameFrames(frames(pcap), new CaptureLoader(pcap).runAndGet());
        Path gz = tmp.resolve("long.pcap.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(pcap, o);
        }
        sameFrames(frames(pcap), new CaptureLoader(gz).runAndGet());
    }

    @Test
    void theTableKeepsTheBytesInTheFileNotInMemory() throws IOException {
        Path pcap = tmp.resolve("long.pcap");
        LongConnection.write(SAMPLES.resolve("mqtt-tls12-mutual.pcapng"), pcap, 200_000);
        PacketTable t = new CaptureLoader(pcap).runAndGet();
        assertEquals(199_999, t.size());
        // columns only: the same file gzipped (its bytes kept in memory) takes the frames' bytes more
        Path gz = tmp.resolve("long.pcap.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(pcap, o);
        }
        long inMemory = new CaptureLoader(gz).runAndGet().memoryBytes();
        assertTrue(t.memoryBytes() + Files.size(pcap) * 8 / 10 < inMemory,
                t.memoryBytes() + " bytes of table for a " + Files.size(pcap) + "-byte file, " + inMemory + " gzipped");
        // the selected packet's details come from the file: exact up to MAX_FRAMES frames into a connection
        // (analysed from its SYN, trees only at the end) ...
        List<RawFrame> file = frames(pcap);
        int deep = Reanalyzer.MAX_FRAMES - 1;
        PacketResult r = Reanalyzer.analyse(t, deep);
        assertEquals(t.info(deep), r.info());
        assertEquals(t.phase(deep), r.phase());
        assertTrue(r.tree().children().size() >= 3, "the selected frame has its details tree");
        assertArrayEquals(file.get(deep).data(), r.frame().data());
        // ... and the same bytes, phase and number further in (analysed from MAX_FRAMES frames before)
        PacketResult last = Reanalyzer.analyse(t, t.size() - 1);
        assertNotNull(last);
        assertEquals(t.number(t.size() - 1), last.number());
        assertEquals(t.phase(t.size() - 1), last.phase());
        assertArrayEquals(file.get(t.size() - 1).data(), last.frame().data());
    }

    @Test
    void aFileOverTheMemoryBudgetKeepsTheRowsLoadedUntilThen() throws Exception {
        Path pcap = tmp.resolve("long.pcap");
        LongConnection.write(SAMPLES.resolve("mqtt-tls12-mutual.pcapng"), pcap, 300_000);
        long budget = 12L << 20;
        CaptureLoader l = new CaptureLoader(pcap).memoryBudget(MemoryBudget.bytes(budget));
        assertFalse(l.run(), "loading stopped before the end");
        assertTrue(l.memoryLimited());
        assertFalse(l.cancelled());
        PacketTable t = l.table();
        assertTrue(t.size() > 60_000 && t.size() < 299_999, t.size() + " rows");
        assertTrue(t.memoryBytes() < budget + (8L << 20), "stopped near the budget: " + t.memoryBytes());
        // what is shown is complete: rows in order, their bytes, a connection summary, re-analysis, a filter
        List<RawFrame> want = frames(pcap).subList(0, t.size());
        sameFrames(want, t);
        assertEquals(1, t.summaries().size(), "the analysis was finished on the rows kept");
        assertEquals(t.info(t.size() - 1), Reanalyzer.analyse(t, t.size() - 1).info());
        var matching = RowMatcher.matchingRows(t,
                org.layerscope.analysis.filter.DisplayFilter.compile("tcp.srcport == 8883"), () -> false);
        assertTrue(matching.cardinality() > t.size() / 3, "a filter over the rows kept works");
        // without a budget the same file loads whole
        CaptureLoader all = new CaptureLoader(pcap).memoryBudget(MemoryBudget.none());
        assertTrue(all.run());
        assertFalse(all.memoryLimited());
        assertEquals(299_999, all.table().size());
    }
}
