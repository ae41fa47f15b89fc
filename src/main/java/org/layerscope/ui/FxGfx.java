package org.layerscope.ui;

import java.util.LinkedHashMap;
import java.util.Map;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.layerscope.render.Gfx;

/**
 * {@link Gfx} on a JavaFX canvas. Clipping is done here, shape by shape: a shape inside the clip rectangle is
 * drawn as is, one outside it is skipped, a rectangle or straight line is cut to it, and only a shape across its
 * edge is drawn through the canvas's own clip. JavaFX's software renderer (no GPU, as under Xvfb) drew every
 * operation after a canvas clip through a mask, which made a repaint of the timeline (tens of clipped bands and
 * thousands of marks) take 70-130 ms of the render thread instead of 20-35.
 */
final class FxGfx implements Gfx {
    private static final Map<String, Double> WIDTHS = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Double> e) {
            return size() > 4096;
        }
    };
    private static final Text MEASURE = new Text();
    private final GraphicsContext g;
    /** The clip rectangles in force ({x0, y0, x1, y1}, each the intersection with the one under it). */
    private final java.util.ArrayDeque<double[]> clips = new java.util.ArrayDeque<>();
    /** Clip through the canvas for every shape (the reference the shape-by-shape clipping is tested against). */
    private final boolean canvasClip;
    /** The shape being drawn goes through the canvas's clip ({@link #begin}). */
    private boolean throughCanvas;

    FxGfx(GraphicsContext g) {
        this(g, false);
    }

    /** A {@link Gfx} that clips every shape through the canvas's own clip (slow; for comparing). */
    static FxGfx withCanvasClip(GraphicsContext g) {
        return new FxGfx(g, true);
    }

    private FxGfx(GraphicsContext g, boolean canvasClip) {
        this.g = g;
        this.canvasClip = canvasClip;
        g.setTextBaseline(VPos.BASELINE);
        g.setTextAlign(TextAlignment.LEFT);
        g.setLineCap(StrokeLineCap.BUTT);
    }

    static Color fx(int argb) {
        return Color.rgb((argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff, ((argb >>> 24) & 0xff) / 255.0);
    }

    static Font font(double size, boolean bold) {
        String family = Fonts.family();
        return Font.font(family != null ? family : Font.getDefault().getFamily(), bold ? FontWeight.BOLD : FontWeight.NORMAL, size);
    }

    @Override
    public void color(int argb) {
        Color c = fx(argb);
        g.setFill(c);
        g.setStroke(c);
    }

    @Override
    public void fillRect(double x, double y, double w, double h) {
        double[] c = clips.peek();
        if (c == null || canvasClip) {
            g.fillRect(x, y, w, h);
            return;
        }
        double x0 = Math.max(x, c[0]);
        double y0 = Math.max(y, c[1]);
        double x1 = Math.min(x + w, c[2]);
        double y1 = Math.min(y + h, c[3]);
        if (x1 > x0 && y1 > y0) {
            g.fillRect(x0, y0, x1 - x0, y1 - y0);
        }
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, double lineWidth) {
        g.setLineWidth(lineWidth);
        double m = lineWidth / 2;
        if (begin(where(x - m, y - m, x + w + m, y + h + m))) {
            g.strokeRect(x, y, w, h);
            end();
        }
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, double lineWidth) {
        g.setLineWidth(lineWidth);
        double m = lineWidth / 2;
        double[] c = clips.peek();
        Where w = where(Math.min(x1, x2) - m, Math.min(y1, y2) - m, Math.max(x1, x2) + m, Math.max(y1, y2) + m);
        if (w == Where.ACROSS && x1 == x2 && x1 - m >= c[0] && x1 + m <= c[2]) { // vertical: cut to the clip's height
            g.strokeLine(x1, Math.max(Math.min(y1, y2), c[1]), x2, Math.min(Math.max(y1, y2), c[3]));
        } else if (w == Where.ACROSS && y1 == y2 && y1 - m >= c[1] && y1 + m <= c[3]) { // horizontal
            g.strokeLine(Math.max(Math.min(x1, x2), c[0]), y1, Math.min(Math.max(x1, x2), c[2]), y2);
        } else if (begin(w)) {
            g.strokeLine(x1, y1, x2, y2);
            end();
        }
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys) {
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < xs.length; i++) {
            x0 = Math.min(x0, xs[i]);
            x1 = Math.max(x1, xs[i]);
            y0 = Math.min(y0, ys[i]);
            y1 = Math.max(y1, ys[i]);
        }
        if (begin(where(x0, y0, x1, y1))) {
            g.fillPolygon(xs, ys, xs.length);
            end();
        }
    }

    @Override
    public void fillOval(double x, double y, double w, double h) {
        if (begin(where(x, y, x + w, y + h))) {
            g.fillOval(x, y, w, h);
            end();
        }
    }

    @Override
    public void text(String s, double x, double y, double size, boolean bold) {
        g.setFont(font(size, bold));
        if (clips.isEmpty() || begin(where(x - 1, y - size * 1.2, x + textWidth(s, size, bold) + 1, y + size * 0.5))) {
            g.fillText(s, x, y);
            end();
        }
    }

    private enum Where { INSIDE, ACROSS, OUTSIDE }

    /** Where a shape's bounds lie against the clip rectangle in force. */
    private Where where(double x0, double y0, double x1, double y1) {
        double[] c = clips.peek();
        if (c == null || canvasClip || (x0 >= c[0] && y0 >= c[1] && x1 <= c[2] && y1 <= c[3])) {
            return Where.INSIDE;
        }
        if (x1 <= c[0] || y1 <= c[1] || x0 >= c[2] || y0 >= c[3]) {
            return Where.OUTSIDE;
        }
        return Where.ACROSS;
    }

    /**
     * Before drawing a shape that lies {@code w} against the clip: false to skip it; across the clip's edge, the
     * canvas's own clip (the slow way) is set until {@link #end()}.
     */
    private boolean begin(Where w) {
        if (w == Where.ACROSS) {
            double[] c = clips.peek();
            g.save();
            g.beginPath();
            g.rect(c[0], c[1], Math.max(0, c[2] - c[0]), Math.max(0, c[3] - c[1]));
            g.clip();
            throughCanvas = true;
        }
        return w != Where.OUTSIDE;
    }

    /** After a shape {@link #begin} let through. */
    private void end() {
        if (throughCanvas) {
            g.restore();
            throughCanvas = false;
        }
    }

    @Override
    public double textWidth(String s, double size, boolean bold) {
        String key = size + (bold ? "b" : "n") + s;
        Double w = WIDTHS.get(key);
        if (w == null) {
            MEASURE.setFont(font(size, bold));
            MEASURE.setText(s);
            w = MEASURE.getLayoutBounds().getWidth();
            WIDTHS.put(key, w);
        }
        return w;
    }

    @Override
    public void pushClip(double x, double y, double w, double h) {
        g.save(); // colour, font and line width set inside come back at popClip, as with the canvas's clip
        double[] c = {x, y, x + w, y + Math.min(h, 1e5)};
        double[] under = clips.peek();
        if (under != null) {
            c[0] = Math.max(c[0], under[0]);
            c[1] = Math.max(c[1], under[1]);
            c[2] = Math.min(c[2], under[2]);
            c[3] = Math.min(c[3], under[3]);
        }
        clips.push(c);
        if (canvasClip) {
            g.beginPath();
            g.rect(x, y, w, Math.min(h, 1e5));
            g.clip();
        }
    }

    @Override
    public void popClip() {
        clips.pop();
        g.restore();
    }
}
