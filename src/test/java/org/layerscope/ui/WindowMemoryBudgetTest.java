package org.layerscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.testutil.LongConnection;
import org.layerscope.testutil.Tools;

/**
 * A capture too big for the window's heap (issue 16 item 5): the real app, in its own JVM with a 128 MiB
 * heap under Xvfb, opens a 600,000-frame capture (one long real mosquitto TLS connection, 80 MB). It must
 * not freeze or die with OutOfMemoryError: it keeps the first packets it could hold, says so in the status
 * bar, and stays usable (a display filter over the rows shown, a packet selected with its details and
 * bytes), then exits cleanly after its screenshot.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS) // a frozen window fails the test instead of hanging the build
class WindowMemoryBudgetTest {
    private static final int FRAMES = 600_000;

    @Test
    void aCaptureTooBigForTheHeapShowsWhatFitsAndSaysSo(@TempDir Path tmp) throws Exception {
        Path xvfbRun = Tools.require("xvfb-run");
        Path big = tmp.resolve("long.pcap");
        LongConnection.write(Tools.repoRoot().resolve("sample-pcaps/mqtt-tls12-mutual.pcapng"), big, FRAMES);
        Path shot = tmp.resolve("memory.png");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(xvfbRun.toString(), "-a", "-s", "-screen 0 1600x1000x24", java, "-Xmx128m",
                "-cp", System.getProperty("java.class.path"),
                "-Dprism.order=sw", "-Dlayerscope.settings=memory", "-Dlayerscope.lang=en",
                "-Dlayerscope.autosave=" + tmp.resolve("autosave"),
                "-Dlayerscope.filter=tcp.srcport == 8883", "-Dlayerscope.select=5000",
                "-Dlayerscope.screenshot=" + shot, "org.layerscope.app.Main", big.toString());
        Tools.Result r = Tools.run(cmd, Map.of(), Duration.ofSeconds(240));
        String all = r.stdout() + r.stderr();
        assertEquals(0, r.exitCode(), "the window exits cleanly after its screenshot:\n" + all);
        assertFalse(all.contains("OutOfMemoryError"), all);
        assertTrue(Files.size(shot) > 10_000, "a real screenshot was written");
        Matcher shown = Pattern.compile("screenshot .* \\((\\d+) packets\\)").matcher(r.stdout());
        assertTrue(shown.find(), r.stdout());
        int rows = Integer.parseInt(shown.group(1));
        assertTrue(rows >= 100_000 && rows < FRAMES - 1, "the first packets that fit are shown: " + rows);
        assertTrue(r.stdout().contains("memory notice: Not enough memory for the whole file: the first "
                + String.format(Locale.US, "%,d", rows) + " packets are shown"), "the window says so:\n" + r.stdout());
        Matcher filtered = Pattern.compile("the filter shows (\\d+) packets").matcher(r.stdout());
        assertTrue(filtered.find(), "a display filter ran over the rows shown:\n" + r.stdout());
        int matching = Integer.parseInt(filtered.group(1));
        assertTrue(matching > rows / 3 && matching < rows, matching + " of " + rows);
        assertTrue(r.stdout().contains("selected frame 5000 with "), "a packet was selected with its details:\n"
                + r.stdout());
    }
}
