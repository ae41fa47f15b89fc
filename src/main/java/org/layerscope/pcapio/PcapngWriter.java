package org.layerscope.pcapio;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.layerscope.model.RawFrame;

/**
 * Writes a little-endian pcapng file: one section (with optional comments), one Interface Description Block per
 * distinct interface, Enhanced Packet Blocks carrying the frames' comments, and Decryption Secrets Blocks.
 *
 * <p>{@link #create(Path, List)} writes to a temporary file in the target's folder and renames it into place on
 * {@link #close()}: a failed or {@linkplain #abort() aborted} write leaves an existing file untouched.
 * {@link #createLive(Path, List)} writes straight to the target for live captures, whole blocks at a time;
 * {@link #flush()} makes what was written so far readable by others (and safe from a {@code kill -9}).
 *
 * <p>Not thread-safe.
 */
public final class PcapngWriter implements Closeable, Flushable {
    /** Written as {@code shb_userappl}. */
    public static final String APPLICATION = "LayerScope";

    private static final int SHB_USERAPPL = 4;
    private static final int MAX_OPTION_LENGTH = 0xffff;

    private final CaptureOutput out;
    private final List<Entry> interfaces = new ArrayList<>();
    private final Map<Object, Integer> interfaceIds = new HashMap<>();
    private byte[] buffer = new byte[256];
    private long framesWritten;
    private boolean failed;

    private PcapngWriter(CaptureOutput out, List<String> sectionComments) throws IOException {
        this.out = out;
        try {
            writeSectionHeader(sectionComments == null ? List.of() : sectionComments);
        } catch (IOException | RuntimeException e) {
            out.abort();
            throw e;
        }
    }

    /** A new file at {@code path}, put in place atomically on {@link #close()}. */
    public static PcapngWriter create(Path path) throws IOException {
        return create(path, List.of());
    }

    /** A new file at {@code path} whose section header carries {@code sectionComments}, put in place on close. */
    public static PcapngWriter create(Path path, List<String> sectionComments) throws IOException {
        return new PcapngWriter(CaptureOutput.atomic(path), sectionComments);
    }

    /**
     * Like {@link #create(Path, List)} for a file readable and writable by its owner only from its creation on
     * (autosave copies and captures with embedded secrets).
     */
    public static PcapngWriter createOwnerOnly(Path path, List<String> sectionComments) throws IOException {
        return new PcapngWriter(CaptureOutput.atomicOwnerOnly(path), sectionComments);
    }

    /**
     * Writes straight to {@code path} (replaced if it exists), for a live capture; see {@link #flush()}. The file
     * appears under its name at the first flush, with everything written until then (the section header and,
     * flushed together with it, the interfaces), never empty.
     */
    public static PcapngWriter createLive(Path path, List<String> sectionComments) throws IOException {
        return new PcapngWriter(CaptureOutput.live(path), sectionComments);
    }

    /** Writes to {@code out}, which {@link #close()} closes. */
    public static PcapngWriter to(OutputStream out, List<String> sectionComments) throws IOException {
        return new PcapngWriter(CaptureOutput.stream(out), sectionComments);
    }

    /**
     * The id of the interface with this link type, snap length (0 = no limit) and time stamp precision; writes
     * its Interface Description Block the first time.
     */
    public int addInterface(int linkType, int snapLength, TimestampPrecision precision) throws IOException {
        return addInterface(new Entry(linkType, snapLength, precision, null, null));
    }

    /**
     * The id of an interface like {@code description} (link type, snap length, name, description; its time
     * stamp resolution becomes microseconds when that loses nothing, else nanoseconds; time stamps are written
     * absolute, so no {@code if_tsoffset}). Writes its Interface Description Block the first time.
     */
    public int addInterface(CaptureInterface description) throws IOException {
        return addInterface(new Entry(description.linkType(), description.snapLength(),
                TimestampPrecision.forUnitsPerSecond(description.tsUnitsPerSecond()), description.name(),
                description.description()));
    }

    private int addInterface(Entry entry) throws IOException {
        if (entry.linkType < 0 || entry.linkType > 0xffff) {
            throw new IllegalArgumentException("link type out of range: " + entry.linkType);
        }
        if (entry.snapLength < 0) {
            throw new IllegalArgumentException("negative snap length: " + entry.snapLength);
        }
        Objects.requireNonNull(entry.precision, "precision");
        Integer id = interfaceIds.get(entry);
        if (id != null) {
            return id;
        }
        ensureOpen();
        byte[] name = utf8(entry.name, "if_name");
        byte[] description = utf8(entry.description, "if_description");
        int length = 8 + 8 + optionLength(name) + optionLength(description) + 8 /* if_tsresol */ + 4 /* end */ + 4;
        byte[] b = block(PcapngReader.BLOCK_INTERFACE_DESCRIPTION, length);
        Bytes.putU16le(b, 8, entry.linkType);
        Bytes.putU16le(b, 10, 0);
        Bytes.putI32le(b, 12, entry.snapLength);
        int p = 16;
        p = putOption(b, p, PcapngReader.IF_NAME, name);
        p = putOption(b, p, PcapngReader.IF_DESCRIPTION, description);
        p = putOption(b, p, PcapngReader.IF_TSRESOL, new byte[] {(byte) entry.precision.tsresol()});
        p = putEnd(b, p);
        finishBlock(b, p, length);
        id = interfaces.size();
        interfaces.add(entry);
        interfaceIds.put(entry, id);
        return id;
    }

    /**
     * Writes a frame on the interface for its link type (no snap length limit, nanosecond time stamps), adding
     * that interface the first time.
     */
    public void writeFrame(RawFrame frame) throws IOException {
        writeFrame(addInterface(frame.linkType(), 0, TimestampPrecision.NANOSECONDS), frame);
    }

    /**
     * Writes a frame on an interface from {@link #addInterface}: time stamp in the interface's precision, the
     * frame's comments as {@code opt_comment}s. Data beyond the interface's snap length is cut off (the original
     * length is kept).
     *
     * @throws IllegalArgumentException when the interface is unknown or has another link type
     */
    public void writeFrame(int interfaceId, RawFrame frame) throws IOException {
        if (interfaceId < 0 || interfaceId >= interfaces.size()) {
            throw new IllegalArgumentException("no interface " + interfaceId + " (" + interfaces.size() + " added)");
        }
        Entry iface = interfaces.get(interfaceId);
        if (iface.linkType != frame.linkType()) {
            throw new IllegalArgumentException("frame " + frame.number() + " has link type " + frame.linkType()
                    + " but interface " + interfaceId + " has " + iface.linkType);
        }
        ensureOpen();
        byte[] data = frame.data();
        int capturedLength = iface.snapLength > 0 ? Math.min(data.length, iface.snapLength) : data.length;
        List<String> comments = frame.comments();
        byte[][] encoded = new byte[comments.size()][];
        int optionsLength = 0;
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = utf8(comments.get(i), "comment");
            optionsLength += optionLength(encoded[i]);
        }
        if (optionsLength > 0) {
            optionsLength += 4;
        }
        long length = 32L + Bytes.pad4(capturedLength) + optionsLength;
        if (length > PcapngReader.MAX_BLOCK_LENGTH) {
            throw new IllegalArgumentException("frame " + frame.number() + " is too large for a pcapng block");
        }
        long units = Math.floorDiv(frame.timestampNanos(), iface.precision.nanosPerUnit());
        byte[] b = ensureBuffer(28);
        Bytes.putI32le(b, 0, PcapngReader.BLOCK_ENHANCED_PACKET);
        Bytes.putI32le(b, 4, (int) length);
        Bytes.putI32le(b, 8, interfaceId);
        Bytes.putI32le(b, 12, (int) (units >>> 32));
        Bytes.putI32le(b, 16, (int) units);
        Bytes.putI32le(b, 20, capturedLength);
        Bytes.putI32le(b, 24, frame.originalLength());
        write(b, 0, 28);
        write(data, 0, capturedLength);
        int tail = (int) (Bytes.pad4(capturedLength) - capturedLength) + optionsLength + 4;
        b = ensureBuffer(tail);
        java.util.Arrays.fill(b, 0, tail, (byte) 0);
        int p = (int) (Bytes.pad4(capturedLength) - capturedLength);
        if (optionsLength > 0) {
            for (byte[] comment : encoded) {
                p = putOption(b, p, PcapngReader.OPT_COMMENT, comment);
            }
            p = putEnd(b, p);
        }
        Bytes.putI32le(b, p, (int) length);
        write(b, 0, p + 4);
        endBlock();
        framesWritten++;
    }

    /**
     * Writes a Decryption Secrets Block. Readers apply secrets to the packets that follow them: write them before
     * the first packet they decrypt.
     */
    public void writeSecrets(DecryptionSecrets secrets) throws IOException {
        ensureOpen();
        byte[] data = secrets.data();
        long length = 20L + Bytes.pad4(data.length);
        if (length > PcapngReader.MAX_BLOCK_LENGTH) {
            throw new IllegalArgumentException("secrets too large for a pcapng block: " + data.length + " bytes");
        }
        byte[] b = ensureBuffer(16);
        Bytes.putI32le(b, 0, PcapngReader.BLOCK_DECRYPTION_SECRETS);
        Bytes.putI32le(b, 4, (int) length);
        Bytes.putI32le(b, 8, secrets.secretsType());
        Bytes.putI32le(b, 12, data.length);
        write(b, 0, 16);
        write(data, 0, data.length);
        int padding = (int) (Bytes.pad4(data.length) - data.length);
        b = ensureBuffer(padding + 4);
        java.util.Arrays.fill(b, 0, padding, (byte) 0);
        Bytes.putI32le(b, padding, (int) length);
        write(b, 0, padding + 4);
        endBlock();
    }

    /** Interfaces added so far. */
    public int interfaceCount() {
        return interfaces.size();
    }

    public long framesWritten() {
        return framesWritten;
    }

    /** Pushes what was written so far to the file (or stream). */
    @Override
    public void flush() throws IOException {
        ensureOpen();
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

    /**
     * Finishes the file: a file from {@link #create} is renamed into place. After a failed write (or
     * {@link #abort()}) the output is discarded instead.
     */
    @Override
    public void close() throws IOException {
        if (failed) {
            out.abort();
        } else {
            out.commit();
        }
    }

    // ---------------------------------------------------------------- encoding

    private void writeSectionHeader(List<String> comments) throws IOException {
        List<byte[]> encoded = new ArrayList<>();
        int optionsLength = 0;
        for (String comment : comments) {
            byte[] c = utf8(comment, "section comment");
            encoded.add(c);
            optionsLength += optionLength(c);
        }
        byte[] application = APPLICATION.getBytes(StandardCharsets.UTF_8);
        optionsLength += optionLength(application) + 4;
        int length = 28 + optionsLength;
        byte[] b = block(PcapngReader.BLOCK_SECTION_HEADER, length);
        Bytes.putI32le(b, 8, PcapngReader.BYTE_ORDER_MAGIC);
        Bytes.putU16le(b, 12, 1);
        Bytes.putU16le(b, 14, 0);
        Bytes.putI64le(b, 16, -1L); // section length not given
        int p = 24;
        for (byte[] c : encoded) {
            p = putOption(b, p, PcapngReader.OPT_COMMENT, c);
        }
        p = putOption(b, p, SHB_USERAPPL, application);
        p = putEnd(b, p);
        finishBlock(b, p, length);
    }

    /** A zeroed buffer of {@code length} bytes with the block type and length filled in. */
    private byte[] block(int type, int length) {
        byte[] b = ensureBuffer(length);
        java.util.Arrays.fill(b, 0, length, (byte) 0);
        Bytes.putI32le(b, 0, type);
        Bytes.putI32le(b, 4, length);
        return b;
    }

    private void finishBlock(byte[] b, int p, int length) throws IOException {
        if (p + 4 != length) {
            throw new IllegalStateException("block length mismatch: " + (p + 4) + " != " + length);
        }
        Bytes.putI32le(b, p, length);
        write(b, 0, length);
        endBlock();
    }

    private byte[] ensureBuffer(int length) {
        if (buffer.length < length) {
            buffer = new byte[Math.max(length, 2 * buffer.length)];
        }
        return buffer;
    }

    private static int optionLength(byte[] value) {
        return value == null ? 0 : 4 + (int) Bytes.pad4(value.length);
    }

    private static int putOption(byte[] b, int p, int code, byte[] value) {
        if (value == null) {
            return p;
        }
        Bytes.putU16le(b, p, code);
        Bytes.putU16le(b, p + 2, value.length);
        System.arraycopy(value, 0, b, p + 4, value.length);
        return p + 4 + (int) Bytes.pad4(value.length);
    }

    private static int putEnd(byte[] b, int p) {
        Bytes.putI32le(b, p, 0);
        return p + 4;
    }

    private static byte[] utf8(String s, String what) {
        if (s == null) {
            return null;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_OPTION_LENGTH) {
            throw new IllegalArgumentException(what + " too long for a pcapng option: " + b.length + " bytes");
        }
        return b;
    }

    private void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /** A whole block was written (a live file gets only whole blocks, see {@link CaptureOutput#endBlock()}). */
    private void endBlock() throws IOException {
        try {
            out.endBlock();
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    private void ensureOpen() throws IOException {
        if (out.closed()) {
            throw new IOException("the pcapng writer is closed");
        }
        if (failed) {
            throw new IOException("an earlier write failed; the pcapng output is unusable");
        }
    }

    private record Entry(int linkType, int snapLength, TimestampPrecision precision, String name,
                         String description) {
    }
}
