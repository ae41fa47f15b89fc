package org.layerscope.session;

import java.util.BitSet;
import java.util.function.BooleanSupplier;
import org.layerscope.analysis.filter.DisplayFilter;

/**
 * The rows of a {@link PacketTable} a display filter matches. The table keeps no analysis results, so the
 * frames are analysed again in file order (with the table's keys and the rows' current comments, so
 * {@code ls.comment} sees the user's edits), with trees only when the filter needs them, and matched by
 * frame number. Phases and connections are those of the whole capture: the filter only hides rows.
 */
public final class RowMatcher {
    private RowMatcher() {
    }

    /** The matching rows as a set of row indexes, or null when {@code cancelled} said so midway. */
    public static BitSet matchingRows(PacketTable t, DisplayFilter df, BooleanSupplier cancelled) {
        int n = t.size();
        BitSet rows = new BitSet(n);
        if (df.isEmpty()) {
            rows.set(0, n);
            return rows;
        }
        BitSet numbers = new BitSet();
        boolean complete = Reanalyzer.all(t, df.buildsTree(), r -> {
            if (df.matches(r)) {
                numbers.set((int) r.number());
            }
        }, cancelled);
        if (!complete) {
            return null;
        }
        return rowsOfNumbers(t, numbers);
    }

    /** The rows whose frame numbers are in {@code numbers}. */
    public static BitSet rowsOfNumbers(PacketTable t, BitSet numbers) {
        int n = t.size();
        BitSet rows = new BitSet(n);
        for (int r = 0; r < n; r++) {
            if (numbers.get((int) t.number(r))) {
                rows.set(r);
            }
        }
        return rows;
    }
}
