package org.layerscope.pcapio;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.layerscope.model.RawFrame;

/** What the pcap and pcapng readers share: the lists of what was met, frame numbering, and failure handling. */
abstract class AbstractCaptureReader implements CaptureReader {
    final CaptureInput input;
    private final String name;
    final List<String> warnings = new ArrayList<>();
    final List<String> sectionComments = new ArrayList<>();
    final List<CaptureInterface> interfaces = new ArrayList<>();
    final List<DecryptionSecrets> secrets = new ArrayList<>();
    private final List<String> warningsView = Collections.unmodifiableList(warnings);
    private final List<String> sectionCommentsView = Collections.unmodifiableList(sectionComments);
    private final List<CaptureInterface> interfacesView = Collections.unmodifiableList(interfaces);
    private final List<DecryptionSecrets> secretsView = Collections.unmodifiableList(secrets);
    long frameCount;
    /** File offset of the last frame's data, or -1 (see {@link #lastDataOffset()}). */
    long dataOffset = -1;
    private boolean ended;
    private String failure;
    private FrameBlocks blocks;
    /** Where the bytes {@link #readData} returned last start in its array. */
    int dataAt;

    AbstractCaptureReader(CaptureInput input, String name) {
        this.input = input;
        this.name = name == null ? "capture" : name;
    }

    @Override
    public final RawFrame next() throws IOException {
        if (failure != null) {
            throw new CaptureFormatException(failure);
        }
        if (ended) {
            return null;
        }
        try {
            RawFrame frame = readFrame();
            if (frame == null) {
                ended = true;
                if (input.compressedStreamCutShort() && warnings.stream().noneMatch(w -> w.contains("truncated"))) {
                    warnings.add("the compressed file is truncated (cut after byte " + input.position()
                            + " of the decompressed data)");
                }
            }
            return frame;
        } catch (CaptureFormatException e) {
            failure = e.getMessage();
            throw e;
        } catch (RuntimeException e) {
            // a safety net: corrupt input must never escape as anything but an IOException
            failure = "corrupt capture near byte " + input.position() + " (internal error: " + e + ")";
            throw new CaptureFormatException(failure);
        }
    }

    /** The next frame, or null at the end of the data (after adding any truncation warning). */
    abstract RawFrame readFrame() throws IOException;

    /**
     * Bytes consumed so far: after {@link #next()} returned a frame, the offset just past it (in the decompressed
     * data for a gzip file). Useful for progress reporting.
     */
    @Override
    public long position() {
        return input.position();
    }

    @Override
    public long lastDataOffset() {
        return dataOffset;
    }

    /** Marks that the frame's data starts here (call just before reading it). */
    final void dataStartsHere() {
        dataOffset = input.compressed() ? -1 : input.position();
    }

    @Override
    public void useBlocks(FrameBlocks blocks) {
        this.blocks = blocks;
    }

    /**
     * Reads a frame's {@code len} captured bytes: into the {@link #useBlocks blocks} when there are some and the bytes
     * fit a block, else into an array of their own; they start at {@link #dataAt} of the array returned. Null when
     * the data ends first.
     */
    final byte[] readData(int len) throws IOException {
        FrameBlocks b = blocks;
        byte[] block = b == null ? null : b.room(len);
        if (block == null) {
            dataAt = 0;
            return input.readArray(len);
        }
        int at = b.used();
        if (input.read(block, at, len) < len) {
            return null;
        }
        b.advance(len);
        dataAt = at;
        return block;
    }

    /** Number of frames returned so far. */
    public long frameCount() {
        return frameCount;
    }

    /** Records that the data ends inside a packet (or another block) and ends the stream. */
    final RawFrame truncated(String what) {
        String where = input.compressed()
                ? "file cut at byte " + input.position() + " of the decompressed data"
                : "file cut at byte " + input.position();
        warnings.add("the last " + what + " is truncated (" + where + ")");
        return null;
    }

    @Override
    public List<String> warnings() {
        return warningsView;
    }

    @Override
    public List<String> sectionComments() {
        return sectionCommentsView;
    }

    @Override
    public List<CaptureInterface> interfaces() {
        return interfacesView;
    }

    @Override
    public List<DecryptionSecrets> secrets() {
        return secretsView;
    }

    @Override
    public void close() throws IOException {
        ended = true;
        input.close();
    }

    @Override
    public String toString() {
        return format() + " reader of " + name;
    }
}
