package org.layerscope.render;

import org.layerscope.model.Phase;

/**
 * Colours shared by the timeline, the ladder, the packet rows and the legend. The phase colours are the
 * Okabe–Ito palette, which stays distinguishable with the common forms of colour blindness; colour is
 * never the only cue (marks have one shape per phase, spans are captioned, rows say their phase).
 * The CSS themes define the same values as looked-up colours ({@code -ls-phase-tcp-handshake}, ...); a
 * test keeps them equal.
 */
public record Palette(String name, int background, int foreground, int muted, int grid, int bandAlt,
                      int selection, int[] phase) {
    /** Okabe–Ito: blue, orange, bluish green, vermillion, grey. */
    private static final int[] PHASES = {0xff0072b2, 0xffe69f00, 0xff009e73, 0xffd55e00, 0xff999999};
    /** The same hues, lightened for a dark background. */
    private static final int[] PHASES_DARK = {0xff56b4e9, 0xfff0c050, 0xff2fc89a, 0xfff07a3a, 0xffaaaaaa};

    public static final Palette LIGHT = new Palette("light", 0xffffffff, 0xff1f2328, 0xff59636e, 0xffe1e4e8,
            0xfff6f8fa, 0xffcc79a7, PHASES);
    public static final Palette DARK = new Palette("dark", 0xff1e1f22, 0xffe6e6e6, 0xffa0a4aa, 0xff3a3d41,
            0xff26282c, 0xffcc79a7, PHASES_DARK);

    public static Palette named(String name) {
        return "dark".equalsIgnoreCase(name) ? DARK : LIGHT;
    }

    public int phase(Phase p) {
        return phase[p.ordinal()];
    }

    /** The colour with a new alpha (0..1). */
    public static int alpha(int argb, double a) {
        return ((int) Math.round(a * 255) << 24) | (argb & 0xffffff);
    }

    /** "#rrggbb" of a colour. */
    public static String hex(int argb) {
        return String.format("#%06x", argb & 0xffffff);
    }
}
