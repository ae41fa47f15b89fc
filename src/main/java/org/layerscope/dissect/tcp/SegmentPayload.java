package org.layerscope.dissect.tcp;

import java.util.List;

/**
 * A {@link PduSource} over the payload of one in-order segment whose PDUs are read where they lie, in the frame's
 * own bytes: the usual case (a segment that carries one or more whole TLS records or MQTT packets) needs no copy
 * into the reassembly buffer. Index {@code i} of {@link #buffer()} is offset {@code i - base} in the frame (a frame's
 * bytes may start inside a larger array). Reused from PDU to PDU.
 */
public final class SegmentPayload implements PduSource {
    private byte[] frame;
    private int base;
    private int start;
    private int end;
    private SegmentOwner owner;

    /**
     * Points at bytes {@code [start, end)} of {@code bytes}, the array holding {@code owner}'s frame from index
     * {@code base}; returns this.
     */
    public SegmentPayload at(byte[] bytes, int base, int start, int end, SegmentOwner owner) {
        this.frame = bytes;
        this.base = base;
        this.start = start;
        this.end = end;
        this.owner = owner;
        return this;
    }

    @Override
    public byte[] buffer() {
        return frame;
    }

    @Override
    public int start() {
        return start;
    }

    @Override
    public void ownersOf(int n, List<SegmentOwner> into) {
        into.clear();
        into.add(owner);
    }

    @Override
    public int frameOffsetAt(int i, SegmentOwner f) {
        return f == owner && i >= 0 && i < end - start ? start - base + i : -1;
    }
}
