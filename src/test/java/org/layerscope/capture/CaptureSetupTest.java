package org.layerscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.cli.LayerScopeCommand;
import org.layerscope.testutil.Tools;

/**
 * {@code layerscope setup-capture} on a runtime of its own (jlink into a temporary folder: the machine's JDK is never
 * touched): as root it gives the runtime's {@code java} the capture capabilities, the JVM still starts (its library
 * folders are on the loader path), and an unprivileged user's JVM started from it holds cap_net_raw and
 * cap_net_admin.
 */
class CaptureSetupTest {
    private static final long NET_ADMIN_AND_RAW = (1L << 12) | (1L << 13);

    @Test
    void dryRunPrintsTheSteps() {
        StringWriter out = new StringWriter();
        int status = LayerScopeCommand.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                "setup-capture", "--dry-run");
        if (HostOs.current() != HostOs.LINUX) {
            assertEquals(2, status);
            return;
        }
        assertEquals(0, status);
        assertTrue(out.toString().contains("setcap cap_net_raw,cap_net_admin=eip "), out.toString());
        assertTrue(out.toString().contains("ldconfig"), out.toString());
    }

    @Test
    void asRootItLetsAnUnprivilegedUserCapture(@TempDir Path tmp) throws Exception {
        if (HostOs.current() != HostOs.LINUX) {
            return; // Linux only; nothing to set up elsewhere (dryRunPrintsTheSteps checks the message)
        }
        if (!CaptureSetup.root()) {
            Tools.missing("setup-capture needs root (run the tests as root)");
        }
        Tools.require("setcap");
        Tools.require("getcap");
        Path setpriv = Tools.require("setpriv");
        Path jlink = Tools.requireFile(Path.of(System.getProperty("java.home"), "bin", "jlink"), "jlink (a JDK)");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path runtime = tmp.resolve("runtime");
        Tools.run(List.of(jlink.toString(), "--add-modules", "java.base", "--output", runtime.toString(),
                "--no-header-files", "--no-man-pages"), Map.of(), Duration.ofMinutes(3)).requireSuccess();
        Path java = runtime.resolve("bin/java");
        Path probe = tmp.resolve("probe");
        Files.createDirectories(probe);
        Path src = probe.resolve("Probe.java");
        Files.writeString(src, "public class Probe { public static void main(String[] a) throws Exception {"
                + " for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of(\"/proc/self/status\")))"
                + " if (l.startsWith(\"CapEff:\") || l.startsWith(\"Uid:\")) System.out.println(l); } }");
        assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", src.toString()));
        Path conf = Path.of("/etc/ld.so.conf.d/layerscope-test-" + ProcessHandle.current().pid() + ".conf");
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status = LayerScopeCommand.run(new PrintWriter(out, true), new PrintWriter(err, true),
                    "setup-capture", "--program", java.toString(), "--ld-conf", conf.toString());
            assertTrue(Files.readString(conf).contains(runtime.resolve("lib/server").toString()), "the runtime's libraries");
            assertEquals(0, status, out + "\n" + err);
            String caps = CaptureSetup.capabilities(java);
            assertTrue(caps.contains("cap_net_admin,cap_net_raw=eip"), "getcap: " + caps);
            Tools.Result asNobody = Tools.run(List.of(setpriv.toString(), "--reuid=65534", "--regid=65534",
                    "--clear-groups", java.toString(), "-cp", probe.toString(), "Probe"), Map.of(), Duration.ofMinutes(1));
            assertEquals(0, asNobody.exitCode(), "the JVM with capabilities starts as an unprivileged user:\n"
                    + asNobody.stdout() + asNobody.stderr());
            String capEff = asNobody.lines().stream().filter(l -> l.startsWith("CapEff:")).findFirst().orElseThrow();
            long eff = Long.parseLong(capEff.split("\\s+")[1], 16);
            assertEquals(NET_ADMIN_AND_RAW, eff & NET_ADMIN_AND_RAW, "cap_net_raw and cap_net_admin are effective: " + asNobody.stdout());
            assertTrue(asNobody.stdout().contains("65534"), "it ran as uid 65534: " + asNobody.stdout());
        } finally {
            Files.deleteIfExists(conf);
            Tools.run("ldconfig");
        }
    }
}
