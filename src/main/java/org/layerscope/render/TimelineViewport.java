package org.layerscope.render;

/**
 * What part of the timeline is visible: the time at the left edge of the plot, the nanoseconds per
 * pixel, and the vertical scroll of the bands. Mutable; owned by one view.
 */
public final class TimelineViewport {
    private double startNanos;
    private double nanosPerPixel = 1e5;
    private double scrollY;

    public double startNanos() {
        return startNanos;
    }

    public double nanosPerPixel() {
        return nanosPerPixel;
    }

    public double scrollY() {
        return scrollY;
    }

    public void set(double startNanos, double nanosPerPixel) {
        this.startNanos = startNanos;
        this.nanosPerPixel = Math.max(1e-3, nanosPerPixel);
    }

    public void scrollY(double y) {
        scrollY = Math.max(0, y);
    }

    /** Shows [0, maxNanos] over {@code plotWidth} pixels with a small margin. */
    public void fit(long maxNanos, double plotWidth) {
        double span = Math.max(maxNanos, 1_000);
        double w = Math.max(plotWidth, 10);
        nanosPerPixel = span * 1.06 / w;
        startNanos = -span * 0.03;
    }

    /** Zooms by {@code factor} (> 1 zooms in) keeping the time under plot x {@code anchorX} fixed. */
    public void zoom(double factor, double anchorX) {
        double t = startNanos + anchorX * nanosPerPixel;
        nanosPerPixel = Math.max(1e-3, nanosPerPixel / factor);
        startNanos = t - anchorX * nanosPerPixel;
    }

    public void pan(double dx) {
        startNanos -= dx * nanosPerPixel;
    }

    public double x(double nanos) {
        return (nanos - startNanos) / nanosPerPixel;
    }

    public double nanosAt(double plotX) {
        return startNanos + plotX * nanosPerPixel;
    }
}
