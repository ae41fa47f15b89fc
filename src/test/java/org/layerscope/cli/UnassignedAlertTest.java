package org.layerscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.testutil.Tools;

/**
 * Issue #16's first finding: one changed byte (TLS alert 70 → 125, a code no RFC assigns) made diagnose
 * print "layerscope: null" and lose the whole report. The report names the code instead.
 */
class UnassignedAlertTest {
    static Path withAlert(Path dir, int code) throws IOException {
        Path sample = Tools.requireFile(CliOutputTest.SAMPLES.resolve("mqtt-tls-version-mismatch.pcapng"), "sample");
        byte[] all = Files.readAllBytes(sample);
        byte[] alert = HexFormat.of().parseHex("15030300020246"); // fatal protocol_version, the server's answer
        int at = indexOf(all, alert);
        assertTrue(at > 0);
        all[at + 6] = (byte) code;
        Path out = dir.resolve("alert" + code + ".pcapng");
        Files.write(out, all);
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @ParameterizedTest
    @CsvSource({"text,en", "json,en", "markdown,en", "text,ja", "json,ja", "markdown,ja"})
    void diagnoseNamesAnUnassignedAlert(String format, String lang, @TempDir Path tmp) throws IOException {
        Path f = withAlert(tmp, 125);
        ConvertCommandTest.Run r = ConvertCommandTest.run("diagnose", f.toString(), "--format", format, "--lang", lang);
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("tls-alert-by-server:unknown_alert_125"), r.out());
    }

    @ParameterizedTest
    @CsvSource({"255", "70", "86", "200"})
    void everyCodeGivesAReport(int code, @TempDir Path tmp) throws IOException {
        ConvertCommandTest.Run r = ConvertCommandTest.run("diagnose", withAlert(tmp, code).toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("tls-alert-by-server:"), r.out());
    }
}
