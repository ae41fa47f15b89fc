package org.layerscope.pcapio;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.layerscope.model.RawFrame;

/**
 * Streams the frames of a capture file, one at a time; never holds the whole file in memory.
 * Implementations: {@link PcapReader}, {@link PcapngReader}; open files with {@link CaptureFiles#open}.
 */
public interface CaptureReader extends Closeable {
    /**
     * The next frame, or null at the end of the file. A truncated last frame or block ends the
     * stream (null) and adds a warning to {@link #warnings()}.
     *
     * @throws CaptureFormatException when the data is not a valid capture (the frames returned so
     *                                far stay valid)
     */
    RawFrame next() throws IOException;

    /** "pcap" or "pcapng". */
    String format();

    /** Non-fatal problems met so far (truncated last packet, unknown block types skipped, ...). */
    List<String> warnings();

    /** Section header comments met so far (pcapng {@code opt_comment} on the SHB), in file order. */
    List<String> sectionComments();

    /** Interfaces met so far (pcap: one). */
    List<CaptureInterface> interfaces();

    /** Decryption secrets blocks met so far, in file order (pcapng only). */
    List<DecryptionSecrets> secrets();

    /**
     * Bytes of the file consumed so far (after {@link #next()} returned a frame: the offset just past it;
     * for gzip files, in the decompressed data), or -1 when unknown. For progress bars.
     */
    default long position() {
        return -1;
    }

    /**
     * Where the bytes of the frame {@link #next()} returned last start in the file, or -1 when unknown (a gzip
     * file, or a reader that does not say): lets a viewer keep offsets instead of the bytes and read a frame
     * again from the file on demand.
     */
    default long lastDataOffset() {
        return -1;
    }

    /**
     * From now on, put the frames' bytes in {@code blocks} where they fit, so that frames are slices of blocks that are
     * filled again once their consumer is done with them (see {@link ReadAheadReader}). A reader that cannot ignores
     * this and gives each frame an array of its own, which is always correct.
     */
    default void useBlocks(FrameBlocks blocks) {
    }
}
