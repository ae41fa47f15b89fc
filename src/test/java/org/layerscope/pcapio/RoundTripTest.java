package org.layerscope.pcapio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.layerscope.pcapio.SharedCaptures.name;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.model.RawFrame;

/** Every shared capture read, written again with PcapngWriter and PcapWriter, and read back. */
class RoundTripTest {
    @TempDir
    static Path tmp;

    /** What a copy must hold: the frames with the ids the writer gave their interfaces. */
    record Copy(Path file, List<RawFrame> expected, SharedCaptures.Reading source) {
    }

    /** Copies a capture to pcapng: section comments, secrets first, then every frame on a like interface. */
    static Copy pcapngCopy(Path capture) throws IOException {
        SharedCaptures.Reading src = SharedCaptures.read(capture);
        Path out = tmp.resolve(name(capture) + ".copy.pcapng");
        List<RawFrame> expected = new ArrayList<>();
        try (PcapngWriter w = PcapngWriter.create(out, src.reader().sectionComments())) {
            for (DecryptionSecrets s : src.reader().secrets()) {
                w.writeSecrets(s);
            }
            for (RawFrame f : src.frames()) {
                int id = w.addInterface(src.reader().interfaces().get(f.interfaceId()));
                w.writeFrame(id, f);
                expected.add(new RawFrame(f.number(), f.timestampNanos(), f.linkType(), f.originalLength(), f.data(),
                        id, f.comments()));
            }
        }
        return new Copy(out, expected, src);
    }

    /** Copies a capture to pcap, in the precision of its first interface; null for several link types. */
    static Copy pcapCopy(Path capture) throws IOException {
        SharedCaptures.Reading src = SharedCaptures.read(capture);
        if (src.frames().stream().map(RawFrame::linkType).distinct().count() > 1) {
            return null;
        }
        CaptureInterface first = src.reader().interfaces().get(0);
        TimestampPrecision precision = TimestampPrecision.forUnitsPerSecond(first.tsUnitsPerSecond());
        Path out = tmp.resolve(name(capture) + ".copy.pcap");
        List<RawFrame> expected = new ArrayList<>();
        int linkType = src.frames().isEmpty() ? first.linkType() : src.frames().get(0).linkType();
        try (PcapWriter w = PcapWriter.create(out, linkType, first.snapLength(), precision)) {
            for (RawFrame f : src.frames()) {
                w.writeFrame(f);
                expected.add(new RawFrame(f.number(), f.timestampNanos(), f.linkType(), f.originalLength(), f.data(),
                        0, List.of()));
            }
        }
        return new Copy(out, expected, src);
    }

    @TestFactory
    Stream<DynamicTest> pcapngCopiesReadBackIdentical() {
        return SharedCaptures.all().stream().map(p -> DynamicTest.dynamicTest(name(p), () -> {
            Copy copy = pcapngCopy(p);
            SharedCaptures.Reading back = SharedCaptures.read(copy.file());
            assertEquals("pcapng", back.reader().format());
            assertEquals(List.of(), back.reader().warnings());
            SharedCaptures.assertSameFrames(copy.expected(), back.frames(), name(p) + " copy");
            assertEquals(copy.source().reader().sectionComments(), back.reader().sectionComments());
            for (RawFrame f : copy.source().frames()) {
                CaptureInterface was = copy.source().reader().interfaces().get(f.interfaceId());
                CaptureInterface is = back.reader().interfaces().get(copy.expected().get((int) f.number() - 1)
                        .interfaceId());
                assertEquals(was.name(), is.name());
                assertEquals(was.description(), is.description());
                assertEquals(was.snapLength(), is.snapLength());
                assertEquals(was.linkType(), is.linkType());
            }
            List<DecryptionSecrets> secrets = copy.source().reader().secrets();
            assertEquals(secrets.size(), back.reader().secrets().size());
            for (int i = 0; i < secrets.size(); i++) {
                assertEquals(secrets.get(i).secretsType(), back.reader().secrets().get(i).secretsType());
                assertArrayEquals(secrets.get(i).data(), back.reader().secrets().get(i).data());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> pcapCopiesReadBackIdentical() {
        return SharedCaptures.all().stream().map(p -> DynamicTest.dynamicTest(name(p), () -> {
            Copy copy = pcapCopy(p);
            if (copy == null) {
                return; // several link types: pcap cannot hold them
            }
            SharedCaptures.Reading back = SharedCaptures.read(copy.file());
            assertEquals("pcap", back.reader().format());
            assertEquals(List.of(), back.reader().warnings());
            SharedCaptures.assertSameFrames(copy.expected(), back.frames(), name(p) + " pcap copy");
        }));
    }

    /** tshark reads the copies like the originals: the same frame.len and frame.comment as the ground truth. */
    @Test
    void tsharkReadsTheCopiesLikeTheOriginals() throws IOException {
        List<byte[]> sections = new ArrayList<>();
        List<RawFrame> expected = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String[]> truth = new ArrayList<>();
        List<Path> pcaps = new ArrayList<>();
        List<RawFrame> pcapExpected = new ArrayList<>();
        List<String> pcapNames = new ArrayList<>();
        for (Path p : SharedCaptures.all()) {
            Copy copy = pcapngCopy(p);
            sections.add(SharedCaptures.bytes(copy.file()));
            expected.addAll(copy.expected());
            SharedCaptures.Truth t = SharedCaptures.truth(p);
            for (int i = 0; i < copy.expected().size(); i++) {
                names.add(name(p) + " copy frame " + (i + 1));
                truth.add(new String[] {t.get(i, "frame.len"), t.get(i, "frame.comment")});
            }
            Copy pcap = pcapCopy(p);
            if (pcap != null) {
                pcaps.add(pcap.file());
                pcapExpected.addAll(pcap.expected());
                pcap.expected().forEach(f -> pcapNames.add(name(p) + " pcap copy frame " + f.number()));
            }
        }
        List<String[]> rows = Tshark.fieldsOfConcatenation(tmp, sections, SharedCapturesTruthTest.TSHARK_FIELDS);
        ByteOrderTest.assertRows(rows, expected, names);
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(truth.get(i)[0], rows.get(i)[1], names.get(i) + ": frame.len as in the truth file");
            assertEquals(truth.get(i)[1], rows.get(i)[3], names.get(i) + ": frame.comment as in the truth file");
        }
        ByteOrderTest.assertRows(Tshark.fields(Tshark.mergeWithMergecap(tmp, pcaps), "frame.time_epoch", "frame.len",
                "frame.encap_type"), pcapExpected, pcapNames);
    }

    /** The copy's Decryption Secrets Blocks are usable: tshark decrypts the copy as the original. */
    @Test
    void tsharkDecryptsTheCopyWithItsEmbeddedSecrets() throws IOException {
        Path original = SharedCaptures.get("tls12-dsb.pcapng");
        Copy copy = pcapngCopy(original);
        SharedCaptures.Truth truth = SharedCaptures.truth(original);
        List<String[]> rows = Tshark.fields(copy.file(), List.of("-2"), "frame.number", "tls.handshake.type",
                "_ws.col.Info");
        assertEquals(truth.rows().size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(truth.get(i, "tls.handshake.type"), rows.get(i)[1], "frame " + (i + 1));
            assertEquals(truth.get(i, "_ws.col.Info"), rows.get(i)[2], "frame " + (i + 1));
        }
        // the decrypted view differs from the one without secrets (frame 6 is "HEAD / HTTP/1.1")
        assertEquals("HEAD / HTTP/1.1 ", rows.get(5)[2]);
    }
}
