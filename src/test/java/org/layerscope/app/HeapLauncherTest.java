package org.layerscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** The command in a JVM of its own, which relaunches it (the sample is small: {@code relaunch=always}). */
    private static Run fork(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlayerscope.relaunch=always", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
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
        List<String> base = new ArrayList<>(List.of(HeapLauncher.HEAP, HeapLauncher.GC, HeapLauncher.JIT));
        base.addAll(HeapLauncher.VM_OUTPUT);
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

    /**
     * The child's JVM prints its own warnings on standard error: by default HotSpot's unified logging prints them on
     * standard output, in the middle of the command's data (on a machine without configured large pages,
     * {@code -XX:+UseLargePages} gives one).
     */
    @Test
    void theChildJvmsWarningsGoToStandardError() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Run plain = exec(List.of(java, "-XX:+UseLargePages", "-version"));
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(HeapLauncher.VM_OUTPUT); // (with the child's huge pages, -XX:+UseLargePages would not complain)
        cmd.addAll(List.of("-XX:+UseLargePages", "-version"));
        Run child = exec(cmd);
        assertEquals(0, child.status(), child.err());
        assertEquals("", child.out(), "nothing from the JVM on standard output");
        for (String warning : plain.out().lines().filter(l -> l.contains("[warning]")).toList()) {
            assertTrue(child.err().contains(warning.substring(warning.indexOf("[warning]"))), child.err());
        }
    }

    private static Run exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static List<String> append(List<String> l, String s) {
        List<String> r = new ArrayList<>(l);
        r.add(s);
        return r;
    }

    @Test
    void smallInputFilesRunHere(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertTrue(HeapLauncher.smallInput(new String[] {"analyze", "--format", "tsv", SAMPLE}));
        assertTrue(HeapLauncher.smallInput(new String[] {"analyze", "--keylog=sample-pcaps/mqtt-tls12-mutual.keylog",
            SAMPLE}), "an option's file counts too");
        assertTrue(HeapLauncher.smallInput(new String[] {"convert", SAMPLE, dir.resolve("out.pcapng").toString()}),
                "an output not written yet does not count");
        assertFalse(HeapLauncher.smallInput(new String[] {"analyze", "-"}), "standard input (for tools that read it) may be of any size");
        assertFalse(HeapLauncher.smallInput(new String[] {"analyze", "no-such-file.pcapng"}), "no file: as before");
        assertFalse(HeapLauncher.smallInput(new String[] {"analyze", dir.toString()}), "a folder is no input");
        assertFalse(HeapLauncher.smallInput(new String[] {"analyze"}));
        Path big = dir.resolve("big.pcapng");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(HeapLauncher.SMALL_INPUT);
        }
        assertFalse(HeapLauncher.smallInput(new String[] {"analyze", big.toString()}));
        assertFalse(HeapLauncher.smallInput(new String[] {"convert", SAMPLE, big.toString()}),
                "an existing output counts: run it as before");
        Path gz = dir.resolve("c.pcapng.gz");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(gz.toFile(), "rw")) {
            f.write(new byte[] {0x1f, (byte) 0x8b}); // gzip's first bytes
            f.setLength(HeapLauncher.SMALL_INPUT / HeapLauncher.COMPRESSED);
        }
        assertFalse(HeapLauncher.smallInput(new String[] {"analyze", gz.toString()}), "compressed: its size counts more");
        Path unnamed = java.nio.file.Files.move(gz, dir.resolve("c.pcapng"));
        assertFalse(HeapLauncher.smallInput(new String[] {"analyze", unnamed.toString()}),
                "compressed whatever its name, as the commands read it");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(unnamed.toFile(), "rw")) {
            f.write(new byte[] {0x0a, 0x0d}); // no longer gzip: a plain file of the same size
        }
        assertTrue(HeapLauncher.smallInput(new String[] {"analyze", unnamed.toString()}), "a plain file counts once");
        if (java.nio.file.Files.exists(Path.of("/dev/null"))) {
            assertFalse(HeapLauncher.smallInput(new String[] {"analyze", "/dev/null"}), "a device may be of any size");
        }
    }

    @Test
    void onlyStreamingCommandsWithoutUserFlagsAreRelaunched() {
        // this JVM runs the tests: not a streaming command, so nothing is started
        assertTrue(HeapLauncher.relaunch(new String[] {"filters"}).isEmpty());
        assertTrue(HeapLauncher.relaunch(new String[0]).isEmpty());
    }
}
