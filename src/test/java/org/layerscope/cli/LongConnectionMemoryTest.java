package org.layerscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.testutil.LongConnection;

/**
 * Memory is bounded by what is open, not by what has been seen: one long-lived TLS connection (real
 * mosquitto bytes, its PUBLISH/PUBACK exchange repeated, see {@link LongConnection}) is analysed by every
 * command that builds field trees or rows, in a forked JVM with a 48 MiB heap. A pipeline that keeps the
 * frames, trees or records of a connection runs out of heap long before the end (the trees of 100,000
 * frames take about a gigabyte). The commands' output is checked too, so a quick failure cannot pass.
 */
class LongConnectionMemoryTest {
    private static final String HEAP = "-Xmx48m";
    private static final int FRAMES = 100_000;
    /** JSON writes the whole tree of every frame (slow to format): fewer frames, same bounded heap. */
    private static final int JSON_FRAMES = 20_000;

    @TempDir
    static Path dir;
    static Path big;
    static Path small;

    @BeforeAll
    static void makeCaptures() throws IOException {
        Path seed = Path.of("sample-pcaps/mqtt-tls12-mutual.pcapng");
        big = dir.resolve("long.pcap");
        small = dir.resolve("long-small.pcap");
        assertEquals(FRAMES - 1, LongConnection.write(seed, big, FRAMES));
        assertEquals(JSON_FRAMES - 1, LongConnection.write(seed, small, JSON_FRAMES));
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "org.layerscope.app.Main"));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Run(p.exitValue(), tail(out), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The last 64 KiB of the output (the files are large). */
    private static String tail(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        int from = Math.max(0, b.length - 65536);
        return new String(b, from, b.length - from, StandardCharsets.UTF_8) + "\nlines=" + lines(b);
    }

    private static long lines(byte[] b) {
        long n = 0;
        for (byte x : b) {
            if (x == '\n') {
                n++;
            }
        }
        return n;
    }

    private static void ok(Run r, String what) {
        assertEquals(0, r.status(), what + " failed with " + HEAP + ": " + r.err());
        assertTrue(!r.err().contains("OutOfMemoryError"), r.err());
    }

    @Test
    void tsvFilterAndCsv() throws Exception {
        Run tsv = run("analyze", "--format", "tsv", big.toString());
        ok(tsv, "analyze --format tsv");
        assertTrue(tsv.out().endsWith("lines=" + FRAMES), "one line per frame plus the header");
        Run filtered = run("analyze", "--format", "tsv", "--filter", "tls.record.content_type == 23 && tcp.srcport == 8883",
                big.toString());
        ok(filtered, "analyze --filter");
        // the server's PUBACK record of every exchange and its CONNACK (as tshark -Y counts them), + header
        assertTrue(filtered.out().endsWith("lines=" + (1 + (FRAMES - 17) / 2 + 1)), filtered.out().substring(
                Math.max(0, filtered.out().length() - 200)));
        Run treeFilter = run("analyze", "--format", "csv", "--filter", "tls.app_data", big.toString());
        ok(treeFilter, "analyze --format csv --filter (a tree field)");
    }

    @Test
    void jsonAndTextWithTrees() throws Exception {
        Run json = run("analyze", "--format", "json", small.toString());
        ok(json, "analyze --format json");
        assertTrue(json.out().endsWith("lines=" + (JSON_FRAMES - 1)), "one JSON line per frame");
        assertTrue(json.out().contains("\"tls.record.content_type\""), "the trees are written");
        Run text = run("analyze", "--format", "text", "--filter", "tls.record.length > 40", big.toString());
        ok(text, "analyze --format text --filter");
    }

    @Test
    void diagnoseConvertAndTimeline() throws Exception {
        Run diagnose = run("diagnose", big.toString());
        ok(diagnose, "diagnose");
        Run json = run("diagnose", "--format", "json", big.toString());
        ok(json, "diagnose --format json");
        Path converted = dir.resolve("filtered.pcapng");
        Run convert = run("convert", "--filter", "tcp.len > 40", big.toString(), converted.toString());
        ok(convert, "convert --filter");
        assertTrue(Files.size(converted) > 100L * (FRAMES / 2), "the matching frames were written");
        Path svg = dir.resolve("timeline.svg");
        Run timeline = run("export-timeline", "--filter", "tls.record.length > 40", "--out", svg.toString(),
                big.toString());
        ok(timeline, "export-timeline --filter");
        assertTrue(timeline.out().contains(" of " + (FRAMES - 1) + " packets, 1 connections"), timeline.out());
    }
}
