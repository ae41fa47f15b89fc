package org.layerscope.dissect.tcp;

/** The frame a chunk of stream bytes came from; held while any of its bytes wait in a reassembly buffer. */
public interface SegmentOwner {
    void hold();

    void unhold();

    /** 1-based frame number. */
    long frameNumber();
}
