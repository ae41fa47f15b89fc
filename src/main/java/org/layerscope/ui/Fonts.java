package org.layerscope.ui;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import javafx.scene.text.Font;
import org.layerscope.render.FontChoice;

/**
 * The window's font family, chosen per platform so Japanese renders ({@link FontChoice}: Noto Sans CJK JP on Linux,
 * Yu Gothic UI / Meiryo on Windows, Hiragino Sans on macOS, with fallbacks). JavaFX's default font on Linux has no
 * Japanese glyphs and draws empty boxes.
 */
public final class Fonts {
    private static volatile String family;
    private static volatile boolean chosen;

    private Fonts() {
    }

    /** The chosen family, or null when none of the candidates is installed (JavaFX's default font stays). */
    public static String family() {
        if (!chosen) {
            family = FontChoice.choose(System.getProperty("os.name", ""), Set.copyOf(Font.getFamilies()));
            chosen = true;
        }
        return family;
    }

    /**
     * A style sheet (a data: URL) that sets the family on every scene root, and a fixed-width family with Japanese
     * glyphs on the fixed-width text (base.css's {@code monospace} has none on Linux: the Japanese connection report
     * was drawn as empty boxes), or null when none is installed.
     */
    public static String stylesheet() {
        String f = family();
        if (f == null) {
            return null;
        }
        String mono = FontChoice.chooseMono(System.getProperty("os.name", ""), Set.copyOf(Font.getFamilies()));
        // ".root .x" outranks base.css's ".x", whatever the order of the style sheets
        String css = ".root { -fx-font-family: \"" + f.replace("\"", "") + "\"; }\n"
                + ".root .connection-details, .root .capture-log .list-cell { -fx-font-family: \""
                + mono.replace("\"", "") + "\"; }\n";
        return "data:text/css;base64," + Base64.getEncoder().encodeToString(css.getBytes(StandardCharsets.UTF_8));
    }
}
