package org.layerscope.dissect.tcp;

import java.util.List;

/**
 * Where the bytes of one whole PDU (a TLS record, an MQTT packet) are, and which frames they came from:
 * {@code buffer()[start() .. start() + n)}. Either a direction's reassembly buffer ({@link StreamReassembler}) or
 * the payload of the one segment that holds the whole PDU ({@link SegmentPayload}, read in place, without a copy).
 */
public interface PduSource {
    byte[] buffer();

    /** Index in {@link #buffer()} of the PDU's first byte. */
    int start();

    /** The distinct frames holding bytes {@code [0, n)} from {@link #start()}, in stream order, into {@code into}. */
    void ownersOf(int n, List<SegmentOwner> into);

    /** Offset in {@code frame} of byte {@code i} (0 = the byte at {@link #start()}), or -1 when it is not from it. */
    int frameOffsetAt(int i, SegmentOwner frame);
}
