package org.layerscope.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** {@link Gfx} on Java2D (a {@code BufferedImage} for PNG export; works headless). */
public final class Java2dGfx implements Gfx {
    private final Graphics2D g;
    private final Deque<Shape> clips = new ArrayDeque<>();
    private final Map<Long, Font> fonts = new HashMap<>();

    public Java2dGfx(Graphics2D g) {
        this.g = g;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }

    private Font font(double size, boolean bold) {
        long key = Double.doubleToLongBits(size) ^ (bold ? 1 : 0);
        return fonts.computeIfAbsent(key, k -> new Font(FontChoice.awt(), bold ? Font.BOLD : Font.PLAIN, 1)
                .deriveFont((float) size));
    }

    @Override
    public void color(int argb) {
        g.setColor(new Color(argb, true));
    }

    @Override
    public void fillRect(double x, double y, double w, double h) {
        g.fill(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, double lineWidth) {
        g.setStroke(new BasicStroke((float) lineWidth));
        g.draw(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, double lineWidth) {
        g.setStroke(new BasicStroke((float) lineWidth));
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        p.closePath();
        g.fill(p);
    }

    @Override
    public void fillOval(double x, double y, double w, double h) {
        g.fill(new Ellipse2D.Double(x, y, w, h));
    }

    @Override
    public void text(String s, double x, double y, double size, boolean bold) {
        g.setFont(font(size, bold));
        g.drawString(s, (float) x, (float) y);
    }

    @Override
    public double textWidth(String s, double size, boolean bold) {
        return g.getFontMetrics(font(size, bold)).getStringBounds(s, g).getWidth();
    }

    @Override
    public void pushClip(double x, double y, double w, double h) {
        clips.push(g.getClip() == null ? new Rectangle2D.Double(-1e6, -1e6, 2e6, 2e6) : g.getClip());
        g.clip(new Rectangle2D.Double(x, y, w, Math.min(h, 1e6)));
    }

    @Override
    public void popClip() {
        g.setClip(clips.pop());
    }
}
