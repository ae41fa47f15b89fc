package org.layerscope.dissect.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A segment's PDUs read in place ({@link SegmentPayload}) answer like the reassembly buffer the same bytes would be
 * in, and {@link StreamReassembler#passed} moves the stream past them as if they had been buffered and consumed.
 */
class SegmentPayloadTest {
    private static final class Owner implements SegmentOwner {
        final long number;
        int holds;

        Owner(long number) {
            this.number = number;
        }

        @Override
        public void hold() {
            holds++;
        }

        @Override
        public void unhold() {
            holds--;
        }

        @Override
        public long frameNumber() {
            return number;
        }
    }

    @Test
    void answersLikeTheBufferHoldingTheSameSegment() {
        byte[] frame = new byte[100];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) i;
        }
        Owner f = new Owner(7);
        Owner other = new Owner(8);
        StreamReassembler s = new StreamReassembler(1 << 20, 1 << 20);
        s.start(1);
        s.segment(1, frame, 54, 46, 54, f);
        s.consume(10); // a first PDU of 10 bytes read
        SegmentPayload p = new SegmentPayload().at(frame, 0, 64, 100, f);
        // the same frame as a slice of a reader's block, from index 30: the same frame offsets
        byte[] block = new byte[200];
        System.arraycopy(frame, 0, block, 30, frame.length);
        SegmentPayload slice = new SegmentPayload().at(block, 30, 94, 130, f);
        for (int i = 0; i <= 37; i++) {
            assertEquals(s.frameOffsetAt(i, f), p.frameOffsetAt(i, f), "byte " + i);
            assertEquals(s.frameOffsetAt(i, f), slice.frameOffsetAt(i, f), "byte " + i + " of the slice");
            assertEquals(-1, p.frameOffsetAt(i, other));
        }
        assertEquals(s.buffer()[s.start()], slice.buffer()[slice.start()]);
        assertEquals(s.buffer()[s.start()], p.buffer()[p.start()]);
        List<SegmentOwner> a = new ArrayList<>();
        List<SegmentOwner> b = new ArrayList<>();
        for (int n = 0; n <= 36; n += 12) {
            s.ownersOf(n, a);
            p.ownersOf(n, b);
            assertEquals(a, b, "n=" + n);
        }
    }

    @Test
    void passedMovesTheStreamAsIfTheBytesHadBeenConsumed() {
        Owner f = new Owner(1);
        StreamReassembler s = new StreamReassembler(1 << 20, 1 << 20);
        s.start(1);
        s.passed(30);
        assertEquals(31, s.nextSeq());
        assertEquals(31, s.headOffset());
        assertEquals(0, s.available());
        assertSame(StreamReassembler.Outcome.IN_ORDER, s.segment(31, new byte[5], 0, 5, 0, f));
        assertSame(StreamReassembler.Outcome.RETRANSMISSION, s.segment(20, new byte[5], 0, 5, 0, f));
        assertEquals(36, s.nextSeq());
        assertThrows(IllegalStateException.class, () -> s.passed(1), "bytes are buffered");
        s.consume(5);
        assertEquals(0, f.holds);
        s.segment(50, new byte[5], 0, 5, 0, f); // beyond a hole
        assertThrows(IllegalStateException.class, () -> s.passed(1), "a hole is open");
    }
}
