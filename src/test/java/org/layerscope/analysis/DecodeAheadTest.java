package org.layerscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerscope.analysis.export.TsvWriter;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.pcapio.ReadAheadReader;
import org.layerscope.testutil.Tools;

/**
 * The command line decodes each frame's headers on its reading thread ({@link Analyzer#decodeHeaders} through
 * {@link ReadAheadReader}'s attachments) and hands them to {@link Analyzer#accept(PacketResult)}: the output
 * must be byte for byte that of {@link Analyzer#accept(org.layerscope.model.RawFrame)}, with and without trees.
 */
class DecodeAheadTest {
    static Stream<Path> samples() throws IOException {
        Path dir = Tools.repoRoot().resolve("sample-pcaps");
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> l = s.filter(p -> p.toString().endsWith(".pcapng")).sorted().toList();
            return l.stream();
        }
    }

    private static String tsv(Path file, boolean ahead, boolean trees) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TsvWriter w = new TsvWriter(out);
        List<PacketResult> results = new ArrayList<>();
        Analyzer a = new Analyzer(trees, results::add);
        try (ReadAheadReader r = new ReadAheadReader(CaptureFiles.open(file),
                ahead ? f -> Analyzer.decodeHeaders(f, trees) : null)) {
            RawFrame f;
            while ((f = r.next()) != null) {
                if (ahead) {
                    PacketResult pre = (PacketResult) r.attachment();
                    assertSame(f, pre.frame());
                    a.accept(pre);
                } else {
                    a.accept(f);
                }
            }
        }
        a.finish();
        w.header();
        for (PacketResult p : results) {
            w.frame(p);
        }
        w.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void decodingAheadChangesNothing(Path sample) throws IOException {
        for (boolean trees : new boolean[] {false, true}) {
            String direct = tsv(sample, false, trees);
            assertTrue(direct.lines().count() > 1, sample.toString());
            assertEquals(direct, tsv(sample, true, trees), sample + " trees=" + trees);
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void aDecodedFrameGoesToOneAnalysisOnce(Path sample) throws IOException {
        try (CaptureReader r = CaptureFiles.open(sample)) {
            RawFrame f = r.next();
            PacketResult pre = Analyzer.decodeHeaders(f, false);
            Analyzer a = new Analyzer(false, x -> { });
            a.accept(pre);
            assertThrows(IllegalArgumentException.class, () -> a.accept(pre));
            assertThrows(IllegalArgumentException.class, () -> new Analyzer(true, x -> { }).accept(Analyzer.decodeHeaders(f, false)));
        }
    }
}
