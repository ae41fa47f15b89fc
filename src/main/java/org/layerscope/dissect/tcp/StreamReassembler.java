package org.layerscope.dissect.tcp;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reassembles one direction of a TCP connection into a contiguous byte stream, remembering for every
 * buffered byte which frame (and which offset in it) it came from. Copes with retransmissions,
 * overlaps, out-of-order segments and gaps (a gap is skipped and reported; reassembly goes on). Memory
 * is bounded: at most {@code maxBuffered} bytes wait for a PDU to complete and at most
 * {@code maxOutOfOrder} bytes wait for a hole to fill.
 *
 * <p>Sequence numbers are relative to the stream start (the byte after the SYN), as {@code long}s
 * computed by the caller with wrap-around taken care of.
 */
public final class StreamReassembler implements PduSource {
    /** What {@link #segment} did with a segment. */
    public enum Outcome { IN_ORDER, OVERLAP, RETRANSMISSION, OUT_OF_ORDER, FILLED_HOLE, DROPPED }

    private record Chunk(long streamOffset, int length, SegmentOwner owner, int frameOffset) {
    }

    private record Pending(long seq, byte[] data, int frameOffset, SegmentOwner owner) {
    }

    private final int maxBuffered;
    private final int maxOutOfOrder;
    private static final byte[] EMPTY = new byte[0];
    private byte[] buf = EMPTY;
    private int head;
    private int tail;
    /** Stream offset of buf[head]. */
    private long headOffset;
    /** Next expected relative sequence number (= stream offset of buf[tail]). */
    private long nextSeq;
    private boolean started;
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private final TreeMap<Long, Pending> outOfOrder = new TreeMap<>();
    private int outOfOrderBytes;
    private long gapBytes;
    private int gaps;

    public StreamReassembler(int maxBuffered, int maxOutOfOrder) {
        this.maxBuffered = maxBuffered;
        this.maxOutOfOrder = maxOutOfOrder;
    }

    /** Starts the stream at relative sequence {@code seq} (normally 0, or the first seen segment's). */
    public void start(long seq) {
        if (!started) {
            started = true;
            nextSeq = seq;
            headOffset = seq;
        }
    }

    public boolean started() {
        return started;
    }

    public long nextSeq() {
        return nextSeq;
    }

    /**
     * Adds a segment's captured payload bytes.
     *
     * @param seq         relative sequence number of {@code data[off]}
     * @param frameOffset offset of {@code data[off]} in its frame
     */
    public Outcome segment(long seq, byte[] data, int off, int len, int frameOffset, SegmentOwner owner) {
        if (len <= 0) {
            return Outcome.DROPPED;
        }
        start(seq);
        long end = seq + len;
        if (end <= nextSeq) {
            return Outcome.RETRANSMISSION;
        }
        if (seq > nextSeq) {
            if (outOfOrderBytes + len > maxOutOfOrder) {
                return Outcome.DROPPED;
            }
            Pending prev = outOfOrder.get(seq);
            if (prev == null || prev.data.length < len) {
                if (prev != null) {
                    outOfOrderBytes -= prev.data.length;
                    prev.owner.unhold();
                }
                byte[] copy = new byte[len];
                System.arraycopy(data, off, copy, 0, len);
                outOfOrder.put(seq, new Pending(seq, copy, frameOffset, owner));
                outOfOrderBytes += len;
                owner.hold();
            }
            return Outcome.OUT_OF_ORDER;
        }
        boolean overlap = seq < nextSeq;
        int skip = (int) (nextSeq - seq);
        append(data, off + skip, len - skip, frameOffset + skip, owner);
        boolean filled = drainOutOfOrder();
        return filled ? Outcome.FILLED_HOLE : overlap ? Outcome.OVERLAP : Outcome.IN_ORDER;
    }

    private boolean drainOutOfOrder() {
        boolean any = false;
        while (!outOfOrder.isEmpty()) {
            Map.Entry<Long, Pending> first = outOfOrder.firstEntry();
            Pending p = first.getValue();
            if (p.seq > nextSeq) {
                break;
            }
            outOfOrder.pollFirstEntry();
            outOfOrderBytes -= p.data.length;
            long end = p.seq + p.data.length;
            if (end > nextSeq) {
                int skip = (int) (nextSeq - p.seq);
                append(p.data, skip, p.data.length - skip, p.frameOffset + skip, p.owner);
                any = true;
            }
            p.owner.unhold();
        }
        return any;
    }

    /** True when segments wait beyond a hole. */
    public boolean hasHole() {
        return !outOfOrder.isEmpty();
    }

    /** Whether bytes of {@code owner} wait here (buffered, or beyond a hole). Walks everything: for rare use. */
    public boolean holds(SegmentOwner owner) {
        for (Chunk c : chunks) {
            if (c.owner == owner) {
                return true;
            }
        }
        for (Pending p : outOfOrder.values()) {
            if (p.owner == owner) {
                return true;
            }
        }
        return false;
    }

    /** Bytes waiting beyond a hole. */
    public int outOfOrderBytes() {
        return outOfOrderBytes;
    }

    /**
     * Gives up on the hole before the first waiting segment: the missing bytes are counted as a gap
     * and reassembly goes on from there. Returns the number of bytes skipped (0 when no hole).
     */
    public long skipHole() {
        if (outOfOrder.isEmpty()) {
            return 0;
        }
        long target = outOfOrder.firstKey();
        long missing = target - nextSeq;
        skipTo(target);
        drainOutOfOrder();
        return missing;
    }

    /** Skips missing bytes up to {@code seq}, dropping whatever was buffered (it cannot complete). */
    public void skipTo(long seq) {
        if (seq <= nextSeq) {
            return;
        }
        gapBytes += seq - nextSeq;
        gaps++;
        consume(available());
        nextSeq = seq;
        headOffset = seq;
    }

    /**
     * Goes on at {@code seq} as if every byte before it had been read (a re-analysis resuming a long connection
     * where the whole analysis had nothing waiting): whatever waits here is let go, and no gap is counted.
     */
    public void resumeAt(long seq) {
        close();
        started = true;
        nextSeq = seq;
        headOffset = seq;
    }

    private void append(byte[] data, int off, int len, int frameOffset, SegmentOwner owner) {
        if (len <= 0) {
            return;
        }
        if (tail + len > buf.length) {
            int live = tail - head;
            if (live + len <= buf.length && head > 0) {
                System.arraycopy(buf, head, buf, 0, live);
            } else {
                byte[] nb = new byte[Math.max(Math.max(buf.length * 2, 2048), live + len)];
                System.arraycopy(buf, head, nb, 0, live);
                buf = nb;
            }
            tail = live;
            head = 0;
        }
        System.arraycopy(data, off, buf, tail, len);
        tail += len;
        chunks.addLast(new Chunk(nextSeq, len, owner, frameOffset));
        owner.hold();
        nextSeq += len;
    }

    /**
     * Moves the stream past {@code n} bytes that its reader took straight from an in-order segment (see
     * {@link SegmentPayload}) instead of through {@link #segment}: allowed only while nothing is buffered and no
     * hole is open, when the segment starts at {@link #nextSeq()}.
     */
    public void passed(int n) {
        if (available() > 0 || hasHole() || n < 0) {
            throw new IllegalStateException("bytes are buffered: a segment cannot be read in place");
        }
        start(nextSeq);
        nextSeq += n;
        headOffset = nextSeq;
    }

    /** The buffered bytes are {@code buffer()[start() .. start() + available())}. */
    @Override
    public byte[] buffer() {
        return buf;
    }

    @Override
    public int start() {
        return head;
    }

    public int available() {
        return tail - head;
    }

    /** Stream offset of the first buffered byte. */
    public long headOffset() {
        return headOffset;
    }

    /** Drops {@code n} bytes from the front; frames whose bytes are all gone are released. */
    public void consume(int n) {
        n = Math.min(n, available());
        head += n;
        headOffset += n;
        while (!chunks.isEmpty()) {
            Chunk c = chunks.peekFirst();
            if (c.streamOffset + c.length <= headOffset) {
                chunks.pollFirst();
                c.owner.unhold();
            } else {
                break;
            }
        }
        if (head == tail) {
            head = 0;
            tail = 0;
        }
    }

    /**
     * Buffered bytes from the first one to the end of the segment that carried it (all of them when no
     * segment is known): where a reader that lost step tries again, as tshark does at each segment.
     */
    public int toSegmentEnd() {
        Chunk c = chunks.peekFirst();
        int avail = available();
        return c == null ? avail : (int) Math.min(avail, Math.max(1, c.streamOffset + c.length - headOffset));
    }

    /** The frame that holds buffered byte {@code i} (0 = first buffered byte), or null. */
    public SegmentOwner ownerAt(int i) {
        long so = headOffset + i;
        Chunk last = chunks.peekLast();
        if (last != null && so >= last.streamOffset && so < last.streamOffset + last.length) {
            return last.owner; // the usual case: a PDU that the newest segment completes
        }
        for (Chunk c : chunks) {
            if (so >= c.streamOffset && so < c.streamOffset + c.length) {
                return c.owner;
            }
        }
        return null;
    }

    /**
     * Maps buffered byte {@code i} to its offset in {@code frame}, or -1 when it came from another frame.
     */
    @Override
    public int frameOffsetAt(int i, SegmentOwner frame) {
        long so = headOffset + i;
        for (Chunk c : chunks) {
            if (so >= c.streamOffset && so < c.streamOffset + c.length) {
                return c.owner == frame && c.frameOffset >= 0 ? c.frameOffset + (int) (so - c.streamOffset) : -1;
            }
        }
        return -1;
    }

    /** The distinct frames holding buffered bytes {@code [0, n)}, in stream order. */
    public java.util.List<SegmentOwner> ownersOf(int n) {
        java.util.List<SegmentOwner> out = new java.util.ArrayList<>(2);
        long end = headOffset + n;
        for (Chunk c : chunks) {
            if (c.streamOffset >= end) {
                break;
            }
            if (c.streamOffset + c.length > headOffset && (out.isEmpty() || out.get(out.size() - 1) != c.owner)) {
                out.add(c.owner);
            }
        }
        return out;
    }

    /**
     * {@link #ownersOf(int)} into {@code into} (cleared first), which the caller keeps from call to call: nothing is
     * allocated when the {@code n} bytes come from one frame, which is how most PDUs arrive.
     */
    @Override
    public void ownersOf(int n, java.util.List<SegmentOwner> into) {
        into.clear();
        Chunk first = chunks.peekFirst();
        if (n > 0 && first != null && first.streamOffset <= headOffset
                && first.streamOffset + first.length >= headOffset + n) {
            into.add(first.owner);
            return;
        }
        into.addAll(ownersOf(n));
    }

    /** Releases everything (end of capture): buffered and out-of-order frames are let go. */
    public void close() {
        consume(available());
        for (Iterator<Pending> it = outOfOrder.values().iterator(); it.hasNext(); ) {
            it.next().owner.unhold();
            it.remove();
        }
        outOfOrderBytes = 0;
    }

    /** Frees the buffer when nothing waits in it (a closed connection keeps only its counters). */
    public void compact() {
        if (available() == 0 && outOfOrder.isEmpty()) {
            buf = EMPTY;
            head = 0;
            tail = 0;
        }
    }

    public long gapBytes() {
        return gapBytes;
    }

    public int gaps() {
        return gaps;
    }
}
