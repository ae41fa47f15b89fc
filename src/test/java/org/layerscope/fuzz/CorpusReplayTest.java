package org.layerscope.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerscope.analysis.export.FrameFormatter;
import org.layerscope.testutil.Tools;

/**
 * The fuzz targets' seed corpus that is not copied into the test resources: every capture in
 * {@code sample-pcaps/} and {@code ../shared/wireshark-captures/captures/} (up to 4 MiB) goes through every
 * capture target, as {@code bench/fuzz.sh} seeds the fuzzer with them.
 */
class CorpusReplayTest {
    static Stream<Path> captures() throws IOException {
        List<Path> l = new ArrayList<>();
        for (Path dir : seedDirs()) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().matches(".*\\.(pcap|pcapng|cap)(\\.gz)?(\\.[0-9])?"))
                        .filter(p -> size(p) < 4 << 20).sorted().forEach(l::add);
            }
        }
        return l.stream();
    }

    static List<Path> seedDirs() {
        List<Path> dirs = new ArrayList<>();
        dirs.add(Tools.requireFile(Tools.repoRoot().resolve("sample-pcaps"), "sample captures"));
        Path shared = Tools.repoRoot().resolve("../shared/wireshark-captures/captures").normalize();
        if (Files.isDirectory(shared) || Tools.requireAll()) {
            dirs.add(Tools.requireFile(shared, "shared Wireshark captures"));
        }
        return dirs;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void everyCaptureTarget(Path capture) throws Exception {
        byte[] data = Files.readAllBytes(capture);
        Targets.pcapReader(data);
        Targets.pcapngReader(data);
        Targets.analyze(data, false, FrameFormatter.Format.json);
        Targets.analyze(data, true, FrameFormatter.Format.json);
        Targets.analyze(data, false, FrameFormatter.Format.tsv);
        Targets.diagnose(data);
        Targets.writerRoundTrip(data);
        Targets.lesson(data, false);
        Targets.lesson(data, true);
    }
}
