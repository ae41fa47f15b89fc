package org.layerscope.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the programs the window starts on the user's behalf: the graphical privilege prompt of the capture set-up, and
 * LayerScope itself again after it. Tests inject their own to see the commands without running them.
 */
public interface CommandRunner {
    /** How a command ended: its exit status and its output (standard output and error, merged). */
    record Result(int exitCode, String output) {
    }

    /** Runs {@code command} and waits for it (a privilege prompt waits for the user). */
    Result run(List<String> command) throws IOException, InterruptedException;

    /**
     * Starts {@code command} with {@code env} added to this process's environment, its output going where this
     * process's goes, and watches it for {@code watchMillis}: empty when it still runs then (it started), or how it
     * ended.
     */
    Optional<Result> start(List<String> command, Map<String, String> env, long watchMillis)
            throws IOException, InterruptedException;

    /** The real one: {@link ProcessBuilder}. */
    CommandRunner SYSTEM = new CommandRunner() {
        @Override
        public Result run(List<String> command) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close(); // nothing to read from us: a prompt asks through the desktop
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return new Result(p.waitFor(), out);
        }

        @Override
        public Optional<Result> start(List<String> command, Map<String, String> env, long watchMillis)
                throws IOException, InterruptedException {
            ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
            pb.environment().putAll(env);
            Process p = pb.start();
            if (p.waitFor(watchMillis, TimeUnit.MILLISECONDS)) {
                return Optional.of(new Result(p.exitValue(), ""));
            }
            return Optional.empty();
        }
    };
}
