package org.layerscope.pcapio;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.layerscope.model.RawFrame;

/**
 * Reads a classic pcap file: either byte order, microsecond ({@code 0xa1b2c3d4}) or nanosecond
 * ({@code 0xa1b23c4d}) time stamps. Frames are numbered from 1 and all belong to interface 0.
 */
public final class PcapReader extends AbstractCaptureReader {
    /** Magic number of a pcap with microsecond time stamps (as read in the file's own byte order). */
    public static final int MAGIC_MICROSECONDS = 0xa1b2c3d4;
    /** Magic number of a pcap with nanosecond time stamps. */
    public static final int MAGIC_NANOSECONDS = 0xa1b23c4d;
    /** Captured lengths above this are taken as corruption. */
    public static final int MAX_PACKET_LENGTH = 64 << 20;

    private static final int FILE_HEADER_LENGTH = 24;
    private static final int RECORD_HEADER_LENGTH = 16;

    private final boolean bigEndian;
    private final boolean nanosecond;
    private final int linkType;
    private final byte[] header = new byte[FILE_HEADER_LENGTH];

    /** Reads the file header from a stream positioned at the start of a pcap file. */
    public PcapReader(InputStream in) throws IOException {
        this(new CaptureInput(in, false), null);
    }

    PcapReader(CaptureInput input, String name) throws IOException {
        super(input, name);
        int n = input.read(header, 0, FILE_HEADER_LENGTH);
        if (n < 4) {
            throw new CaptureFormatException(n == 0 ? "file is empty" : "not a capture file (only " + n + " bytes)");
        }
        int magicBe = Bytes.i32(header, 0, true);
        int magicLe = Bytes.i32(header, 0, false);
        if (magicBe == MAGIC_MICROSECONDS || magicBe == MAGIC_NANOSECONDS) {
            bigEndian = true;
            nanosecond = magicBe == MAGIC_NANOSECONDS;
        } else if (magicLe == MAGIC_MICROSECONDS || magicLe == MAGIC_NANOSECONDS) {
            bigEndian = false;
            nanosecond = magicLe == MAGIC_NANOSECONDS;
        } else {
            throw new CaptureFormatException(String.format("not a pcap file (unknown magic 0x%08x)", magicBe));
        }
        if (n < FILE_HEADER_LENGTH) {
            throw new CaptureFormatException("the pcap file header is truncated (file is only " + n + " bytes)");
        }
        int major = Bytes.u16(header, 4, bigEndian);
        int minor = Bytes.u16(header, 6, bigEndian);
        if (major != 2) {
            throw new CaptureFormatException("unsupported pcap version " + major + "." + minor);
        }
        int snapLength = Bytes.clampToInt(Bytes.u32(header, 16, bigEndian));
        // the upper 16 bits carry FCS information, the link type is in the lower 16
        linkType = Bytes.i32(header, 20, bigEndian) & 0xffff;
        long unitsPerSecond = nanosecond ? 1_000_000_000L : 1_000_000L;
        interfaces.add(new CaptureInterface(linkType, snapLength, null, null, unitsPerSecond, 0));
    }

    @Override
    RawFrame readFrame() throws IOException {
        byte[] h = header;
        int n = input.read(h, 0, RECORD_HEADER_LENGTH);
        if (n == 0) {
            return null;
        }
        if (n < RECORD_HEADER_LENGTH) {
            return truncated("packet");
        }
        long seconds = Bytes.u32(h, 0, bigEndian);
        long fraction = Bytes.u32(h, 4, bigEndian);
        long capturedLength = Bytes.u32(h, 8, bigEndian);
        long originalLength = Bytes.u32(h, 12, bigEndian);
        if (capturedLength > MAX_PACKET_LENGTH) {
            throw new CaptureFormatException("corrupt pcap packet record at byte " + (input.position() - n)
                    + ": captured length " + capturedLength + " is impossible");
        }
        dataStartsHere();
        byte[] data = readData((int) capturedLength);
        if (data == null) {
            return truncated("packet");
        }
        long nanos = seconds * 1_000_000_000L + (nanosecond ? fraction : fraction * 1000L);
        return new RawFrame(++frameCount, nanos, linkType, Bytes.clampToInt(originalLength), data, dataAt,
                (int) capturedLength, 0, List.of());
    }

    /** The link type of every frame (from the file header, FCS bits masked off). */
    public int linkType() {
        return linkType;
    }

    /** True for a big-endian file. */
    public boolean bigEndian() {
        return bigEndian;
    }

    /** True for nanosecond time stamps (magic {@code 0xa1b23c4d}). */
    public boolean nanosecondTimestamps() {
        return nanosecond;
    }

    @Override
    public String format() {
        return "pcap";
    }
}
