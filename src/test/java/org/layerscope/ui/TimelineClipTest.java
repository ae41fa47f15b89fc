package org.layerscope.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.render.TimelineRenderer;
import org.layerscope.render.TimelineViewport;
import org.layerscope.session.PacketTable;
import org.layerscope.testutil.ShortConnections;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * {@link FxGfx} clips shape by shape (a canvas clip made JavaFX's software renderer slow): each kind of shape
 * across a clip's edge is cut as the canvas's own clip cuts it, and the timeline it draws is the one drawn through
 * the canvas's clip, in three views (the whole capture scrolled by half a band, a handshake zoomed in, a later
 * connection zoomed in and scrolled).
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TimelineClipTest {
    @TempDir
    static Path dir;
    private LayerScopeApp app;

    @BeforeAll
    static void toolkit() {
        FxTestSupport.requireToolkit();
    }

    @Start
    void start(Stage stage) {
        app = FxTestSupport.englishWindow(stage);
    }

    @Test
    void eachShapeAcrossAClipEdgeIsCutAsByTheCanvasClip() {
        WritableImage[] img = new WritableImage[2];
        for (int k = 0; k < 2; k++) {
            int i = k;
            FxTestSupport.fx(() -> {
                Canvas c = new Canvas(200, 200);
                FxGfx g = i == 1 ? FxGfx.withCanvasClip(c.getGraphicsContext2D()) : new FxGfx(c.getGraphicsContext2D());
                g.color(0xffffffff);
                g.fillRect(0, 0, 200, 200);
                g.pushClip(30, 30, 150, 150);
                g.pushClip(50.5, 40.25, 100, 110.5); // nested, fractional: the intersection counts
                g.color(0xff0072b2);
                g.fillRect(0, 0, 200, 80);
                g.color(0xffd55e00);
                g.line(20, 120, 180, 120, 3);
                g.line(120, 0, 120, 200, 2);
                g.line(0, 10, 190, 200, 2);
                g.color(0xff009e73);
                g.fillOval(130, 130, 60, 60);
                g.fillPolygon(new double[] {40, 90, 40}, new double[] {90, 110, 130});
                g.strokeRect(40, 35, 50, 50, 2);
                g.color(0xff000000);
                g.text("Hello clip", 110, 100, 14, false);
                g.text("inside", 60, 140, 12, false);
                g.popClip();
                g.color(0xffcc79a7);
                g.fillRect(25, 150, 20, 20); // under the outer clip only
                g.popClip();
                g.fillRect(185, 185, 15, 15); // no clip
                img[i] = c.snapshot(null, null);
            });
        }
        int differ = 0;
        int coloured = 0;
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 200; x++) {
                int p = img[0].getPixelReader().getArgb(x, y);
                int q = img[1].getPixelReader().getArgb(x, y);
                if (q != 0xffffffff) {
                    coloured++;
                }
                if (channelGap(p, q) > 48) {
                    differ++;
                }
            }
        }
        assertTrue(coloured > 4000, "the shapes were drawn: " + coloured);
        assertTrue(differ <= 40, differ + " pixels differ from the canvas clip's picture");
    }

    @Test
    void shapeByShapeClippingDrawsWhatTheCanvasClipDraws() throws Exception {
        Path capture = dir.resolve("twelve.pcap");
        ShortConnections.write(Samples.require(Samples.TLS12), capture, 12);
        FxTestSupport.fx(() -> app.viewModel().document().open(capture));
        FxTestSupport.waitUntil(() -> !app.viewModel().document().loadingProperty().get()
                && app.viewModel().packets().rowsProperty().get() > 0, "the capture to load");
        PacketTable t = app.viewModel().packets().table();
        TimelineRenderer r = new TimelineRenderer(t, app.viewModel().palette(), app.viewModel().text(), true);
        double w = 900;
        double h = 420;
        double plotW = TimelineRenderer.plotWidth(w);
        long span = t.time(t.size() - 1) - t.time(0);
        // the whole capture, scrolled by half a band; then zoomed on a connection's handshake so that marks and
        // labels are cut at both ends; then scrolled so that a band is cut at the top of the bands
        double[][] views = {
            {t.time(0), span / plotW, TimelineRenderer.BAND_H * 1.5},
            {t.time(3) - 2_000_000, 4_000_000 / plotW, 0},
            {t.time(0) + ShortConnections.MINUTE_NANOS * 3 - 500_000, 3_000_000 / plotW, TimelineRenderer.BAND_H * 2.3},
        };
        for (double[] view : views) {
            TimelineViewport v = new TimelineViewport();
            v.set(view[0], view[1]);
            v.scrollY(view[2]);
            WritableImage shapes = draw(r, v, w, h, false);
            WritableImage canvas = draw(r, v, w, h, true);
            int differ = 0;
            int painted = 0;
            PixelReader a = shapes.getPixelReader();
            PixelReader b = canvas.getPixelReader();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = a.getArgb(x, y);
                    int q = b.getArgb(x, y);
                    if (q != 0xffffffff) {
                        painted++;
                    }
                    if (channelGap(p, q) > 48) {
                        differ++;
                    }
                }
            }
            assertTrue(painted > w * h / 4, "the view has content: " + painted);
            assertTrue(differ <= w * h / 500, differ + " of " + (int) (w * h) + " pixels differ in view "
                    + java.util.Arrays.toString(view));
        }
    }

    private static WritableImage draw(TimelineRenderer r, TimelineViewport v, double w, double h, boolean canvasClip) {
        AtomicReference<WritableImage> img = new AtomicReference<>();
        FxTestSupport.fx(() -> {
            Canvas c = new Canvas(w, h);
            FxGfx g = canvasClip ? FxGfx.withCanvasClip(c.getGraphicsContext2D()) : new FxGfx(c.getGraphicsContext2D());
            r.render(g, v, w, h, 2);
            img.set(c.snapshot(null, null));
        });
        return img.get();
    }

    private static int channelGap(int p, int q) {
        int d = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            d = Math.max(d, Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff)));
        }
        return d;
    }
}
