package org.layerscope.ui;

import java.util.BitSet;

/**
 * The rows a display filter shows: ascending row numbers and the same as a set. The filter only hides
 * rows; phases and connections stay those of the whole capture.
 */
public record RowFilter(String expression, int[] rows, BitSet set) {
}
