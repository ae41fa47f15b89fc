package org.layerscope.session;

/**
 * How much memory an open capture's {@link PacketTable} may take: loading stops (keeping the rows read so
 * far) once the budget is exceeded, instead of running the heap out. The window's default is a share of
 * the heap; tests inject a small one.
 */
@FunctionalInterface
public interface MemoryBudget {
    /** Share of the maximum heap the packet table may take; the rest is for the window and the analysis. */
    double HEAP_SHARE = 0.55;

    /** True when the table is over the budget (checked every few thousand frames while loading). */
    boolean exceeded(PacketTable table);

    /** The default: {@value #HEAP_SHARE} of the maximum heap, less a reserve for the window itself. */
    static MemoryBudget heap() {
        long max = Runtime.getRuntime().maxMemory();
        long limit = Math.min((long) (max * HEAP_SHARE), max - (96L << 20));
        return bytes(Math.max(limit, 16L << 20));
    }

    /** At most {@code bytes} of table memory ({@link PacketTable#memoryBytes()}). */
    static MemoryBudget bytes(long bytes) {
        return t -> t.memoryBytes() > bytes;
    }

    /** No limit. */
    static MemoryBudget none() {
        return t -> false;
    }
}
