package org.layerscope.pcapio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.layerscope.pcapio.PcapngBuilder.comment;
import static org.layerscope.pcapio.PcapngBuilder.ifDescription;
import static org.layerscope.pcapio.PcapngBuilder.ifName;
import static org.layerscope.pcapio.PcapngBuilder.tsoffset;
import static org.layerscope.pcapio.PcapngBuilder.tsresol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.layerscope.model.LinkType;
import org.layerscope.model.RawFrame;

/** pcapng features and faults the shared captures do not have, on hand-built blocks ({@link PcapngBuilder}). */
class PcapngBlocksTest {
    private static final long NS = 1_000_000_000L;

    static byte[] data(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    enum Order {
        LITTLE(ByteOrder.LITTLE_ENDIAN), BIG(ByteOrder.BIG_ENDIAN);
        final ByteOrder order;

        Order(ByteOrder order) {
            this.order = order;
        }
    }

    /** A file with every kind of block LayerScope reads, and what it must read from it. */
    static byte[] everyBlockKind(ByteOrder order) {
        return new PcapngBuilder(order)
                .shb("first section", "second comment")
                .idb(LinkType.ETHERNET, 0, ifName("eth0"), ifDescription("the wire"), tsresol(9))
                .idb(LinkType.RAW, 65535, tsresol(0x80 | 20)) // 2^-20 s
                .idb(LinkType.LINUX_SLL, 0, tsresol(3), tsoffset(1_000_000_000L)) // ms, + 10^9 s
                .idb(LinkType.NULL, 0, tsresol(12)) // ps
                .epb(0, 1_700_000_000_123_456_789L, data(60), 60, comment("one"), comment("two"),
                        comment("ünïcödé ✓ line\r\nbreak"))
                .epb(1, (1_700_000_000L << 20) | (1 << 19), data(1), 1500) // .5 s
                .epb(1, (1_700_000_000L << 20) | 1, data(3), 3) // 1/2^20 s = 953.674 ns
                .nrb()
                .epb(2, 700_000_000_250L, data(20), 20) // 700000000.250 s + offset
                .isb(0, 5)
                .epb(3, 1_700_000_000_000_000_000L + 1_999, data(5), 5) // ps: 1.999 ns cut to 1 ns
                .pb(2, 700_000_001_000L, data(33), 40, comment("obsolete packet block"))
                .dsb(DecryptionSecrets.TLS_KEY_LOG, "CLIENT_RANDOM 00 11\n".getBytes(StandardCharsets.US_ASCII))
                .spb(100, data(100)) // interface 0 has no snap length: all 100 bytes are there
                .spb(3, data(4)) // 3 bytes + 1 byte of padding
                .epb(0, 0, data(0), 0, PcapngBuilder.raw(1, "nul-ended\0junk".getBytes(StandardCharsets.UTF_8)))
                .bytes();
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void readsEveryBlockKind(Order order) throws IOException {
        SharedCaptures.Reading r = SharedCaptures.read(everyBlockKind(order.order));
        assertEquals(List.of(), r.reader().warnings());
        assertEquals(List.of("first section", "second comment"), r.reader().sectionComments());
        List<CaptureInterface> ifs = r.reader().interfaces();
        assertEquals(new CaptureInterface(LinkType.ETHERNET, 0, "eth0", "the wire", NS, 0), ifs.get(0));
        assertEquals(new CaptureInterface(LinkType.RAW, 65535, null, null, 1 << 20, 0), ifs.get(1));
        assertEquals(new CaptureInterface(LinkType.LINUX_SLL, 0, null, null, 1000, 1_000_000_000L), ifs.get(2));
        assertEquals(new CaptureInterface(LinkType.NULL, 0, null, null, 1_000_000_000_000L, 0), ifs.get(3));

        List<RawFrame> f = r.frames();
        assertEquals(9, f.size());
        for (int i = 0; i < f.size(); i++) {
            assertEquals(i + 1, f.get(i).number());
        }
        assertEquals(1_700_000_000_123_456_789L, f.get(0).timestampNanos());
        assertEquals(List.of("one", "two", "ünïcödé ✓ line\r\nbreak"), f.get(0).comments());
        assertArrayEquals(data(60), f.get(0).data());
        assertEquals(LinkType.ETHERNET, f.get(0).linkType());

        assertEquals(1_700_000_000L * NS + 500_000_000L, f.get(1).timestampNanos());
        assertEquals(1500, f.get(1).originalLength());
        assertEquals(1, f.get(1).interfaceId());
        assertEquals(LinkType.RAW, f.get(1).linkType());
        assertEquals(1_700_000_000L * NS + 953, f.get(2).timestampNanos(), "2^-20 s, rounded down");

        assertEquals(1_700_000_000_250_000_000L, f.get(3).timestampNanos(), "ms units + if_tsoffset");
        assertEquals(LinkType.LINUX_SLL, f.get(3).linkType());
        assertEquals(1_700_000_000_000_001L, f.get(4).timestampNanos(), "ps units (64 bits of ps reach only 213 days)");

        RawFrame pb = f.get(5);
        assertEquals(2, pb.interfaceId());
        assertEquals(1_700_000_001_000_000_000L, pb.timestampNanos());
        assertEquals(33, pb.capturedLength());
        assertEquals(40, pb.originalLength());
        assertEquals(List.of("obsolete packet block"), pb.comments());

        assertEquals(1, r.reader().secrets().size());
        assertEquals(DecryptionSecrets.TLS_KEY_LOG, r.reader().secrets().get(0).secretsType());
        assertEquals("CLIENT_RANDOM 00 11\n", new String(r.reader().secrets().get(0).data(), StandardCharsets.US_ASCII));

        RawFrame spb = f.get(6);
        assertEquals(0, spb.interfaceId());
        assertEquals(LinkType.ETHERNET, spb.linkType());
        assertEquals(100, spb.originalLength());
        assertArrayEquals(data(100), spb.data());
        assertEquals(0, spb.timestampNanos(), "a simple packet block has no time stamp");
        assertArrayEquals(data(3), f.get(7).data());
        assertEquals(3, f.get(7).originalLength());

        assertEquals(List.of("nul-ended"), f.get(8).comments());
        assertEquals(0, f.get(8).capturedLength());
    }

    @Test
    void simplePacketIsCutToTheSnapLength() throws IOException {
        byte[] file = new PcapngBuilder().shb().idb(LinkType.ETHERNET, 50).spb(100, data(50)).bytes();
        RawFrame f = SharedCaptures.read(file).frames().get(0);
        assertArrayEquals(data(50), f.data());
        assertEquals(100, f.originalLength());
        // without a snap length the block must hold the whole packet
        corruption(start().spb(100, data(64)).bytes(), "block length 80 is too short for 100 bytes of packet data");
    }

    @Test
    void tsharkReadsTheHandBuiltBlocksAsWeDo(@TempDir Path tmp) throws IOException {
        for (Order order : Order.values()) {
            Path file = tmp.resolve("blocks-" + order + ".pcapng");
            Files.write(file, everyBlockKind(order.order));
            List<RawFrame> ours = SharedCaptures.read(file).frames();
            List<String[]> rows = Tshark.fields(file, "frame.len", "frame.cap_len", "frame.comment",
                    "frame.time_epoch", "frame.interface_id");
            assertEquals(ours.size(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                RawFrame f = ours.get(i);
                String where = order + " frame " + f.number();
                assertEquals(rows.get(i)[0], String.valueOf(f.originalLength()), where);
                assertEquals(rows.get(i)[1], String.valueOf(f.capturedLength()), where);
                assertEquals(rows.get(i)[2], SharedCaptures.tsharkComments(f), where);
                if (!rows.get(i)[3].isEmpty()) { // tshark shows no time for simple packet blocks
                    assertEquals(SharedCaptures.nanos(rows.get(i)[3]), f.timestampNanos(), where);
                }
                assertEquals(rows.get(i)[4], String.valueOf(f.interfaceId()), where);
            }
        }
    }

    @Test
    void unknownBlocksAreSkippedWithOneWarningPerType() throws IOException {
        byte[] file = new PcapngBuilder().shb().idb(LinkType.ETHERNET, 0)
                .block(0x00000BAD, new byte[] {0, 0, 0x7e, 0x54, 1, 2, 3, 4}, null)
                .epb(0, 1, data(10), 10)
                .block(0x00000BAD, new byte[8], null)
                .block(0x40000BAD, new byte[12], null)
                .nrb().isb(0, 2)
                .epb(0, 2, data(10), 10)
                .bytes();
        SharedCaptures.Reading r = SharedCaptures.read(file);
        assertEquals(2, r.frames().size());
        assertEquals(2, r.reader().warnings().size(), r.reader().warnings().toString());
        assertTrue(r.reader().warnings().get(0).contains("0x00000bad"), r.reader().warnings().toString());
        assertTrue(r.reader().warnings().get(1).contains("0x40000bad"), r.reader().warnings().toString());
    }

    // ---------------------------------------------------------------- corruption and truncation

    /** A valid start: a section, an interface and two packets. */
    static PcapngBuilder start() {
        return new PcapngBuilder().shb().idb(LinkType.ETHERNET, 0).epb(0, 10, data(10), 10).epb(0, 20, data(20), 20);
    }

    /** Reads until the exception; asserts the two good frames came first and the message is for people. */
    static String corruption(byte[] file, String expectedInMessage) throws IOException {
        List<RawFrame> frames = new ArrayList<>();
        CaptureReader reader = CaptureFiles.open(new ByteArrayInputStream(file), "corrupt");
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> {
            for (RawFrame f; (f = reader.next()) != null; ) {
                frames.add(f);
            }
        });
        assertEquals(2, frames.size(), "the frames before the corruption");
        assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertFalse(e.getMessage().contains("internal error"), e.getMessage());
        // the reader stays failed
        assertThrows(CaptureFormatException.class, reader::next);
        reader.close();
        return e.getMessage();
    }

    @Test
    void impossibleBlockLengthsAreCorruption() throws IOException {
        int at = start().size();
        assertEquals("corrupt pcapng block at byte " + at + ": impossible block length 8",
                corruption(start().rawBlock(6, 8, 0, 8).bytes(), "impossible block length 8"));
        corruption(start().rawBlock(6, 30, 18, 30).bytes(), "impossible block length 30");
        corruption(start().rawBlock(6, 0x7ffffffc, 0, 0).bytes(), "impossible block length 2147483644");
        corruption(start().rawBlock(6, 0xfffffff0, 0, 0).bytes(), "impossible block length 4294967280");
        corruption(start().rawBlock(6, (64 << 20) + 4, 0, 0).bytes(), "impossible block length");
        corruption(start().rawBlock(6, 16, 4, 16).bytes(), "too short");
        corruption(start().rawBlock(4, 0, 0, 0).bytes(), "impossible block length 0");
    }

    @Test
    void trailingLengthMismatchIsCorruption() throws IOException {
        corruption(start().rawBlock(5, 24, 12, 28).bytes(), "trailing length 28 does not match block length 24");
        byte[] file = start().epb(0, 1, data(4), 4).bytes();
        file[file.length - 4] ^= 4;
        corruption(file, "does not match");
    }

    @Test
    void fieldsThatDoNotFitTheirBlockAreCorruption() throws IOException {
        // captured length beyond the block
        byte[] file = start().epb(0, 1, data(8), 8).bytes();
        int caplen = file.length - 40 + 20;
        file[caplen] = 100;
        corruption(file, "captured length 100 exceeds the block");
        // an absurd captured length never allocates
        file[caplen] = (byte) 0xff;
        file[caplen + 1] = (byte) 0xff;
        file[caplen + 2] = (byte) 0xff;
        file[caplen + 3] = (byte) 0x7f;
        corruption(file, "captured length 2147483647 exceeds the block");
        // an option running past its block
        byte[] opt = start().epb(0, 1, data(4), 4, comment("abcdefgh")).bytes();
        opt[opt.length - 4 - 4 - 12 + 2] = 40; // the comment's length
        corruption(opt, "option 1 of length 40 overruns its block");
        // secrets longer than their block
        byte[] dsb = start().dsb(DecryptionSecrets.TLS_KEY_LOG, data(8)).bytes();
        dsb[dsb.length - 4 - 8 - 4] = 9;
        corruption(dsb, "secrets length 9 exceeds the block");
    }

    @Test
    void packetsMustReferToAnInterfaceOfTheirSection() throws IOException {
        corruption(start().epb(1, 1, data(4), 4).bytes(), "interface 1 is not described in its section (1 interface)");
        // a new section forgets the interfaces of the previous one
        corruption(start().shb().epb(0, 1, data(4), 4).bytes(), "interface 0 is not described");
        corruption(start().shb().spb(4, data(4)).bytes(), "comes before any interface description");
        corruption(start().shb().pb(0, 1, data(4), 4).bytes(), "interface 0 is not described");
    }

    @Test
    void badSectionHeadersAreCorruption() throws IOException {
        byte[] file = start().shb().bytes();
        file[file.length - 28 + 8] = 0x11; // byte-order magic of the second section
        corruption(file, "byte-order magic");
        corruption(start().shb(2, 0).bytes(), "unsupported pcapng version 2.0");
        corruption(start().idb(1, 0, tsresol(19)).bytes(), "unsupported time stamp resolution");
        corruption(start().idb(1, 0, tsresol(0x80 | 63)).bytes(), "unsupported time stamp resolution");
    }

    @Test
    void aTruncatedLastPacketEndsTheStreamWithAWarning() throws IOException {
        byte[] whole = start().epb(0, 30, data(30), 30, comment("last")).bytes();
        int lastStart = start().size();
        for (int cut = lastStart + 1; cut < whole.length; cut++) {
            SharedCaptures.Reading r = SharedCaptures.read(java.util.Arrays.copyOf(whole, cut));
            assertEquals(2, r.frames().size(), "cut at " + cut);
            String expected = cut - lastStart < 8 ? "the last block is truncated (file cut at byte " + cut + ")"
                    : "the last packet is truncated (file cut at byte " + cut + ")";
            assertEquals(List.of(expected), r.reader().warnings(), "cut at " + cut);
            assertNull(r.reader().next(), "stays at the end");
        }
        // an interface description cut short
        byte[] idb = start().idb(1, 0, ifName("cut")).bytes();
        SharedCaptures.Reading r = SharedCaptures.read(java.util.Arrays.copyOf(idb, idb.length - 3));
        assertEquals(List.of("the last block is truncated (file cut at byte " + (idb.length - 3) + ")"),
                r.reader().warnings());
    }

    @Test
    void aHugeDeclaredBlockInAShortFileIsATruncationNotAnAllocation() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            // 60 MiB block, 60 MiB captured length, 100 bytes of file: must not allocate 60 MiB up front
            byte[] head = start().bytes();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(28 + 100).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(6).putInt(60 << 20).putInt(0).putInt(0).putInt(1).putInt((60 << 20) - 40).putInt(60 << 20);
            byte[] file = new byte[head.length + b.capacity()];
            System.arraycopy(head, 0, file, 0, head.length);
            System.arraycopy(b.array(), 0, file, head.length, b.capacity());
            for (int i = 0; i < 20; i++) {
                SharedCaptures.Reading r = SharedCaptures.read(file);
                assertEquals(2, r.frames().size());
                assertEquals(1, r.reader().warnings().size());
            }
        });
    }

    @Test
    void notAPcapngFileAtAll() {
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> new PcapngReader(new ByteArrayInputStream("hello world, not pcapng".getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().startsWith("not a pcapng file"), e.getMessage());
        e = assertThrows(CaptureFormatException.class,
                () -> SharedCaptures.read(java.util.Arrays.copyOf(new PcapngBuilder().shb().bytes(), 20)));
        assertTrue(e.getMessage().contains("section header is truncated"), e.getMessage());
    }
}
