package org.layerscope.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.io.StringWriter;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.layerscope.session.CaptureLoader;
import org.layerscope.session.PacketTable;
import org.layerscope.session.UiText;
import org.layerscope.testutil.Tools;

/**
 * A tall timeline is exported without being one picture in memory (the 1.48M-frame real capture's is 1400×18,354
 * pixels): the PNG is drawn in strips as the writer reads its rows, the SVG written as it is drawn. Both give what
 * one big picture gives.
 */
class TallTimelineTest {
    private static final int W = 900;
    private static final int H = 700;

    private static TimelineRenderer renderer(PacketTable t) {
        return new TimelineRenderer(t, Palette.named("light"), UiText.of(Locale.ENGLISH), true);
    }

    private static PacketTable table() throws Exception {
        return new CaptureLoader(Tools.repoRoot().resolve("sample-pcaps/mqtt-tls12-mutual.pcapng")).runAndGet();
    }

    @Test
    void stripsGiveThePixelsOfOnePicture() throws Exception {
        PacketTable t = table();
        TimelineViewport v = new TimelineViewport();
        v.fit(t.maxTime(), TimelineRenderer.plotWidth(W));
        TimelineRenderer r = renderer(t);
        BufferedImage whole = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = whole.createGraphics();
        r.render(new Java2dGfx(g), v, W, H, -1);
        g.dispose();
        // RGB only: the unused top byte of an INT_RGB pixel is not a colour (Java2D may leave it set)
        int[] expected = java.util.Arrays.stream(((DataBufferInt) whole.getRaster().getDataBuffer()).getData())
                .map(p -> p & 0xffffff).toArray();
        assertTrue(java.util.Arrays.stream(expected).distinct().count() > 5, "a real drawing, not a blank picture");
        // 97 rows a strip: strips end mid-drawing, and the last one is short
        StripImage strips = new StripImage(W, H, 97, g2 -> r.render(new Java2dGfx(g2), v, W, H, -1));
        int[] got = new int[W * H];
        for (int y = 0; y < H; y++) { // as the PNG writer reads: one row at a time
            Raster row = strips.getData(new java.awt.Rectangle(0, y, W, 1));
            int[] line = (int[]) row.getDataElements(0, y, W, 1, null);
            System.arraycopy(line, 0, got, y * W, W);
        }
        assertArrayEquals(expected, java.util.Arrays.stream(got).map(p -> p & 0xffffff).toArray());
        int[] atOnce = (int[]) strips.getData().getDataElements(0, 0, W, H, null);
        assertArrayEquals(expected, java.util.Arrays.stream(atOnce).map(p -> p & 0xffffff).toArray(), "read at once");
        assertEquals(256, StripImage.rowsFor(100_000, 1));
        assertEquals(5991, StripImage.rowsFor(1400, TimelineExporter.PNG_STRIP_BYTES));
    }

    @Test
    void streamedSvgIsTheDocument() throws Exception {
        PacketTable t = table();
        TimelineViewport v = new TimelineViewport();
        v.fit(t.maxTime(), TimelineRenderer.plotWidth(W));
        SvgGfx whole = new SvgGfx(W, H);
        renderer(t).render(whole, v, W, H, -1);
        StringWriter out = new StringWriter();
        SvgGfx streamed = SvgGfx.streaming(W, H, out);
        renderer(t).render(streamed, v, W, H, -1);
        streamed.finish();
        assertEquals(whole.document(), out.toString());
    }
}
