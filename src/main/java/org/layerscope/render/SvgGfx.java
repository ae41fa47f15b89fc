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
    private static final int SPILL_CHARS = 1 << 20;
    private final StringBuilder body = new StringBuilder(1 << 16);
    private final double width;
    private final double height;
    private String fill = "#000000";
    private double opacity = 1;
    private int clipIds;
    private int depth;
    private java.io.Writer sink;

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
        spill(SPILL_CHARS);
        body.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append('"').append(paint()).append("/>\n");
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, double lineWidth) {
        spill(SPILL_CHARS);
        body.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" fill=\"none\"").append(stroke(lineWidth)).append("/>\n");
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, double lineWidth) {
        spill(SPILL_CHARS);
        body.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append('"').append(stroke(lineWidth)).append("/>\n");
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys) {
        spill(SPILL_CHARS);
        body.append("<polygon points=\"");
        for (int i = 0; i < xs.length; i++) {
            body.append(i == 0 ? "" : " ").append(n(xs[i])).append(',').append(n(ys[i]));
        }
        body.append('"').append(paint()).append("/>\n");
    }

    @Override
    public void fillOval(double x, double y, double w, double h) {
        spill(SPILL_CHARS);
        body.append("<ellipse cx=\"").append(n(x + w / 2)).append("\" cy=\"").append(n(y + h / 2)).append("\" rx=\"")
                .append(n(w / 2)).append("\" ry=\"").append(n(h / 2)).append('"').append(paint()).append("/>\n");
    }

    @Override
    public void text(String s, double x, double y, double size, boolean bold) {
        spill(SPILL_CHARS);
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
        spill(SPILL_CHARS);
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
        return d.append(head()).append(body).append(tail()).toString();
    }

    /**
     * A document written to {@code sink} as it is drawn (the SVG of a long capture's timeline is tens of MB): the
     * head at once, the elements in pieces of about 1 MB, the end at {@link #finish}. A write error is thrown as an
     * {@link java.io.UncheckedIOException} from the drawing call.
     */
    public static SvgGfx streaming(double width, double height, java.io.Writer sink) throws java.io.IOException {
        SvgGfx g = new SvgGfx(width, height);
        g.sink = sink;
        sink.write(g.head());
        return g;
    }

    /** Ends a {@link #streaming} document: what is left of the elements and the closing tags. */
    public void finish() throws java.io.IOException {
        spill(0);
        sink.write(tail());
        sink.flush();
    }

    private void spill(int above) {
        if (sink == null || body.length() <= above) {
            return;
        }
        try {
            char[] buf = new char[8192];
            for (int i = 0; i < body.length(); i += buf.length) {
                int end = Math.min(body.length(), i + buf.length);
                body.getChars(i, end, buf, 0);
                sink.write(buf, 0, end - i);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        body.setLength(0);
    }

    private String head() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + n(width)
                + "\" height=\"" + n(height) + "\" viewBox=\"0 0 " + n(width) + ' '
                + n(height) + "\" font-family=\"" + FontChoice.svgList() + "\">\n";
    }

    private String tail() {
        return "</g>\n".repeat(depth) + "</svg>\n";
    }
}
