package org.layerscope.pcapio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.layerscope.pcapio.SharedCaptures.get;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.model.RawFrame;

/**
 * Several sections in one file, in both byte orders (a valid pcapng file may be the concatenation of pcapng
 * files): interface ids restart per section, RawFrame.interfaceId stays unique over the file.
 */
class MultiSectionTest {
    /** The parts: shared captures, some byte-swapped to big-endian. */
    private static final List<String> PARTS = List.of("dhcp.pcapng", "BE:sip.pcapng", "many_interfaces.pcapng.2",
            "BE:tls12-dsb.pcapng", "dhcp-nanosecond.pcapng", "BE:many_interfaces.pcapng.1");

    private static byte[] part(String spec) {
        boolean swap = spec.startsWith("BE:");
        byte[] plain = SharedCaptures.plainBytes(get(swap ? spec.substring(3) : spec));
        return swap ? ByteSwap.pcapng(plain) : plain;
    }

    private static byte[] concatenation() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String spec : PARTS) {
            all.writeBytes(part(spec));
        }
        return all.toByteArray();
    }

    /** The frames of the parts read one by one, renumbered and with interface ids offset as in one file. */
    private static List<RawFrame> expectedFrames(List<CaptureInterface> interfaces, List<String> comments,
                                                 List<DecryptionSecrets> secrets) throws IOException {
        List<RawFrame> expected = new ArrayList<>();
        for (String spec : PARTS) {
            SharedCaptures.Reading r = SharedCaptures.read(part(spec));
            int base = interfaces.size();
            for (RawFrame f : r.frames()) {
                expected.add(new RawFrame(expected.size() + 1, f.timestampNanos(), f.linkType(), f.originalLength(),
                        f.data(), base + f.interfaceId(), f.comments()));
            }
            interfaces.addAll(r.reader().interfaces());
            comments.addAll(r.reader().sectionComments());
            secrets.addAll(r.reader().secrets());
        }
        return expected;
    }

    @Test
    void sectionsInBothByteOrdersReadAsOneCapture() throws IOException {
        List<CaptureInterface> interfaces = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        List<DecryptionSecrets> secrets = new ArrayList<>();
        List<RawFrame> expected = expectedFrames(interfaces, comments, secrets);

        for (byte[] file : List.of(concatenation(), gzip(concatenation()))) {
            SharedCaptures.Reading r = SharedCaptures.read(file);
            SharedCaptures.assertSameFrames(expected, r.frames(), "concatenation");
            assertEquals(interfaces, r.reader().interfaces());
            assertEquals(comments, r.reader().sectionComments());
            assertEquals(List.of(), r.reader().warnings());
            assertEquals(PARTS.size(), ((PcapngReader) r.reader()).sectionCount());
            assertEquals(secrets.size(), r.reader().secrets().size());
            for (int i = 0; i < secrets.size(); i++) {
                assertArrayEquals(secrets.get(i).data(), r.reader().secrets().get(i).data());
            }
            // 1 + 1 + 11 + 1 + 1 + 11 interfaces; the last part's lo0 frames use global interface 25 + 10
            assertEquals(26, r.reader().interfaces().size());
            RawFrame lo = r.frames().stream().filter(f -> f.interfaceId() == 25).findFirst().orElseThrow();
            assertEquals("lo0", r.reader().interfaces().get(lo.interfaceId()).name());
        }
    }

    @Test
    void tsharkAgreesOnTheConcatenation(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("sections.pcapng");
        Files.write(file, concatenation());
        SharedCaptures.Reading r = SharedCaptures.read(file);
        List<String> names = new ArrayList<>();
        for (RawFrame f : r.frames()) {
            names.add("frame " + f.number());
        }
        ByteOrderTest.assertRows(Tshark.fields(file, SharedCapturesTruthTest.TSHARK_FIELDS), r.frames(), names);
    }

    static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
