package org.layerscope.render;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The font family LayerScope draws its text in, chosen per platform so that Japanese renders (never as empty boxes):
 * the first installed family of {@link #candidates}, each of which holds Latin and Japanese glyphs. The window
 * ({@code ui.Fonts}) and the exported images ({@link Java2dGfx}, {@link SvgGfx}) use the same lists.
 */
public final class FontChoice {
    private static final List<String> LINUX = List.of("Noto Sans CJK JP", "Noto Sans JP", "Source Han Sans JP",
            "IPAexGothic", "IPAPGothic", "TakaoPGothic", "VL PGothic", "Droid Sans Fallback");
    private static final List<String> WINDOWS = List.of("Yu Gothic UI", "Meiryo UI", "Meiryo", "Yu Gothic",
            "MS UI Gothic");
    private static final List<String> MACOS = List.of("Hiragino Sans", "Hiragino Kaku Gothic ProN",
            "Hiragino Kaku Gothic Pro", "Osaka");

    /** Fixed-width families with Japanese glyphs, best first (for aligned text: the connection report, the log). */
    private static final List<String> LINUX_MONO = List.of("Noto Sans Mono CJK JP", "IPAGothic", "TakaoGothic",
            "VL Gothic");
    private static final List<String> WINDOWS_MONO = List.of("BIZ UDGothic", "MS Gothic");
    private static final List<String> MACOS_MONO = List.of("Osaka-Mono");

    private static volatile String awtFamily;

    private FontChoice() {
    }

    /** The families to try on the OS named {@code osName} (an {@code os.name} value), best first. */
    public static List<String> candidates(String osName) {
        String n = osName.toLowerCase(Locale.ROOT);
        if (n.contains("win")) {
            return WINDOWS;
        }
        if (n.contains("mac") || n.contains("darwin")) {
            return MACOS;
        }
        return LINUX;
    }

    /**
     * A fixed-width family with Japanese glyphs installed on the OS named {@code osName}; else the proportional
     * {@link #choose} (Japanese that is not aligned beats empty boxes); null when neither is installed.
     */
    public static String chooseMono(String osName, Set<String> installed) {
        String n = osName.toLowerCase(Locale.ROOT);
        List<String> mono = n.contains("win") ? WINDOWS_MONO : n.contains("mac") || n.contains("darwin") ? MACOS_MONO
                : LINUX_MONO;
        for (String f : mono) {
            if (installed.contains(f)) {
                return f;
            }
        }
        return choose(osName, installed);
    }

    /** The first of this OS's candidates among {@code installed}, or null when none is installed. */
    public static String choose(String osName, Set<String> installed) {
        for (String f : candidates(osName)) {
            if (installed.contains(f)) {
                return f;
            }
        }
        return null;
    }

    /** The family for Java2D text: the chosen one when installed, else the logical {@code SansSerif} font. */
    public static String awt() {
        String f = awtFamily;
        if (f == null) {
            f = pick(() -> Set.of(java.awt.GraphicsEnvironment.getLocalGraphicsEnvironment()
                    .getAvailableFontFamilyNames(Locale.ROOT)));
            awtFamily = f;
        }
        return f;
    }

    private static String pick(Supplier<Set<String>> installed) {
        try {
            String f = choose(System.getProperty("os.name", ""), installed.get());
            return f != null ? f : java.awt.Font.SANS_SERIF;
        } catch (RuntimeException | LinkageError e) {
            return java.awt.Font.SANS_SERIF; // no font configuration at all: the logical font still draws Latin
        }
    }

    /**
     * The {@code font-family} list of an SVG file (shown on any platform): the family its text was measured with,
     * then each platform's first Japanese candidate, then generic fallbacks.
     */
    public static String svgList() {
        StringBuilder b = new StringBuilder();
        java.util.LinkedHashSet<String> families = new java.util.LinkedHashSet<>();
        String measured = awt();
        if (!java.awt.Font.SANS_SERIF.equals(measured)) {
            families.add(measured);
        }
        families.addAll(List.of(LINUX.get(0), WINDOWS.get(0), WINDOWS.get(2), MACOS.get(0), "Noto Sans", "DejaVu Sans"));
        for (String f : families) {
            b.append('\'').append(f).append("', ");
        }
        return b.append("sans-serif").toString();
    }
}
