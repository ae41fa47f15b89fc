package org.layerscope.model;

import java.util.List;

/**
 * One captured frame as read from a file or a live capture.
 *
 * @param number         1-based frame number in the capture
 * @param timestampNanos capture time, nanoseconds since the Unix epoch
 * @param linkType       the link-layer header type (see {@link LinkType})
 * @param originalLength length of the frame on the wire (may exceed {@code data.length} when snapped)
 * @param data           the captured bytes (owned by this frame; never modified)
 * @param interfaceId    pcapng interface index (0 for pcap and live captures)
 * @param comments       packet comments (pcapng {@code opt_comment}), in file order
 */
public record RawFrame(long number, long timestampNanos, int linkType, int originalLength, byte[] data,
                       int interfaceId, List<String> comments) {
    public RawFrame {
        comments = comments == null ? List.of() : List.copyOf(comments);
    }

    public int capturedLength() {
        return data.length;
    }
}
