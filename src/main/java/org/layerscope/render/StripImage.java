package org.layerscope.render;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.SampleModel;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import java.util.Vector;
import java.util.function.Consumer;

/**
 * A tall RGB picture drawn in horizontal strips on demand, so that an image writer that reads it row by row (the
 * JDK's PNG writer does) holds one strip in memory, not the whole picture: a timeline of hundreds of connections
 * is 1400×18,000 pixels (100 MB as one image). Each strip is the whole drawing, translated and clipped by the
 * strip's bounds, on black like a new {@link BufferedImage}; the pixels are those of one big image.
 */
final class StripImage implements RenderedImage {
    private final int width;
    private final int height;
    private final int stripHeight;
    private final Consumer<Graphics2D> painter;
    private final ColorModel colorModel;
    private final SampleModel sampleModel;
    private BufferedImage strip;
    private int stripTop = -1;

    /**
     * @param stripHeight rows drawn at a time
     * @param painter     draws the whole picture (in the picture's coordinates) on the graphics it gets
     */
    StripImage(int width, int height, int stripHeight, Consumer<Graphics2D> painter) {
        this.width = width;
        this.height = height;
        this.stripHeight = Math.max(1, Math.min(stripHeight, height));
        this.painter = painter;
        BufferedImage proto = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        this.colorModel = proto.getColorModel();
        this.sampleModel = proto.getSampleModel().createCompatibleSampleModel(width, height);
    }

    /** Rows per strip for a budget in bytes (4 bytes a pixel), at least 256. */
    static int rowsFor(int width, long budgetBytes) {
        return (int) Math.max(256, Math.min(Integer.MAX_VALUE, budgetBytes / (4L * Math.max(1, width))));
    }

    @Override
    public Raster getData(Rectangle r) {
        WritableRaster out = colorModel.createCompatibleWritableRaster(r.width, r.height)
                .createWritableTranslatedChild(r.x, r.y);
        copy(out);
        return out;
    }

    @Override
    public Raster getData() {
        return getData(new Rectangle(0, 0, width, height));
    }

    @Override
    public WritableRaster copyData(WritableRaster raster) {
        WritableRaster out = raster != null ? raster : colorModel.createCompatibleWritableRaster(width, height);
        copy(out);
        return out;
    }

    private void copy(WritableRaster out) {
        int x = Math.max(0, out.getMinX());
        int w = Math.min(width, out.getMinX() + out.getWidth()) - x;
        int end = Math.min(height, out.getMinY() + out.getHeight());
        for (int y = Math.max(0, out.getMinY()); y < end && w > 0; ) {
            int top = y / stripHeight * stripHeight;
            draw(top);
            int rows = Math.min(end, top + stripHeight) - y;
            out.setRect(strip.getRaster().createChild(x, y - top, w, rows, x, y, null));
            y += rows;
        }
    }

    private void draw(int top) {
        if (top == stripTop) {
            return;
        }
        if (strip == null) {
            strip = new BufferedImage(width, stripHeight, BufferedImage.TYPE_INT_RGB);
        } else {
            Arrays.fill(((DataBufferInt) strip.getRaster().getDataBuffer()).getData(), 0);
        }
        Graphics2D g = strip.createGraphics();
        try {
            g.translate(0, -top);
            painter.accept(g);
        } finally {
            g.dispose();
        }
        stripTop = top;
    }

    @Override
    public Raster getTile(int tileX, int tileY) {
        return getData();
    }

    @Override
    public Vector<RenderedImage> getSources() {
        return null;
    }

    @Override
    public Object getProperty(String name) {
        return Image.UndefinedProperty;
    }

    @Override
    public String[] getPropertyNames() {
        return null;
    }

    @Override
    public ColorModel getColorModel() {
        return colorModel;
    }

    @Override
    public SampleModel getSampleModel() {
        return sampleModel;
    }

    @Override
    public int getWidth() {
        return width;
    }

    @Override
    public int getHeight() {
        return height;
    }

    @Override
    public int getMinX() {
        return 0;
    }

    @Override
    public int getMinY() {
        return 0;
    }

    @Override
    public int getNumXTiles() {
        return 1;
    }

    @Override
    public int getNumYTiles() {
        return 1;
    }

    @Override
    public int getMinTileX() {
        return 0;
    }

    @Override
    public int getMinTileY() {
        return 0;
    }

    @Override
    public int getTileWidth() {
        return width;
    }

    @Override
    public int getTileHeight() {
        return height;
    }

    @Override
    public int getTileGridXOffset() {
        return 0;
    }

    @Override
    public int getTileGridYOffset() {
        return 0;
    }
}
