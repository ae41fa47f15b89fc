package org.layerscope.render;

import org.layerscope.model.Phase;
import org.layerscope.session.PacketTable;
import org.layerscope.session.TableConnection;
import org.layerscope.session.UiText;

/**
 * The ladder (sequence) diagram of one TCP connection, the picture teachers draw on the board: a client
 * and a server column and one arrow per packet with its label and time, coloured and shaped by phase.
 * Only the rows in view are drawn, so long connections scroll cheaply. Free of JavaFX.
 */
public final class LadderRenderer {
    public static final double TOP = 40;
    public static final double ROW_H = 24;
    private static final double TIME_W = 80;

    private final PacketTable table;
    private final Palette palette;
    private final UiText text;
    private int[] rows = new int[0];
    private int stream = -1;
    private java.util.BitSet visible;

    public LadderRenderer(PacketTable table, Palette palette, UiText text) {
        this.table = table;
        this.palette = palette;
        this.text = text;
    }

    /** Shows only these rows (a display filter), or every row (null); call {@link #connection} after. */
    public void visible(java.util.BitSet rows) {
        this.visible = rows;
    }

    /** Shows the connection of {@code stream} (-1: none); collects its rows. */
    public void connection(int stream) {
        this.stream = stream;
        if (stream < 0 || stream >= table.connectionCount()) {
            rows = new int[0];
            return;
        }
        TableConnection c = table.connection(stream);
        int[] r = new int[Math.max(16, c.frameCount() + 8)];
        int n = 0;
        // the client's DNS lookup just before the connection: where is the broker?
        int dnsFrom = c.firstRow();
        for (int i = c.firstRow() - 1; i >= Math.max(0, c.firstRow() - 64) && table.stream(i) < 0; i--) {
            if (table.protocol(i).equals("DNS") && (isClient(c, table.source(i)) || isClient(c, table.destination(i)))) {
                dnsFrom = i;
            }
        }
        for (int i = dnsFrom; i < c.firstRow(); i++) {
            if (table.protocol(i).equals("DNS") && (visible == null || visible.get(i)) && n < 8) {
                r[n++] = i;
            }
        }
        int last = Math.min(c.lastRow(), table.size() - 1);
        for (int i = c.firstRow(); i <= last; i++) {
            if (table.stream(i) == stream && (visible == null || visible.get(i))) {
                if (n == r.length) {
                    r = java.util.Arrays.copyOf(r, n * 2);
                }
                r[n++] = i;
            }
        }
        rows = java.util.Arrays.copyOf(r, n);
    }

    private static boolean isClient(TableConnection c, String address) {
        return !address.isEmpty() && (c.client().startsWith(address + ":") || c.client().startsWith("[" + address + "]:"));
    }

    /** An arrow from the server's side: a reply of the connection, or a DNS answer to the client. */
    private boolean fromRight(int row, TableConnection c) {
        return table.stream(row) < 0 ? isClient(c, table.destination(row)) : table.serverToClient(row);
    }

    public int stream() {
        return stream;
    }

    public double contentHeight() {
        return TOP + rows.length * ROW_H + 10;
    }

    /** The index among this connection's rows of table row {@code row}, or -1. */
    public int indexOf(int row) {
        int i = java.util.Arrays.binarySearch(rows, row);
        return i >= 0 ? i : -1;
    }

    /** The table row of the arrow at y (content coordinates), or -1. */
    public int rowAt(double y) {
        int i = (int) Math.floor((y - TOP) / ROW_H);
        return i >= 0 && i < rows.length ? rows[i] : -1;
    }

    public void render(Gfx g, double width, double height, double scrollY, int selectedRow) {
        g.color(palette.background());
        g.fillRect(0, 0, width, height);
        if (rows.length == 0) {
            g.color(palette.muted());
            g.text(text.get("ladder.empty"), 10, 24, 12, false);
            return;
        }
        TableConnection c = table.connection(stream);
        double left = TIME_W + 40;
        double right = Math.max(left + 160, width - 40);
        g.color(palette.foreground());
        String client = text.get("ladder.client");
        String server = text.get("ladder.server");
        g.text(client, left - g.textWidth(client, 12, true) / 2, 16 - 0, 12, true);
        g.text(server, right - g.textWidth(server, 12, true) / 2, 16, 12, true);
        g.color(palette.muted());
        g.text(c.client(), left - g.textWidth(c.client(), 10, false) / 2, 30, 10, false);
        g.text(c.server(), right - g.textWidth(c.server(), 10, false) / 2, 30, 10, false);
        g.color(palette.grid());
        g.line(left, TOP - 4, left, height, 2);
        g.line(right, TOP - 4, right, height, 2);
        int first = (int) Math.max(0, Math.floor((scrollY) / ROW_H) - 1);
        int last = (int) Math.min(rows.length - 1, Math.ceil((scrollY + height) / ROW_H));
        g.pushClip(0, TOP - 6, width, height);
        int deciding = table.decidingRow(stream);
        org.layerscope.analysis.ConnectionSummary summary = table.summary(stream);
        for (int i = first; i <= last; i++) {
            int row = rows[i];
            double y = TOP + i * ROW_H - scrollY + ROW_H * 0.65;
            Phase p = table.phase(row);
            if (row == selectedRow) {
                g.color(Palette.alpha(palette.selection(), 0.3));
                g.fillRect(0, y - ROW_H * 0.65, width, ROW_H);
            }
            if (row == deciding && summary != null) {
                // the packet that decided the verdict: framed, with the verdict code by the time
                int colour = TimelineRenderer.verdictColour(palette, summary.verdict());
                g.color(colour);
                g.strokeRect(1, y - ROW_H * 0.65 + 1, width - 2, ROW_H - 2, 2);
            }
            g.color(palette.muted());
            g.text(text.millis(table.time(row)), 6, y + 4, 10, false);
            boolean s2c = fromRight(row, c);
            double x1 = s2c ? right : left;
            double x2 = s2c ? left : right;
            g.color(palette.phase(p));
            g.line(x1, y, x2, y, 2);
            double dir = s2c ? 1 : -1;
            g.fillPolygon(new double[] {x2, x2 + dir * 9, x2 + dir * 9}, new double[] {y, y - 5, y + 5});
            TimelineRenderer.drawShape(g, p, x1, y, 7);
            java.util.List<String> notes = table.comments(row);
            String label = "#" + table.number(row) + "  " + TimelineRenderer.label(table, text, row) + (table.phaseInferred(row) ? " ?" : "")
                    + (notes.isEmpty() ? "" : "   \u201c" + notes.get(0) + "\u201d");
            boolean decides = row == deciding && summary != null;
            if (decides) {
                label = "\u2691 " + summary.verdict() + "   " + label;
            }
            double room = right - left - 24;
            if (g.textWidth(label, 11, false) > room) {
                while (label.length() > 4 && g.textWidth(label + "\u2026", 11, false) > room) {
                    label = label.substring(0, label.length() - 1);
                }
                label = label + "\u2026";
            }
            double w = g.textWidth(label, 11, decides);
            g.color(decides ? TimelineRenderer.verdictColour(palette, summary.verdict()) : palette.foreground());
            g.text(label, (left + right) / 2 - w / 2, y - 4, 11, decides);
            if (!notes.isEmpty()) {
                TimelineRenderer.drawNote(g, (left + right) / 2 - w / 2 - 14, y - 13);
            }
        }
        g.popClip();
    }
}
