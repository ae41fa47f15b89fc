package org.layerscope.pcapio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerscope.model.LinkType;
import org.layerscope.model.RawFrame;

/** Classic pcap cases the shared captures do not cover, on hand-made bytes. */
class PcapReaderTest {

    static ByteBuffer header(ByteOrder order, int magic, int linkField) {
        return ByteBuffer.allocate(24).order(order).putInt(magic).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(65535).putInt(linkField);
    }

    static byte[] record(ByteOrder order, long seconds, long fraction, byte[] data, int originalLength) {
        ByteBuffer b = ByteBuffer.allocate(16 + data.length).order(order).putInt((int) seconds).putInt((int) fraction)
                .putInt(data.length).putInt(originalLength).put(data);
        return b.array();
    }

    static byte[] file(ByteBuffer header, byte[]... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        for (byte[] r : records) {
            out.writeBytes(r);
        }
        return out.toByteArray();
    }

    @Test
    void bigEndianNanosecondFileWithFcsBitsInTheLinkTypeField() throws IOException {
        ByteOrder be = ByteOrder.BIG_ENDIAN;
        // FCS length 4 (in 16-bit units: 2) with the "FCS length present" bit, link type Ethernet
        int linkField = (2 << 28) | (1 << 26) | LinkType.ETHERNET;
        byte[] f = file(header(be, PcapReader.MAGIC_NANOSECONDS, linkField),
                record(be, 0xF000_0000L, 999_999_999, PcapngBlocksTest.data(14), 60),
                record(be, 1, 5, new byte[0], 0));
        SharedCaptures.Reading r = SharedCaptures.read(f);
        PcapReader reader = (PcapReader) r.reader();
        assertTrue(reader.bigEndian());
        assertTrue(reader.nanosecondTimestamps());
        assertEquals(LinkType.ETHERNET, reader.linkType());
        assertEquals(List.of(new CaptureInterface(LinkType.ETHERNET, 65535, null, null, 1_000_000_000L, 0)),
                reader.interfaces());
        RawFrame first = r.frames().get(0);
        // seconds are unsigned: after 2038
        assertEquals(0xF000_0000L * 1_000_000_000L + 999_999_999L, first.timestampNanos());
        assertEquals(60, first.originalLength());
        assertEquals(14, first.capturedLength());
        assertEquals(0, first.interfaceId());
        assertEquals(List.of(), first.comments());
        assertEquals(1_000_000_005L, r.frames().get(1).timestampNanos());
        assertEquals(2, r.frames().get(1).number());
    }

    @Test
    void microsecondsBecomeNanoseconds() throws IOException {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        byte[] f = file(header(le, PcapReader.MAGIC_MICROSECONDS, LinkType.RAW),
                record(le, 1_600_000_000L, 123_456, new byte[] {0x45}, 1));
        RawFrame frame = SharedCaptures.read(f).frames().get(0);
        assertEquals(1_600_000_000_123_456_000L, frame.timestampNanos());
        assertEquals(LinkType.RAW, frame.linkType());
    }

    @Test
    void truncatedRecordsEndTheStreamWithAWarning() throws IOException {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        byte[] whole = file(header(le, PcapReader.MAGIC_MICROSECONDS, 1),
                record(le, 1, 0, new byte[10], 10), record(le, 2, 0, new byte[20], 20));
        int secondStart = 24 + 26;
        for (int cut = secondStart + 1; cut < whole.length; cut++) {
            SharedCaptures.Reading r = SharedCaptures.read(Arrays.copyOf(whole, cut));
            assertEquals(1, r.frames().size());
            assertEquals(List.of("the last packet is truncated (file cut at byte " + cut + ")"), r.reader().warnings());
        }
        assertEquals(List.of(), SharedCaptures.read(Arrays.copyOf(whole, secondStart)).reader().warnings());
    }

    @Test
    void impossibleLengthsAndHeadersAreCorruption() throws IOException {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        byte[] absurd = file(header(le, PcapReader.MAGIC_MICROSECONDS, 1), record(le, 1, 0, new byte[4], 4),
                ByteBuffer.allocate(16).order(le).putInt(1).putInt(0).putInt(0xfffffff0).putInt(5).array());
        CaptureReader reader = CaptureFiles.open(new ByteArrayInputStream(absurd), "absurd");
        assertEquals(1, reader.next().number());
        CaptureFormatException e = assertThrows(CaptureFormatException.class, reader::next);
        assertEquals("corrupt pcap packet record at byte 44: captured length 4294967280 is impossible", e.getMessage());

        ByteBuffer v1 = header(le, PcapReader.MAGIC_MICROSECONDS, 1);
        v1.putShort(4, (short) 1);
        e = assertThrows(CaptureFormatException.class, () -> SharedCaptures.read(v1.array()));
        assertEquals("unsupported pcap version 1.4", e.getMessage());

        byte[] cutHeader = Arrays.copyOf(header(le, PcapReader.MAGIC_MICROSECONDS, 1).array(), 20);
        e = assertThrows(CaptureFormatException.class, () -> SharedCaptures.read(cutHeader));
        assertEquals("the pcap file header is truncated (file is only 20 bytes)", e.getMessage());
    }

    @Test
    void readsFromAPlainStream() throws IOException {
        byte[] f = SharedCaptures.bytes(SharedCaptures.get("dhcp.pcap"));
        try (PcapReader r = new PcapReader(new ByteArrayInputStream(f))) {
            RawFrame first = r.next();
            assertEquals(1, first.number());
            assertEquals("pcap", r.format());
            assertEquals(314, first.originalLength());
            assertArrayEquals(Arrays.copyOfRange(f, 40, 40 + 314), first.data());
        }
    }
}
