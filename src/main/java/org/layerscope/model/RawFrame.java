package org.layerscope.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One captured frame as read from a file or a live capture.
 *
 * <p>Its bytes are {@code buffer[offset, offset + capturedLength)}. Most frames own their array whole (offset 0, the
 * array's length); a frame read ahead for an analysis that lets each frame's bytes go once analysed may be a slice
 * of a block its reader reuses (see {@code ReadAheadReader}), so code on the hot path reads {@link #buffer()} from
 * {@link #offset()}, and everything else takes {@link #data()}, which is always exactly the captured bytes.
 *
 * @param number         1-based frame number in the capture
 * @param timestampNanos capture time, nanoseconds since the Unix epoch
 * @param linkType       the link-layer header type (see {@link LinkType})
 * @param originalLength length of the frame on the wire (may exceed {@code capturedLength} when snapped)
 * @param buffer         the array holding the captured bytes (never modified through this frame)
 * @param offset         where the captured bytes start in {@code buffer}
 * @param capturedLength how many bytes were captured
 * @param interfaceId    pcapng interface index (0 for pcap and live captures)
 * @param comments       packet comments (pcapng {@code opt_comment}), in file order
 */
public record RawFrame(long number, long timestampNanos, int linkType, int originalLength, byte[] buffer, int offset,
                       int capturedLength, int interfaceId, List<String> comments) {
    public RawFrame {
        Objects.checkFromIndexSize(offset, capturedLength, buffer.length);
        comments = comments == null ? List.of() : List.copyOf(comments);
    }

    /** A frame that owns {@code data} whole (the bytes captured). */
    public RawFrame(long number, long timestampNanos, int linkType, int originalLength, byte[] data, int interfaceId,
                    List<String> comments) {
        this(number, timestampNanos, linkType, originalLength, data, 0, data.length, interfaceId, comments);
    }

    /**
     * The captured bytes, exactly {@link #capturedLength()} of them: the frame's own array when it has one, else a
     * copy of its slice (each call makes one; the hot path reads {@link #buffer()} from {@link #offset()}).
     */
    public byte[] data() {
        return isSlice() ? Arrays.copyOfRange(buffer, offset, offset + capturedLength) : buffer;
    }

    /** Whether the bytes are part of a larger array (a reader's reused block) rather than an array of their own. */
    public boolean isSlice() {
        return offset != 0 || capturedLength != buffer.length;
    }
}
