package org.layerscope.analysis.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerscope.testutil.Tools;

/**
 * The table of filter-table.tsv: each expression selects exactly the listed frames of its capture; when it uses
 * only Wireshark's field names, tshark's {@code -Y} selects the same frames (and for a row with LayerScope's
 * own fields, its Wireshark equivalent does).
 */
class DisplayFilterTableTest {
    record Row(int line, String capture, String keylog, String expression, String frames, String equivalent) {
        @Override
        public String toString() {
            return expression + "  on  " + capture.replaceAll(".*/", "") + (keylog.equals("-") ? "" : " (keys)");
        }

        boolean wiresharkOnly() {
            try {
                return DisplayFilter.compile(expression).usesOnlyWiresharkFields();
            } catch (FilterSyntaxException e) {
                throw new AssertionError("line " + line + ": " + e.getMessage(), e);
            }
        }
    }

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = DisplayFilterTableTest.class.getResourceAsStream("filter-table.tsv")) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int n = 0;
            boolean header = true;
            for (String line; (line = r.readLine()) != null; ) {
                n++;
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] c = line.split("\t", -1);
                assertEquals(5, c.length, "filter-table.tsv line " + n + " needs 5 columns: " + line);
                rows.add(new Row(n, c[0], c[1], c[2], c[3], c[4]));
            }
        }
        return rows;
    }

    /** Rows that tshark can check: the expression itself when it has only Wireshark fields, else its equivalent. */
    static Stream<Row> tsharkRows() throws IOException {
        List<Row> l = new ArrayList<>();
        for (Row r : rows()) {
            if (r.wiresharkOnly()) {
                l.add(r);
            } else if (!r.equivalent().isEmpty()) {
                l.add(new Row(r.line(), r.capture(), r.keylog(), r.equivalent(), r.frames(), ""));
            }
        }
        return l.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void layerScopeSelectsTheListedFrames(Row row) throws Exception {
        Path capture = Captures.resolve(row.capture());
        DisplayFilter f = DisplayFilter.compile(row.expression());
        assertEquals(Captures.frames(row.frames()), Captures.select(f, Captures.analyze(capture, Captures.keylog(row.keylog()))),
                "filter-table.tsv line " + row.line() + ": " + row.expression());
    }

    @ParameterizedTest(name = "tshark -Y {0}")
    @MethodSource("tsharkRows")
    void tsharkSelectsTheSameFrames(Row row) throws Exception {
        Tools.require("tshark");
        prefetch();
        List<Long> tshark = TSHARK.get(row.line() + row.expression()).get();
        assertEquals(Captures.frames(row.frames()), tshark,
                "filter-table.tsv line " + row.line() + ": tshark -Y '" + row.expression() + "'");
    }

    /** tshark runs take a second each, mostly start-up: run them a few at a time, all queued on first use. */
    private static final Map<String, CompletableFuture<List<Long>>> TSHARK = new ConcurrentHashMap<>();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(3, r -> {
        Thread t = new Thread(r, "tshark-table");
        t.setDaemon(true);
        return t;
    });

    private static synchronized void prefetch() throws IOException {
        if (!TSHARK.isEmpty()) {
            return;
        }
        for (Row r : tsharkRows().toList()) {
            TSHARK.put(r.line() + r.expression(), CompletableFuture.supplyAsync(() -> {
                try {
                    return Captures.tshark(Captures.resolve(r.capture()), Captures.keylog(r.keylog()), r.expression());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, POOL));
        }
    }

    @Test
    void theTableIsLargeAndCoversTheLanguage() throws IOException {
        List<Row> rows = rows();
        long wireshark = rows.stream().filter(Row::wiresharkOnly).count();
        long own = rows.stream().filter(r -> !r.wiresharkOnly()).count();
        assertTrue(rows.size() >= 30, "at least 30 rows, not " + rows.size());
        assertTrue(wireshark >= 30, "at least 30 rows are checked against tshark, not " + wireshark);
        assertTrue(own >= 10, "at least 10 rows use LayerScope's own fields, not " + own);
        assertTrue(rows.stream().map(Row::capture).distinct().count() >= 10, "many captures");
        String all = String.join("\n", rows.stream().map(Row::expression).toList());
        String[] needed = {"==", "!=", "===", "!==", "<", "<=", ">", ">=", " eq ", " ne ", " lt ", " gt ", " ge ",
                "contains", "matches", " ~ ", " in {", "..", " and ", " or ", "not ", "&&", "||", "!(", "(", "0x", "\"", "\\x",
                "r\"", "/8", "ff05::/16", "phase ==", "ls.phase", "ls.phase_inferred", "ls.label", "ls.comment",
                "ls.expert", "ls.stream", "ls.direction", "frame.comment", "frame.number", "frame.len",
                "frame.time_relative", "ip.addr", "ipv6.addr", "tcp.port", "udp.port", "eth.addr", "True"};
        for (String n : needed) {
            assertTrue(all.contains(n), "the table uses " + n);
        }
        assertTrue(Pattern.compile("(?m)^tls\\.handshake$").matcher(all).find(), "a presence test");
        assertTrue(rows.stream().anyMatch(r -> r.frames().equals("-")), "a row that selects nothing");
    }
}
