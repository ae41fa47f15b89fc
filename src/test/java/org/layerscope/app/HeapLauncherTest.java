package org.layerscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.layerscope.cli.LayerScopeCommand;

/**
 * A streaming command started without heap flags runs again in a child JVM with the program's own heap
 * ({@link HeapLauncher}): its output, error text and exit status are those of the command run in-process.
 */
class HeapLauncherTest {
    private static final String SAMPLE = "sample-pcaps/mqtt-tls12-mutual.pcapng";

    private record Run(int status, String out, String err) {
    }

    private static Run fork(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove(HeapLauncher.MARK);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static String inProcess(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(b, true, StandardCharsets.UTF_8));
            assertEquals(0, LayerScopeCommand.run(args));
        } finally {
            System.out.flush();
            System.setOut(old);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void relaunchedCommandGivesTheSameOutputAndStatus() throws Exception {
        Run r = fork("analyze", "--format", "tsv", SAMPLE);
        assertEquals(0, r.status(), r.err());
        assertEquals(inProcess("analyze", "--format", "tsv", SAMPLE), r.out());
        Run bad = fork("analyze", "--filter", "no.such.field == 1", SAMPLE);
        assertEquals(2, bad.status());
        assertTrue(bad.err().startsWith("layerscope: "), bad.err());
        assertEquals("", bad.out());
    }

    @Test
    void hugePagesOnlyOnLinuxWhenGivenOnRequest(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path setting = dir.resolve("enabled");
        List<String> base = List.of(HeapLauncher.HEAP, HeapLauncher.GC, HeapLauncher.JIT);
        java.nio.file.Files.writeString(setting, "always [madvise] never\n");
        assertEquals(append(base, HeapLauncher.HUGE_PAGES), HeapLauncher.childFlags("Linux", setting));
        assertEquals(base, HeapLauncher.childFlags("Windows 11", setting), "the flag exists only in Linux JVMs");
        assertEquals(base, HeapLauncher.childFlags("Mac OS X", setting));
        java.nio.file.Files.writeString(setting, "[always] madvise never\n");
        assertEquals(base, HeapLauncher.childFlags("Linux", setting), "the heap has them already");
        java.nio.file.Files.writeString(setting, "always madvise [never]\n");
        assertEquals(base, HeapLauncher.childFlags("Linux", setting), "the JVM would print a warning");
        assertEquals(base, HeapLauncher.childFlags("Linux", dir.resolve("missing")));
    }

    private static List<String> append(List<String> l, String s) {
        List<String> r = new ArrayList<>(l);
        r.add(s);
        return r;
    }

    @Test
    void onlyStreamingCommandsWithoutUserFlagsAreRelaunched() {
        // this JVM runs the tests: not a streaming command, so nothing is started
        assertTrue(HeapLauncher.relaunch(new String[] {"filters"}).isEmpty());
        assertTrue(HeapLauncher.relaunch(new String[0]).isEmpty());
    }
}
