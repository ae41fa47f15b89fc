package org.layerscope.dissect.mqtt;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs tshark for tests. A test that needs tshark skips (JUnit assumption) when it is missing, but fails
 * when the environment variable {@code LAYERSCOPE_REQUIRE_ALL} is {@code true} (as on CI).
 */
final class Tshark {
    private Tshark() {
    }

    /** The repository root (surefire sets {@code layerscope.repo}; else the working directory). */
    static Path repo() {
        String p = System.getProperty("layerscope.repo");
        return Paths.get(p != null ? p : System.getProperty("user.dir")).toAbsolutePath();
    }

    static boolean requireAll() {
        return "true".equalsIgnoreCase(System.getenv("LAYERSCOPE_REQUIRE_ALL"));
    }

    /** Skips the test (or fails it under LAYERSCOPE_REQUIRE_ALL=true) with {@code reason}. */
    static void skipOrFail(String reason) {
        if (requireAll()) {
            fail(reason + " (LAYERSCOPE_REQUIRE_ALL=true, so this fails instead of skipping;"
                    + " apt-get install -y tshark)");
        }
        Assumptions.abort(reason);
    }

    /** The tshark executable, or a skip/failure when it is not on the PATH. */
    static Path require() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Paths.get(dir, "tshark");
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        skipOrFail("tshark is not installed");
        throw new AssertionError("unreachable");
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temp folder left behind is no reason to fail a test
        }
    }

    /** Runs tshark with {@code args} and an empty profile; returns its standard output. */
    static String run(List<String> args) {
        Path exe = require();
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(args);
        try {
            Path profile = Files.createTempDirectory("layerscope-tshark");
            Path out = Files.createTempFile("layerscope-tshark", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false)
                        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
                pb.environment().put("WIRESHARK_CONFIG_DIR", profile.toString());
                Process proc = pb.start();
                if (!proc.waitFor(120, TimeUnit.SECONDS)) {
                    proc.destroyForcibly();
                    fail("tshark timed out: " + cmd);
                }
                if (proc.exitValue() != 0) {
                    fail("tshark exited with " + proc.exitValue() + ": " + cmd);
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                deleteTree(profile);
            }
        } catch (IOException e) {
            fail("cannot run tshark: " + e);
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
            throw new AssertionError(e);
        }
    }
}
