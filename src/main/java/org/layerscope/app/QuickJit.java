package org.layerscope.app;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * The window's JIT setting, chosen by the program (the user passes no flags): methods are compiled by the quick
 * compiler (C1) only, as the command line's child JVM does with {@code -XX:TieredStopAtLevel=1}
 * ({@link HeapLauncher}).
 *
 * <p>Why: opening a big capture runs the whole analysis once, for a few seconds, while the window starts up
 * (CSS, layout, rendering); the optimising compiler (C2) then compiles, deoptimises and recompiles the analysis's
 * and JavaFX's many hot methods on the second core at the same time. Measured on the 1.48M-frame real capture
 * with {@code -Xmx2g} (bench/README.md): C2 took 5.0 s of the load's 15.6 s of process CPU, the loading thread
 * 5.4 s. With C1 only the load, the display filter, a selection's re-analysis and the timeline's repaints all
 * cost less CPU and wall time within the window's horizon (seconds to minutes).
 *
 * <p>Done through the JVM's own management interface (the {@code Compiler.directives_add} diagnostic command of
 * {@code jcmd}: a compiler directive that excludes every method from C2; a method C2 may not compile is
 * compiled by C1 with full optimisation, as with {@code TieredStopAtLevel=1}). When that interface is missing (a
 * runtime without {@code jdk.management}; the command also needs {@code jdk.jfr} in the runtime, which is why the
 * installer's runtime holds both) or refuses, nothing changes: the window works the same, with more CPU.
 */
final class QuickJit {
    /** {@code -Dlayerscope.jit=default} leaves the JVM's compilers as they are (for comparing). */
    static final String PROPERTY = "layerscope.jit";
    static final String DIRECTIVE = "[{ match: [\"*.*\"], c2: { Exclude: true } }]";

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
