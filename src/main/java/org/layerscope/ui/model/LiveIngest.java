package org.layerscope.ui.model;

import org.layerscope.analysis.Analyzer;
import org.layerscope.model.RawFrame;

/**
 * Analyses frames of a live capture as they arrive (from any single thread at a time) into a
 * {@link PacketTable}; the views poll the table, so updates are batched by their refresh rate.
 */
public final class LiveIngest {
    private final PacketTable table = new PacketTable();
    private final Analyzer analyzer = new Analyzer(false, table::add);
    private boolean finished;

    public PacketTable table() {
        return table;
    }

    public synchronized void accept(RawFrame frame) {
        if (!finished) {
            analyzer.accept(frame);
        }
    }

    /** Releases the frames the analysis still holds (end of the capture). */
    public synchronized void finish() {
        if (!finished) {
            finished = true;
            analyzer.finish();
        }
    }
}
