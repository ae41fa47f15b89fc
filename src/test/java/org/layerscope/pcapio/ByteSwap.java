package org.layerscope.pcapio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: turns a real pcap or pcapng file into the other byte order (no common tool writes big-endian
 * captures). Every header field, block field and numeric option the pcap and pcapng specifications define is
 * swapped; packet data, strings and unknown block bodies are copied as they are. Applying it twice gives the
 * original bytes back.
 */
final class ByteSwap {
    private final ByteBuffer in;
    private final ByteBuffer out;

    private ByteSwap(byte[] src) {
        in = ByteBuffer.wrap(src);
        out = ByteBuffer.wrap(src.clone());
    }

    private void order(ByteOrder source) {
        in.order(source);
        out.order(source == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    }

    private int u16(int pos) {
        short v = in.getShort(pos);
        out.putShort(pos, v);
        return v & 0xffff;
    }

    private int u32(int pos) {
        int v = in.getInt(pos);
        out.putInt(pos, v);
        return v;
    }

    private void u64(int pos) {
        out.putLong(pos, in.getLong(pos));
    }

    /** A pcap file in the other byte order (a cut last record is left as it is). */
    static byte[] pcap(byte[] src) {
        ByteSwap s = new ByteSwap(src);
        int magic = s.in.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        s.order(magic == PcapReader.MAGIC_MICROSECONDS || magic == PcapReader.MAGIC_NANOSECONDS
                ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        s.u32(0);
        s.u16(4);
        s.u16(6);
        for (int p = 8; p < 24; p += 4) {
            s.u32(p);
        }
        int pos = 24;
        while (pos + 16 <= src.length) {
            s.u32(pos);
            s.u32(pos + 4);
            int captured = s.u32(pos + 8);
            s.u32(pos + 12);
            pos += 16 + captured;
        }
        return s.out.array();
    }

    /** A pcapng file with every section in the other byte order. */
    static byte[] pcapng(byte[] src) {
        ByteSwap s = new ByteSwap(src);
        int pos = 0;
        while (pos + 12 <= src.length) {
            if (s.in.getInt(pos) == PcapngReader.BLOCK_SECTION_HEADER) {
                s.order(s.in.order(ByteOrder.BIG_ENDIAN).getInt(pos + 8) == PcapngReader.BYTE_ORDER_MAGIC
                        ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            }
            int length = s.in.getInt(pos + 4);
            if (pos + length > src.length) {
                break;
            }
            s.block(pos, length);
            pos += length;
        }
        return s.out.array();
    }

    /** Offsets where the blocks of a complete pcapng file start, and its length: the clean places to cut it. */
    static List<Integer> pcapngBlockBoundaries(byte[] src) {
        ByteBuffer b = ByteBuffer.wrap(src);
        List<Integer> boundaries = new ArrayList<>();
        int pos = 0;
        while (pos + 12 <= src.length) {
            boundaries.add(pos);
            if (b.getInt(pos) == PcapngReader.BLOCK_SECTION_HEADER) {
                b.order(b.order(ByteOrder.BIG_ENDIAN).getInt(pos + 8) == PcapngReader.BYTE_ORDER_MAGIC
                        ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            }
            pos += b.getInt(pos + 4);
        }
        boundaries.add(pos);
        return boundaries;
    }

    private void block(int pos, int length) {
        int type = u32(pos);
        u32(pos + 4);
        u32(pos + length - 4);
        int end = pos + length - 4;
        switch (type) {
            case PcapngReader.BLOCK_SECTION_HEADER -> {
                u32(pos + 8);
                u16(pos + 12);
                u16(pos + 14);
                u64(pos + 16);
                options(pos + 24, end, type);
            }
            case PcapngReader.BLOCK_INTERFACE_DESCRIPTION -> {
                u16(pos + 8);
                u16(pos + 10);
                u32(pos + 12);
                options(pos + 16, end, type);
            }
            case PcapngReader.BLOCK_ENHANCED_PACKET -> {
                for (int p = pos + 8; p < pos + 28; p += 4) {
                    u32(p);
                }
                options(pos + 28 + pad4(in.getInt(pos + 20)), end, type);
            }
            case PcapngReader.BLOCK_PACKET -> {
                u16(pos + 8);
                u16(pos + 10);
                for (int p = pos + 12; p < pos + 28; p += 4) {
                    u32(p);
                }
                options(pos + 28 + pad4(in.getInt(pos + 20)), end, type);
            }
            case PcapngReader.BLOCK_SIMPLE_PACKET -> u32(pos + 8);
            case PcapngReader.BLOCK_NAME_RESOLUTION -> {
                int p = pos + 8;
                while (p + 4 <= end) {
                    int recordType = u16(p);
                    int recordLength = u16(p + 2);
                    p += 4 + pad4(recordLength);
                    if (recordType == 0) {
                        break;
                    }
                }
                options(p, end, type);
            }
            case PcapngReader.BLOCK_INTERFACE_STATISTICS -> {
                u32(pos + 8);
                u32(pos + 12);
                u32(pos + 16);
                options(pos + 20, end, type);
            }
            case PcapngReader.BLOCK_DECRYPTION_SECRETS -> {
                u32(pos + 8);
                int secretsLength = u32(pos + 12);
                options(pos + 16 + pad4(secretsLength), end, type);
            }
            default -> {
                // unknown body: left as it is
            }
        }
    }

    private void options(int pos, int end, int blockType) {
        while (pos + 4 <= end) {
            int code = u16(pos);
            int length = u16(pos + 2);
            int value = pos + 4;
            if (code == 0) {
                return;
            }
            if (code == 2988 || code == 2989 || code == 19372 || code == 19373) {
                u32(value); // custom option: private enterprise number
            } else if (blockType == PcapngReader.BLOCK_INTERFACE_DESCRIPTION) {
                switch (code) {
                    case 8, 14, 16, 17 -> u64(value); // if_speed, if_tsoffset, if_txspeed, if_rxspeed
                    case 10 -> u32(value); // if_tzone
                    default -> {
                    }
                }
            } else if (blockType == PcapngReader.BLOCK_ENHANCED_PACKET || blockType == PcapngReader.BLOCK_PACKET) {
                switch (code) {
                    case 2, 6 -> u32(value); // flags, queue
                    case 4, 5 -> u64(value); // dropcount, packetid
                    default -> {
                    }
                }
            } else if (blockType == PcapngReader.BLOCK_INTERFACE_STATISTICS) {
                if (code == 2 || code == 3) { // isb_starttime, isb_endtime: two 32-bit halves
                    u32(value);
                    u32(value + 4);
                } else if (code >= 4 && code <= 8) {
                    u64(value);
                }
            }
            pos = value + pad4(length);
        }
    }

    private static int pad4(int n) {
        return (n + 3) & ~3;
    }
}
