package org.layerscope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.layerscope.analysis.export.FrameFormatter;

/**
 * Fuzz targets on whole captures (issue #16). {@code ./mvnw verify} runs each on the empty input and on every
 * file in {@code src/test/resources/org/layerscope/fuzz/CaptureFuzzTestInputs} (small seeds shared by all
 * methods, and each method's past findings in its own folder); {@code bench/fuzz.sh CaptureFuzzTest#METHOD
 * MINUTES} fuzzes one for real. The sample and shared captures are replayed by {@link CorpusReplayTest}.
 */
class CaptureFuzzTest {
    @FuzzTest(maxDuration = "")
    void pcapReader(byte[] data) throws Exception {
        Targets.pcapReader(data);
    }

    @FuzzTest(maxDuration = "")
    void pcapngReader(byte[] data) throws Exception {
        Targets.pcapngReader(data);
    }

    @FuzzTest(maxDuration = "")
    void analyzeJson(byte[] data) throws Exception {
        Targets.analyze(data, false, FrameFormatter.Format.json);
    }

    @FuzzTest(maxDuration = "")
    void analyzeJsonWithKeyLog(byte[] data) throws Exception {
        Targets.analyze(data, true, FrameFormatter.Format.json);
    }

    @FuzzTest(maxDuration = "")
    void analyzeTsv(byte[] data) throws Exception {
        Targets.analyze(data, false, FrameFormatter.Format.tsv);
    }

    @FuzzTest(maxDuration = "")
    void diagnose(byte[] data) throws Exception {
        Targets.diagnose(data);
    }

    @FuzzTest(maxDuration = "")
    void pcapngWriterRoundTrip(byte[] data) throws Exception {
        Targets.writerRoundTrip(data);
    }

    @FuzzTest(maxDuration = "")
    void lesson(byte[] data) throws Exception {
        Targets.lesson(data, false);
    }

    @FuzzTest(maxDuration = "")
    void lessonWithKeyLog(byte[] data) throws Exception {
        Targets.lesson(data, true);
    }
}
