package org.layerscope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * The display filter (issue #16): compile any text; a syntax error is the documented answer, anything else
 * escaping is a finding; what compiles is evaluated on every frame of two analysed samples.
 */
class FilterFuzzTest {
    @FuzzTest(maxDuration = "")
    void compileAndEvaluate(byte[] data) throws Exception {
        Targets.filter(new String(data, StandardCharsets.UTF_8));
    }
}
