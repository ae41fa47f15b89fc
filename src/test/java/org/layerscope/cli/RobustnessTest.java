package org.layerscope.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample capture cut at every packet boundary and in the middle of packets, and randomly corrupted
 * copies, give exit status 0 or 2 with a one-line message, never an exception.
 */
class RobustnessTest {
    static final Path REPO = Path.of(System.getProperty("layerscope.repo", "."));

    static Stream<Path> captures() throws IOException {
        List<Path> l = new ArrayList<>();
        for (Path dir : List.of(REPO.resolve("sample-pcaps"), REPO.resolve("../shared/wireshark-captures/captures"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().matches(".*\\.pcap(ng)?(\\.[0-9])?"))
                        .filter(p -> sizeOf(p) < 64 * 1024).sorted().forEach(l::add);
            }
        }
        return l.stream();
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Fuzzing found pcap4j logging an error with its stack trace on stderr (slf4j) for a packet whose IPv4 options
     * run past the header; LayerScope says what is wrong with the packet itself, in the packet.
     */
    @org.junit.jupiter.api.Test
    void librariesPrintNoStackTrace() {
        Path finding = REPO.resolve("src/test/resources/org/layerscope/fuzz/CaptureFuzzTestInputs/analyzeJsonWithKeyLog/"
                + "finding-pcap4j-logged-stack-trace-ipv4-options.pcap.gz");
        runExpectingCleanExit(finding, "bad IPv4 options", "json");
        runExpectingCleanExit(finding, "bad IPv4 options", "tsv");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void cutAnywhere(Path capture, @TempDir Path tmp) throws IOException {
        byte[] all = Files.readAllBytes(capture);
        Path cut = tmp.resolve("cut");
        // at every packet boundary, in the middle of every packet, and every 7th byte of the file's start
        java.util.TreeSet<Long> cuts = new java.util.TreeSet<>();
        for (long o = 0; o < Math.min(all.length, 300); o += 7) {
            cuts.add(o);
        }
        try (org.layerscope.pcapio.CaptureReader r = org.layerscope.pcapio.CaptureFiles.open(capture)) {
            long before = 0;
            while (r.next() != null) {
                long after = r.position();
                cuts.add(after);
                cuts.add((before + after) / 2);
                before = after;
            }
        }
        int i = 0;
        for (long len : cuts) {
            if (len > all.length) {
                continue;
            }
            Files.write(cut, java.util.Arrays.copyOf(all, (int) len));
            runExpectingCleanExit(cut, capture + " cut at " + len, i++ % 2 == 0 ? "json" : "tsv");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void randomCorruption(Path capture, @TempDir Path tmp) throws IOException {
        byte[] all = Files.readAllBytes(capture);
        Random rnd = new Random(capture.getFileName().toString().hashCode());
        Path bad = tmp.resolve("bad");
        for (int i = 0; i < 40; i++) {
            byte[] copy = all.clone();
            int flips = 1 + rnd.nextInt(8);
            for (int f = 0; f < flips && copy.length > 0; f++) {
                copy[rnd.nextInt(copy.length)] = (byte) rnd.nextInt(256);
            }
            Files.write(bad, copy);
            runExpectingCleanExit(bad, capture + " corrupted copy " + i, "json");
        }
    }

    private static void runExpectingCleanExit(Path file, String what, String format) {
        {
            StringWriter err = new StringWriter();
            PrintStream oldOut = System.out;
            PrintStream oldErr = System.err;
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            ByteArrayOutputStream logged = new ByteArrayOutputStream(); // what libraries print (slf4j: System.err)
            int status;
            try {
                System.setOut(new PrintStream(sink, true));
                System.setErr(new PrintStream(logged, true));
                status = LayerScopeCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                        "analyze", file.toString(), "--format", format);
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
            String e = err + logged.toString();
            assertTrue(status == 0 || status == 2, what + ": exit " + status + "\n" + e);
            assertFalse(e.contains("Exception") || e.contains("\tat "), what + ": stack trace on stderr:\n" + e);
            assertFalse(sink.toString().contains("ls.internal"), what + ": a dissector failed inside:\n" + sink);
        }
    }
}
