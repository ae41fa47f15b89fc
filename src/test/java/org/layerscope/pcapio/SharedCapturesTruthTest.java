package org.layerscope.pcapio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.layerscope.pcapio.SharedCaptures.get;
import static org.layerscope.pcapio.SharedCaptures.name;
import static org.layerscope.pcapio.SharedCaptures.nanos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.model.LinkType;
import org.layerscope.model.RawFrame;
import org.layerscope.testutil.Tools;

/** Every shared Wireshark capture, read with CaptureFiles, against the ground truth tshark 4.0.17 wrote. */
class SharedCapturesTruthTest {

    @TestFactory
    Stream<DynamicTest> everyCaptureMatchesTsharkTruth() {
        return SharedCaptures.all().stream().map(p -> DynamicTest.dynamicTest(name(p), () -> checkAgainstTruth(p)));
    }

    static void checkAgainstTruth(Path capture) throws IOException {
        SharedCaptures.Reading reading = SharedCaptures.read(capture);
        SharedCaptures.Truth truth = SharedCaptures.truth(capture);
        String n = name(capture);
        assertEquals(SharedCaptures.isPcapng(capture) ? "pcapng" : "pcap", reading.reader().format(), n);
        assertEquals(List.of(), reading.reader().warnings(), n + ": warnings");
        assertEquals(truth.rows().size(), reading.frames().size(), n + ": frame count");
        long first = reading.frames().isEmpty() ? 0 : reading.frames().get(0).timestampNanos();
        for (int i = 0; i < reading.frames().size(); i++) {
            RawFrame f = reading.frames().get(i);
            String where = n + " frame " + (i + 1);
            assertEquals(Long.parseLong(truth.get(i, "frame.number")), f.number(), where + ": number");
            assertEquals(Integer.parseInt(truth.get(i, "frame.len")), f.originalLength(), where + ": frame.len");
            assertEquals(nanos(truth.get(i, "frame.time_relative")), f.timestampNanos() - first,
                    where + ": frame.time_relative");
            assertEquals(truth.get(i, "frame.comment"), SharedCaptures.tsharkComments(f), where + ": frame.comment");
            assertTrue(f.capturedLength() <= f.originalLength(), where + ": captured <= original");
            assertTrue(f.interfaceId() >= 0 && f.interfaceId() < reading.reader().interfaces().size(), where);
            assertEquals(reading.reader().interfaces().get(f.interfaceId()).linkType(), f.linkType(), where);
        }
    }

    @Test
    void sipHasASectionCommentAndAMultiLinePacketComment() throws IOException {
        SharedCaptures.Reading r = SharedCaptures.read(get("sip.pcapng"));
        // capinfos -k sip.pcapng: "Capture comment: Oracle Acme Packet SBC message log"
        assertEquals(List.of("Oracle Acme Packet SBC message log"), r.reader().sectionComments());
        List<RawFrame> commented = r.frames().stream().filter(f -> !f.comments().isEmpty()).toList();
        assertEquals(1, commented.size());
        assertEquals(5, commented.get(0).number());
        assertEquals(1, commented.get(0).comments().size());
        assertTrue(commented.get(0).comments().get(0).startsWith("Transaction = 494041 {\r\n  Context = $ {\r\n"));
        assertEquals(LinkType.RAW, r.frames().get(0).linkType());
        assertEquals(65535, r.reader().interfaces().get(0).snapLength());
    }

    @Test
    void logisticsMulticastHasACaptureFileComment() throws IOException {
        SharedCaptures.Reading r = SharedCaptures.read(get("logistics_multicast.pcapng"));
        // the comment holds two line feeds; capinfos -k prints them as spaces: "Capture comment: From remote
        // workstation, local site got trace random slowness sniffed while app was slow"
        assertEquals(List.of("From remote workstation, local site got trace\nrandom slowness\nsniffed while app was slow"),
                r.reader().sectionComments());
        assertEquals(885, r.frames().size());
        assertTrue(r.frames().stream().allMatch(f -> f.comments().isEmpty()));
    }

    @Test
    void manyInterfacesHasPerPacketLinkTypes() throws IOException {
        SharedCaptures.Reading r = SharedCaptures.read(get("many_interfaces.pcapng.1"));
        List<CaptureInterface> ifs = r.reader().interfaces();
        // capinfos -I: 11 interfaces, #0 en0 Ethernet, ..., #10 lo0 NULL/Loopback; tshark: frames 3 and 4 on lo0
        assertEquals(11, ifs.size());
        assertEquals("en0", ifs.get(0).name());
        assertEquals(LinkType.ETHERNET, ifs.get(0).linkType());
        assertEquals(262144, ifs.get(0).snapLength());
        assertEquals(1_000_000L, ifs.get(0).tsUnitsPerSecond());
        assertEquals("lo0", ifs.get(10).name());
        assertEquals(LinkType.NULL, ifs.get(10).linkType());
        assertEquals("utun0", ifs.get(4).name());
        assertEquals(LinkType.NULL, ifs.get(4).linkType());
        for (RawFrame f : r.frames()) {
            boolean loopback = f.number() == 3 || f.number() == 4;
            assertEquals(loopback ? 10 : 0, f.interfaceId(), "frame " + f.number());
            assertEquals(loopback ? LinkType.NULL : LinkType.ETHERNET, f.linkType(), "frame " + f.number());
        }
    }

    /** Wiretap encapsulation numbers ({@code frame.encap_type}) of the link types in the shared captures. */
    static final Map<Integer, Integer> LINK_TYPE_OF_ENCAP = Map.of(1, LinkType.ETHERNET,
            15, LinkType.NULL, 7, LinkType.RAW, 25, LinkType.LINUX_SLL, 129, LinkType.IPV4);

    /** Asserts that tshark sees a frame as we do: epoch time, length, link type (and comments). */
    static void assertTsharkRow(String[] row, RawFrame f, String where) {
        assertEquals(nanos(row[0]), f.timestampNanos(), where + ": frame.time_epoch");
        assertEquals(Integer.parseInt(row[1]), f.originalLength(), where + ": frame.len");
        int encap = Integer.parseInt(row[2]);
        assertEquals(LINK_TYPE_OF_ENCAP.get(encap), f.linkType(), where + ": link type of encap " + encap);
        if (row.length > 3) {
            assertEquals(row[3], SharedCaptures.tsharkComments(f), where + ": frame.comment");
        }
    }

    static final String[] TSHARK_FIELDS = {"frame.time_epoch", "frame.len", "frame.encap_type", "frame.comment"};

    /**
     * tshark and we agree on every frame's absolute time, length, link type and comments. To start tshark only a
     * few times, the pcapng captures are concatenated into one multi-section file and the pcap captures merged
     * with {@code mergecap -a}.
     */
    @Test
    void everyCaptureAgreesWithTsharkOnAbsoluteTimesAndLinkTypes(@TempDir Path tmp) throws IOException {
        List<Path> pcapngs = SharedCaptures.all().stream().filter(SharedCaptures::isPcapng).toList();
        List<SharedCaptures.Reading> readings = new ArrayList<>();
        List<byte[]> sections = new ArrayList<>();
        for (Path p : pcapngs) {
            readings.add(SharedCaptures.read(p));
            sections.add(SharedCaptures.plainBytes(p));
        }
        List<String[]> rows = Tshark.fieldsOfConcatenation(tmp, sections, TSHARK_FIELDS);
        int row = 0;
        for (int k = 0; k < pcapngs.size(); k++) {
            for (RawFrame f : readings.get(k).frames()) {
                String where = name(pcapngs.get(k)) + " frame " + f.number();
                assertTrue(row < rows.size(), "tshark shows fewer frames, missing " + where);
                assertTsharkRow(rows.get(row++), f, where);
            }
        }
        assertEquals(row, rows.size(), "frames tshark shows beyond ours");

        List<Path> pcaps = SharedCaptures.all().stream().filter(p -> !SharedCaptures.isPcapng(p)).toList();
        rows = Tshark.fields(Tshark.mergeWithMergecap(tmp, pcaps), "frame.time_epoch", "frame.len",
                "frame.encap_type");
        row = 0;
        for (Path p : pcaps) {
            for (RawFrame f : SharedCaptures.read(p).frames()) {
                assertTsharkRow(rows.get(row++), f, name(p) + " frame " + f.number());
            }
        }
        assertEquals(row, rows.size(), "frames tshark shows beyond ours");
    }

    /**
     * Per file (tshark 4.0 looks interfaces of later sections up in the first section's list, so interface names
     * are only compared in single-section files).
     */
    @TestFactory
    Stream<DynamicTest> interfaceOfEveryPacketAgreesWithTshark() {
        return SharedCaptures.all().stream().filter(p -> name(p).startsWith("many_interfaces"))
                .map(p -> DynamicTest.dynamicTest(name(p), () -> {
                    SharedCaptures.Reading r = SharedCaptures.read(p);
                    List<String[]> rows = Tshark.fields(p, "frame.time_epoch", "frame.len", "frame.encap_type",
                            "frame.comment", "frame.interface_id", "frame.interface_name");
                    assertEquals(r.frames().size(), rows.size());
                    for (int i = 0; i < rows.size(); i++) {
                        RawFrame f = r.frames().get(i);
                        String where = name(p) + " frame " + f.number();
                        assertTsharkRow(rows.get(i), f, where);
                        assertEquals(Integer.parseInt(rows.get(i)[4]), f.interfaceId(), where + ": interface id");
                        String ifName = r.reader().interfaces().get(f.interfaceId()).name();
                        // tshark prints "unknown" for an interface without if_name
                        assertEquals(rows.get(i)[5], ifName == null ? "unknown" : ifName, where + ": interface");
                    }
                }));
    }

    @Test
    void decryptionSecretsBlockHoldsTheNssKeyLog() throws IOException {
        SharedCaptures.Reading r = SharedCaptures.read(get("tls12-dsb.pcapng"));
        List<DecryptionSecrets> secrets = r.reader().secrets();
        assertEquals(2, secrets.size());
        for (DecryptionSecrets s : secrets) {
            assertEquals(DecryptionSecrets.TLS_KEY_LOG, s.secretsType());
            List<String> lines = new String(s.data(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            assertFalse(lines.isEmpty());
            assertTrue(lines.stream().allMatch(l -> l.startsWith("CLIENT_RANDOM ")), lines::toString);
        }
        // the README: the same secrets are in keys/tls12-dsb-1.keys and keys/tls12-dsb-2.keys
        assertArrayEquals(SharedCaptures.bytes(SharedCaptures.keys("tls12-dsb-1.keys")), secrets.get(0).data());
        assertArrayEquals(SharedCaptures.bytes(SharedCaptures.keys("tls12-dsb-2.keys")), secrets.get(1).data());
        assertEquals(LinkType.IPV4, r.frames().get(0).linkType());
    }

    @Test
    void pcapAndPcapngOfTheSamePacketsAgree() throws IOException {
        for (String base : List.of("dhcp", "dhcp-nanosecond")) {
            SharedCaptures.Reading pcap = SharedCaptures.read(get(base + ".pcap"));
            SharedCaptures.Reading pcapng = SharedCaptures.read(get(base + ".pcapng"));
            SharedCaptures.assertSameFrames(pcap.frames(), pcapng.frames(), base);
        }
        SharedCaptures.Reading micro = SharedCaptures.read(get("dhcp.pcap"));
        SharedCaptures.Reading nano = SharedCaptures.read(get("dhcp-nanosecond.pcap"));
        assertEquals(1_000_000L, micro.reader().interfaces().get(0).tsUnitsPerSecond());
        assertEquals(1_000_000_000L, nano.reader().interfaces().get(0).tsUnitsPerSecond());
        assertEquals(1_000_000_000L, SharedCaptures.read(get("dhcp-nanosecond.pcapng")).reader().interfaces().get(0)
                .tsUnitsPerSecond());
        // the same packets, the same instants (tshark: frame.time_epoch 1102274184.317453000, ...)
        SharedCaptures.assertSameFrames(micro.frames(), nano.frames(), "dhcp.pcap vs dhcp-nanosecond.pcap");
        assertEquals(1_102_274_184_317_453_000L, nano.frames().get(0).timestampNanos());
    }

    @Test
    void sectionCommentsAgreeWithCapinfos() throws IOException {
        Path capinfos = Tools.require("capinfos");
        for (Path p : SharedCaptures.all()) {
            if (!SharedCaptures.isPcapng(p)) {
                continue;
            }
            List<String> expected = new ArrayList<>();
            for (String line : Tools.run(capinfos.toString(), "-k", p.toString()).requireSuccess().lines()) {
                if (line.startsWith("Capture comment:")) {
                    expected.add(line.substring("Capture comment:".length()).strip());
                }
            }
            List<String> actual = SharedCaptures.read(p).reader().sectionComments().stream()
                    .map(c -> c.replaceAll("[\r\n]+", " ").strip()).toList();
            assertEquals(expected, actual, name(p));
        }
    }

    @Test
    void emptyPcapHasNoFrames() throws IOException {
        SharedCaptures.Reading r = SharedCaptures.read(get("empty.pcap"));
        assertEquals(0, r.frames().size());
        assertEquals(List.of(), r.reader().warnings());
        assertEquals(1, r.reader().interfaces().size());
        assertEquals(LinkType.ETHERNET, r.reader().interfaces().get(0).linkType());
    }

    @Test
    void gzipIsDetectedByMagicNotByName(@TempDir Path tmp) throws IOException {
        Path renamed = tmp.resolve("no-extension");
        Files.copy(get("tls-fragmented-handshakes.pcap.gz"), renamed);
        SharedCaptures.Reading r = SharedCaptures.read(renamed);
        assertEquals("pcap", r.reader().format());
        assertEquals(589, r.frames().size());
        Path renamed2 = tmp.resolve("dhe1.txt");
        Files.copy(get("dhe1.pcapng.gz"), renamed2);
        assertEquals(16, SharedCaptures.read(renamed2).frames().size());
        // and a plain file named .gz is read as what it is
        Path fake = tmp.resolve("dhcp.pcapng.gz");
        Files.copy(get("dhcp.pcapng"), fake);
        assertEquals(4, SharedCaptures.read(fake).frames().size());
    }

    @Test
    void framesAreNumberedFromOne() throws IOException {
        List<Long> numbers = new ArrayList<>();
        for (RawFrame f : SharedCaptures.read(get("http-ooo2.pcap")).frames()) {
            numbers.add(f.number());
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), numbers);
    }
}
