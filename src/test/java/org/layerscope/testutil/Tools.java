package org.layerscope.testutil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Shared helpers for tests that need an outside tool (tshark, editcap, openssl, ...) or file.
 *
 * <p>When something is missing the test is skipped with the reason, except when the environment variable
 * {@code LAYERSCOPE_REQUIRE_ALL} is {@code true} (as on CI): then it fails, so that nothing is silently left
 * untested.
 */
public final class Tools {
    /** Set to {@code true} to turn every skip for a missing tool or file into a failure. */
    public static final String REQUIRE_ALL = "LAYERSCOPE_REQUIRE_ALL";

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private Tools() {
    }

    /** True when missing tools must fail tests instead of skipping them. */
    public static boolean requireAll() {
        return "true".equalsIgnoreCase(System.getenv(REQUIRE_ALL));
    }

    /** The executable {@code name} found on the PATH, if any. */
    public static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        if (path == null || name.isEmpty()) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The executable {@code name} from the PATH; skips the test (or fails it, see {@link #REQUIRE_ALL}) without. */
    public static Path require(String name) {
        Optional<Path> found = find(name);
        if (found.isEmpty()) {
            missing("'" + name + "' is not on the PATH");
        }
        return found.get();
    }

    /** {@code path} when it exists; skips the test (or fails it, see {@link #REQUIRE_ALL}) otherwise. */
    public static Path requireFile(Path path, String what) {
        if (!Files.exists(path)) {
            missing(what + " not found at " + path.toAbsolutePath().normalize());
        }
        return path;
    }

    /** Skips the current test with {@code reason}, or fails it when {@link #REQUIRE_ALL} is true. */
    public static void missing(String reason) {
        if (requireAll()) {
            Assertions.fail(reason + " (and " + REQUIRE_ALL + "=true forbids skipping)");
        }
        Assumptions.abort(reason);
    }

    /** The repository root: the {@code layerscope.repo} system property set by surefire, else the working dir. */
    public static Path repoRoot() {
        String repo = System.getProperty("layerscope.repo");
        return Path.of(repo != null ? repo : System.getProperty("user.dir")).toAbsolutePath().normalize();
    }

    /** Output of a finished command. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** This result; fails the test when the command did not exit with 0. */
        public Result requireSuccess() {
            if (exitCode != 0) {
                Assertions.fail(String.join(" ", command) + " exited with " + exitCode + ":\n" + stderr);
            }
            return this;
        }

        /** Standard output split into lines (no trailing empty line). */
        public List<String> lines() {
            List<String> lines = new ArrayList<>(List.of(stdout.split("\r?\n", -1)));
            if (lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        }
    }

    /** Runs a command (no standard input) and waits for it, at most two minutes. */
    public static Result run(String... command) {
        return run(List.of(command), Map.of(), DEFAULT_TIMEOUT);
    }

    /**
     * Runs a command with extra environment variables and waits at most {@code timeout}; output is decoded as
     * UTF-8. Fails the test on a timeout.
     */
    public static Result run(List<String> command, Map<String, String> environment, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
            process.getOutputStream().close(); // no standard input
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                Assertions.fail(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(List.copyOf(command), process.exitValue(),
                    new String(out.get(), StandardCharsets.UTF_8), new String(err.get(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + command, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the output of " + command, e.getCause());
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
