package org.layerscope.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.layerscope.pcapio.CaptureFiles;

/**
 * Heap ergonomics chosen by the program, so that users need no JVM flags: the streaming commands
 * ({@code analyze}, {@code diagnose}, {@code convert}, {@code export-timeline}) need a small, bounded heap
 * whatever the size of the capture, but a JVM started without {@code -Xmx} takes a quarter of the machine's
 * memory and its collector lets the process grow towards it (2+ GiB of RSS for a stream whose live data is a
 * few tens of MiB). Started that way, the program runs itself again once, in a child JVM with
 * {@value #HEAP}, the serial collector ({@value #GC}), only the quick JIT compiler ({@value #JIT}) and, on Linux,
 * transparent huge pages ({@value #HUGE_PAGES}), with the same class path, arguments, standard streams and exit
 * status.
 *
 * <p>Not relaunched: the window, other commands, a JVM the user gave heap or collector flags to, a child already
 * relaunched ({@value #MARK}=1 in its environment), and a command whose input files are small
 * ({@link #smallInput}): a second JVM costs about 0.2 s, more than the whole command on a capture of a few
 * thousand frames, and such a capture never grows the heap. When the child cannot be started the command simply
 * runs in this JVM. {@code -Dlayerscope.relaunch=false} never relaunches, {@code =always} relaunches whatever the
 * size of the input.
 */
final class HeapLauncher {
    static final String HEAP = "-Xmx320m";
    /**
     * Only the quick compiler (C1): a command reads a capture for a few seconds, too short for the optimising
     * compiler's work to pay off (on the 1.5M-frame benchmark capture it saves about a quarter of the CPU time).
     */
    static final String JIT = "-XX:TieredStopAtLevel=1";
    /**
     * The serial collector: what survives a young collection here is only the frames in flight between the threads
     * (a few MiB), so one thread copies it in a few milliseconds; the parallel collector took about twice the CPU
     * time for the same collections on the benchmark capture (its threads compete with the three working ones on
     * a 2-core machine), for pauses no shorter.
     */
    static final String GC = "-XX:+UseSerialGC";
    /**
     * Transparent huge pages for the heap, on Linux when the system gives them on request ({@code [madvise]}, the
     * usual setting; with {@code [always]} the heap has them already, with {@code [never]} the flag would only print
     * a warning). A command allocates its young generation over and over, and the first touch of each of its pages
     * is a page fault: with 2 MiB pages there are 512 times fewer. On the 1.48M-frame benchmark capture
     * {@code analyze --format tsv} took 1.65-1.90 s (median 1.74 s) with them, 1.97-2.15 s (median 2.03 s) without,
     * in six interleaved runs (bench/README.md, session 13). The flag exists only in Linux JVMs.
     */
    static final String HUGE_PAGES = "-XX:+UseTransparentHugePages";
    /**
     * The JVM's own messages on standard error, never on standard output, which is the command's data (a TSV or JSON
     * stream): by default HotSpot prints its unified-logging warnings on standard output, such as
     * {@code [warning][pagesize] UseLargePages disabled, …}. Errors and warnings still show, on standard error.
     */
    static final List<String> VM_OUTPUT = List.of("-Xlog:disable", "-Xlog:all=warning:stderr",
            "-XX:+DisplayVMOutputToStderr");
    static final Path HUGE_PAGES_SETTING = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    static final String MARK = "LAYERSCOPE_RELAUNCHED";
    private static final Set<String> STREAMING = Set.of("analyze", "diagnose", "convert", "export-timeline");
    /**
     * Input files that add up to less than this run in this JVM: on the 1.48M-frame benchmark capture's first
     * 1,000 and 3,000 frames (1.9 and 5.2 MB) {@code analyze --format tsv} took 0.50-0.58 s here against
     * 0.56-0.64 s relaunched, on its first 10,000 frames (19 MB) as long either way, and from 30,000 frames (49 MB)
     * on the child was faster (bench/README.md, session 16). A compressed file counts {@value #COMPRESSED} times
     * its size (gzip, the only compression a capture may have here, told as the commands tell it: by its first
     * bytes, whatever its name).
     */
    static final long SMALL_INPUT = 4L << 20;
    static final int COMPRESSED = 16;

    private HeapLauncher() {
    }

    /** The child JVM's flags on this system ({@code hugePagesSetting}: where Linux says how it gives huge pages). */
    static List<String> childFlags(String osName, Path hugePagesSetting) {
        List<String> flags = new ArrayList<>(List.of(HEAP, GC, JIT));
        flags.addAll(VM_OUTPUT);
        if (osName.toLowerCase(java.util.Locale.ROOT).startsWith("linux")) {
            try {
                if (java.nio.file.Files.readString(hugePagesSetting).contains("[madvise]")) {
                    flags.add(HUGE_PAGES);
                }
            } catch (IOException | RuntimeException e) {
                // no such setting here (a container, an old kernel): the default pages
            }
        }
        return flags;
    }

    /**
     * Whether the command's arguments name at least one existing regular file, and all those files together are
     * smaller than {@link #SMALL_INPUT}. Special files (a pipe such as {@code /dev/stdin}, a device) may be of any
     * size: never small, nor is {@code -} (standard input for many tools; no command here reads it, but should one
     * learn to, its input is of unknown size). Names that are no file (an output not written yet, a mistyped name, an option's
     * value) do not count.
     */
    static boolean smallInput(String[] args) {
        long total = 0;
        boolean any = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-")) {
                return false;
            }
            if (a.startsWith("-")) {
                int eq = a.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                a = a.substring(eq + 1); // --keylog=FILE
            }
            try {
                Path p = Path.of(a);
                if (!java.nio.file.Files.exists(p)) {
                    continue;
                }
                if (!java.nio.file.Files.isRegularFile(p)) {
                    if (java.nio.file.Files.isDirectory(p)) {
                        continue;
                    }
                    return false; // a pipe or a device
                }
                total += java.nio.file.Files.size(p) * (CaptureFiles.isGzip(p) ? COMPRESSED : 1);
                any = true;
            } catch (IOException | RuntimeException e) {
                // not a path here (InvalidPathException), or unreadable: the command says so
            }
        }
        return any && total < SMALL_INPUT;
    }

    /** Runs the command in a child JVM when that is worth it; its exit status, or empty to run it here. */
    static OptionalInt relaunch(String[] args) {
        String setting = System.getProperty("layerscope.relaunch");
        if (args.length == 0 || !STREAMING.contains(args[0]) || "1".equals(System.getenv(MARK))
                || "false".equals(setting) || (!"always".equals(setting) && smallInput(args))) {
            return OptionalInt.empty();
        }
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String a : jvmArgs) {
            if (a.startsWith("-Xmx") || a.startsWith("-XX:MaxHeapSize") || a.startsWith("-XX:MaxRAM")
                    || (a.startsWith("-XX:+Use") && a.endsWith("GC")) || a.startsWith("-agentlib")
                    || a.startsWith("-XX:StartFlightRecording")) {
                return OptionalInt.empty(); // the user chose: respect it
            }
        }
        String classPath = System.getProperty("java.class.path");
        if (classPath == null || classPath.isEmpty()) {
            return OptionalInt.empty();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(childFlags(System.getProperty("os.name", ""), HUGE_PAGES_SETTING));
        cmd.addAll(jvmArgs); // after ours: a user's other flags (a compiler setting, say) win
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put(MARK, "1");
        try {
            Process p = pb.start();
            while (true) {
                try {
                    return OptionalInt.of(p.waitFor());
                } catch (InterruptedException e) {
                    p.destroy();
                }
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return OptionalInt.empty();
        }
    }
}
