package org.layerscope.ui;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import org.layerscope.testutil.Tools;
import org.testfx.util.WaitForAsyncUtils;

/** Helpers for the headless (Monocle) UI tests. */
final class FxTestSupport {
    private FxTestSupport() {
    }

    /**
     * For the window tests that press Run &amp; Capture on {@code lo}: the toolkit (see {@link #requireToolkit}), root
     * (or skip/fail with the reason), and LayerScope's home (certificates) in {@code home}.
     */
    static void requireRunCaptureWindow(java.nio.file.Path home) {
        requireToolkit();
        if (!"root".equals(System.getProperty("user.name"))) {
            Tools.missing("Run & Capture on lo needs root (or cap_net_raw)");
        }
        System.setProperty("layerscope.home", home.toString());
    }

    /** Opens the English window on {@code stage} with the real Run &amp; Capture engine. */
    static LayerScopeApp openWithRunCaptureEngine(javafx.stage.Stage stage) {
        LayerScopeApp app = new LayerScopeApp();
        Settings s = Settings.inMemory();
        s.put("language", "en");
        app.createWindow(stage, s, new org.layerscope.app.EngineRunCaptureService(java.util.Locale.ENGLISH));
        stage.show();
        return app;
    }

    /**
     * Skips (or fails under LAYERSCOPE_REQUIRE_ALL) when the JavaFX toolkit cannot start headless, or cannot lay out
     * and draw text: on a machine without GTK and Pango JavaFX's font natives do not load
     * ({@code UnsatisfiedLinkError: no javafx_font_pango}).
     */
    static void requireToolkit() {
        try {
            org.testfx.api.FxToolkit.registerPrimaryStage();
        } catch (Throwable e) {
            Tools.missing("the JavaFX toolkit cannot start headless (Monocle): " + e);
        }
        try {
            WaitForAsyncUtils.asyncFx(() -> {
                javafx.scene.control.Label probe = new javafx.scene.control.Label("LayerScope \u30d5\u30a1\u30a4\u30eb");
                new javafx.scene.Scene(new javafx.scene.layout.StackPane(probe)).snapshot(null);
                return probe.getLayoutBounds();
            }).get(60, TimeUnit.SECONDS);
        } catch (Throwable e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            Tools.missing("JavaFX cannot draw text on this machine (for the window on Linux install GTK 3 and fonts: "
                    + "sudo apt-get install libgtk-3-0 libxtst6 fonts-noto-cjk): " + root);
        }
    }

    /** A new window in English with in-memory settings and no capture service, shown on {@code stage}. */
    static LayerScopeApp englishWindow(javafx.stage.Stage stage) {
        LayerScopeApp app = new LayerScopeApp();
        Settings s = Settings.inMemory();
        s.put("language", org.layerscope.session.UiText.ENGLISH.toLanguageTag());
        app.createWindow(stage, s, new UnavailableRunCaptureService());
        stage.show();
        return app;
    }

    static void waitUntil(BooleanSupplier condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
                WaitForAsyncUtils.waitForFxEvents();
                return condition.getAsBoolean();
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what);
        }
    }

    static void fx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            WaitForAsyncUtils.asyncFx(r);
            WaitForAsyncUtils.waitForFxEvents();
        }
    }

    /**
     * Clicks a node at local coordinates by firing the mouse events the glass robot would produce (the
     * robot's animated pointer moves cost a render pulse per step in software rendering).
     */
    static void click(javafx.scene.Node node, double x, double y) {
        fx(() -> {
            javafx.geometry.Point2D s = node.localToScreen(x, y);
            javafx.geometry.Point2D sc = node.localToScene(x, y);
            for (javafx.event.EventType<javafx.scene.input.MouseEvent> type : java.util.List.of(
                    javafx.scene.input.MouseEvent.MOUSE_MOVED, javafx.scene.input.MouseEvent.MOUSE_PRESSED,
                    javafx.scene.input.MouseEvent.MOUSE_RELEASED, javafx.scene.input.MouseEvent.MOUSE_CLICKED)) {
                boolean down = type == javafx.scene.input.MouseEvent.MOUSE_PRESSED;
                javafx.scene.input.MouseButton b = type == javafx.scene.input.MouseEvent.MOUSE_MOVED
                        ? javafx.scene.input.MouseButton.NONE : javafx.scene.input.MouseButton.PRIMARY;
                javafx.event.Event.fireEvent(node, new javafx.scene.input.MouseEvent(type, sc.getX(), sc.getY(), s.getX(), s.getY(), b,
                        1, false, false, false, false, down, false, false, true, false, true, null));
            }
        });
    }

    /** Fires a menu item found by id in the window's menu bar (menus are not in the scene graph until shown). */
    static void fireMenu(javafx.scene.Parent root, String... ids) {
        fx(() -> {
            javafx.scene.control.MenuBar bar = (javafx.scene.control.MenuBar) root.lookup(".menu-bar");
            java.util.List<javafx.scene.control.MenuItem> items = new java.util.ArrayList<>(bar.getMenus());
            javafx.scene.control.MenuItem found = null;
            for (String id : ids) {
                found = items.stream().filter(m -> id.equals(m.getId())).findFirst()
                        .orElseThrow(() -> new AssertionError("no menu item " + id));
                if (found instanceof javafx.scene.control.Menu m) {
                    items = m.getItems();
                }
            }
            found.fire();
        });
    }

    /** True when some pixel of the image has exactly this RGB colour. */
    static boolean containsColour(Image img, int argb) {
        PixelReader r = img.getPixelReader();
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int rgb = argb & 0xffffff;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if ((r.getArgb(x, y) & 0xffffff) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }
}
