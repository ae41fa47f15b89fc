package org.layerscope.render;

import java.util.Arrays;
import org.layerscope.model.Phase;
import org.layerscope.session.PacketTable;
import org.layerscope.session.TableConnection;
import org.layerscope.session.UiText;

/**
 * Draws the phase timeline: a time axis in milliseconds relative to the first packet, one band per TCP
 * connection with two lanes (client to server above, server to client below), a mark per packet coloured
 * and shaped by its phase, labels on key packets, and the span of each phase shaded and captioned with
 * its duration. Packets are aggregated by pixel column (a bit per phase and column), so a repaint costs
 * one pass over the visible rows and stays fluid with a million packets. Free of JavaFX: the same code
 * draws in the window and in {@code export-timeline}.
 */
public final class TimelineRenderer {
    public static final double GUTTER = 170;
    public static final double LEGEND_H = 26;
    public static final double AXIS_H = 24;
    public static final double CAPTION_H = 15;
    public static final double LANE_H = 26;
    public static final double BAND_GAP = 8;
    public static final double BAND_H = CAPTION_H + 2 * LANE_H + BAND_GAP;
    public static final double RIGHT_MARGIN = 12;
    public static final double MARK = 8;
    private static final int MAX_HIT_SCAN = 200_000;

    private final PacketTable table;
    private final Palette palette;
    private final UiText text;
    private final boolean legend;
    private java.util.BitSet visible;
    /** A chunk's columns while its rows are marked (one renderer draws on one thread at a time). */
    private long[] times;
    private int[] streams;
    private byte[] phases;
    private byte[] flags;

    /** Okabe–Ito yellow: the marker of annotated packets. */
    public static final int ANNOTATION = 0xfff0e442;

    /**
     * @param legend draw the phase legend above the axis (the window shows it, and so does the export)
     */
    public TimelineRenderer(PacketTable table, Palette palette, UiText text, boolean legend) {
        this.table = table;
        this.palette = palette;
        this.text = text;
        this.legend = legend;
    }

    /**
     * Draws only these rows (a display filter; null shows every row). Phases, spans and connections stay
     * those of the whole capture.
     */
    public void visible(java.util.BitSet rows) {
        this.visible = rows;
    }

    /** The colour of a verdict: green when the exchange completed, vermillion for a failure. */
    public static int verdictColour(Palette p, String verdict) {
        return verdict.equals("ok") ? p.phase(Phase.APPLICATION_DATA)
                : verdict.equals("incomplete") ? p.muted() : p.phase(Phase.TEARDOWN);
    }

    /**
     * A row's label for people: a DNS lookup of an address gets the story's words ("DNS: where is the broker?"),
     * everything else its label.
     */
    public static String label(PacketTable table, UiText text, int row) {
        String l = table.label(row);
        switch (l) {
            case "DNS query" -> {
                return text.get("label.dns.query");
            }
            case "DNS response" -> {
                return text.get("label.dns.response");
            }
            case "DNS error" -> {
                return text.get("label.dns.error");
            }
            default -> {
                return l;
            }
        }
    }

    public double top() {
        return (legend ? LEGEND_H : 0) + AXIS_H;
    }

    /** Bands drawn: one per connection, plus one for frames outside TCP when there are any. */
    public int bandCount() {
        int n = table.connectionCount();
        return table.phaseCounts()[Phase.OTHER.ordinal()] > 0 ? n + 1 : n;
    }

    /** Height the whole picture needs (for the export). */
    public double contentHeight() {
        return top() + bandCount() * BAND_H + 4;
    }

    public static double plotWidth(double width) {
        return Math.max(10, width - GUTTER - RIGHT_MARGIN);
    }

    /** Draws everything; {@code selectedRow} (or -1) is highlighted. */
    public void render(Gfx g, TimelineViewport v, double width, double height, int selectedRow) {
        int rows = table.size();
        g.color(palette.background());
        g.fillRect(0, 0, width, height);
        double plotW = plotWidth(width);
        if (legend) {
            drawLegend(g, width);
        }
        drawAxis(g, v, plotW, height);
        int bands = bandCount();
        int otherBand = otherBand();
        double top = top();
        int firstBand = (int) Math.max(0, Math.floor(v.scrollY() / BAND_H));
        int lastBand = (int) Math.min(bands - 1, Math.floor((v.scrollY() + height - top) / BAND_H));
        g.pushClip(0, top, width, Math.max(0, height - top));
        for (int b = firstBand; b <= lastBand; b++) {
            drawBandFrame(g, v, b, bandY(v, b), plotW, width, b == otherBand);
        }
        if (rows > 0 && lastBand >= firstBand) {
            drawMarks(g, v, plotW, firstBand, lastBand, otherBand, rows);
        }
        if (rows > 0 && lastBand >= firstBand) {
            drawOverlays(g, v, plotW, firstBand, lastBand, otherBand);
        }
        if (selectedRow >= 0 && selectedRow < rows) {
            drawSelection(g, v, selectedRow, height);
        }
        g.popClip();
        if (rows == 0) {
            g.color(palette.muted());
            g.text(text.get("timeline.empty"), GUTTER + 10, top + 30, 13, false);
        }
    }

    public double bandY(TimelineViewport v, int band) {
        return top() + band * BAND_H - v.scrollY();
    }

    private void drawLegend(Gfx g, double width) {
        double x = 8;
        double y = 17;
        g.color(palette.foreground());
        String title = text.get("legend.title");
        g.text(title, x, y, 12, true);
        x += g.textWidth(title, 12, true) + 12;
        for (Phase p : Phase.values()) {
            if (p == Phase.OTHER) {
                continue;
            }
            g.color(palette.phase(p));
            drawShape(g, p, x + 5, y - 4, 10);
            String name = text.phase(p);
            g.color(palette.foreground());
            g.text(name, x + 14, y, 12, false);
            x += 14 + g.textWidth(name, 12, false) + 18;
        }
        g.color(palette.muted());
        String inferred = text.get("legend.inferred");
        g.text(inferred, x, y, 11, false);
        x += g.textWidth(inferred, 11, false) + 18;
        String lanes = text.get("legend.lanes");
        double lw = g.textWidth(lanes, 11, false);
        if (x + lw < width - 8) {
            g.text(lanes, Math.max(x, width - lw - 8), y, 11, false);
        }
    }

    private void drawAxis(Gfx g, TimelineViewport v, double plotW, double height) {
        double y0 = legend ? LEGEND_H : 0;
        g.color(palette.bandAlt());
        g.fillRect(0, y0, GUTTER + plotW + RIGHT_MARGIN, AXIS_H);
        g.color(palette.grid());
        g.line(0, y0 + AXIS_H - 0.5, GUTTER + plotW + RIGHT_MARGIN, y0 + AXIS_H - 0.5, 1);
        g.color(palette.muted());
        g.text(text.get("axis.caption"), 8, y0 + 16, 11, false);
        double step = niceStep(v.nanosPerPixel() * 90);
        double t = Math.ceil(v.nanosAt(0) / step) * step;
        double end = v.nanosAt(plotW);
        g.pushClip(GUTTER, y0, plotW + RIGHT_MARGIN, height - y0);
        for (; t <= end; t += step) {
            double x = GUTTER + v.x(t);
            g.color(palette.grid());
            g.line(x, y0 + AXIS_H - 6, x, height, 1);
            g.color(palette.foreground());
            String label = text.millis(Math.round(t));
            g.text(label, x + 3, y0 + 15, 11, false);
        }
        g.popClip();
    }

    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private void drawBandFrame(Gfx g, TimelineViewport v, int b, double y, double plotW, double width, boolean other) {
        double h = BAND_H - BAND_GAP;
        g.color(b % 2 == 0 ? palette.background() : palette.bandAlt());
        g.fillRect(0, y, width, h);
        g.color(palette.grid());
        g.line(GUTTER, y + CAPTION_H + LANE_H, GUTTER + plotW, y + CAPTION_H + LANE_H, 1);
        g.line(0, y + h + BAND_GAP / 2, width, y + h + BAND_GAP / 2, 1);
        g.color(palette.foreground());
        if (other) {
            g.text(text.get("timeline.other"), 8, y + 12, 11, true);
            return;
        }
        TableConnection c = table.connection(b);
        g.text(text.get("timeline.band", c.index()), 8, y + 12, 11, true);
        g.color(palette.muted());
        g.text(fit(g, "\u2192 " + c.client(), GUTTER - 14, 10), 8, y + CAPTION_H + LANE_H / 2 + 4, 10, false);
        g.text(fit(g, "\u2190 " + c.server(), GUTTER - 14, 10), 8, y + CAPTION_H + LANE_H * 1.5 + 4, 10, false);
        g.pushClip(GUTTER, y, plotW, h);
        // phase spans, shaded and captioned with their duration
        for (Phase p : Phase.values()) {
            if (p == Phase.OTHER || c.phaseStart(p) < 0) {
                continue;
            }
            long s = c.phaseStart(p);
            long e = c.phaseEnd(p);
            double x1 = GUTTER + v.x(s);
            double x2 = Math.max(GUTTER + v.x(e), x1 + 2);
            g.color(Palette.alpha(palette.phase(p), 0.16));
            g.fillRect(x1, y + CAPTION_H, x2 - x1, 2 * LANE_H);
            g.color(palette.phase(p));
            g.fillRect(x1, y + 1, x2 - x1, 3);
            String dur = text.millis(e - s);
            String full = text.phase(p) + " " + dur;
            double avail = Math.min(x2, GUTTER + plotW) - Math.max(x1, GUTTER) - 4;
            double tx = Math.max(x1, GUTTER) + 2;
            g.color(palette.foreground());
            if (g.textWidth(full, 10, false) <= avail) {
                g.text(full, tx, y + 13, 10, false);
            } else if (g.textWidth(dur, 10, false) <= avail) {
                g.text(dur, tx, y + 13, 10, false);
            }
        }
        g.popClip();
    }

    private static String fit(Gfx g, String s, double w, double size) {
        if (g.textWidth(s, size, false) <= w) {
            return s;
        }
        String t = s;
        while (t.length() > 3 && g.textWidth(t + "\u2026", size, false) > w) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "\u2026";
    }

    private void drawMarks(Gfx g, TimelineViewport v, double plotW, int firstBand, int lastBand, int otherBand,
                           int rows) {
        int cols = (int) Math.ceil(plotW) + 1;
        int slots = lastBand - firstBand + 1;
        byte[] masks = new byte[slots * 2 * cols];
        double tLo = v.nanosAt(-MARK);
        double tHi = v.nanosAt(plotW + MARK);
        int start = 0;
        int end = rows;
        if (table.timeSorted()) {
            start = table.firstRowAtOrAfter((long) Math.floor(tLo), rows);
            end = table.firstRowAtOrAfter((long) Math.ceil(tHi) + 1, rows);
        }
        Labels labels = new Labels(slots * 2);
        double npp = v.nanosPerPixel();
        double t0 = v.startNanos();
        for (int r = start; r < end; ) {
            int ci = r >>> PacketTable.SHIFT;
            int lim = Math.min(end, (ci + 1) << PacketTable.SHIFT);
            markChunk(g, v, plotW, ci, r, lim, tLo, tHi, firstBand, lastBand, otherBand, cols, masks, labels, npp, t0);
            r = lim;
        }
        g.pushClip(GUTTER - MARK, top(), plotW + 2 * MARK, Double.MAX_VALUE / 4);
        for (int slot = 0; slot < slots * 2; slot++) {
            int band = firstBand + slot / 2;
            int lane = slot % 2;
            double by = bandY(v, band);
            double cy = lane == 0 ? by + CAPTION_H + LANE_H * 0.62 : by + CAPTION_H + LANE_H + LANE_H * 0.38;
            int prevCol = -100;
            for (int col = 0; col < cols; col++) {
                int m = masks[slot * cols + col] & 0xff;
                if (m == 0) {
                    continue;
                }
                double x = GUTTER + col + 0.5;
                boolean dense = col - prevCol < 3;
                prevCol = col;
                int n = Integer.bitCount(m);
                if (n == 1 && !dense) {
                    Phase p = Phase.values()[Integer.numberOfTrailingZeros(m)];
                    g.color(palette.phase(p));
                    drawShape(g, p, x, cy, MARK);
                } else {
                    // several phases (or packets closer than the shapes): stacked ticks, one per phase
                    double h = (LANE_H * 0.8) / n;
                    double y = cy - LANE_H * 0.4;
                    for (int p = 0; p < 5; p++) {
                        if ((m & (1 << p)) != 0) {
                            g.color(palette.phase()[p]);
                            g.fillRect(x - 0.5, y, 1.6, h);
                            y += h;
                        }
                    }
                }
            }
        }
        g.color(palette.foreground());
        for (int i = 0; i < labels.text.size(); i++) {
            double[] p = labels.at.get(i);
            g.text(labels.text.get(i), p[0] + 1, p[1], 10, false);
        }
        g.popClip();
    }

    /** The labels placed so far while marking: per lane the right edge of the last label, and what to draw where. */
    private static final class Labels {
        static final int LIMIT = 2000;
        final double[] end;
        final java.util.List<double[]> at = new java.util.ArrayList<>();
        final java.util.List<String> text = new java.util.ArrayList<>();

        Labels(int lanes) {
            end = new double[lanes];
            Arrays.fill(end, Double.NEGATIVE_INFINITY);
        }
    }

    /**
     * Marks rows {@code from..to} of chunk {@code ci} in {@code masks} (a bit per phase, per lane and pixel
     * column) and places the labels of their milestones. Kept small and separate from the drawing, so the JIT
     * compiles this hot loop quickly (a repaint while a capture loads runs it over a million rows).
     */
    private void markChunk(Gfx g, TimelineViewport v, double plotW, int ci, int from, int to, double tLo, double tHi,
                           int firstBand, int lastBand, int otherBand, int cols, byte[] masks, Labels labels,
                           double npp, double t0) {
        // the chunk's columns (outside the heap) copied in bulk into arrays for the loop
        int lo = from & PacketTable.MASK;
        int n = to - from;
        if (times == null) {
            times = new long[PacketTable.MASK + 1];
            streams = new int[PacketTable.MASK + 1];
            phases = new byte[PacketTable.MASK + 1];
            flags = new byte[PacketTable.MASK + 1];
        }
        table.timeChunk(ci).get(lo, times, lo, n);
        table.streamChunk(ci).get(lo, streams, lo, n);
        table.phaseChunk(ci).get(lo, phases, lo, n);
        table.flagsChunk(ci).get(lo, flags, lo, n);
        double[] labelEnd = labels.end;
        java.util.BitSet vis = visible;
        for (int r = from; r < to; r++) {
            int i = r & PacketTable.MASK;
            long t = times[i];
            if (t < tLo || t > tHi || (vis != null && !vis.get(r))) {
                continue;
            }
            int s = streams[i];
            int band = s < 0 ? otherBand : s;
            if (band < firstBand || band > lastBand) {
                continue;
            }
            int f = flags[i];
            int lane = (f & PacketTable.F_S2C) != 0 ? 1 : 0;
            int slot = (band - firstBand) * 2 + lane;
            double px = (t - t0) / npp;
            int col = (int) Math.floor(px);
            if (col >= 0 && col < cols) {
                masks[slot * cols + col] |= (byte) (1 << phases[i]);
            }
            if ((f & PacketTable.F_KEY) != 0 && GUTTER + px - 2 > labelEnd[slot] && labels.text.size() < Labels.LIMIT) {
                placeLabel(g, v, plotW, r, px, band, lane, slot, labels);
            }
        }
    }

    /** Places the label of milestone row {@code r} beside its mark when it does not overlap the lane's last label. */
    private void placeLabel(Gfx g, TimelineViewport v, double plotW, int r, double px, int band, int lane, int slot,
                            Labels labels) {
        double[] labelEnd = labels.end;
        double x = GUTTER + px;
        String label = label(table, text, r);
        double w = g.textWidth(label, 10, false);
        double lx = x;
        if (x + w > GUTTER + plotW + MARK - 2) {
            lx = x - w - 4; // no room on the right: end the label at the mark
        }
        if (lx >= GUTTER - MARK && lx - 2 > labelEnd[slot]) {
            labelEnd[slot] = Math.max(x, lx + w) + 6;
            double by = bandY(v, band);
            double ly = lane == 0 ? by + CAPTION_H + 9 : by + CAPTION_H + 2 * LANE_H - 2;
            labels.at.add(new double[] {lx, ly});
            labels.text.add(label);
        } else {
            labelEnd[slot] = Math.max(labelEnd[slot], x);
        }
    }

    /** Lane centre of a row on its band. */
    private double laneY(TimelineViewport v, int band, boolean s2c) {
        double by = bandY(v, band);
        return !s2c ? by + CAPTION_H + LANE_H * 0.62 : by + CAPTION_H + LANE_H + LANE_H * 0.38;
    }

    /**
     * The deciding packet of each connection's verdict (a flag in the verdict's colour with its code) and
     * the annotated packets (a yellow note above the mark).
     */
    private void drawOverlays(Gfx g, TimelineViewport v, double plotW, int firstBand, int lastBand, int otherBand) {
        g.pushClip(GUTTER - MARK, top(), plotW + 2 * MARK, Double.MAX_VALUE / 4);
        for (int b = firstBand; b <= lastBand && b < table.connectionCount(); b++) {
            int row = table.decidingRow(b);
            org.layerscope.analysis.ConnectionSummary c = table.summary(b);
            if (row < 0 || c == null || (visible != null && !visible.get(row))) {
                continue;
            }
            double x = GUTTER + v.x(table.time(row));
            if (x < GUTTER - MARK || x > GUTTER + plotW + MARK) {
                continue;
            }
            double by = bandY(v, b);
            double cy = laneY(v, b, table.serverToClient(row));
            int colour = verdictColour(palette, c.verdict());
            g.color(colour);
            g.line(x, by + CAPTION_H - 2, x, by + CAPTION_H + 2 * LANE_H, 2);
            g.strokeRect(x - MARK + 1, cy - MARK + 1, 2 * MARK - 2, 2 * MARK - 2, 2);
            g.fillPolygon(new double[] {x, x + 9, x}, new double[] {by + CAPTION_H - 2, by + CAPTION_H + 2, by + CAPTION_H + 6});
            String code = c.verdict();
            double w = g.textWidth(code, 10, true);
            double tx = x + w + 14 > GUTTER + plotW ? x - w - 6 : x + 11;
            g.color(Palette.alpha(palette.background(), 0.85));
            g.fillRect(tx - 2, by + CAPTION_H - 1, w + 4, 12);
            g.color(colour);
            g.text(code, tx, by + CAPTION_H + 9, 10, true);
        }
        int[] annotated = table.commentedRows();
        for (int row : annotated) {
            if (row >= table.size() || (visible != null && !visible.get(row))) {
                continue;
            }
            int s = table.stream(row);
            int band = s < 0 ? otherBand : s;
            if (band < firstBand || band > lastBand || band < 0) {
                continue;
            }
            double x = GUTTER + v.x(table.time(row));
            if (x < GUTTER - MARK || x > GUTTER + plotW + MARK) {
                continue;
            }
            double cy = laneY(v, band, table.serverToClient(row));
            drawNote(g, x - 4, cy - MARK - 9);
        }
        g.popClip();
    }

    /** The note marker of an annotated packet: a small yellow sheet with a folded corner, 9 by 9 pixels at (x, y). */
    public static void drawNote(Gfx g, double x, double y) {
        g.color(0xff5a4a00);
        g.fillRect(x - 1, y - 1, 10, 10);
        g.color(ANNOTATION);
        g.fillRect(x, y, 8, 8);
        g.color(0xff5a4a00);
        g.line(x + 2, y + 3, x + 6, y + 3, 1);
        g.line(x + 2, y + 5.5, x + 6, y + 5.5, 1);
    }

    /** A mark of {@code size} pixels centred on (x, y): circle, diamond, square, triangle, cross by phase. */
    public static void drawShape(Gfx g, Phase p, double x, double y, double size) {
        double r = size / 2;
        switch (p) {
            case TCP_HANDSHAKE -> g.fillOval(x - r, y - r, size, size);
            case TLS_HANDSHAKE -> g.fillPolygon(new double[] {x, x + r + 1, x, x - r - 1},
                    new double[] {y - r - 1, y, y + r + 1, y});
            case APPLICATION_DATA -> g.fillRect(x - r + 0.5, y - r + 0.5, size - 1, size - 1);
            case TEARDOWN -> g.fillPolygon(new double[] {x - r - 0.5, x + r + 0.5, x},
                    new double[] {y - r, y - r, y + r + 0.5});
            default -> {
                g.line(x - r, y - r, x + r, y + r, 2);
                g.line(x - r, y + r, x + r, y - r, 2);
            }
        }
    }

    private void drawSelection(Gfx g, TimelineViewport v, int row, double height) {
        double[] at = selectionAt(v, row);
        if (at == null) {
            return;
        }
        g.color(palette.selection());
        g.line(at[0], top(), at[0], height, 1);
        g.strokeRect(at[0] - MARK, at[1] - MARK, 2 * MARK, 2 * MARK, 2);
    }

    /** The band of the packets outside TCP connections, or -1 when there are none. */
    private int otherBand() {
        return bandCount() > table.connectionCount() ? table.connectionCount() : -1;
    }

    /**
     * Where a row's selection mark goes: {x, centre y} of its square (the line runs from {@link #top()} down), or
     * null when the row has no band.
     */
    public double[] selectionAt(TimelineViewport v, int row) {
        if (row < 0 || row >= table.size()) {
            return null;
        }
        int s = table.stream(row);
        int band = s < 0 ? otherBand() : s;
        if (band < 0) {
            return null;
        }
        return new double[] {GUTTER + v.x(table.time(row)), laneY(v, band, table.serverToClient(row))};
    }

    /**
     * The row under a point (pixel coordinates of the whole picture), or -1: the nearest packet of that
     * band and lane within a few pixels.
     */
    public int hit(TimelineViewport v, double x, double y, double width) {
        int rows = table.size();
        double top = top();
        if (rows == 0 || y < top || x < GUTTER - MARK) {
            return -1;
        }
        double inY = y - top + v.scrollY();
        int band = (int) Math.floor(inY / BAND_H);
        double within = inY - band * BAND_H;
        if (band >= bandCount() || within < CAPTION_H - 4 || within > CAPTION_H + 2 * LANE_H + 2) {
            return -1;
        }
        int otherBand = otherBand();
        int lane = within < CAPTION_H + LANE_H ? 0 : 1;
        double px = x - GUTTER;
        double tolerance = 6;
        double tLo = v.nanosAt(px - tolerance);
        double tHi = v.nanosAt(px + tolerance);
        int start = 0;
        int end = rows;
        if (table.timeSorted()) {
            start = table.firstRowAtOrAfter((long) Math.floor(tLo), rows);
            end = table.firstRowAtOrAfter((long) Math.ceil(tHi) + 1, rows);
        }
        int best = -1;
        double bestD = Double.MAX_VALUE;
        int scanned = 0;
        for (int r = start; r < end && scanned < MAX_HIT_SCAN; r++, scanned++) {
            int s = table.stream(r);
            int b = s < 0 ? otherBand : s;
            if (b != band || (table.serverToClient(r) ? 1 : 0) != lane || (visible != null && !visible.get(r))) {
                continue;
            }
            double d = Math.abs(v.x(table.time(r)) - px);
            if (d <= tolerance && d < bestD) {
                bestD = d;
                best = r;
            }
        }
        return best;
    }

    /** Scrolls and zooms so that {@code row} is visible (keeps the zoom when it already is). */
    public void reveal(TimelineViewport v, int row, double width, double height) {
        double plotW = plotWidth(width);
        double x = v.x(table.time(row));
        if (x < 0 || x > plotW) {
            v.set(table.time(row) - plotW / 2 * v.nanosPerPixel(), v.nanosPerPixel());
        }
        int s = table.stream(row);
        int band = s < 0 ? table.connectionCount() : s;
        double by = band * BAND_H;
        double visible = height - top();
        if (by < v.scrollY() || by + BAND_H > v.scrollY() + visible) {
            v.scrollY(Math.max(0, by - visible / 3));
        }
    }
}
