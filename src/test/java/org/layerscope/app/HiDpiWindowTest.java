package org.layerscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.testutil.Tools;
import org.layerscope.ui.Samples;

/**
 * HiDPI: the real window (GTK under Xvfb on a 2560×1440 screen, its own JVM) with GDK_SCALE=2 and with
 * -Dglass.gtk.uiScale=1.5 fits the screen's visible area in logical pixels, and the X server's own screenshot (device
 * pixels) shows its menu titles sharp enough for tesseract to read them at their scaled size.
 */
class HiDpiWindowTest {
    private static final Pattern BOUNDS = Pattern.compile("layerscope: window (-?\\d+),(-?\\d+) (\\d+)x(\\d+); "
            + "screen (\\d+)x(\\d+), visible (-?\\d+),(-?\\d+) (\\d+)x(\\d+), scale ([0-9.]+)");

    @ParameterizedTest
    @CsvSource({"2, GDK_SCALE=2, 1280, 720", "1.5, -Dglass.gtk.uiScale=1.5, 1707, 960"})
    void theWindowFitsAndReadsAtItsScale(double scale, String how, int logicalWidth, int logicalHeight, @TempDir Path tmp)
            throws Exception {
        Path xvfbRun = Tools.require("xvfb-run");
        Path importTool = Tools.require("import"); // imagemagick: the X server's screenshot
        Path tesseract = Tools.require("tesseract");
        Path sample = Samples.require(Samples.TLS12);
        Path shot = tmp.resolve("scene.png");
        Path screen = tmp.resolve("screen.png");
        Path log = tmp.resolve("app.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String property = how.startsWith("-D") ? how : "-Dlayerscope.none=0";
        String script = "'" + java + "' -cp \"$CP\" -Dprism.order=sw -Dlayerscope.settings=memory -Dlayerscope.home='"
                + tmp.resolve("home") + "' " + property + " -Dlayerscope.screenshot='" + shot
                + "' -Dlayerscope.screenshot.screen=true org.layerscope.app.Main '" + sample + "' > '" + log + "' 2>&1 &\n"
                + "pid=$!\n"
                + "for i in $(seq 1 600); do grep -q 'layerscope: window' '" + log + "' && break; sleep 0.2; done\n"
                + "'" + importTool + "' -window root '" + screen + "'\n"
                + "wait $pid\n";
        Map<String, String> env = how.startsWith("GDK_SCALE=") ? Map.of("CP", System.getProperty("java.class.path"),
                "GDK_SCALE", how.substring("GDK_SCALE=".length())) : Map.of("CP", System.getProperty("java.class.path"));
        Tools.Result r = Tools.run(List.of(xvfbRun.toString(), "-a", "-s", "-screen 0 2560x1440x24", "bash", "-c", script),
                env, Duration.ofSeconds(180));
        String out = Files.exists(log) ? Files.readString(log) : "";
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr() + out);
        Matcher m = BOUNDS.matcher(out);
        assertTrue(m.find(), "the window's bounds: " + out);
        double x = Double.parseDouble(m.group(1));
        double y = Double.parseDouble(m.group(2));
        double w = Double.parseDouble(m.group(3));
        double h = Double.parseDouble(m.group(4));
        assertEquals(scale, Double.parseDouble(m.group(11)), 0.01, "the screen's scale: " + m.group());
        assertEquals(logicalWidth, Double.parseDouble(m.group(9)), 1.5, "the visible area in logical pixels: " + m.group());
        assertEquals(logicalHeight, Double.parseDouble(m.group(10)), 1.5, "the visible area in logical pixels: " + m.group());
        assertTrue(x >= 0 && y >= 0 && x + w <= logicalWidth + 1 && y + h <= logicalHeight + 1, "fits: " + m.group());

        // the device pixels: the window's menu bar, drawn at the scale, read back
        BufferedImage img = ImageIO.read(screen.toFile());
        assertEquals(2560, img.getWidth());
        int top = (int) Math.round(y * scale);
        int left = (int) Math.round(x * scale);
        int menuHeight = (int) Math.round(28 * scale);
        BufferedImage menu = img.getSubimage(left, top, (int) Math.round(560 * scale), menuHeight);
        Path menuPng = tmp.resolve("menu.png");
        ImageIO.write(menu, "png", menuPng.toFile());
        String text = Tools.run(tesseract.toString(), menuPng.toString(), "-", "-l", "eng").requireSuccess().stdout();
        for (String title : List.of("File", "Edit", "View", "Capture", "Help")) {
            assertTrue(text.contains(title), "menu bar read back as: " + text);
        }
        // the bottom-right corner of the window is drawn too (the whole scaled window, not a part of it)
        int right = (int) Math.round((x + w) * scale) - 3;
        int bottom = (int) Math.round((y + h) * scale) - 3;
        int rgb = img.getRGB(Math.min(right, img.getWidth() - 1), Math.min(bottom, img.getHeight() - 1)) & 0xffffff;
        assertTrue(rgb != 0, "the window's bottom-right corner is painted");
    }
}
