package org.layerscope.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class ColumnMemoryTest {
    /**
     * Captures opened one after the other: each one's columns are dropped when the next one opens. Once the columns
     * allocated have grown by a step, a collection finds the dropped ones and their memory is counted out again.
     */
    @Test
    void theColumnsOfClosedTablesAreCollectedWhenTheyPileUp() throws InterruptedException {
        long collections = ColumnMemory.collections();
        int block = (int) (ColumnMemory.STEP / 4);
        Object open = null;
        for (int i = 0; i < 12; i++) { // three steps' worth, one "table" open at a time
            open = new Object();
            ByteBuffer b = ColumnMemory.allocate(open, block, true);
            assertEquals(block, b.capacity());
            assertEquals(ByteOrder.nativeOrder(), b.order());
            assertEquals(0, b.getLong(block - 8), "allocated zeroed");
        }
        assertTrue(ColumnMemory.collections() > collections, "a collection ran once the columns grew by a step");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (ColumnMemory.inUse() >= ColumnMemory.STEP && System.nanoTime() < deadline) {
            System.gc(); // as a later allocation would; the cleaner counts the freed columns out on its own thread
            Thread.sleep(50);
        }
        assertTrue(ColumnMemory.inUse() < ColumnMemory.STEP,
                "the dropped columns were counted out: " + ColumnMemory.inUse() + " bytes still in use");
        java.lang.ref.Reference.reachabilityFence(open); // the last one stays open until here
    }

    /** A table that grows past a step while it loads is not collected in the middle of its load. */
    @Test
    void noCollectionInTheMiddleOfALoad() {
        long collections = ColumnMemory.collections();
        Object table = new Object();
        int block = (int) (ColumnMemory.STEP / 4);
        for (int i = 0; i < 8; i++) {
            ColumnMemory.allocate(table, block, i == 0);
        }
        assertTrue(ColumnMemory.collections() <= collections + 1, "at most one, before the first columns");
        java.lang.ref.Reference.reachabilityFence(table);
    }

    @Test
    void columnsAreSlicesInThePlatformsByteOrder() {
        ByteBuffer all = ColumnMemory.allocate(new Object(), 64, false);
        ByteBuffer c = ColumnMemory.column(all, 16, 32);
        c.asIntBuffer().put(1, 0x01020304);
        assertEquals(ByteOrder.nativeOrder(), c.order());
        assertEquals(0x01020304, all.order(ByteOrder.nativeOrder()).getInt(20));
        assertEquals(32, c.capacity());
    }
}
