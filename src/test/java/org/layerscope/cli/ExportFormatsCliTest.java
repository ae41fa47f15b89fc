package org.layerscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerscope.analysis.export.CsvPacketList;
import org.layerscope.analysis.export.Rfc4180;
import org.layerscope.testutil.Tools;

/** {@code analyze --format csv} against tshark and with awkward comments; {@code diagnose --format markdown}. */
class ExportFormatsCliTest {
    static final Path SAMPLES = CliOutputTest.SAMPLES;

    static Stream<Path> samples() throws IOException {
        return captures(SAMPLES);
    }

    /** The sample captures and the shared Wireshark ones (other hosts, IPv6, UDP, several link types, empty). */
    static Stream<Path> samplesAndShared() throws IOException {
        return Stream.concat(samples(), captures(ConvertCommandTest.SHARED));
    }

    static Stream<Path> captures(Path dir) throws IOException {
        Tools.requireFile(dir, "captures");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches(".*\\.pcap(ng)?(\\.gz|\\.\\d)?")).sorted().toList().stream();
        }
    }

    static List<List<String>> csv(String... args) {
        ConvertCommandTest.Run r = ConvertCommandTest.run(args);
        assertEquals(0, r.status(), r.err());
        List<List<String>> records = Rfc4180.parse(r.out());
        assertEquals(List.of(CsvPacketList.HEADER.split(",")), records.get(0));
        return records.subList(1, records.size());
    }

    /** No., Source, Destination and Length are tshark's frame.number, ip/ipv6 src and dst and frame.len; Time its time_relative. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samplesAndShared")
    void csvAgreesWithTshark(Path capture) {
        String tshark = Tools.require("tshark").toString();
        List<List<String>> ours = csv("analyze", capture.toString(), "--format", "csv");
        List<String> theirs = Tools.run(tshark, "-r", capture.toString(), "-T", "fields", "-E", "occurrence=f",
                "-e", "frame.number", "-e", "ip.src", "-e", "ipv6.src", "-e", "ip.dst", "-e", "ipv6.dst", "-e", "frame.len",
                "-e", "frame.time_relative").requireSuccess().lines();
        assertEquals(theirs.size(), ours.size(), capture + ": frames");
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            List<String> row = ours.get(i);
            String[] t = theirs.get(i).split("\t", -1);
            assertEquals(10, row.size(), capture + ": columns of " + row);
            String expected = t[0] + "," + (t[1].isEmpty() ? t[2] : t[1]) + "," + (t[3].isEmpty() ? t[4] : t[3]) + "," + t[5];
            String actual = row.get(0) + "," + row.get(2) + "," + row.get(3) + "," + row.get(5);
            if (!expected.equals(actual)) {
                diffs.add("tshark " + expected + " ours " + actual);
            }
            assertTrue(row.get(1).matches("-?\\d+\\.\\d{6}"), capture + ": time " + row.get(1)); // out-of-order time stamps go negative, as in tshark
            double delta = Math.abs(Double.parseDouble(row.get(1)) - Double.parseDouble(t[6]));
            assertTrue(delta <= 0.5e-6 + 1e-9, capture + " frame " + t[0] + ": time " + row.get(1) + " vs " + t[6]);
        }
        if (!diffs.isEmpty()) {
            fail(capture + ": " + diffs.size() + " frame(s) differ:\n" + String.join("\n", diffs.subList(0, Math.min(20, diffs.size()))));
        }
    }

    @Test
    void commentsWithCommasQuotesAndLineBreaksParseBack(@TempDir Path tmp) {
        Path in = Tools.requireFile(SAMPLES.resolve("mqtt-tls12-mutual.pcapng"), "sample");
        Path annotated = tmp.resolve("annotated.pcapng");
        ConvertCommandTest.Run c = ConvertCommandTest.run("convert", in.toString(), annotated.toString(),
                "--comment", "3=the client, then the server", "--comment", "3=say \"hello\"",
                "--comment", "5=first line\r\nsecond line\nthird", "--comment", "6=\"", "--comment", "6=,");
        assertEquals(0, c.status(), c.err());
        List<List<String>> rows = csv("analyze", annotated.toString(), "--format", "csv");
        List<List<String>> plain = csv("analyze", in.toString(), "--format", "csv");
        assertEquals(plain.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            String expected = switch (i + 1) {
                case 3 -> "the client, then the server | say \"hello\"";
                case 5 -> "first line\r\nsecond line\nthird";
                case 6 -> "\" | ,";
                default -> "";
            };
            assertEquals(expected, rows.get(i).get(9), "comments of frame " + (i + 1));
            assertEquals(plain.get(i).subList(0, 9), rows.get(i).subList(0, 9), "the other columns of frame " + (i + 1));
        }
        List<String> third = rows.get(2);
        assertEquals("3", third.get(0));
        assertTrue(List.of("tcp-handshake", "tls-handshake", "application-data", "teardown", "other").contains(third.get(6)),
                third.toString());
        assertTrue(!third.get(7).isEmpty() && !third.get(8).isEmpty(), "label and info: " + third);
    }

    static List<String> tableRows(String markdown) {
        List<String> lines = markdown.lines().toList();
        int start = 0;
        while (start < lines.size() && !lines.get(start).startsWith("| ")) {
            start++;
        }
        int end = start;
        while (end < lines.size() && lines.get(end).startsWith("|")) {
            end++;
        }
        return lines.subList(Math.min(start + 2, end), end);
    }

    static ConvertCommandTest.Run diagnose(Path capture, String format, String lang) {
        List<String> args = new ArrayList<>(List.of("diagnose", capture.toString(), "--format", format, "--lang", lang));
        Path keylog = capture.resolveSibling(capture.getFileName().toString().replaceAll("\\.pcapng$", ".keylog"));
        if (Files.exists(keylog)) {
            args.addAll(List.of("--keylog", keylog.toString()));
        }
        ConvertCommandTest.Run r = ConvertCommandTest.run(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        return r;
    }

    /**
     * Every sample (the failure captures of DiagnosisFailuresTest among them, with their key logs): one table row per
     * connection with the stream, verdict code and deciding frame of the JSON output, and a section per connection.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void markdownHasTheVerdictOfEveryConnection(Path capture) {
        List<String> objects = diagnose(capture, "json", "en").out().lines().toList();
        String md = diagnose(capture, "markdown", "en").out();
        assertTrue(md.startsWith("# Connection report: " + capture.getFileName().toString().replace("_", "\\_") + "\n"), md);
        List<String> rows = tableRows(md);
        assertEquals(objects.size(), rows.size(), md);
        for (int i = 0; i < rows.size(); i++) {
            String verdict = objects.get(i).replaceAll(".*\"verdict\":\"([^\"]*)\".*", "$1");
            String frame = objects.get(i).replaceAll(".*\"frame\":(\\d+).*", "$1");
            assertTrue(rows.get(i).startsWith("| " + i + " | `"), rows.get(i));
            assertTrue(rows.get(i).contains(" | `" + verdict + "` | " + frame + " | "), rows.get(i) + " vs " + objects.get(i));
            assertTrue(md.contains("\n## Stream " + i + ": `"), md);
            assertTrue(md.contains("- Verdict: `" + verdict + "` at frame " + frame + "\n"), md);
        }
        assertEquals(objects.size(), md.split("\n\\| On the wire \\| ", -1).length - 1, "bytes per connection: " + md);
    }

    /** Failures whose verdict the key log changes: the report says what the keys reveal. */
    @ParameterizedTest(name = "{0} -> {1} @{2}")
    @CsvSource({"mqtt-tls13-unknown-ca.pcapng,tls-alert-by-server:unknown_ca,9",
            "mqtt-tls12-publish-forbidden.pcapng,closed-by-server-after-publish,13",
            "tcp-refused-8883.pcapng,tcp-refused,2"})
    void markdownOfFailures(String file, String verdict, long frame) {
        String md = diagnose(Tools.requireFile(SAMPLES.resolve(file), "sample capture"), "markdown", "en").out();
        assertEquals(1, tableRows(md).size(), md);
        assertTrue(tableRows(md).get(0).contains(" | `" + verdict + "` | " + frame + " | "), md);
    }

    @Test
    void markdownInJapanese() {
        Path capture = Tools.requireFile(SAMPLES.resolve("mqtt-plain-5.pcapng"), "sample capture");
        String md = diagnose(capture, "markdown", "ja").out();
        assertTrue(md.startsWith("# 接続レポート: mqtt-plain-5.pcapng\n"), md);
        assertEquals(6, tableRows(md).size(), md);
        assertTrue(md.contains("| ストリーム | クライアント | サーバー | 到達フェーズ | 判定 | フレーム | 説明 |\n"), md);
        assertTrue(md.contains("\n## ストリーム 5: `"), md);
        assertTrue(md.contains("### 層ごとのバイト数"), md);
        assertTrue(md.contains("`mqtt-connack-refused:140`"), md);
    }

    @Test
    void diagnoseRejectsAnUnknownFormat() {
        Path capture = Tools.requireFile(SAMPLES.resolve("mqtt-plain-311.pcapng"), "sample capture");
        ConvertCommandTest.Run r = ConvertCommandTest.run("diagnose", capture.toString(), "--format", "html");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("text, json or markdown"), r.err());
    }
}
