package org.layerscope.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Live capture without running LayerScope as root on Linux (the one-time step of {@code layerscope setup-capture}):
 * gives the runtime LayerScope runs on the capabilities {@code cap_net_raw,cap_net_admin} with {@code setcap}. A
 * program with file capabilities runs in the loader's secure mode, which ignores {@code LD_LIBRARY_PATH} and
 * {@code $ORIGIN}: the runtime's library folders are therefore listed in {@code /etc/ld.so.conf.d/layerscope.conf}
 * (then {@code ldconfig}), or the JVM no longer finds {@code libjli.so}/{@code libjvm.so}.
 */
public final class CaptureSetup {
    public static final String CAPABILITIES = "cap_net_raw,cap_net_admin=eip";
    public static final Path LD_CONF = Path.of("/etc/ld.so.conf.d/layerscope.conf");

    private CaptureSetup() {
    }

    /** The program this JVM runs as: the installer's launcher, or the {@code java} binary. */
    public static Path currentProgram() {
        return ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    /**
     * The folders the loader must search for {@code program}, running on the runtime at {@code javaHome}: the runtime's
     * {@code lib} and {@code lib/server}, and the program's own {@code ../lib} (the installer's launcher library).
     */
    public static List<Path> libraryFolders(Path program, Path javaHome) {
        Set<Path> dirs = new LinkedHashSet<>();
        dirs.add(javaHome.resolve("lib"));
        dirs.add(javaHome.resolve("lib").resolve("server"));
        Path own = program.toAbsolutePath().getParent();
        if (own != null && own.getParent() != null) {
            dirs.add(own.getParent().resolve("lib"));
        }
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) {
            Path n = d.toAbsolutePath().normalize();
            if (Files.isDirectory(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** True when this process runs as root (uid 0, read from /proc/self/status). */
    public static boolean root() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** The commands setup runs, for people to read (and to run by hand). */
    public static List<String> plan(Path program, List<Path> libs, Path ldConf) {
        List<String> steps = new ArrayList<>();
        StringBuilder conf = new StringBuilder();
        for (Path l : libs) {
            conf.append(l).append("\\n");
        }
        steps.add("printf '" + conf + "' > " + ldConf);
        steps.add("ldconfig");
        steps.add("setcap " + CAPABILITIES + " " + program);
        return steps;
    }

    /**
     * Writes the loader configuration, runs {@code ldconfig} and {@code setcap}. Throws with a one-line reason (what
     * failed and what to install) on failure.
     */
    public static void apply(Path program, List<Path> libs, Path ldConf) throws IOException {
        StringBuilder conf = new StringBuilder("# LayerScope: the runtime's libraries for a program with capture capabilities\n");
        for (Path l : libs) {
            conf.append(l).append('\n');
        }
        Files.createDirectories(ldConf.toAbsolutePath().getParent());
        Files.writeString(ldConf, conf.toString(), StandardCharsets.UTF_8);
        run(List.of("ldconfig"), "ldconfig (package libc-bin)");
        run(List.of("setcap", CAPABILITIES, program.toString()), "setcap (sudo apt-get install libcap2-bin)");
    }

    /** The capabilities {@code getcap} reports for {@code program} ("" when none or getcap is missing). */
    public static String capabilities(Path program) {
        try {
            Process p = new ProcessBuilder("getcap", program.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static void run(List<String> cmd, String what) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + what + ": " + e.getMessage(), e);
        }
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + (out.isEmpty() ? "exit " + p.exitValue() : out));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + what, e);
        }
    }
}
