package org.layerscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.testutil.Tools;

/** The contract of {@code layerscope lesson}: TSV columns, defaults, formats, exit codes. */
class LessonCommandTest {
    static final Path SAMPLES = Tools.repoRoot().resolve("sample-pcaps");

    static Path sample(String name) {
        return Tools.requireFile(SAMPLES.resolve(name), "sample " + name);
    }

    @Test
    void tsvHasTheContractHeaderAndColumns() {
        ConvertCommandTest.Run r = ConvertCommandTest.run("lesson", sample("mqtt-tls12-mutual.pcapng").toString(),
                "--keylog", sample("mqtt-tls12-mutual.keylog").toString(), "--format", "tsv", "--lang", "en");
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("step\tframes\tphase\tfrom\ttitle\tnarration", lines[0]);
        for (int i = 1; i < lines.length; i++) {
            String[] c = lines[i].split("\t", -1);
            assertEquals(6, c.length, lines[i]);
            assertEquals(Integer.toString(i), c[0]);
            assertTrue(c[1].matches("\\d+(,\\d+)*"), lines[i]);
            assertTrue(c[2].matches("tcp-handshake|tls-handshake|application-data|teardown"), lines[i]);
            assertTrue(c[3].equals("client") || c[3].equals("server"), lines[i]);
            assertFalse(c[4].isBlank() || c[5].isBlank(), lines[i]);
        }
        assertEquals("1\t1\ttcp-handshake\tclient\tTCP SYN", lines[1].substring(0, lines[1].lastIndexOf('\t')));
        assertTrue(r.out().contains("\tMQTT CONNECT\t"), r.out());
        assertTrue(r.out().contains("\tMQTT PUBLISH\t"), r.out());
    }

    @Test
    void japaneseAndTextAndDefaultStream() {
        // mqtt-plain-311 has five connections: the default is the first that carries MQTT (stream 0)
        ConvertCommandTest.Run ja = ConvertCommandTest.run("lesson", sample("mqtt-plain-311.pcapng").toString(),
                "--format", "tsv", "--lang", "ja");
        assertEquals(0, ja.status(), ja.err());
        assertTrue(ja.out().contains("\tMQTT SUBSCRIBE\t"), ja.out());
        assertTrue(ja.out().contains("MQTT PINGREQ：キープアライブ"), ja.out());
        ConvertCommandTest.Run s2 = ConvertCommandTest.run("lesson", sample("mqtt-plain-311.pcapng").toString(),
                "--format", "tsv", "--stream", "2", "--lang", "en");
        assertEquals(0, s2.status(), s2.err());
        assertTrue(s2.out().contains("user name and password"), s2.out());
        assertFalse(s2.out().equals(ja.out()));
        ConvertCommandTest.Run text = ConvertCommandTest.run("lesson", sample("tcp-refused-8883.pcapng").toString(),
                "--lang", "en");
        assertEquals(0, text.status(), text.err());
        assertTrue(text.out().contains(" 1. TCP SYN  [Device \u2192 Broker]"), text.out());
        assertTrue(text.out().contains("Where it stopped: tcp-refused"), text.out());
    }

    @Test
    void htmlGoesToTheOutFile(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("sub/lesson.html");
        ConvertCommandTest.Run r = ConvertCommandTest.run("lesson", sample("mqtt-tls13-mutual.pcapng").toString(),
                "--format", "html", "--out", out.toString(), "--lang", "en");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.out(), "nothing on standard output");
        String h = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(h.startsWith("<!DOCTYPE html>"));
        assertEquals(16, h.split("<section ", -1).length - 1);
    }

    @Test
    void badInputExitsWith2AndOneLine(@TempDir Path dir) throws IOException {
        String f = sample("mqtt-tls12-mutual.pcapng").toString();
        ConvertCommandTest.Run r = ConvertCommandTest.run("lesson", f, "--format", "pdf");
        assertEquals(2, r.status());
        assertEquals("layerscope: --format must be tsv, text or html, not 'pdf'\n", r.err().replace("\r", ""));
        r = ConvertCommandTest.run("lesson", f, "--stream", "7");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("has no TCP stream 7 (its streams are 0 to 0"), r.err());
        r = ConvertCommandTest.run("lesson", f, "--stream", "-1");
        assertEquals(2, r.status());
        r = ConvertCommandTest.run("lesson", f, "--lang", "fr");
        assertEquals(2, r.status());
        r = ConvertCommandTest.run("lesson", dir.resolve("missing.pcapng").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("layerscope: cannot open ") && r.err().contains("no such file"), r.err());
        r = ConvertCommandTest.run("lesson", f, "--keylog", dir.resolve("none.keylog").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("cannot open key log"), r.err());
        Path junk = dir.resolve("junk.pcap");
        Files.writeString(junk, "not a capture at all");
        r = ConvertCommandTest.run("lesson", junk.toString());
        assertEquals(2, r.status());
        assertFalse(r.err().contains("Exception"), r.err());
        Path empty = Tools.repoRoot().resolve("../shared/wireshark-captures/captures/empty.pcap").normalize();
        if (Files.exists(empty)) {
            r = ConvertCommandTest.run("lesson", empty.toString());
            assertEquals(2, r.status());
            assertTrue(r.err().contains("holds no TCP connection"), r.err());
        }
        for (String s : r.err().split("\n")) {
            assertFalse(s.startsWith("\tat "), "no stack trace: " + r.err());
        }
    }
}
