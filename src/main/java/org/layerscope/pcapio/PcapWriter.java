package org.layerscope.pcapio;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;
import org.layerscope.model.RawFrame;

/**
 * Writes a classic little-endian pcap file with one link type and microsecond or nanosecond time stamps
 * (pcap has no comments: frame comments are not written).
 *
 * <p>{@link #create} writes to a temporary file renamed into place on {@link #close()} (a failed or
 * {@linkplain #abort() aborted} write leaves an existing file untouched); {@link #createLive} writes straight to
 * the target and {@link #flush()} makes the frames so far readable.
 *
 * <p>Not thread-safe.
 */
public final class PcapWriter implements Closeable, Flushable {
    /** The snap length written when none is given (libpcap's usual maximum). */
    public static final int DEFAULT_SNAP_LENGTH = 262144;
    private static final long MAX_SECONDS = 0xffffffffL;

    private final CaptureOutput out;
    private final int linkType;
    private final int snapLength;
    private final TimestampPrecision precision;
    private final byte[] header = new byte[24];
    private long framesWritten;
    private boolean failed;

    private PcapWriter(CaptureOutput out, int linkType, int snapLength, TimestampPrecision precision)
            throws IOException {
        this.out = out;
        try {
            if (linkType < 0 || linkType > 0xffff) {
                throw new IllegalArgumentException("link type out of range: " + linkType);
            }
            if (snapLength < 0) {
                throw new IllegalArgumentException("negative snap length: " + snapLength);
            }
            this.linkType = linkType;
            this.snapLength = snapLength;
            this.precision = Objects.requireNonNull(precision, "precision");
            byte[] h = header;
            Bytes.putI32le(h, 0, precision == TimestampPrecision.NANOSECONDS
                    ? PcapReader.MAGIC_NANOSECONDS : PcapReader.MAGIC_MICROSECONDS);
            Bytes.putU16le(h, 4, 2);
            Bytes.putU16le(h, 6, 4);
            Bytes.putI32le(h, 8, 0);
            Bytes.putI32le(h, 12, 0);
            Bytes.putI32le(h, 16, snapLength == 0 ? DEFAULT_SNAP_LENGTH : snapLength);
            Bytes.putI32le(h, 20, linkType);
            write(h, 0, 24);
        } catch (IOException | RuntimeException e) {
            out.abort();
            throw e;
        }
    }

    /**
     * A new file at {@code path}, put in place atomically on {@link #close()}.
     *
     * @param snapLength the snap length: longer frames are cut to it (their original length is kept); 0 writes
     *                   {@link #DEFAULT_SNAP_LENGTH} in the header and never cuts
     */
    public static PcapWriter create(Path path, int linkType, int snapLength, TimestampPrecision precision)
            throws IOException {
        return new PcapWriter(CaptureOutput.atomic(path), linkType, snapLength, precision);
    }

    /**
     * Writes straight to {@code path} (replaced if it exists), for a live capture; see {@link #flush()}. The file
     * appears under its name at the first flush, with its header, never empty.
     */
    public static PcapWriter createLive(Path path, int linkType, int snapLength, TimestampPrecision precision)
            throws IOException {
        return new PcapWriter(CaptureOutput.live(path), linkType, snapLength, precision);
    }

    /** Writes to {@code out}, which {@link #close()} closes. */
    public static PcapWriter to(OutputStream out, int linkType, int snapLength, TimestampPrecision precision)
            throws IOException {
        return new PcapWriter(CaptureOutput.stream(out), linkType, snapLength, precision);
    }

    /**
     * Writes one frame.
     *
     * @throws IllegalArgumentException when its link type is not the file's, or its time stamp is before 1970 or
     *                                  after 2106 (pcap stores unsigned 32-bit seconds)
     */
    public void writeFrame(RawFrame frame) throws IOException {
        if (frame.linkType() != linkType) {
            throw new IllegalArgumentException("frame " + frame.number() + " has link type " + frame.linkType()
                    + " but the pcap file has " + linkType);
        }
        long seconds = Math.floorDiv(frame.timestampNanos(), 1_000_000_000L);
        long fraction = Math.floorMod(frame.timestampNanos(), 1_000_000_000L) / precision.nanosPerUnit();
        if (seconds < 0 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("frame " + frame.number() + ": time stamp out of the pcap range");
        }
        if (out.closed()) {
            throw new IOException("the pcap writer is closed");
        }
        if (failed) {
            throw new IOException("an earlier write failed; the pcap output is unusable");
        }
        byte[] data = frame.data();
        int capturedLength = snapLength > 0 ? Math.min(snapLength, data.length) : data.length;
        byte[] h = header;
        Bytes.putI32le(h, 0, (int) seconds);
        Bytes.putI32le(h, 4, (int) fraction);
        Bytes.putI32le(h, 8, capturedLength);
        Bytes.putI32le(h, 12, frame.originalLength());
        write(h, 0, 16);
        write(data, 0, capturedLength);
        framesWritten++;
    }

    public int linkType() {
        return linkType;
    }

    public long framesWritten() {
        return framesWritten;
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /** Discards the output: a temporary file is deleted and an existing target left untouched. */
    public void abort() {
        out.abort();
    }

    /** Finishes the file (renames it into place); after a failed write the output is discarded instead. */
    @Override
    public void close() throws IOException {
        if (failed) {
            out.abort();
        } else {
            out.commit();
        }
    }

    private void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }
}
