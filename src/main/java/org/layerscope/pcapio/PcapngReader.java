package org.layerscope.pcapio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.layerscope.model.RawFrame;

/**
 * Reads a pcapng file block by block.
 *
 * <p>Handles several sections, each in its own byte order; interface ids restart with every section, so the
 * {@link RawFrame#interfaceId()} it returns is a running index over the whole file (the index into
 * {@link #interfaces()}). Reads Interface Description Blocks ({@code if_name}, {@code if_description},
 * {@code if_tsresol} in both its power-of-10 and power-of-2 forms, {@code if_tsoffset}), Enhanced, Simple and
 * obsolete Packet Blocks (with their {@code opt_comment}s), Section Header comments and Decryption Secrets
 * Blocks. Name Resolution and Interface Statistics blocks are skipped silently, any other block with one
 * warning per block type.
 *
 * <p>A block whose length is impossible is corruption ({@link CaptureFormatException}); data that ends inside
 * a block ends the stream with a warning, after every complete frame before it.
 */
public final class PcapngReader extends AbstractCaptureReader {
    public static final int BLOCK_SECTION_HEADER = 0x0A0D0D0A;
    public static final int BLOCK_INTERFACE_DESCRIPTION = 0x00000001;
    public static final int BLOCK_PACKET = 0x00000002;
    public static final int BLOCK_SIMPLE_PACKET = 0x00000003;
    public static final int BLOCK_NAME_RESOLUTION = 0x00000004;
    public static final int BLOCK_INTERFACE_STATISTICS = 0x00000005;
    public static final int BLOCK_ENHANCED_PACKET = 0x00000006;
    public static final int BLOCK_DECRYPTION_SECRETS = 0x0000000A;
    public static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    /** Blocks longer than this are taken as corruption. */
    public static final int MAX_BLOCK_LENGTH = 64 << 20;

    static final int OPT_END = 0;
    static final int OPT_COMMENT = 1;
    static final int IF_NAME = 2;
    static final int IF_DESCRIPTION = 3;
    static final int IF_TSRESOL = 9;
    static final int IF_TSOFFSET = 14;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private boolean bigEndian;
    private final byte[] head = new byte[32];
    private byte[] scratch = new byte[512];
    private final List<Interface> section = new ArrayList<>();
    private final Set<Integer> warnedTypes = new HashSet<>();
    private int sectionCount;
    // the option found by the last nextOption call
    private int optionCode;
    private int optionOffset;
    private int optionLength;

    /** Reads the first section header from a stream positioned at the start of a pcapng file. */
    public PcapngReader(InputStream in) throws IOException {
        this(new CaptureInput(in, false), null);
    }

    PcapngReader(CaptureInput input, String name) throws IOException {
        super(input, name);
        int n = input.read(head, 0, 12);
        if (n == 0) {
            throw new CaptureFormatException("file is empty");
        }
        if (n < 4 || Bytes.i32(head, 0, true) != BLOCK_SECTION_HEADER) {
            throw new CaptureFormatException(n < 4 ? "not a capture file (only " + n + " bytes)"
                    : String.format("not a pcapng file (first block type 0x%08x)", Bytes.i32(head, 0, true)));
        }
        if (n < 12 || !readSectionHeader(0)) {
            throw new CaptureFormatException("the pcapng section header is truncated (file is only "
                    + input.position() + " bytes)");
        }
    }

    @Override
    RawFrame readFrame() throws IOException {
        while (true) {
            long start = input.position();
            int n = input.read(head, 0, 8);
            if (n == 0) {
                return null;
            }
            if (n < 8) {
                return truncated("block");
            }
            int type = Bytes.i32(head, 0, bigEndian);
            switch (type) {
                case BLOCK_ENHANCED_PACKET:
                    return enhancedPacket(start);
                case BLOCK_SIMPLE_PACKET:
                    return simplePacket(start);
                case BLOCK_PACKET:
                    return obsoletePacket(start);
                case BLOCK_SECTION_HEADER:
                    if (input.read(head, 8, 4) < 4 || !readSectionHeader(start)) {
                        return truncated("block");
                    }
                    break;
                case BLOCK_INTERFACE_DESCRIPTION:
                    if (!interfaceDescription(start)) {
                        return truncated("block");
                    }
                    break;
                case BLOCK_DECRYPTION_SECRETS:
                    if (!decryptionSecrets(start)) {
                        return truncated("block");
                    }
                    break;
                case BLOCK_NAME_RESOLUTION:
                case BLOCK_INTERFACE_STATISTICS:
                    if (!skipBlock(start, blockLength(start, 12))) {
                        return truncated("block");
                    }
                    break;
                default:
                    long length = blockLength(start, 12);
                    if (warnedTypes.add(type)) {
                        warnings.add(String.format("skipped pcapng block(s) of unknown type 0x%08x (first at byte %d)",
                                type, start));
                    }
                    if (!skipBlock(start, length)) {
                        return truncated("block");
                    }
                    break;
            }
        }
    }

    /** True when the current section is big-endian. */
    public boolean bigEndian() {
        return bigEndian;
    }

    /** Number of section headers met so far. */
    public int sectionCount() {
        return sectionCount;
    }

    @Override
    public String format() {
        return "pcapng";
    }

    // ---------------------------------------------------------------- blocks

    /** Checks the total length in {@code head[4..8]}; returns it. */
    private long blockLength(long start, int minimum) throws CaptureFormatException {
        long length = Bytes.u32(head, 4, bigEndian);
        if (length < 12 || length % 4 != 0 || length > MAX_BLOCK_LENGTH) {
            throw new CaptureFormatException("corrupt pcapng block at byte " + start + ": impossible block length "
                    + length);
        }
        if (length < minimum) {
            throw new CaptureFormatException(String.format(
                    "corrupt pcapng block at byte %d: block length %d is too short for block type 0x%08x",
                    start, length, Bytes.i32(head, 0, bigEndian)));
        }
        return length;
    }

    /** Reads {@code length} bytes into the scratch buffer; false when the data ends first. */
    private boolean readScratch(long length) throws IOException {
        byte[] b = input.readInto(scratch, (int) length);
        if (b == null) {
            return false;
        }
        scratch = b;
        return true;
    }

    private void checkTrailer(byte[] b, int offset, long length, long start) throws CaptureFormatException {
        long trailer = Bytes.u32(b, offset, bigEndian);
        if (trailer != length) {
            throw new CaptureFormatException("corrupt pcapng block at byte " + start + ": trailing length "
                    + trailer + " does not match block length " + length);
        }
    }

    /** Section header; {@code head[0..12]} holds type, length and byte-order magic. */
    private boolean readSectionHeader(long start) throws IOException {
        int magic = Bytes.i32(head, 8, true);
        if (magic == BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else if (Bytes.i32(head, 8, false) == BYTE_ORDER_MAGIC) {
            bigEndian = false;
        } else {
            throw new CaptureFormatException(String.format(
                    "corrupt pcapng section header at byte %d (byte-order magic 0x%08x)", start, magic));
        }
        long length = blockLength(start, 28);
        int rest = (int) length - 12;
        if (!readScratch(rest)) {
            return false;
        }
        byte[] b = scratch;
        checkTrailer(b, rest - 4, length, start);
        int major = Bytes.u16(b, 0, bigEndian);
        int minor = Bytes.u16(b, 2, bigEndian);
        if (major != 1) {
            throw new CaptureFormatException("unsupported pcapng version " + major + "." + minor
                    + " (section at byte " + start + ")");
        }
        section.clear();
        sectionCount++;
        for (int p = 12; (p = nextOption(b, p, rest - 4, start)) >= 0; ) {
            if (optionCode == OPT_COMMENT) {
                sectionComments.add(string(b, optionOffset, optionLength));
            }
        }
        return true;
    }

    private boolean interfaceDescription(long start) throws IOException {
        long length = blockLength(start, 20);
        int rest = (int) length - 8;
        if (!readScratch(rest)) {
            return false;
        }
        byte[] b = scratch;
        checkTrailer(b, rest - 4, length, start);
        int linkType = Bytes.u16(b, 0, bigEndian);
        int snapLength = Bytes.clampToInt(Bytes.u32(b, 4, bigEndian));
        String name = null;
        String description = null;
        int resolution = 6;
        long offsetSeconds = 0;
        for (int p = 8; (p = nextOption(b, p, rest - 4, start)) >= 0; ) {
            switch (optionCode) {
                case IF_NAME -> name = string(b, optionOffset, optionLength);
                case IF_DESCRIPTION -> description = string(b, optionOffset, optionLength);
                case IF_TSRESOL -> {
                    if (optionLength >= 1) {
                        resolution = b[optionOffset] & 0xff;
                    }
                }
                case IF_TSOFFSET -> {
                    if (optionLength >= 8) {
                        offsetSeconds = Bytes.i64(b, optionOffset, bigEndian);
                    }
                }
                default -> {
                }
            }
        }
        boolean powerOfTwo = (resolution & 0x80) != 0;
        int exponent = resolution & 0x7f;
        if (powerOfTwo ? exponent > 62 : exponent > 18) {
            throw new CaptureFormatException(String.format(
                    "unsupported time stamp resolution (if_tsresol 0x%02x) in the interface at byte %d",
                    resolution, start));
        }
        Interface iface = new Interface(interfaces.size(), linkType, snapLength, powerOfTwo, exponent,
                offsetSeconds * NANOS_PER_SECOND);
        section.add(iface);
        interfaces.add(new CaptureInterface(linkType, snapLength, name, description, iface.unitsPerSecond(),
                offsetSeconds));
        return true;
    }

    private boolean decryptionSecrets(long start) throws IOException {
        long length = blockLength(start, 20);
        int rest = (int) length - 8;
        if (!readScratch(rest)) {
            return false;
        }
        byte[] b = scratch;
        checkTrailer(b, rest - 4, length, start);
        int type = Bytes.i32(b, 0, bigEndian);
        long secretsLength = Bytes.u32(b, 4, bigEndian);
        if (secretsLength > length - 20) {
            throw new CaptureFormatException("corrupt pcapng decryption secrets block at byte " + start
                    + ": secrets length " + secretsLength + " exceeds the block");
        }
        secrets.add(new DecryptionSecrets(type, Arrays.copyOfRange(b, 8, 8 + (int) secretsLength)));
        return true;
    }

    private boolean skipBlock(long start, long length) throws IOException {
        if (!input.skip(length - 12) || input.read(head, 8, 4) < 4) {
            return false;
        }
        checkTrailer(head, 8, length, start);
        return true;
    }

    private RawFrame enhancedPacket(long start) throws IOException {
        long length = blockLength(start, 32);
        if (input.read(head, 8, 20) < 20) {
            return truncated("packet");
        }
        long interfaceId = Bytes.u32(head, 8, bigEndian);
        long timestamp = (Bytes.u32(head, 12, bigEndian) << 32) | Bytes.u32(head, 16, bigEndian);
        long capturedLength = Bytes.u32(head, 20, bigEndian);
        long originalLength = Bytes.u32(head, 24, bigEndian);
        return packet(start, length, 32, interfaceId, timestamp, capturedLength, originalLength);
    }

    private RawFrame obsoletePacket(long start) throws IOException {
        long length = blockLength(start, 32);
        if (input.read(head, 8, 20) < 20) {
            return truncated("packet");
        }
        long interfaceId = Bytes.u16(head, 8, bigEndian);
        long timestamp = (Bytes.u32(head, 12, bigEndian) << 32) | Bytes.u32(head, 16, bigEndian);
        long capturedLength = Bytes.u32(head, 20, bigEndian);
        long originalLength = Bytes.u32(head, 24, bigEndian);
        return packet(start, length, 32, interfaceId, timestamp, capturedLength, originalLength);
    }

    /** The rest of an enhanced or obsolete packet block, after its fixed fields. */
    private RawFrame packet(long start, long length, int fixed, long interfaceId, long timestamp,
                            long capturedLength, long originalLength) throws IOException {
        if (capturedLength > length - fixed) {
            throw new CaptureFormatException("corrupt pcapng packet block at byte " + start + ": captured length "
                    + capturedLength + " exceeds the block length " + length);
        }
        Interface iface = sectionInterface(interfaceId, start);
        dataStartsHere();
        byte[] data = readData((int) capturedLength);
        if (data == null) {
            return truncated("packet");
        }
        int rest = (int) (length - fixed - capturedLength) + 4; // padding, options, trailing length
        if (!readScratch(rest)) {
            return truncated("packet");
        }
        byte[] b = scratch;
        checkTrailer(b, rest - 4, length, start);
        List<String> comments = List.of();
        int optionsStart = (int) (Bytes.pad4(capturedLength) - capturedLength);
        for (int p = optionsStart; (p = nextOption(b, p, rest - 4, start)) >= 0; ) {
            if (optionCode == OPT_COMMENT) {
                if (comments.isEmpty()) {
                    comments = new ArrayList<>(2);
                }
                comments.add(string(b, optionOffset, optionLength));
            }
        }
        return new RawFrame(++frameCount, iface.nanos(timestamp), iface.linkType,
                Bytes.clampToInt(originalLength), data, dataAt, (int) capturedLength, iface.globalId, comments);
    }

    private RawFrame simplePacket(long start) throws IOException {
        long length = blockLength(start, 16);
        if (section.isEmpty()) {
            throw new CaptureFormatException("corrupt pcapng file: the simple packet block at byte " + start
                    + " comes before any interface description");
        }
        if (input.read(head, 8, 4) < 4) {
            return truncated("packet");
        }
        long originalLength = Bytes.u32(head, 8, bigEndian);
        Interface iface = section.get(0);
        long room = length - 16;
        // the block holds min(original length, snap length) bytes
        long capturedLength = iface.snapLength > 0 ? Math.min(originalLength, iface.snapLength) : originalLength;
        if (capturedLength > room) {
            throw new CaptureFormatException("corrupt pcapng simple packet block at byte " + start + ": block length "
                    + length + " is too short for " + capturedLength + " bytes of packet data");
        }
        dataStartsHere();
        byte[] data = readData((int) capturedLength);
        if (data == null) {
            return truncated("packet");
        }
        int rest = (int) (room - capturedLength) + 4;
        if (!readScratch(rest)) {
            return truncated("packet");
        }
        checkTrailer(scratch, rest - 4, length, start);
        // a simple packet block has no time stamp
        return new RawFrame(++frameCount, 0, iface.linkType, Bytes.clampToInt(originalLength), data, dataAt,
                (int) capturedLength, iface.globalId, List.of());
    }

    private Interface sectionInterface(long interfaceId, long start) throws CaptureFormatException {
        if (interfaceId >= section.size()) {
            throw new CaptureFormatException("corrupt pcapng packet block at byte " + start + ": interface "
                    + interfaceId + " is not described in its section (" + section.size() + " interface"
                    + (section.size() == 1 ? "" : "s") + ")");
        }
        return section.get((int) interfaceId);
    }

    // ---------------------------------------------------------------- options

    /**
     * Reads the option at {@code p} (options end at {@code end}) into optionCode/optionOffset/optionLength.
     *
     * @return the offset of the following option, or -1 when there is none (opt_endofopt or no room left)
     */
    private int nextOption(byte[] b, int p, int end, long start) throws CaptureFormatException {
        if (end - p < 4) {
            return -1;
        }
        int code = Bytes.u16(b, p, bigEndian);
        int length = Bytes.u16(b, p + 2, bigEndian);
        if (code == OPT_END) {
            return -1;
        }
        if (length > end - p - 4) {
            throw new CaptureFormatException("corrupt pcapng block at byte " + start + ": option " + code
                    + " of length " + length + " overruns its block");
        }
        optionCode = code;
        optionOffset = p + 4;
        optionLength = length;
        return p + 4 + (int) Bytes.pad4(length);
    }

    /** A UTF-8 string option; ends at the first NUL, if any. */
    private static String string(byte[] b, int offset, int length) {
        int end = offset;
        int limit = offset + length;
        while (end < limit && b[end] != 0) {
            end++;
        }
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** One interface of the current section, with what is needed to turn its time stamps into nanoseconds. */
    private static final class Interface {
        final int globalId;
        final int linkType;
        final int snapLength;
        final boolean powerOfTwo;
        final int exponent;
        final long offsetNanos;
        final long multiplier;
        final long divisor;

        Interface(int globalId, int linkType, int snapLength, boolean powerOfTwo, int exponent, long offsetNanos) {
            this.globalId = globalId;
            this.linkType = linkType;
            this.snapLength = snapLength;
            this.powerOfTwo = powerOfTwo;
            this.exponent = exponent;
            this.offsetNanos = offsetNanos;
            long m = 1;
            long d = 1;
            if (!powerOfTwo) {
                for (int i = exponent; i < 9; i++) {
                    m *= 10;
                }
                for (int i = 9; i < exponent; i++) {
                    d *= 10;
                }
            }
            this.multiplier = m;
            this.divisor = d;
        }

        long unitsPerSecond() {
            if (powerOfTwo) {
                return 1L << exponent;
            }
            long units = 1;
            for (int i = 0; i < exponent; i++) {
                units *= 10;
            }
            return units;
        }

        long nanos(long timestamp) {
            if (!powerOfTwo) {
                long nanos = divisor == 1 ? timestamp * multiplier : Long.divideUnsigned(timestamp, divisor);
                return nanos + offsetNanos;
            }
            if (exponent == 0) {
                return timestamp * NANOS_PER_SECOND + offsetNanos;
            }
            long seconds = timestamp >>> exponent;
            long fraction = timestamp & ((1L << exponent) - 1);
            // fraction * 10^9 / 2^exponent, exactly, through the 128-bit product
            long high = Math.multiplyHigh(fraction, NANOS_PER_SECOND);
            long low = fraction * NANOS_PER_SECOND;
            long fractionNanos = (high << (64 - exponent)) | (low >>> exponent);
            return seconds * NANOS_PER_SECOND + fractionNanos + offsetNanos;
        }
    }
}
