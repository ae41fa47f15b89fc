package org.layerscope.ui;

import java.util.AbstractList;
import javafx.collections.ObservableListBase;

/** The rows 0..size-1 of the packet table as an observable list that only grows (or is reset). */
final class RowList extends ObservableListBase<Integer> {
    private int size;

    @Override
    public Integer get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return index;
    }

    @Override
    public int size() {
        return size;
    }

    void setSize(int n) {
        if (n == size) {
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
