package org.layerscope.session.lesson;

import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.ConnectionSummary;
import org.layerscope.session.PacketTable;
import org.layerscope.session.TableConnection;
import org.layerscope.tls.keys.KeyLog;

/**
 * The lesson of a connection of the window's table: its frames (bytes from the table's frame store) are analysed
 * again with trees, as {@code layerscope lesson} does with the file. Free of JavaFX; call it off the UI thread.
 */
public final class TableLessons {
    private TableLessons() {
    }

    /**
     * The lesson of {@code stream} (-1: the first connection carrying TLS or MQTT, else the first), with the table's
     * keys or, {@code withKeys} false, as an eavesdropper sees it (no keys at all). Null when there is no such
     * connection.
     */
    public static Lesson of(PacketTable table, String file, int stream, boolean withKeys) {
        int s = stream >= 0 ? stream : defaultStream(table);
        if (s < 0 || s >= table.connectionCount()) {
            return null;
        }
        KeyLog keys = withKeys ? table.keysOrNull() : null;
        LessonCollector collector = new LessonCollector(0); // alone in the analysis, the connection is stream 0
        Analyzer a = new Analyzer(true, collector, keys);
        TableConnection c = table.connection(s);
        int last = Math.min(c.lastRow(), table.size() - 1);
        for (int i = c.firstRow(); i <= last; i++) {
            if (table.stream(i) == s) {
                a.accept(table.frame(i));
            }
        }
        a.finish();
        Lesson l = collector.lesson(file, a.connections());
        if (l == null) {
            return null;
        }
        ConnectionSummary x = l.connection();
        ConnectionSummary renumbered = new ConnectionSummary(s, x.client(), x.server(), x.clientInferred(), x.reached(),
                x.verdict(), x.verdictFrame(), x.explanationKey(), x.explanationArgs(), x.tls(), x.mqttClientId(),
                x.connackCode(), x.timings(), x.bytes(), x.firstFrame(), x.lastFrame(), x.frames());
        return new Lesson(l.file(), renumbered, l.mqtt(), l.decrypted(), l.steps());
    }

    /** The first connection whose rows carry TLS or MQTT (by the table's protocol column), else 0, else -1. */
    public static int defaultStream(PacketTable table) {
        int n = table.connectionCount();
        if (n == 0) {
            return -1;
        }
        int best = Integer.MAX_VALUE;
        for (int i = 0; i < table.size(); i++) {
            int s = table.stream(i);
            if (s >= 0 && s < best) {
                String p = table.protocol(i);
                if (p != null && (p.startsWith("TLS") || p.startsWith("SSL") || p.equals("MQTT"))) {
                    best = s;
                }
            }
        }
        return best == Integer.MAX_VALUE ? 0 : best;
    }
}
