package org.layerscope.analysis.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV packet list's rows: RFC 4180 quoting, CRLF, time with six decimals, comments joined. */
class CsvPacketListTest {
    @Test
    void plainRowsAreNotQuoted() throws IOException {
        StringWriter out = new StringWriter();
        CsvPacketList csv = new CsvPacketList(out);
        csv.header();
        csv.row(1, 0, "127.0.0.1", "127.0.0.1", "TCP", 74, "tcp-handshake", "SYN", "50000 → 1883 [SYN] Seq=0", List.of());
        csv.row(12, 1_234_567_890L, "::1", "::1", "MQTT", 1514, "application-data", "PUBLISH", "Publish Message", List.of("a"));
        assertEquals(CsvPacketList.HEADER + "\r\n"
                + "1,0.000000,127.0.0.1,127.0.0.1,TCP,74,tcp-handshake,SYN,50000 → 1883 [SYN] Seq=0,\r\n"
                + "12,1.234568,::1,::1,MQTT,1514,application-data,PUBLISH,Publish Message,a\r\n", out.toString());
    }

    @Test
    void commasQuotesAndLineBreaksRoundTrip() throws IOException {
        List<String> tricky = List.of("a, b", "say \"hi\"", "two\r\nlines", "lf\nonly", "cr\ronly", "\"", ",", "",
                " spaces kept ", "日本語のコメント", "pipe | inside");
        StringWriter out = new StringWriter();
        CsvPacketList csv = new CsvPacketList(out);
        csv.header();
        for (int i = 0; i < tricky.size(); i++) {
            String s = tricky.get(i);
            csv.row(i + 1, i * 1000L, s, s, s, i, s, s, s, List.of(s, s));
        }
        List<List<String>> records = Rfc4180.parse(out.toString());
        assertEquals(tricky.size() + 1, records.size());
        assertEquals(List.of(CsvPacketList.HEADER.split(",")), records.get(0));
        for (int i = 0; i < tricky.size(); i++) {
            String s = tricky.get(i);
            List<String> r = records.get(i + 1);
            assertEquals(10, r.size(), s);
            assertEquals(List.of(Integer.toString(i + 1), String.format("0.%06d", i), s, s, s, Integer.toString(i), s, s, s,
                    s + CsvPacketList.COMMENT_SEPARATOR + s), r);
        }
    }

    @Test
    void fieldQuotesOnlyWhenNeeded() {
        assertEquals("plain", CsvPacketList.field("plain"));
        assertEquals("\"a,b\"", CsvPacketList.field("a,b"));
        assertEquals("\"a \"\"b\"\"\"", CsvPacketList.field("a \"b\""));
        assertEquals("\"a\nb\"", CsvPacketList.field("a\nb"));
        assertEquals("", CsvPacketList.field(null));
    }

    @Test
    void theTestParserIsStrict() {
        assertThrows(IllegalArgumentException.class, () -> Rfc4180.parse("a,b\n"));
        assertThrows(IllegalArgumentException.class, () -> Rfc4180.parse("a,\"b\r\n"));
        assertThrows(IllegalArgumentException.class, () -> Rfc4180.parse("a,b\"c\r\n"));
        assertThrows(IllegalArgumentException.class, () -> Rfc4180.parse("a,b"));
        assertEquals(List.of(List.of("a", "b,c", "")), Rfc4180.parse("a,\"b,c\",\r\n"));
    }
}
