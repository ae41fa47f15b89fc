package org.layerscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerscope.analysis.export.TsvWriter;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.FrameBlocks;
import org.layerscope.pcapio.ReadAheadReader;
import org.layerscope.testutil.LongConnection;
import org.layerscope.testutil.Tools;
import org.layerscope.tls.keys.KeyLog;

/**
 * An analysis that lets each frame's bytes go reads the frames as slices of a few reused blocks
 * ({@link ReadAheadReader} with {@code reuseMemory}): its output must be that of frames that own their bytes, for every
 * sample (decrypted with its key log where it has one, and without) and a long connection of large records. Blocks
 * given back are scribbled over, so any part of the analysis that still read a frame's bytes after the frame was
 * analysed (or kept a view of them) would change the output.
 */
class ReusedFrameMemoryTest {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void scribble() {
        FrameBlocks.scribbleGivenBack(true);
    }

    @AfterAll
    static void noScribble() {
        FrameBlocks.scribbleGivenBack(false);
    }

    static Stream<Path> samples() throws IOException {
        Path dir = Tools.repoRoot().resolve("sample-pcaps");
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> l = new ArrayList<>(s.filter(p -> p.toString().endsWith(".pcapng")).sorted().toList());
            Path longOne = tmp.resolve("long.pcap");
            LongConnection.write(dir.resolve("mqtt-tls12-mutual.pcapng"), longOne, 20_000);
            l.add(longOne);
            return l.stream();
        }
    }

    /** TSV lines, then every frame's expert items and how many records and packets it carries. */
    private static String analysis(Path file, KeyLog keys, boolean reuse) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TsvWriter w = new TsvWriter(out);
        List<PacketResult> results = new ArrayList<>();
        Analyzer a = new Analyzer(false, results::add, keys).keepFrameBytes(false);
        assertFalse(a.keepsFrameBytes());
        int slices = 0;
        try (ReadAheadReader r = new ReadAheadReader(CaptureFiles.open(file), f -> Analyzer.decodeHeaders(f, false),
                reuse)) {
            RawFrame f;
            while ((f = r.next()) != null) {
                if (f.isSlice()) {
                    slices++;
                }
                a.accept((PacketResult) r.attachment());
            }
        }
        a.finish();
        assertEquals(reuse, slices > 0, file.toString());
        w.header();
        StringBuilder more = new StringBuilder();
        for (PacketResult p : results) {
            w.frame(p);
            more.append(p.number()).append(' ').append(p.expert()).append(' ').append(p.tlsRecords().size()).append(' ')
                    .append(p.mqttPackets().size()).append(' ').append(p.capturedLength()).append('\n');
        }
        w.flush();
        more.append(a.connections());
        return out.toString(StandardCharsets.UTF_8) + more;
    }

    @ParameterizedTest
    @MethodSource("samples")
    void framesInReusedBlocksAnalyseTheSame(Path sample) throws IOException {
        Path keylog = Path.of(sample.toString().replaceFirst("\\.pcapng$", ".keylog"));
        List<KeyLog> keys = new ArrayList<>();
        keys.add(null);
        if (Files.exists(keylog)) {
            keys.add(KeyLog.read(keylog));
        }
        for (KeyLog k : keys) {
            String own = analysis(sample, k, false);
            assertTrue(own.lines().count() > 2, sample.toString());
            assertEquals(own, analysis(sample, k, true), sample + (k == null ? "" : " with its key log"));
        }
    }

    @Test
    void onlyAnAnalysisThatLetsTheBytesGoMayReuseThem() {
        assertTrue(new Analyzer(false, r -> { }).keepsFrameBytes(), "the default keeps them");
        assertTrue(new Analyzer(true, r -> { }).keepFrameBytes(false).keepsFrameBytes(), "trees point into them");
        assertFalse(new Analyzer(false, r -> { }).keepFrameBytes(false).keepsFrameBytes());
    }
}
