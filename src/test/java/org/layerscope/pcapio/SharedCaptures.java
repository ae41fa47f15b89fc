package org.layerscope.pcapio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.layerscope.model.RawFrame;
import org.layerscope.testutil.Tools;

/** The public Wireshark test captures in {@code ../shared/wireshark-captures} and their tshark ground truth. */
final class SharedCaptures {
    private SharedCaptures() {
    }

    static Path root() {
        return Tools.requireFile(Tools.repoRoot().resolve("../shared/wireshark-captures").normalize(),
                "the shared Wireshark test captures");
    }

    static Path dir() {
        return root().resolve("captures");
    }

    static Path keys(String name) {
        return root().resolve("keys").resolve(name);
    }

    static Path get(String name) {
        return Tools.requireFile(dir().resolve(name), "shared capture " + name);
    }

    /** Every capture file (not the truth files), sorted by name. */
    static List<Path> all() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return !n.endsWith(".tsv") && !n.endsWith(".txt");
            }).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String name(Path p) {
        return p.getFileName().toString();
    }

    static boolean isPcapng(Path p) {
        return name(p).contains(".pcapng");
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's bytes, gunzipped when it is gzip-compressed. */
    static byte[] plainBytes(Path p) {
        byte[] b = bytes(p);
        if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return b;
    }

    /** Everything a reader returned, read to the end. */
    record Reading(List<RawFrame> frames, List<Long> ends, CaptureReader reader) {
    }

    static Reading read(Path p) throws IOException {
        try (CaptureReader r = CaptureFiles.open(p)) {
            return readAll(r);
        }
    }

    static Reading read(byte[] b) throws IOException {
        try (CaptureReader r = CaptureFiles.open(new ByteArrayInputStream(b), "memory")) {
            return readAll(r);
        }
    }

    /** Reads to the end; {@code ends} holds the position just after each frame. */
    static Reading readAll(CaptureReader r) throws IOException {
        List<RawFrame> frames = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        for (RawFrame f; (f = r.next()) != null; ) {
            frames.add(f);
            ends.add(((AbstractCaptureReader) r).position());
        }
        return new Reading(frames, ends, r);
    }

    /** The tshark ground truth of a capture: header and rows of {@code X.truth.tsv}. */
    record Truth(List<String> header, List<String[]> rows) {
        String get(int row, String column) {
            int c = header.indexOf(column);
            if (c < 0) {
                throw new IllegalArgumentException("no column " + column);
            }
            String[] r = rows.get(row);
            return c < r.length ? r[c] : "";
        }
    }

    static Truth truth(Path capture) {
        Path tsv = capture.resolveSibling(name(capture) + ".truth.tsv");
        try {
            List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
            List<String> header = List.of(lines.get(0).split("\t", -1));
            List<String[]> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (!line.isEmpty()) {
                    rows.add(line.split("\t", -1));
                }
            }
            return new Truth(header, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A decimal number of seconds as printed by tshark, in nanoseconds. */
    static long nanos(String seconds) {
        return new BigDecimal(seconds).movePointRight(9).longValueExact();
    }

    /** The comments of a frame as tshark prints {@code frame.comment} with {@code -E aggregator=,}. */
    static String tsharkComments(RawFrame f) {
        return f.comments().stream()
                .map(c -> c.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t"))
                .collect(Collectors.joining(","));
    }

    /** Asserts that two frames are equal field by field (records compare arrays by identity). */
    static void assertSameFrame(RawFrame expected, RawFrame actual, String context) {
        assertEquals(expected.number(), actual.number(), context + ": number");
        assertEquals(expected.timestampNanos(), actual.timestampNanos(), context + ": timestamp");
        assertEquals(expected.linkType(), actual.linkType(), context + ": link type");
        assertEquals(expected.originalLength(), actual.originalLength(), context + ": original length");
        assertEquals(expected.interfaceId(), actual.interfaceId(), context + ": interface");
        assertEquals(expected.comments(), actual.comments(), context + ": comments");
        if (!Arrays.equals(expected.data(), actual.data())) {
            assertEquals(Arrays.toString(expected.data()), Arrays.toString(actual.data()), context + ": data");
        }
    }

    static void assertSameFrames(List<RawFrame> expected, List<RawFrame> actual, String context) {
        assertEquals(expected.size(), actual.size(), context + ": frame count");
        for (int i = 0; i < expected.size(); i++) {
            assertSameFrame(expected.get(i), actual.get(i), context + " frame " + (i + 1));
        }
    }
}
