package org.layerscope.render;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.layerscope.pcapio.AtomicFile;
import org.layerscope.session.PacketTable;
import org.layerscope.session.UiText;

/**
 * Writes the timeline (with its legend) of a loaded capture as PNG or SVG, without a display or the
 * JavaFX toolkit. Used by {@code export-timeline} and by the window's File ▸ Export timeline.
 */
public final class TimelineExporter {
    public static final int DEFAULT_WIDTH = 1400;

    /** Memory for one strip of a PNG timeline (a taller picture is drawn strip by strip). */
    static final long PNG_STRIP_BYTES = 32L << 20;

    private TimelineExporter() {
    }

    /** PNG or SVG, by the file name's extension. */
    public enum Format {
        PNG, SVG;

        public static Format of(Path out) {
            String n = out.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".png")) {
                return PNG;
            }
            if (n.endsWith(".svg")) {
                return SVG;
            }
            throw new IllegalArgumentException("the output file must end in .png or .svg: " + out);
        }
    }

    /**
     * Renders the whole capture fitted to {@code width}; {@code height} ≤ 0 takes the height the bands
     * need. Returns the height used.
     */
    public static int export(PacketTable table, Path out, int width, int height, Locale locale, Palette palette)
            throws IOException {
        return export(table, out, width, height, locale, palette, null, 0, 0);
    }

    /**
     * Renders the rows in {@code visible} (a display filter; null: every row) between {@code fromNanos} and
     * {@code toNanos} after the first frame (the window's current view; {@code toNanos <= fromNanos}: the whole
     * capture) fitted to {@code width}. Returns the height used.
     */
    public static int export(PacketTable table, Path out, int width, int height, Locale locale, Palette palette,
                             java.util.BitSet visible, double fromNanos, double toNanos) throws IOException {
        Format format = Format.of(out);
        UiText text = UiText.of(locale);
        TimelineRenderer r = new TimelineRenderer(table, palette, text, true);
        r.visible(visible);
        int h = height > 0 ? height : (int) Math.ceil(Math.max(160, r.contentHeight()));
        TimelineViewport v = new TimelineViewport();
        if (toNanos > fromNanos) {
            v.set(fromNanos, (toNanos - fromNanos) / TimelineRenderer.plotWidth(width));
        } else {
            v.fit(table.maxTime(), TimelineRenderer.plotWidth(width));
        }
        // through a temporary file, like the capture writers: a failed export leaves no partial picture
        if (format == Format.PNG) {
            if ((long) width * h >= Integer.MAX_VALUE) {
                // Java's images (and most viewers) stop at 2^31 pixels; say so, and what to do, before drawing
                throw new IOException(text.get("export.too_tall", table.connectionCount(), width, h));
            }
            // drawn in strips as the PNG writer reads its rows: a tall timeline never is one big image in memory
            RenderedImage img = new StripImage(width, h, StripImage.rowsFor(width, PNG_STRIP_BYTES),
                    g -> r.render(new Java2dGfx(g), v, width, h, -1));
            AtomicFile.write(out, o -> {
                if (!ImageIO.write(img, "png", o)) {
                    throw new IOException("no PNG writer available");
                }
            });
        } else {
            // written as it is drawn: the SVG of a long capture is tens of MB
            AtomicFile.write(out, o -> {
                java.io.Writer w = new java.io.BufferedWriter(
                        new java.io.OutputStreamWriter(o, java.nio.charset.StandardCharsets.UTF_8), 1 << 16);
                SvgGfx g = SvgGfx.streaming(width, h, w);
                try {
                    r.render(g, v, width, h, -1);
                } catch (java.io.UncheckedIOException e) {
                    throw e.getCause();
                }
                g.finish();
            });
        }
        return h;
    }
}
