package org.layerscope.render;

/**
 * The few drawing operations the timeline and ladder need, so one renderer draws on a JavaFX canvas in
 * the window and on Java2D or SVG without a display ({@code export-timeline}). Colours are ARGB ints;
 * coordinates are pixels; text is drawn with its baseline at {@code y}.
 */
public interface Gfx {
    void color(int argb);

    void fillRect(double x, double y, double w, double h);

    void strokeRect(double x, double y, double w, double h, double lineWidth);

    void line(double x1, double y1, double x2, double y2, double lineWidth);

    void fillPolygon(double[] xs, double[] ys);

    void fillOval(double x, double y, double w, double h);

    void text(String s, double x, double y, double size, boolean bold);

    double textWidth(String s, double size, boolean bold);

    /** Restricts drawing to a rectangle until {@link #popClip()}. */
    void pushClip(double x, double y, double w, double h);

    void popClip();
}
