package org.layerscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.testutil.Tools;

/** The output contracts of analyze and diagnose: TSV columns, JSON Lines, exit codes. */
class CliOutputTest {
    static final Path SAMPLES = Tools.repoRoot().resolve("sample-pcaps");

    static Set<String> topLevelKeys(String jsonLine) throws IOException {
        Set<String> keys = new HashSet<>();
        try (JsonParser p = new JsonFactory().createParser(jsonLine)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken(), jsonLine);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                keys.add(p.getCurrentName());
                p.nextToken();
                p.skipChildren();
            }
            assertEquals(null, p.nextToken(), "one object per line: " + jsonLine);
        }
        return keys;
    }

    @Test
    void tsvHasExactlyTheContractColumns() {
        Path f = Tools.requireFile(SAMPLES.resolve("mqtt-plain-311.pcapng"), "sample");
        ConvertCommandTest.Run r = ConvertCommandTest.run("analyze", f.toString(), "--format", "tsv");
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("frame\ttime\tsrc\tsport\tdst\tdport\ttcp_flags\ttcp_len\ttls_records\ttls_handshake\tmqtt\tphase\tinfo",
                lines[0]);
        for (int i = 1; i < lines.length; i++) {
            assertEquals(13, lines[i].split("\t", -1).length, lines[i]);
            assertTrue(lines[i].split("\t", -1)[1].matches("\\d+\\.\\d{6}"), lines[i]);
        }
        assertEquals("1\t0.000000\t127.0.0.1", lines[1].substring(0, lines[1].indexOf("\t", 13)));
    }

    @Test
    void jsonIsOneObjectPerFrameWithTheContractKeys() throws IOException {
        Path f = Tools.requireFile(SAMPLES.resolve("mqtt-tls12-mutual.pcapng"), "sample");
        ConvertCommandTest.Run r = ConvertCommandTest.run("analyze", f.toString(), "--format", "json");
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().split("\n");
        for (String line : lines) {
            Set<String> keys = topLevelKeys(line);
            for (String k : new String[] {"frame", "time", "src", "sport", "dst", "dport", "tcp_flags", "tcp_len",
                    "tls_records", "tls_handshake", "mqtt", "phase", "info", "label", "explanation", "expert", "fields"}) {
                assertTrue(keys.contains(k), k + " missing in " + line);
            }
        }
        ConvertCommandTest.Run d = ConvertCommandTest.run("diagnose", f.toString(), "--format", "json");
        assertEquals(0, d.status(), d.err());
        for (String line : d.out().split("\n")) {
            assertTrue(topLevelKeys(line).containsAll(Set.of("stream", "client", "server", "reached", "verdict", "frame",
                    "explanation", "timings_ms", "bytes")), line);
        }
    }

    @Test
    void japaneseExplanations() {
        Path f = Tools.requireFile(SAMPLES.resolve("mqtt-plain-311.pcapng"), "sample");
        ConvertCommandTest.Run r = ConvertCommandTest.run("analyze", f.toString(), "--format", "json", "--lang", "ja", "--no-tree");
        assertTrue(r.out().split("\n")[0].contains("クライアントが TCP 接続"), r.out().split("\n")[0]);
    }

    @Test
    void exitCodesAndMessages(@TempDir Path tmp) throws IOException {
        ConvertCommandTest.Run missing = ConvertCommandTest.run("analyze", tmp.resolve("nope.pcap").toString(), "--format", "tsv");
        assertEquals(2, missing.status());
        assertEquals("layerscope: cannot open " + tmp.resolve("nope.pcap") + ": no such file\n", missing.err());
        assertTrue(missing.out().isEmpty(), "no header for a file that does not open");
        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "hello, these are not packets\n");
        ConvertCommandTest.Run notCapture = ConvertCommandTest.run("analyze", text.toString());
        assertEquals(2, notCapture.status());
        assertTrue(notCapture.err().contains("not a capture file"), notCapture.err());
        byte[] all = Files.readAllBytes(Tools.requireFile(SAMPLES.resolve("mqtt-plain-311.pcapng"), "sample"));
        Path cut = tmp.resolve("cut.pcapng");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 10));
        ConvertCommandTest.Run truncated = ConvertCommandTest.run("analyze", cut.toString(), "--format", "tsv");
        assertEquals(0, truncated.status(), truncated.err());
        assertTrue(truncated.err().contains("warning") && truncated.err().contains("truncated"), truncated.err());
        assertFalse(truncated.err().contains("Exception"));
        ConvertCommandTest.Run badFormat = ConvertCommandTest.run("analyze", cut.toString(), "--format", "xml");
        assertEquals(2, badFormat.status());
        ConvertCommandTest.Run badKeys = ConvertCommandTest.run("analyze", cut.toString(), "--keylog", tmp.resolve("k").toString());
        assertEquals(2, badKeys.status());
        assertTrue(badKeys.err().contains("no such file"), badKeys.err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[] {"analyze", "diagnose", "convert"}) {
            ConvertCommandTest.Run r = ConvertCommandTest.run(cmd, "--help");
            assertEquals(0, r.status(), cmd);
        }
    }
}
