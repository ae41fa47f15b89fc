package org.layerscope.pcapio;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens capture files: detects pcap or pcapng by the magic number (never by the file name) and gunzips
 * gzip-compressed files on the fly. The file is streamed, never held in memory.
 */
public final class CaptureFiles {
    private static final int BUFFER_SIZE = 1 << 16;
    private static final int GZIP_MAGIC = 0x1f8b;

    private CaptureFiles() {
    }

    /**
     * Opens a pcap or pcapng file, plain or gzip-compressed.
     *
     * @throws CaptureFormatException when the file is not a capture file LayerScope can read (the message says
     *                                why, in one line, for people)
     * @throws IOException            when the file cannot be read
     */
    public static CaptureReader open(Path path) throws IOException {
        CaptureReader plain = openUncompressed(path, path.toString());
        if (plain != null) {
            return plain;
        }
        InputStream in = Files.newInputStream(path);
        try {
            return open(in, path.toString());
        } catch (IOException | RuntimeException | Error e) {
            in.close();
            throw e;
        }
    }

    /**
     * Opens a capture from a stream positioned at its first byte; the reader closes the stream.
     *
     * @param name a name for the capture (the file name), for messages
     */
    public static CaptureReader open(InputStream in, String name) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER_SIZE);
        byte[] magic = peek(buffered, 4);
        boolean compressed = false;
        if (magic.length == 0) {
            throw new CaptureFormatException("file is empty");
        }
        if (magic.length >= 2 && ((magic[0] & 0xff) << 8 | (magic[1] & 0xff)) == GZIP_MAGIC) {
            compressed = true;
            try {
                // a small input buffer, so that corrupt compressed data is met late, after the frames before it
                buffered = new BufferedInputStream(new GZIPInputStream(buffered, 8192), BUFFER_SIZE);
            } catch (EOFException e) {
                throw new CaptureFormatException("the gzip file is truncated in its header");
            } catch (ZipException e) {
                throw new CaptureFormatException("corrupt gzip file (" + e.getMessage() + ")");
            }
            magic = peek(buffered, 4);
            if (magic.length == 0) {
                throw new CaptureFormatException("file is empty (after gzip decompression)");
            }
        }
        if (magic.length < 4) {
            throw new CaptureFormatException("not a capture file (only " + magic.length + " bytes)");
        }
        int value = (magic[0] & 0xff) << 24 | (magic[1] & 0xff) << 16 | (magic[2] & 0xff) << 8 | (magic[3] & 0xff);
        return reader(new CaptureInput(buffered, compressed), value, compressed, name);
    }

    /**
     * Whether the file starts as a gzip stream does, which is how {@link #open(Path)} tells a compressed capture
     * (whatever its name); false when it cannot be read.
     */
    public static boolean isGzip(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] b = in.readNBytes(2);
            return b.length == 2 && ((b[0] & 0xff) << 8 | (b[1] & 0xff)) == GZIP_MAGIC;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * A regular, uncompressed file read through {@link ChannelInput} (its own buffer over the file's input stream:
     * one copy of the bytes, no lock per read), or null for anything else (compressed, too short, not a regular file), which {@link #open(Path)}
     * then reads as a stream, as before. {@code name} names the file in messages. Its {@link CaptureReader#position()}
     * is the offset in the file, so it tells the progress of reading.
     */
    public static CaptureReader openUncompressed(Path path, String name) throws IOException {
        if (!Files.isRegularFile(path)) {
            return null;
        }
        FileInputStream in;
        try {
            in = new FileInputStream(path.toFile());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null; // the stream path reports the problem as it always did
        }
        try {
            byte[] head = new byte[4];
            int n = 0;
            for (int r; n < 4 && (r = in.read(head, n, 4 - n)) > 0; ) {
                n += r;
            }
            int value = (head[0] & 0xff) << 24 | (head[1] & 0xff) << 16 | (head[2] & 0xff) << 8 | (head[3] & 0xff);
            if (n < 4 || value >>> 16 == GZIP_MAGIC) {
                in.close();
                return null;
            }
            in.getChannel().position(0);
            return reader(new CaptureInput(new ChannelInput(in), false), value, false, name);
        } catch (IOException | RuntimeException | Error e) {
            in.close();
            throw e;
        }
    }

    private static CaptureReader reader(CaptureInput input, int value, boolean compressed, String name)
            throws IOException {
        switch (value) {
            case PcapReader.MAGIC_MICROSECONDS, PcapReader.MAGIC_NANOSECONDS,
                    0xd4c3b2a1, 0x4d3cb2a1:
                return new PcapReader(input, name);
            case PcapngReader.BLOCK_SECTION_HEADER:
                return new PcapngReader(input, name);
            default:
                throw new CaptureFormatException(unknownMagic(value, compressed));
        }
    }

    private static String unknownMagic(int value, boolean compressed) {
        if (value >>> 16 == GZIP_MAGIC) {
            return "not a capture file (gzip-compressed twice)";
        }
        String known = switch (value) {
            case 0xa1b2cd34, 0x34cdb2a1 -> "a modified (Kuznetzov) pcap file, which is not supported";
            case 0x28b52ffd -> "a zstd-compressed file: decompress it first (unzstd)";
            case 0x04224d18 -> "an lz4-compressed file: decompress it first (lz4 -d)";
            case 0x736e6f6f -> "a Solaris snoop file, which is not supported (convert it with editcap -F pcapng)";
            case 0x504b0304 -> "a zip archive: extract the capture first";
            default -> null;
        };
        String prefix = compressed ? "not a capture file after gzip decompression" : "not a capture file";
        return known != null ? prefix + " (" + known + ")"
                : String.format("%s (unknown magic 0x%08x)", prefix, value);
    }

    /** Up to n bytes from the start of the stream, which is then reset to where it was. */
    private static byte[] peek(BufferedInputStream in, int n) throws IOException {
        in.mark(n);
        byte[] b = new byte[n];
        int filled = 0;
        try {
            while (filled < n) {
                int r = in.read(b, filled, n - filled);
                if (r < 0) {
                    break;
                }
                filled += r;
            }
        } catch (EOFException e) {
            throw new CaptureFormatException("the gzip file is truncated");
        } catch (ZipException e) {
            throw new CaptureFormatException("corrupt gzip file (" + e.getMessage() + ")");
        }
        in.reset();
        return filled == n ? b : java.util.Arrays.copyOf(b, filled);
    }
}
