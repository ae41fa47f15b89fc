package org.layerscope.pcapio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Test helper: writes pcapng blocks by hand, in either byte order, following the pcapng specification, so that
 * tests can make the cases no shared capture has (power-of-2 resolutions, simple and obsolete packet blocks,
 * unknown blocks, corrupt lengths, ...).
 */
final class PcapngBuilder {
    /** One option: its code and its value encoded for a byte order. */
    record Option(int code, Function<ByteOrder, byte[]> value) {
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;

    PcapngBuilder(ByteOrder order) {
        this.order = order;
    }

    PcapngBuilder() {
        this(ByteOrder.LITTLE_ENDIAN);
    }

    static Option comment(String text) {
        return new Option(1, o -> text.getBytes(StandardCharsets.UTF_8));
    }

    static Option ifName(String name) {
        return new Option(2, o -> name.getBytes(StandardCharsets.UTF_8));
    }

    static Option ifDescription(String description) {
        return new Option(3, o -> description.getBytes(StandardCharsets.UTF_8));
    }

    static Option tsresol(int value) {
        return new Option(9, o -> new byte[] {(byte) value});
    }

    static Option tsoffset(long seconds) {
        return new Option(14, o -> ByteBuffer.allocate(8).order(o).putLong(seconds).array());
    }

    static Option raw(int code, byte[] value) {
        return new Option(code, o -> value);
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    int size() {
        return out.size();
    }

    PcapngBuilder shb(String... comments) {
        return shb(1, 0, comments);
    }

    PcapngBuilder shb(int major, int minor, String... comments) {
        Option[] options = new Option[comments.length];
        for (int i = 0; i < comments.length; i++) {
            options[i] = comment(comments[i]);
        }
        ByteBuffer fixed = buffer(16).putInt(PcapngReader.BYTE_ORDER_MAGIC).putShort((short) major)
                .putShort((short) minor).putLong(-1);
        return block(PcapngReader.BLOCK_SECTION_HEADER, fixed.array(), null, options);
    }

    PcapngBuilder idb(int linkType, int snapLength, Option... options) {
        ByteBuffer fixed = buffer(8).putShort((short) linkType).putShort((short) 0).putInt(snapLength);
        return block(PcapngReader.BLOCK_INTERFACE_DESCRIPTION, fixed.array(), null, options);
    }

    PcapngBuilder epb(int interfaceId, long timestamp, byte[] data, int originalLength, Option... options) {
        ByteBuffer fixed = buffer(20).putInt(interfaceId).putInt((int) (timestamp >>> 32)).putInt((int) timestamp)
                .putInt(data.length).putInt(originalLength);
        return block(PcapngReader.BLOCK_ENHANCED_PACKET, fixed.array(), data, options);
    }

    /** An obsolete Packet Block (type 2). */
    PcapngBuilder pb(int interfaceId, long timestamp, byte[] data, int originalLength, Option... options) {
        ByteBuffer fixed = buffer(20).putShort((short) interfaceId).putShort((short) 0)
                .putInt((int) (timestamp >>> 32)).putInt((int) timestamp).putInt(data.length).putInt(originalLength);
        return block(PcapngReader.BLOCK_PACKET, fixed.array(), data, options);
    }

    /** A Simple Packet Block: {@code data} is all the packet bytes the block holds. */
    PcapngBuilder spb(int originalLength, byte[] data) {
        return block(PcapngReader.BLOCK_SIMPLE_PACKET, buffer(4).putInt(originalLength).array(), data);
    }

    PcapngBuilder dsb(int secretsType, byte[] data) {
        ByteBuffer fixed = buffer(8).putInt(secretsType).putInt(data.length);
        return block(PcapngReader.BLOCK_DECRYPTION_SECRETS, fixed.array(), data);
    }

    /** A Name Resolution Block with one IPv4 record. */
    PcapngBuilder nrb() {
        byte[] name = "host.example\0".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer records = buffer(4 + pad4(4 + name.length) + 4).putShort((short) 1)
                .putShort((short) (4 + name.length)).put(new byte[] {10, 0, 0, 1}).put(name);
        records.position(records.capacity() - 4);
        records.putShort((short) 0).putShort((short) 0);
        return block(PcapngReader.BLOCK_NAME_RESOLUTION, records.array(), null);
    }

    /** An Interface Statistics Block with an isb_ifrecv option. */
    PcapngBuilder isb(int interfaceId, long timestamp) {
        ByteBuffer fixed = buffer(12).putInt(interfaceId).putInt((int) (timestamp >>> 32)).putInt((int) timestamp);
        return block(PcapngReader.BLOCK_INTERFACE_STATISTICS, fixed.array(), null,
                new Option(4, o -> ByteBuffer.allocate(8).order(o).putLong(42).array()));
    }

    /** Any block: fixed fields, then {@code data} padded to 4 bytes, then options. */
    PcapngBuilder block(int type, byte[] fixed, byte[] data, Option... options) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(fixed);
        if (data != null) {
            body.writeBytes(data);
            body.writeBytes(new byte[pad4(data.length) - data.length]);
        }
        if (options.length > 0) {
            for (Option option : options) {
                byte[] value = option.value().apply(order);
                body.writeBytes(buffer(4).putShort((short) option.code()).putShort((short) value.length).array());
                body.writeBytes(value);
                body.writeBytes(new byte[pad4(value.length) - value.length]);
            }
            body.writeBytes(new byte[4]);
        }
        int length = 12 + body.size();
        out.writeBytes(buffer(8).putInt(type).putInt(length).array());
        out.writeBytes(body.toByteArray());
        out.writeBytes(buffer(4).putInt(length).array());
        return this;
    }

    /** Bytes as they are (for corrupt blocks). */
    PcapngBuilder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** A block header and trailer with any lengths (for corrupt blocks); {@code bodyLength} zero bytes between. */
    PcapngBuilder rawBlock(int type, int length, int bodyLength, int trailer) {
        out.writeBytes(buffer(8).putInt(type).putInt(length).array());
        out.writeBytes(new byte[bodyLength]);
        out.writeBytes(buffer(4).putInt(trailer).array());
        return this;
    }

    ByteBuffer buffer(int n) {
        return ByteBuffer.allocate(n).order(order);
    }

    static int pad4(int n) {
        return (n + 3) & ~3;
    }
}
