package org.layerscope.session;

import org.layerscope.analysis.Analyzer;
import org.layerscope.model.RawFrame;

/**
 * Analyses frames of a live capture as they arrive (from any single thread at a time) into a
 * {@link PacketTable}; the views poll the table, so updates are batched by their refresh rate.
 */
public final class LiveIngest {
    private final PacketTable table = new PacketTable();
    private Analyzer analyzer;
    private org.layerscope.tls.keys.KeyLog keys;
    private boolean finished;

    public PacketTable table() {
        return table;
    }

    /**
     * The secrets of the run's own TLS sessions, recorded while it goes on (Run &amp; Capture): the analysis
     * decrypts with them, so the MQTT inside shows live. Call before the first frame.
     */
    public synchronized void useKeys(org.layerscope.tls.keys.KeyLog runKeys) {
        if (analyzer == null && runKeys != null) {
            keys = runKeys;
            table.keyLog(runKeys);
        }
    }

    private Analyzer analyzer() {
        if (analyzer == null) {
            analyzer = new Analyzer(false, table::add, keys);
        }
        return analyzer;
    }

    public synchronized void accept(RawFrame frame) {
        if (!finished) {
            analyzer().accept(frame);
        }
    }

    /** Releases the frames the analysis still holds (end of the capture). */
    public synchronized void finish() {
        if (!finished) {
            finished = true;
            analyzer().finish();
            table.summaries(analyzer.connections());
        }
    }
}
