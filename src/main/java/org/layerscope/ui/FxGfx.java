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

/** {@link Gfx} on a JavaFX canvas. */
final class FxGfx implements Gfx {
    private static final Map<String, Double> WIDTHS = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Double> e) {
            return size() > 4096;
        }
    };
    private static final Text MEASURE = new Text();
    private final GraphicsContext g;

    FxGfx(GraphicsContext g) {
        this.g = g;
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
        g.fillRect(x, y, w, h);
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, double lineWidth) {
        g.setLineWidth(lineWidth);
        g.strokeRect(x, y, w, h);
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, double lineWidth) {
        g.setLineWidth(lineWidth);
        g.strokeLine(x1, y1, x2, y2);
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys) {
        g.fillPolygon(xs, ys, xs.length);
    }

    @Override
    public void fillOval(double x, double y, double w, double h) {
        g.fillOval(x, y, w, h);
    }

    @Override
    public void text(String s, double x, double y, double size, boolean bold) {
        g.setFont(font(size, bold));
        g.fillText(s, x, y);
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
        g.save();
        g.beginPath();
        g.rect(x, y, w, Math.min(h, 1e5));
        g.clip();
    }

    @Override
    public void popClip() {
        g.restore();
    }
}
