package org.layerscope.app;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.layerscope.capture.CaptureSetup;
import org.layerscope.capture.HostOs;
import org.layerscope.ui.CaptureSetupStep;

/**
 * The one-time capture set-up the window offers on Linux ({@link CaptureSetupStep}): {@code layerscope
 * setup-capture --program RUNTIME} for the runtime this process runs on (the installer's launcher, or the
 * {@code java} binary running the jar), through {@code pkexec} when the desktop has it, as a {@code sudo} command
 * otherwise, and the command line that starts this window again.
 */
final class CaptureSetupSteps {
    private static final String MAIN = "org.layerscope.app.Main";

    private CaptureSetupSteps() {
    }

    /** The step for this process, or empty when not on Linux. */
    static Optional<CaptureSetupStep> forThisProcess() {
        if (HostOs.current() != HostOs.LINUX) {
            return Optional.empty();
        }
        Path program = CaptureSetup.currentProgram().toAbsolutePath().normalize();
        ProcessHandle.Info info = ProcessHandle.current().info();
        List<String> restart = new ArrayList<>();
        if (info.command().isPresent() && info.arguments().isPresent()) {
            restart.add(info.command().get());
            restart.addAll(List.of(info.arguments().get()));
        } else if (isJava(program)) {
            // the JDK gives no arguments when the command line is longer than a page (a long class path): the same
            // JVM options, class path, main class and arguments
            // (sun.java.command: the main class or jar, then the arguments)
            String[] command = System.getProperty("sun.java.command", MAIN).trim().split(" ");
            restart.add(program.toString());
            restart.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
            if (command[0].endsWith(".jar")) {
                restart.add("-jar");
                restart.add(Path.of(command[0]).toAbsolutePath().normalize().toString());
            } else {
                restart.add("-cp");
                restart.add(absolute(System.getProperty("java.class.path", "")));
                restart.add(command[0]);
            }
            restart.addAll(List.of(command).subList(1, command.length));
        }
        return Optional.of(step(program, System.getProperty("java.class.path", ""), find("pkexec", System.getenv("PATH")),
                restart));
    }

    /**
     * The step for {@code program}: a launcher runs {@code setup-capture} itself; a {@code java} binary runs it from
     * {@code classPath} (one jar: {@code -jar}); {@code pkexec} is the graphical prompt, or null when there is none.
     */
    static CaptureSetupStep step(Path program, String classPath, Path pkexec, List<String> restart) {
        List<String> setup = new ArrayList<>();
        setup.add(program.toString());
        if (isJava(program)) {
            String[] entries = classPath.isEmpty() ? new String[0] : classPath.split(File.pathSeparator);
            if (entries.length == 1 && entries[0].endsWith(".jar")) {
                setup.add("-jar");
                setup.add(Path.of(entries[0]).toAbsolutePath().normalize().toString());
            } else {
                setup.add("-cp");
                setup.add(absolute(classPath));
                setup.add(MAIN);
            }
        }
        setup.add("setup-capture");
        setup.add("--program");
        setup.add(program.toString());
        List<String> prompted = new ArrayList<>();
        if (pkexec != null) {
            prompted.add(pkexec.toString());
            prompted.addAll(setup);
        }
        return new CaptureSetupStep(prompted, "sudo " + shell(setup), restart);
    }

    private static boolean isJava(Path program) {
        String name = program.getFileName() == null ? "" : program.getFileName().toString();
        return name.equals("java") || name.equals("java.exe");
    }

    /** A class path with absolute entries. */
    private static String absolute(String classPath) {
        List<String> abs = new ArrayList<>();
        for (String e : classPath.isEmpty() ? new String[0] : classPath.split(File.pathSeparator)) {
            abs.add(Path.of(e).toAbsolutePath().normalize().toString());
        }
        return String.join(File.pathSeparator, abs);
    }

    /** {@code name} in the folders of {@code path} (and /usr/bin, /bin), or null. */
    static Path find(String name, String path) {
        List<String> dirs = new ArrayList<>();
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.add("/usr/bin");
        dirs.add("/bin");
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** The words as one POSIX shell command line (single quotes where needed). */
    static String shell(List<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (b.length() > 0) {
                b.append(' ');
            }
            if (!w.isEmpty() && w.matches("[A-Za-z0-9_./=:,+@%-]+")) {
                b.append(w);
            } else {
                b.append('\'').append(w.replace("'", "'\\''")).append('\'');
            }
        }
        return b.toString();
    }
}
