package org.layerscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.cli.LayerScopeCommand;
import org.layerscope.testutil.Tools;
import org.layerscope.ui.Samples;

/**
 * Japanese that renders, read back from pixels (not strings): the real window (GTK under Xvfb, its own JVM) and an
 * {@code export-timeline --lang ja} PNG are read with tesseract's Japanese model. Empty boxes (tofu) read as
 * nonsense, so the menu titles ファイル and ヘルプ and the legend's ハンドシェイク are only found when the fonts work.
 */
class JapaneseRenderingTest {

    @Test
    void theJapaneseWindowsMenuBarReadsBack(@TempDir Path tmp) throws Exception {
        BufferedImage img = japaneseWindow(tmp);
        String menu = ocr(img.getSubimage(0, 0, Math.min(520, img.getWidth()), 28), tmp.resolve("menu.png"));
        assertTrue(menu.contains("ファイル") && menu.contains("ヘルプ"), "menu bar read back as: " + menu);
    }

    @Test
    void theJapaneseConnectionReportInItsFixedWidthFontReadsBack(@TempDir Path tmp) throws Exception {
        // the report was drawn in base.css's monospace, which has no Japanese glyph on Linux: empty boxes
        BufferedImage img = japaneseWindow(tmp, "-Dlayerscope.tab=connections", "-Dlayerscope.select=12");
        String report = ocr(img.getSubimage(870, 480, 400, 60), tmp.resolve("report.png"));
        assertTrue(report.contains("コネクション") && report.contains("判定"), "the report's first lines read back as: "
                + report);
    }

    /** A screenshot of the window in Japanese at 1280×720 on the TLS 1.2 sample (its own JVM under Xvfb). */
    private static BufferedImage japaneseWindow(Path tmp, String... properties) throws IOException {
        Path xvfbRun = Tools.require("xvfb-run");
        requireJapaneseOcr();
        Path sample = Samples.require(Samples.TLS12);
        Path shot = tmp.resolve("window-ja.png");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(xvfbRun.toString(), "-a", "-s", "-screen 0 1280x720x24",
                java, "-cp", System.getProperty("java.class.path"), "-Dprism.order=sw", "-Dlayerscope.settings=memory",
                "-Dlayerscope.lang=ja", "-Dlayerscope.home=" + tmp.resolve("home"), "-Dlayerscope.screenshot=" + shot));
        cmd.addAll(List.of(properties));
        cmd.addAll(List.of("org.layerscope.app.Main", sample.toString()));
        Tools.Result r = Tools.run(cmd, Map.of(), Duration.ofSeconds(120));
        assertEquals(0, r.exitCode(), "the window opened and took its screenshot:\n" + r.stdout() + r.stderr());
        return ImageIO.read(shot.toFile());
    }

    @Test
    void aJapaneseTimelineImageReadsBack(@TempDir Path tmp) throws Exception {
        requireJapaneseOcr();
        Path sample = Samples.require(Samples.TLS12);
        Path png = tmp.resolve("timeline-ja.png");
        assertEquals(0, LayerScopeCommand.run("export-timeline", sample.toString(), "--lang", "ja", "--out", png.toString()));
        BufferedImage img = ImageIO.read(png.toFile());
        String legend = ocr(img.getSubimage(0, 0, Math.min(700, img.getWidth()), 26), tmp.resolve("legend.png"));
        assertTrue(legend.contains("フェーズ") && legend.contains("ハンドシェイク"), "legend read back as: " + legend);
    }

    private static void requireJapaneseOcr() {
        Path tesseract = Tools.require("tesseract");
        Tools.Result langs = Tools.run(tesseract.toString(), "--list-langs");
        if (!(langs.stdout() + langs.stderr()).lines().anyMatch("jpn"::equals)) {
            Tools.missing("tesseract has no Japanese model (sudo apt-get install tesseract-ocr-jpn)");
        }
    }

    /** The text tesseract reads in {@code part}, scaled up 3× (its model wants ~30 px glyphs), without spaces. */
    private static String ocr(BufferedImage part, Path file) throws IOException {
        BufferedImage big = new BufferedImage(part.getWidth() * 3, part.getHeight() * 3, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = big.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(part, 0, 0, big.getWidth(), big.getHeight(), null);
        g.dispose();
        ImageIO.write(big, "png", file.toFile());
        Tools.Result r = Tools.run(Tools.require("tesseract").toString(), file.toString(), "-", "-l", "jpn");
        return r.requireSuccess().stdout().replaceAll("\\s+", "");
    }
}
