package org.layerscope.ui;

import java.util.List;
import java.util.Locale;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/**
 * Where the window opens and how big: the first time it fits the visible area of the primary screen (from 1024×768
 * up, on a projector too: the menu bar, toolbar and Run &amp; Capture are always on screen); later it comes back at
 * the size and position it had on that screen. Placements are remembered per screen (keyed by the screen's bounds
 * and scale), so a laptop that moves between its own display and a projector opens right on each. Sizes are in
 * JavaFX's logical pixels, so HiDPI scaling (Screen.getOutputScaleX) does not change them.
 */
public final class WindowPlacement {
    /** The size the layout is designed for; smaller screens get their visible area. */
    static final double PREFERRED_WIDTH = 1500;
    static final double PREFERRED_HEIGHT = 940;
    private static final String LAST_SCREEN = "window.screen";

    private WindowPlacement() {
    }

    /** A window rectangle (logical pixels) and whether it was maximized. */
    record Placement(double x, double y, double width, double height, boolean maximized) {
        String encode() {
            return String.format(Locale.ROOT, "%.0f,%.0f,%.0f,%.0f,%b", x, y, width, height, maximized);
        }

        static Placement decode(String s) {
            if (s == null) {
                return null;
            }
            String[] p = s.split(",");
            try {
                return new Placement(Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2]),
                        Double.parseDouble(p[3]), p.length > 4 && Boolean.parseBoolean(p[4]));
            } catch (RuntimeException e) {
                return null; // a damaged setting is ignored, never fatal
            }
        }
    }

    /** The settings key of a screen: its bounds and scale. */
    static String screenKey(Rectangle2D bounds, double scale) {
        return String.format(Locale.ROOT, "window.%.0fx%.0f@%.0f,%.0f*%.2f", bounds.getWidth(), bounds.getHeight(),
                bounds.getMinX(), bounds.getMinY(), scale);
    }

    /**
     * The placement on a screen with visible area {@code visible}: {@code saved} moved and shrunk into it when it
     * overlaps it, else the preferred size shrunk to fit and centred.
     */
    static Placement fit(Rectangle2D visible, Placement saved) {
        if (saved != null && saved.width() >= 200 && saved.height() >= 150
                && visible.intersects(saved.x(), saved.y(), saved.width(), saved.height())) {
            double w = Math.min(saved.width(), visible.getWidth());
            double h = Math.min(saved.height(), visible.getHeight());
            double x = clamp(saved.x(), visible.getMinX(), visible.getMaxX() - w);
            double y = clamp(saved.y(), visible.getMinY(), visible.getMaxY() - h);
            return new Placement(x, y, w, h, saved.maximized());
        }
        double w = Math.min(PREFERRED_WIDTH, visible.getWidth());
        double h = Math.min(PREFERRED_HEIGHT, visible.getHeight());
        return new Placement(visible.getMinX() + (visible.getWidth() - w) / 2,
                visible.getMinY() + (visible.getHeight() - h) / 2, w, h, false);
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(v, max));
    }

    /** The size of the window's scene before it is shown (the primary screen's fit, or the remembered size). */
    static Placement initial(Settings settings) {
        Screen screen = lastScreen(settings);
        return fit(screen.getVisualBounds(), Placement.decode(settings.get(key(screen), null)));
    }

    /** Places {@code stage} (before it is shown) and remembers its placement when it closes. */
    public static void apply(Stage stage, Settings settings) {
        Placement p = initial(settings);
        stage.setX(p.x());
        stage.setY(p.y());
        stage.setWidth(p.width());
        stage.setHeight(p.height());
        stage.setMaximized(p.maximized());
        stage.setMinWidth(640);
        stage.setMinHeight(480);
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> keepOnScreen(stage));
        stage.addEventHandler(WindowEvent.WINDOW_HIDING, e -> remember(stage, settings));
    }

    /** After the window manager placed the window (decorations included): pull it back into the visible area. */
    private static void keepOnScreen(Stage stage) {
        if (stage.isMaximized()) {
            return;
        }
        Rectangle2D v = screenOf(stage).getVisualBounds();
        double w = Math.min(stage.getWidth(), v.getWidth());
        double h = Math.min(stage.getHeight(), v.getHeight());
        if (w != stage.getWidth() || h != stage.getHeight()) {
            stage.setWidth(w);
            stage.setHeight(h);
        }
        stage.setX(clamp(stage.getX(), v.getMinX(), v.getMaxX() - w));
        stage.setY(clamp(stage.getY(), v.getMinY(), v.getMaxY() - h));
    }

    static void remember(Stage stage, Settings settings) {
        if (Double.isNaN(stage.getX()) || stage.getWidth() <= 0) {
            return;
        }
        Screen screen = screenOf(stage);
        Placement old = Placement.decode(settings.get(key(screen), null));
        Placement p = stage.isMaximized() && old != null
                ? new Placement(old.x(), old.y(), old.width(), old.height(), true) // keep the size to restore to
                : new Placement(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), stage.isMaximized());
        settings.put(key(screen), p.encode());
        settings.put(LAST_SCREEN, key(screen));
    }

    private static String key(Screen s) {
        return screenKey(s.getBounds(), s.getOutputScaleX());
    }

    private static Screen lastScreen(Settings settings) {
        String last = settings.get(LAST_SCREEN, null);
        for (Screen s : Screen.getScreens()) {
            if (key(s).equals(last)) {
                return s;
            }
        }
        return Screen.getPrimary();
    }

    private static Screen screenOf(Stage stage) {
        double cx = stage.getX() + stage.getWidth() / 2;
        double cy = stage.getY() + stage.getHeight() / 2;
        List<Screen> hit = Screen.getScreensForRectangle(cx, cy, 1, 1);
        return hit.isEmpty() ? Screen.getPrimary() : hit.get(0);
    }
}
