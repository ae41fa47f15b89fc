package org.layerscope.pcapio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.layerscope.pcapio.SharedCaptures.name;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.model.RawFrame;

/**
 * Big-endian files, made at run time from every shared (little-endian) capture with {@link ByteSwap}, read
 * exactly like the originals; tshark reads the swapped files the same way too, which checks the swapper.
 */
class ByteOrderTest {

    static byte[] swapped(Path capture) {
        byte[] plain = SharedCaptures.plainBytes(capture);
        return SharedCaptures.isPcapng(capture) ? ByteSwap.pcapng(plain) : ByteSwap.pcap(plain);
    }

    @TestFactory
    Stream<DynamicTest> bigEndianCopiesReadLikeTheOriginals() {
        return SharedCaptures.all().stream().map(p -> DynamicTest.dynamicTest(name(p), () -> {
            byte[] plain = SharedCaptures.plainBytes(p);
            byte[] swapped = swapped(p);
            assertFalse(java.util.Arrays.equals(plain, swapped), "the swap changed something");
            byte[] back = SharedCaptures.isPcapng(p) ? ByteSwap.pcapng(swapped) : ByteSwap.pcap(swapped);
            assertArrayEquals(plain, back, "swapping twice gives the original");

            SharedCaptures.Reading little = SharedCaptures.read(plain);
            SharedCaptures.Reading big = SharedCaptures.read(swapped);
            if (big.reader() instanceof PcapReader r) {
                assertTrue(r.bigEndian());
                assertFalse(((PcapReader) little.reader()).bigEndian());
            } else {
                assertTrue(((PcapngReader) big.reader()).bigEndian());
                assertFalse(((PcapngReader) little.reader()).bigEndian());
            }
            SharedCaptures.assertSameFrames(little.frames(), big.frames(), name(p) + " big-endian");
            assertEquals(little.reader().interfaces(), big.reader().interfaces());
            assertEquals(little.reader().sectionComments(), big.reader().sectionComments());
            assertEquals(little.reader().warnings(), big.reader().warnings());
            assertEquals(little.reader().secrets().size(), big.reader().secrets().size());
            for (int i = 0; i < little.reader().secrets().size(); i++) {
                assertEquals(little.reader().secrets().get(i).secretsType(), big.reader().secrets().get(i).secretsType());
                assertArrayEquals(little.reader().secrets().get(i).data(), big.reader().secrets().get(i).data());
            }
        }));
    }

    @Test
    void tsharkReadsTheBigEndianCopiesAsWeDo(@TempDir Path tmp) throws IOException {
        List<Path> pcapngs = SharedCaptures.all().stream().filter(SharedCaptures::isPcapng).toList();
        List<byte[]> sections = new ArrayList<>();
        List<RawFrame> expected = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path p : pcapngs) {
            byte[] swapped = swapped(p);
            sections.add(swapped);
            for (RawFrame f : SharedCaptures.read(swapped).frames()) {
                expected.add(f);
                names.add(name(p) + " (big-endian) frame " + f.number());
            }
        }
        assertRows(Tshark.fieldsOfConcatenation(tmp, sections, SharedCapturesTruthTest.TSHARK_FIELDS), expected,
                names);

        List<Path> pcaps = new ArrayList<>();
        expected.clear();
        names.clear();
        for (Path p : SharedCaptures.all()) {
            if (!SharedCaptures.isPcapng(p)) {
                Path be = tmp.resolve(name(p).replace(".gz", "") + ".be");
                Files.write(be, swapped(p));
                pcaps.add(be);
                for (RawFrame f : SharedCaptures.read(be).frames()) {
                    expected.add(f);
                    names.add(name(p) + " (big-endian) frame " + f.number());
                }
            }
        }
        assertRows(Tshark.fields(Tshark.mergeWithMergecap(tmp, pcaps), "frame.time_epoch", "frame.len",
                "frame.encap_type"), expected, names);
    }

    static void assertRows(List<String[]> rows, List<RawFrame> expected, List<String> names) {
        assertEquals(expected.size(), rows.size(), "frames tshark shows");
        for (int i = 0; i < rows.size(); i++) {
            SharedCapturesTruthTest.assertTsharkRow(rows.get(i), expected.get(i), names.get(i));
        }
    }
}
