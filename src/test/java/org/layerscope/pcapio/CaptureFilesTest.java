package org.layerscope.pcapio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format detection and the one-line messages for files that are not captures. */
class CaptureFilesTest {

    static String refusal(byte[] content) {
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureFiles.open(new ByteArrayInputStream(content), "x"));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void gzipIsToldByItsFirstBytesNotItsName(@TempDir Path tmp) throws IOException {
        Path sample = Path.of("sample-pcaps/mqtt-tls12-mutual.pcapng");
        Path gz = Files.write(tmp.resolve("named-plain.pcapng"), MultiSectionTest.gzip(Files.readAllBytes(sample)));
        assertTrue(CaptureFiles.isGzip(gz));
        try (CaptureReader a = CaptureFiles.open(sample); CaptureReader b = CaptureFiles.open(gz)) {
            assertEquals(a.next().capturedLength(), b.next().capturedLength(), "and opened as such");
        }
        assertFalse(CaptureFiles.isGzip(Files.copy(sample, tmp.resolve("plain.pcapng.gz"))));
        assertFalse(CaptureFiles.isGzip(Files.write(tmp.resolve("one-byte.gz"), new byte[] {0x1f})));
        assertFalse(CaptureFiles.isGzip(tmp.resolve("missing.gz")));
        assertFalse(CaptureFiles.isGzip(tmp), "a folder");
    }

    @Test
    void filesThatAreNotCapturesAreRefusedWithAMessageForPeople(@TempDir Path tmp) throws IOException {
        assertEquals("file is empty", refusal(new byte[0]));
        assertEquals("not a capture file (unknown magic 0x48656c6c)",
                refusal("Hello, world\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("not a capture file (only 2 bytes)", refusal(new byte[] {(byte) 0xd4, (byte) 0xc3}));
        assertEquals("file is empty (after gzip decompression)", refusal(MultiSectionTest.gzip(new byte[0])));
        assertEquals("not a capture file after gzip decompression (unknown magic 0x7b226a73)",
                refusal(MultiSectionTest.gzip("{\"json\": true}".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("not a capture file (gzip-compressed twice)",
                refusal(MultiSectionTest.gzip(MultiSectionTest.gzip(new byte[10]))));
        assertTrue(refusal(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0}).contains("zstd"));
        assertTrue(refusal(new byte[] {(byte) 0xa1, (byte) 0xb2, (byte) 0xcd, 0x34, 0, 0}).contains("modified"));
        assertTrue(refusal(new byte[] {0x1f, (byte) 0x8b, 8}).startsWith("the gzip file is truncated"));
        assertTrue(refusal(new byte[] {0x1f, (byte) 0x8b, 9, 0, 0, 0, 0, 0, 0, 0, 0}).startsWith("corrupt gzip file"));

        Path empty = Files.createFile(tmp.resolve("empty.pcap"));
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> CaptureFiles.open(empty));
        assertEquals("file is empty", e.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> CaptureFiles.open(tmp.resolve("missing.pcap")));
    }

    @Test
    void aGzipFileCutShortGivesItsCompleteFramesAndAWarning() throws IOException {
        byte[] gz = SharedCaptures.bytes(SharedCaptures.get("tls-fragmented-handshakes.pcap.gz"));
        SharedCaptures.Reading cut = SharedCaptures.read(Arrays.copyOf(gz, gz.length / 2));
        assertTrue(cut.frames().size() > 10 && cut.frames().size() < 589, "frames: " + cut.frames().size());
        assertEquals(1, cut.reader().warnings().size(), cut.reader().warnings().toString());
        assertTrue(cut.reader().warnings().get(0).contains("of the decompressed data"), cut.reader().warnings().get(0));
        // only the gzip trailer missing: every frame, and a warning that the compressed file is cut
        SharedCaptures.Reading noTrailer = SharedCaptures.read(Arrays.copyOf(gz, gz.length - 8));
        assertEquals(589, noTrailer.frames().size());
        assertEquals(List.of("the compressed file is truncated (cut after byte " + SharedCaptures.plainBytes(
                SharedCaptures.get("tls-fragmented-handshakes.pcap.gz")).length + " of the decompressed data)"),
                noTrailer.reader().warnings());
    }

    @Test
    void corruptGzipDataIsACaptureFormatException() throws IOException {
        byte[] gz = SharedCaptures.bytes(SharedCaptures.get("tls-fragmented-handshakes.pcap.gz"));
        byte[] bad = gz.clone();
        for (int i = gz.length / 2; i < gz.length / 2 + 64; i++) {
            bad[i] = (byte) 0xff;
        }
        List<org.layerscope.model.RawFrame> before = new java.util.ArrayList<>();
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> {
            try (CaptureReader r = CaptureFiles.open(new ByteArrayInputStream(bad), "bad.gz")) {
                for (org.layerscope.model.RawFrame f; (f = r.next()) != null; ) {
                    before.add(f);
                }
            }
        });
        assertTrue(e.getMessage().startsWith("corrupt gzip data after byte "), e.getMessage());
        assertFalse(before.isEmpty(), "the frames before the corrupt part");
    }

    @Test
    void readersReportTheirFormatAndPosition() throws IOException {
        try (CaptureReader r = CaptureFiles.open(SharedCaptures.get("dhcp.pcapng"))) {
            assertEquals("pcapng", r.format());
            assertTrue(r.toString().endsWith("dhcp.pcapng"), r.toString());
            int n = 0;
            while (r.next() != null) {
                n++;
            }
            assertEquals(4, n);
            assertNull(r.next());
            assertEquals(Files.size(SharedCaptures.get("dhcp.pcapng")), ((AbstractCaptureReader) r).position());
            assertEquals(4, ((AbstractCaptureReader) r).frameCount());
        }
    }
}
