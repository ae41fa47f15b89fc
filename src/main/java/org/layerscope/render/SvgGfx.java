package org.layerscope.render;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.util.Locale;

/**
 * {@link Gfx} that writes SVG 1.1. Text widths are measured with Java2D font metrics (headless), so the
 * layout matches the PNG export.
 */
public final class SvgGfx implements Gfx {
    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);
    private final StringBuilder body = new StringBuilder(1 << 16);
    private final double width;
    private final double height;
    private String fill = "#000000";
    private double opacity = 1;
    private int clipIds;
    private int depth;

    public SvgGfx(double width, double height) {
        this.width = width;
        this.height = height;
    }

    private static String n(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private String paint() {
        return opacity < 1 ? " fill=\"" + fill + "\" fill-opacity=\"" + String.format(Locale.ROOT, "%.3f", opacity) + "\""
                : " fill=\"" + fill + "\"";
    }

    private String stroke(double w) {
        String s = " stroke=\"" + fill + "\" stroke-width=\"" + n(w) + "\"";
        return opacity < 1 ? s + " stroke-opacity=\"" + String.format(Locale.ROOT, "%.3f", opacity) + "\"" : s;
    }

    @Override
    public void color(int argb) {
        fill = Palette.hex(argb);
        opacity = ((argb >>> 24) & 0xff) / 255.0;
    }

    @Override
    public void fillRect(double x, double y, double w, double h) {
        body.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append('"').append(paint()).append("/>\n");
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, double lineWidth) {
        body.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" fill=\"none\"").append(stroke(lineWidth)).append("/>\n");
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, double lineWidth) {
        body.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append('"').append(stroke(lineWidth)).append("/>\n");
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys) {
        body.append("<polygon points=\"");
        for (int i = 0; i < xs.length; i++) {
            body.append(i == 0 ? "" : " ").append(n(xs[i])).append(',').append(n(ys[i]));
        }
        body.append('"').append(paint()).append("/>\n");
    }

    @Override
    public void fillOval(double x, double y, double w, double h) {
        body.append("<ellipse cx=\"").append(n(x + w / 2)).append("\" cy=\"").append(n(y + h / 2)).append("\" rx=\"")
                .append(n(w / 2)).append("\" ry=\"").append(n(h / 2)).append('"').append(paint()).append("/>\n");
    }

    @Override
    public void text(String s, double x, double y, double size, boolean bold) {
        body.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(n(size))
                .append('"').append(bold ? " font-weight=\"bold\"" : "").append(paint()).append('>')
                .append(escape(s)).append("</text>\n");
    }

    @Override
    public double textWidth(String s, double size, boolean bold) {
        Font f = new Font(FontChoice.awt(), bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) size);
        return f.getStringBounds(s, FRC).getWidth();
    }

    @Override
    public void pushClip(double x, double y, double w, double h) {
        String id = "c" + clipIds++;
        body.append("<clipPath id=\"").append(id).append("\"><rect x=\"").append(n(x)).append("\" y=\"").append(n(y))
                .append("\" width=\"").append(n(w)).append("\" height=\"").append(n(Math.min(h, 1e6)))
                .append("\"/></clipPath>\n<g clip-path=\"url(#").append(id).append(")\">\n");
        depth++;
    }

    @Override
    public void popClip() {
        if (depth > 0) {
            depth--;
            body.append("</g>\n");
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** The finished document. */
    public String document() {
        StringBuilder d = new StringBuilder(body.length() + 400);
        d.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(n(width))
                .append("\" height=\"").append(n(height)).append("\" viewBox=\"0 0 ").append(n(width)).append(' ')
                .append(n(height)).append("\" font-family=\"").append(FontChoice.svgList()).append("\">\n")
                .append(body);
        for (int i = 0; i < depth; i++) {
            d.append("</g>\n");
        }
        return d.append("</svg>\n").toString();
    }
}
