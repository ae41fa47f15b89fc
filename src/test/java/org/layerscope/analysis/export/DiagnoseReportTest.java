package org.layerscope.analysis.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.layerscope.analysis.ConnectionSummary;
import org.layerscope.model.Phase;

/** The Markdown report's escaping and layout on made-up connections (real captures: cli.ExportFormatsCliTest). */
class DiagnoseReportTest {
    static ConnectionSummary connection(int stream, String client, String clientId, String connackArg) {
        return new ConnectionSummary(stream, client, "10.0.0.2:1883", false, Phase.TEARDOWN, "mqtt-connack-refused:5", 6,
                "verdict.mqtt-connack-refused", List.of(connackArg),
                new ConnectionSummary.TlsFacts("TLS 1.2", "TLS_AES_128_GCM_SHA256", "broker|one", List.of("mqtt"),
                        List.of("CN=server|x, O=*bold*"), List.of()),
                clientId, 5, new ConnectionSummary.Timings(1_500_000, -1, 3_000_000, -1, 10_000_000),
                new ConnectionSummary.Bytes(1000, 600, 200, 50, 150), 1, 9, 9);
    }

    static String markdown(List<ConnectionSummary> conns, Locale locale, String title) throws IOException {
        StringWriter out = new StringWriter();
        DiagnoseReport.markdown(out, conns, locale, title);
        return out.toString();
    }

    /** The rows of the first table (after its header and delimiter rows). */
    static List<String> firstTableRows(String md) {
        List<String> lines = md.lines().toList();
        int start = 0;
        while (!lines.get(start).startsWith("|")) {
            start++;
        }
        int end = start;
        while (end < lines.size() && lines.get(end).startsWith("|")) {
            end++;
        }
        return lines.subList(start + 2, end);
    }

    /** A table row's cells, split at unescaped pipes. */
    static List<String> cells(String row) {
        return java.util.Arrays.stream(row.substring(1, row.length() - 1).split("(?<!\\\\)\\|", -1))
                .map(String::trim).toList();
    }

    @Test
    void pipesAndLineBreaksStayInTheirCells() throws IOException {
        String md = markdown(List.of(connection(0, "10.0.0.1:5|0", "dev|1", "5|x\nnext line"),
                connection(1, "10.0.0.3:6000", "plain", "4")), Locale.ENGLISH, "cap|ture.pcapng");
        assertTrue(md.startsWith("# Connection report: cap\\|ture.pcapng\n"), md);
        List<String> rows = firstTableRows(md);
        assertEquals(2, rows.size(), md);
        List<String> first = cells(rows.get(0));
        assertEquals(7, first.size(), rows.get(0));
        assertEquals(List.of("0", "`10.0.0.1:5\\|0`", "`10.0.0.2:1883`", "Teardown", "`mqtt-connack-refused:5`", "6"),
                first.subList(0, 6));
        assertTrue(first.get(6).contains("(CONNACK return code 5\\|x<br>next line)"), first.get(6));
        // outside tables, code spans hold the text as it is; other text is escaped
        assertTrue(md.contains("- Client id: `dev|1`\n"), md);
        assertTrue(md.contains("- Server name (SNI): broker\\|one\n"), md);
        assertTrue(md.contains("  - CN=server\\|x, O=\\*bold\\*\n"), md);
        assertTrue(md.contains("## Stream 0: `10.0.0.1:5|0` → `10.0.0.2:1883`\n"), md);
    }

    @Test
    void timingsAndBytesPerLayer() throws IOException {
        String md = markdown(List.of(connection(0, "10.0.0.1:5000", "dev", "5")), Locale.ENGLISH, null);
        assertTrue(md.startsWith("# Connection report\n"), md);
        for (String row : List.of("| TCP handshake (round trip) | 1.500 |", "| TLS handshake | – |",
                "| Until CONNACK | 3.000 |", "| Whole connection | 10.000 |", "| On the wire | 1000 | 100.0 % |",
                "| Link, IP and TCP headers | 600 | 60.0 % |", "| TLS (record headers and encryption) | 200 | 20.0 % |",
                "| MQTT headers | 50 | 5.0 % |", "| MQTT payload | 150 | 15.0 % |", "- CONNACK return code: 5")) {
            assertTrue(md.contains(row + "\n"), row + " in\n" + md);
        }
    }

    @Test
    void japaneseLabels() throws IOException {
        String md = markdown(List.of(connection(0, "10.0.0.1:5000", "dev", "5")), Locale.JAPANESE, "a.pcapng");
        assertTrue(md.startsWith("# 接続レポート: a.pcapng\n"), md);
        assertTrue(md.contains("| ストリーム | クライアント | サーバー | 到達フェーズ | 判定 | フレーム | 説明 |"), md);
        assertTrue(md.contains("`mqtt-connack-refused:5`"), md);
        assertFalse(md.contains("report."), "every key has a Japanese text: " + md);
    }

    @Test
    void noConnections() throws IOException {
        String md = markdown(List.of(), Locale.ENGLISH, "empty.pcapng");
        assertEquals("# Connection report: empty.pcapng\n\nThis capture has no TCP connection.\n", md);
    }

    @Test
    void englishAndJapaneseMessagesHaveTheSameKeys() throws IOException {
        Set<String> en = keys("/org/layerscope/i18n/messages.properties");
        Set<String> ja = keys("/org/layerscope/i18n/messages_ja.properties");
        assertEquals(en, ja);
        assertTrue(en.contains("report.title"));
    }

    private static Set<String> keys(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = DiagnoseReportTest.class.getResourceAsStream(resource)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return new TreeSet<>(p.stringPropertyNames());
    }
}
