package org.layerscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.testutil.Tools;

/**
 * Starts the real app (GTK window, no Monocle) under Xvfb in its own JVM, opens a sample, takes a
 * screenshot and fails when the window shows an error, no packets, or a blank picture.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS) // a hung window or toolkit fails the test instead of the build
class DesktopSmokeTest {
    @Test
    void theRealWindowOpensASampleAndShowsIt(@TempDir Path tmp) throws Exception {
        Path xvfbRun = Tools.require("xvfb-run");
        Path sample = Samples.require(Samples.TLS12);
        Path shot = tmp.resolve("smoke.png");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(xvfbRun.toString(), "-a", "-s", "-screen 0 1600x1000x24", java,
                "-cp", System.getProperty("java.class.path"),
                "-Dprism.order=sw", "-Dlayerscope.settings=memory", "-Dlayerscope.select=4",
                "-Dlayerscope.screenshot=" + shot, "org.layerscope.app.Main", sample.toString());
        Tools.Result r = Tools.run(cmd, Map.of(), Duration.ofSeconds(120));
        assertEquals(0, r.exitCode(), "the app exits cleanly after its screenshot:\n" + r.stdout() + r.stderr());
        assertTrue(Files.size(shot) > 10_000, "a real screenshot was written");
        assertTrue(!r.stderr().contains("Exception"), "no exception on stderr:\n" + r.stderr());
        BufferedImage img = ImageIO.read(shot.toFile());
        assertTrue(img.getWidth() >= 1000 && img.getHeight() >= 700, "window size " + img.getWidth() + "x" + img.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                colours.add(img.getRGB(x, y) & 0xffffff);
            }
        }
        assertTrue(colours.size() > 200, "the window is not empty (" + colours.size() + " colours)");
        assertTrue(colours.contains(0x0072b2) && colours.contains(0x009e73), "phase colours are on screen");
    }
}
