package org.layerscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.capture.CaptureSetup;
import org.layerscope.capture.HostOs;
import org.layerscope.testutil.Tools;
import org.layerscope.ui.CaptureSetupViewModel;

/**
 * Issue 13, item 4, for real: the window run by an unprivileged user (uid 65534, no capabilities, headless on
 * Monocle, the real capture engine and libpcap) presses Run &amp; Capture; the capture is not permitted and the dialog
 * offers "Allow capture…". Pressing it runs the offered command through "pkexec" — here a stand-in that hands the
 * command to this test, which runs it as root as pkexec would after the password — and the dialog then starts
 * LayerScope again, which, as the same unprivileged user, captures the Run &amp; Capture exchange.
 *
 * <p>The runtime is a jlinked copy in a temporary folder (the machine's JDK never gets capabilities), the loader
 * configuration a file of this test's own (removed at the end).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class UnprivilegedCaptureOfferTest {
    private static final String MODULES = "java.base,java.desktop,java.logging,java.management,java.naming,java.prefs,"
            + "java.sql,java.xml,java.net.http,java.scripting,jdk.crypto.ec,jdk.charsets,jdk.localedata,jdk.net,"
            + "jdk.unsupported,jdk.zipfs,jdk.jfr";

    @Test
    void anUnprivilegedWindowIsOfferedTheStepAndCapturesAfterIt(@TempDir Path tmp) throws Exception {
        if (HostOs.current() != HostOs.LINUX) {
            return; // the one-time step is Linux's (other systems: the dialog's fix says what to install)
        }
        if (!CaptureSetup.root()) {
            Tools.missing("the unprivileged-window test needs root (to switch to uid 65534 and to play pkexec)");
        }
        Path setpriv = Tools.require("setpriv");
        Tools.require("setcap");
        org.layerscope.capture.CaptureSupport.requireLoopbackCapture(); // libpcap, and lo up (as root)
        org.layerscope.ui.FxToolkitCheck.require(); // JavaFX can draw text here (GTK/Pango)
        Path jlink = Tools.requireFile(Path.of(System.getProperty("java.home"), "bin", "jlink"), "jlink (a JDK)");
        open(tmp);
        Path runtime = tmp.resolve("runtime");
        Tools.run(List.of(jlink.toString(), "--add-modules", MODULES, "--output", runtime.toString(),
                "--no-header-files", "--no-man-pages", "--strip-debug"), Map.of(), Duration.ofMinutes(4)).requireSuccess();
        Path java = runtime.resolve("bin/java");
        String classPath = copyClassPath(tmp.resolve("cp"));
        Path home = tmp.resolve("home");
        Path bin = tmp.resolve("bin");
        Path talk = tmp.resolve("pkexec");
        for (Path d : List.of(home, bin, talk)) {
            Files.createDirectories(d);
        }
        Tools.run("chown", "-R", "65534:65534", home.toString(), talk.toString()).requireSuccess();
        Path pkexec = bin.resolve("pkexec");
        Files.writeString(pkexec, "#!/bin/sh\n"
                + "# pkexec's stand-in: hands the command to the test (root), waits for its exit status\n"
                + "printf '%s\\n' \"$@\" > " + talk + "/request.tmp && mv " + talk + "/request.tmp " + talk + "/request\n"
                + "while [ ! -f " + talk + "/status ]; do sleep 0.2; done\n"
                + "cat " + talk + "/output; exit $(cat " + talk + "/status)\n");
        Files.setPosixFilePermissions(pkexec, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path report = talk.resolve("report");
        List<String> cmd = List.of(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups",
                java.toString(), "-cp", classPath, "-Duser.home=" + home, "-Dlayerscope.home=" + home.resolve(".layerscope"),
                "-Djava.io.tmpdir=" + home, "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless",
                "-Dprism.order=sw", "-Djava.awt.headless=true", "-Dheadless.geometry=1280x800-32",
                UnprivilegedWindowProbe.class.getName(), report.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("probe.log").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("LAYERSCOPE"));
        env.put("PATH", bin + File.pathSeparator + "/usr/bin:/bin:/usr/sbin:/sbin");
        env.put("HOME", home.toString());
        Path conf = Path.of("/etc/ld.so.conf.d/layerscope-test-" + ProcessHandle.current().pid() + ".conf");
        Process first = pb.start();
        Map<String, String> retried = Map.of();
        try {
            // 1. the unprivileged window's Run & Capture is not permitted: the dialog offers Allow capture…
            Path request = talk.resolve("request");
            waitFor(() -> Files.exists(request) || !first.isAlive(), Duration.ofMinutes(2));
            Map<String, String> shown = read(report);
            assertTrue(Files.exists(request), "the window ran pkexec after Allow capture…; report " + shown + "\n" + log(tmp));
            assertEquals("65534 65534 65534 65534", shown.get("Uid").replaceAll("\\s+", " "), shown.toString());
            assertEquals(0L, Long.parseLong(shown.get("CapEff"), 16), "no capabilities: " + shown);
            assertEquals("PROMPT", shown.get("offer"), shown.toString());
            assertEquals("Allow capture\u2026", shown.get("allow"));
            assertEquals("Copy command", shown.get("copy"));
            assertEquals("sudo " + java + " -cp " + CaptureSetupSteps.shell(List.of(classPath))
                    + " org.layerscope.app.Main setup-capture --program " + java, shown.get("command"));
            // 2. the command pkexec got: setup-capture for the runtime the window runs on; run it as root
            List<String> asked = Files.readAllLines(request);
            assertEquals(List.of(java.toString(), "-cp", classPath, "org.layerscope.app.Main", "setup-capture",
                    "--program", java.toString()), asked);
            List<String> asRoot = new ArrayList<>(asked);
            asRoot.addAll(List.of("--ld-conf", conf.toString())); // this test's own loader configuration
            Tools.Result setup = Tools.run(asRoot, Map.of(), Duration.ofMinutes(2));
            Files.writeString(talk.resolve("output"), setup.stdout() + setup.stderr());
            Files.writeString(talk.resolve("status"), Integer.toString(setup.exitCode()));
            assertEquals(0, setup.exitCode(), setup.stdout() + setup.stderr());
            assertTrue(CaptureSetup.capabilities(java).contains("cap_net_admin,cap_net_raw=eip"));
            // 3. the dialog shows the result and starts LayerScope again, which captures as the same user
            if (!first.waitFor(90, TimeUnit.SECONDS)) {
                Tools.run("kill", "-QUIT", Long.toString(first.pid())); // a thread dump into the log
                Thread.sleep(2000);
                throw new AssertionError("the first window does not give way: " + raw(report) + "\n" + log(tmp));
            }
            shown = read(report);
            assertEquals("true", shown.get("quit"), raw(report) + "\n" + log(tmp));
            assertTrue(shown.getOrDefault("result", "").contains("may capture now"), shown.toString());
            Path second = Path.of(report + ".retry");
            waitFor(() -> read(second).containsKey("rows"), Duration.ofMinutes(2));
            retried = read(second);
            assertEquals("65534 65534 65534 65534", retried.get("Uid").replaceAll("\\s+", " "), retried.toString());
            long caps = Long.parseLong(retried.get("CapEff"), 16);
            assertEquals((1L << 12) | (1L << 13), caps & ((1L << 12) | (1L << 13)), "cap_net_raw, cap_net_admin: " + retried);
            assertEquals("true", retried.get("capturing"), retried + "\n" + log(tmp));
            assertEquals("false", retried.get("problemDialog"), retried + "\n" + log(tmp));
            assertTrue(Integer.parseInt(retried.get("rows")) >= 10, "the exchange was captured: " + retried + "\n" + log(tmp));
        } finally {
            first.destroyForcibly();
            ProcessHandle.allProcesses().filter(h -> (h.info().command().orElse("") + " "
                    + h.info().commandLine().orElse("")).contains(tmp.toString()))
                    .forEach(ProcessHandle::destroyForcibly); // the restarted window, the pkexec stand-in
            String pid = read(Path.of(report + ".retry")).get("pid");
            if (pid != null) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
            Files.deleteIfExists(conf);
            Tools.run("ldconfig");
        }
    }

    private static void open(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** This JVM's class path, copied where uid 65534 can read it (~/.m2 is root's). */
    private static String copyClassPath(Path dest) throws IOException {
        Files.createDirectories(dest);
        List<String> out = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path src = Path.of(entry);
            if (!Files.exists(src)) {
                continue;
            }
            Path to = dest.resolve(String.format("%03d-%s", i++, src.getFileName()));
            if (Files.isDirectory(src)) {
                try (Stream<Path> all = Files.walk(src)) {
                    for (Path p : (Iterable<Path>) all::iterator) {
                        Path t = to.resolve(src.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(t);
                        } else {
                            Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else {
                Files.copy(src, to, StandardCopyOption.REPLACE_EXISTING);
            }
            out.add(to.toString());
        }
        Tools.run("chmod", "-R", "a+rX", dest.toString()).requireSuccess();
        return String.join(File.pathSeparator, out);
    }

    private static Map<String, String> read(Path report) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (String l : Files.readAllLines(report, StandardCharsets.UTF_8)) {
                int eq = l.indexOf('=');
                if (eq > 0) {
                    m.put(l.substring(0, eq), l.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            return new HashMap<>();
        }
        return m;
    }

    private static String raw(Path report) {
        try {
            return Files.readString(report).replaceAll("-cp \\S+", "-cp CP");
        } catch (IOException e) {
            return "";
        }
    }

    private static String log(Path tmp) {
        try {
            String s = Files.readString(tmp.resolve("probe.log"));
            return s.length() > 30000 ? s.substring(s.length() - 30000) : s;
        } catch (IOException e) {
            return "";
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(200);
        }
    }
}
