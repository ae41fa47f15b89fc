package org.layerscope.app;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * The window's JIT setting, chosen by the program (the user passes no flags): LayerScope's own code is
 * compiled by the quick compiler (C1) only, as the command line's child JVM does with
 * {@code -XX:TieredStopAtLevel=1} ({@link HeapLauncher}), while JavaFX and the JDK keep both compilers.
 *
 * <p>Why: opening a big capture runs the whole analysis once, for a few seconds; the optimising compiler (C2)
 * then compiles, deoptimises and recompiles the analysis's many hot methods on the second core at the same time.
 * Measured on the 1.48M-frame real capture with {@code -Xmx2g} (bench/README.md): C2 took 5.0 s of the load's
 * 15.6 s of process CPU, the loading thread 5.4 s; with this directive the load costs about half the process
 * CPU, and the display filter and a selection's re-analysis (same code) cost less too.
 *
 * <p>Done through the JVM's own management interface (the {@code Compiler.directives_add} diagnostic command of
 * {@code jcmd}, a compiler directive that excludes {@code org/layerscope/*} from C2; an excluded method is
 * compiled by C1 with full optimisation). When that interface is missing (a runtime without
 * {@code jdk.management}) or refuses, nothing changes: the window works the same, with more CPU.
 */
final class QuickJit {
    /** {@code -Dlayerscope.jit=default} leaves the JVM's compilers as they are (for comparing). */
    static final String PROPERTY = "layerscope.jit";
    static final String DIRECTIVE = "[{ match: [\"org/layerscope/*.*\"], c2: { Exclude: true } }]";

    private QuickJit() {
    }

    /** Adds the directive once; true when the JVM took it. */
    static boolean apply() {
        if ("default".equals(System.getProperty(PROPERTY))) {
            return false;
        }
        Path f = null;
        try {
            f = Files.createTempFile("layerscope-jit", ".json");
            Files.writeString(f, DIRECTIVE);
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {f.toString()}}, new String[] {String[].class.getName()});
            return out != null && String.valueOf(out).contains("1 compiler directives added");
        } catch (Exception | LinkageError e) {
            return false; // not this JVM: it keeps its own compilers
        } finally {
            if (f != null) {
                try {
                    Files.deleteIfExists(f);
                } catch (java.io.IOException e) {
                    f.toFile().deleteOnExit();
                }
            }
        }
    }
}
