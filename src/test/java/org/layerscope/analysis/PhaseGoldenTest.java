package org.layerscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerscope.testutil.Tools;

/**
 * Phase golden files: for each sample capture, every frame's phase (with "?" when inferred) and label,
 * checked by hand against the phase rule (see README, "Phases"). Regenerate after a deliberate change
 * with {@code ./mvnw test -Dtest=PhaseGoldenTest -Dlayerscope.updateGolden=true} and review the diff.
 */
class PhaseGoldenTest {
    static final Path GOLDEN = Tools.repoRoot().resolve("src/test/resources/golden");

    static Stream<Path> samples() throws IOException {
        return TsharkDifferentialTest.sampleCaptures().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void phasesMatchGolden(Path capture) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("frame\tphase\tlabel");
        for (PacketResult r : AnalysisRunner.analyze(capture, false)) {
            lines.add(r.number() + "\t" + r.phase().id() + (r.phaseInferred() ? "?" : "") + "\t" + r.label());
        }
        Path golden = GOLDEN.resolve(capture.getFileName() + ".phases.tsv");
        if (Boolean.getBoolean("layerscope.updateGolden") || !Files.exists(golden)) {
            Files.createDirectories(GOLDEN);
            Files.write(golden, lines, StandardCharsets.UTF_8);
            if (!Boolean.getBoolean("layerscope.updateGolden")) {
                Tools.missing("golden file " + golden + " was missing and has been written: review it and commit it");
            }
        }
        assertEquals(String.join("\n", Files.readAllLines(golden, StandardCharsets.UTF_8)), String.join("\n", lines),
                capture.getFileName().toString());
    }
}
