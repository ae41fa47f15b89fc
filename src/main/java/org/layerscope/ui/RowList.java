package org.layerscope.ui;

import java.util.AbstractList;
import javafx.collections.ObservableListBase;

/**
 * The rows of the packet table as the list's items: the rows it shows (0..n-1, growing while a capture loads, or
 * the rows a display filter lets through, {@link #setRows}), seen through a window of at most {@code window}
 * of them from {@link #base()} on.
 *
 * <p>Why a window: JavaFX 21's {@code VirtualFlow} keeps a size per item it has passed and sums them from the
 * first item on every layout and every scroll (O(index)); with 1.48 million rows each selection spent tens of
 * milliseconds there. The list's own scroll bar then covers the window, and {@link PacketListView} shows one for
 * all the rows.
 */
final class RowList extends ObservableListBase<Integer> {
    private final int window;
    private int total;
    private int base;
    private int[] rows;

    RowList(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window " + window);
        }
        this.window = window;
    }

    @Override
    public Integer get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(index);
        }
        return rowAt(base + index);
    }

    /** The table row at a position among all the rows shown (0..{@link #total()}-1). */
    int rowAt(int position) {
        return rows == null ? position : rows[position];
    }

    /** Shows only {@code visible} (ascending table rows), or every row again when null (then call {@link #setSize}). */
    void setRows(int[] visible) {
        int newTotal = visible == null ? 0 : visible.length;
        replace(() -> {
            rows = visible;
            total = newTotal;
            base = 0;
        });
    }

    boolean filtered() {
        return rows != null;
    }

    /** The position of a table row among all the rows shown, or -1 when the filter hides it. */
    int positionOf(int row) {
        if (rows == null) {
            return row >= 0 && row < total ? row : -1;
        }
        int i = java.util.Arrays.binarySearch(rows, row);
        return i >= 0 ? i : -1;
    }

    /** The list index of a table row, or -1 when the filter hides it or it is outside the window. */
    int indexOf(int row) {
        int p = positionOf(row);
        return p >= base && p < base + size() ? p - base : -1;
    }

    @Override
    public int size() {
        return Math.min(window, total - base);
    }

    /** How many rows are shown, in and out of the window. */
    int total() {
        return total;
    }

    /** The position of the window's first row. */
    int base() {
        return base;
    }

    int window() {
        return window;
    }

    /** Whether the rows shown do not all fit in the window. */
    boolean windowed() {
        return total > window;
    }

    /** Moves the window to start at {@code position} (clamped); true when it moved. */
    boolean setBase(int position) {
        int b = Math.max(0, Math.min(position, total - window));
        if (b == base) {
            return false;
        }
        replace(() -> base = b);
        return true;
    }

    /** Every row, {@code n} of them (while a capture loads, the window fills and then stays). */
    void setSize(int n) {
        if (rows != null || n == total) {
            return;
        }
        if (n < total) {
            replace(() -> {
                total = n;
                base = Math.max(0, Math.min(base, n - window));
            });
            return;
        }
        int old = size();
        total = n;
        int now = size();
        if (now > old) {
            beginChange();
            nextAdd(old, now);
            endChange();
        }
    }

    /** Applies {@code change} as one replacement of the list's items. */
    private void replace(Runnable change) {
        beginChange();
        int old = size();
        int oldBase = base;
        int[] oldRows = rows;
        if (old > 0) {
            nextRemove(0, new AbstractList<Integer>() {
                @Override
                public Integer get(int i) {
                    return oldRows == null ? oldBase + i : oldRows[oldBase + i];
                }

                @Override
                public int size() {
                    return old;
                }
            });
        }
        change.run();
        if (size() > 0) {
            nextAdd(0, size());
        }
        endChange();
    }
}
