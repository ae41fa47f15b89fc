package org.layerscope.ui;

import java.util.AbstractList;
import javafx.collections.ObservableListBase;

/**
 * The rows of the packet table as an observable list: 0..size-1, growing while a capture loads, or the
 * rows a display filter shows ({@link #setRows}).
 */
final class RowList extends ObservableListBase<Integer> {
    private int size;
    private int[] rows;

    @Override
    public Integer get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return rows == null ? index : rows[index];
    }

    /** Shows only {@code visible} (ascending table rows), or every row again when null (then call {@link #setSize}). */
    void setRows(int[] visible) {
        beginChange();
        int old = size;
        if (old > 0) {
            nextRemove(0, new AbstractList<Integer>() {
                @Override
                public Integer get(int i) {
                    return i;
                }

                @Override
                public int size() {
                    return old;
                }
            });
        }
        rows = visible;
        size = visible == null ? 0 : visible.length;
        if (size > 0) {
            nextAdd(0, size);
        }
        endChange();
    }

    boolean filtered() {
        return rows != null;
    }

    /** The list index of a table row, or -1 when the filter hides it. */
    int indexOf(int row) {
        if (rows == null) {
            return row >= 0 && row < size ? row : -1;
        }
        int i = java.util.Arrays.binarySearch(rows, row);
        return i >= 0 ? i : -1;
    }

    @Override
    public int size() {
        return size;
    }

    void setSize(int n) {
        if (rows != null || n == size) {
            return;
        }
        beginChange();
        if (n > size) {
            int old = size;
            size = n;
            nextAdd(old, n);
        } else {
            int old = size;
            size = n;
            nextRemove(n, new AbstractList<Integer>() {
                @Override
                public Integer get(int i) {
                    return n + i;
                }

                @Override
                public int size() {
                    return old - n;
                }
            });
        }
        endChange();
    }
}
