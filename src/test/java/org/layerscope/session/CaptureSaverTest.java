package org.layerscope.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureInterface;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.testutil.Tools;

/**
 * The window's Save and Save As (and the autosave copy): packets byte for byte with their time stamps and
 * interfaces, comments from the file kept and the user's added, seen by tshark on the same frames; a
 * failed write leaves the original alone.
 */
class CaptureSaverTest {
    static final Path SAMPLES = Tools.repoRoot().resolve("sample-pcaps");
    static final Path SHARED = Tools.repoRoot().resolve("../shared/wireshark-captures/captures");

    @TempDir
    Path tmp;

    private static PacketTable load(Path p) throws IOException {
        CaptureLoader l = new CaptureLoader(p);
        assertTrue(l.run());
        return l.table();
    }

    private static List<RawFrame> frames(Path p) throws IOException {
        List<RawFrame> l = new ArrayList<>();
        try (CaptureReader r = CaptureFiles.open(p)) {
            for (RawFrame f; (f = r.next()) != null; ) {
                l.add(f);
            }
        }
        return l;
    }

    private static List<CaptureInterface> interfaces(Path p) throws IOException {
        try (CaptureReader r = CaptureFiles.open(p)) {
            while (r.next() != null) {
                // read to the end: interfaces may come late
            }
            return r.interfaces();
        }
    }

    private static void assertSamePackets(Path original, Path saved) throws IOException {
        List<RawFrame> a = frames(original);
        List<RawFrame> b = frames(saved);
        assertEquals(a.size(), b.size(), "frame count");
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).data(), b.get(i).data(), "frame " + (i + 1) + " bytes");
            assertEquals(a.get(i).timestampNanos(), b.get(i).timestampNanos(), "frame " + (i + 1) + " time stamp");
            assertEquals(a.get(i).originalLength(), b.get(i).originalLength(), "frame " + (i + 1) + " length");
            assertEquals(a.get(i).interfaceId(), b.get(i).interfaceId(), "frame " + (i + 1) + " interface");
        }
    }

    @Test
    void commentsAddedInTheTableAreSavedOnTheirFramesAndTsharkShowsThem() throws Exception {
        String tshark = Tools.require("tshark").toString();
        Path in = Tools.requireFile(SAMPLES.resolve("mqtt-tls12-mutual.pcapng"), "sample");
        PacketTable t = load(in);
        int r3 = t.rowOfFrame(3);
        int r10 = t.rowOfFrame(10);
        t.setComments(r3, List.of("SYN/ACK: the broker answers", "second note, with a comma"));
        t.setComments(r10, List.of("日本語のコメント"));
        t.sectionComments(List.of("lesson 3: mutual TLS"));
        Path out = tmp.resolve("annotated.pcapng");
        CaptureSaver.Result res = CaptureSaver.save(t, out, false);
        assertEquals(t.size(), res.frames());
        assertFalse(res.commentsDropped());
        assertSamePackets(in, out);
        Tools.Result r = Tools.run(tshark, "-r", out.toString(), "-T", "fields", "-e", "frame.number", "-e", "frame.comment")
                .requireSuccess();
        List<String> commented = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length > 1 && !f[1].isEmpty()) {
                commented.add(f[0] + "=" + f[1]);
            }
        }
        assertEquals(2, commented.size(), commented.toString());
        assertTrue(commented.get(0).startsWith("3=") && commented.get(0).contains("SYN/ACK: the broker answers")
                && commented.get(0).contains("second note, with a comma"), commented.get(0));
        assertEquals("10=日本語のコメント", commented.get(1));
        Tools.Result info = Tools.run(Tools.require("capinfos").toString(), "-k", out.toString()).requireSuccess();
        assertTrue(info.stdout().contains("lesson 3: mutual TLS"), info.stdout());
        // tshark -x agrees byte for byte
        assertEquals(Tools.run(tshark, "-r", in.toString(), "-x").requireSuccess().stdout(),
                Tools.run(tshark, "-r", out.toString(), "-x").requireSuccess().stdout());
    }

    @Test
    void commentsWrittenByEditcapAreShownKeptAndEditable() throws Exception {
        String editcap = Tools.require("editcap").toString();
        Path in = Tools.requireFile(SAMPLES.resolve("mqtt-plain-311.pcapng"), "sample");
        Path edited = tmp.resolve("editcap.pcapng");
        Tools.run(editcap, "-a", "2:written by editcap", "-a", "5:another", in.toString(), edited.toString()).requireSuccess();
        PacketTable t = load(edited);
        assertEquals(List.of("written by editcap"), t.comments(t.rowOfFrame(2)));
        assertEquals(List.of("another"), t.comments(t.rowOfFrame(5)));
        t.setComments(t.rowOfFrame(5), List.of());
        t.setComments(t.rowOfFrame(2), List.of("written by editcap", "and by LayerScope"));
        Path out = tmp.resolve("saved.pcapng");
        CaptureSaver.save(t, out, false);
        assertSamePackets(in, out);
        List<RawFrame> saved = frames(out);
        assertEquals(List.of("written by editcap", "and by LayerScope"), saved.get(1).comments());
        assertEquals(List.of(), saved.get(4).comments(), "a deleted comment is gone");
    }

    @Test
    void interfacesAndTimestampPrecisionsOfAMultiInterfaceFileAreKept() throws Exception {
        Path in = Tools.requireFile(SHARED.resolve("many_interfaces.pcapng.1"), "capture");
        PacketTable t = load(in);
        t.setComments(0, List.of("first"));
        Path out = tmp.resolve("many.pcapng");
        CaptureSaver.save(t, out, false);
        assertSamePackets(in, out);
        List<CaptureInterface> a = interfaces(in);
        List<CaptureInterface> b = interfaces(out);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).linkType(), b.get(i).linkType());
            assertEquals(a.get(i).name(), b.get(i).name());
            assertEquals(a.get(i).tsUnitsPerSecond(), b.get(i).tsUnitsPerSecond());
            assertEquals(a.get(i).snapLength(), b.get(i).snapLength());
        }
    }

    @Test
    void savingInPlaceReplacesTheFileOnlyWhenTheWriteSucceeded() throws Exception {
        Path in = Tools.requireFile(SAMPLES.resolve("mqtt-plain-311.pcapng"), "sample");
        Path file = tmp.resolve("lesson.pcapng");
        Files.copy(in, file);
        PacketTable t = load(file);
        t.setComments(1, List.of("note"));
        CaptureSaver.save(t, file, false);
        assertSamePackets(in, file);
        assertEquals(List.of("note"), frames(file).get((int) t.number(1) - 1).comments());
        byte[] before = Files.readAllBytes(file);
        // a target that cannot be written (its folder is a file): an error, and nothing else changes
        Path blocked = file.resolve("x.pcapng");
        assertThrows(IOException.class, () -> CaptureSaver.save(t, blocked, false));
        assertArrayEquals(before, Files.readAllBytes(file));
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary file is left behind");
        }
    }

    @Test
    void pcapKeepsThePacketsButReportsThatCommentsWereLeftOut() throws Exception {
        Path in = Tools.requireFile(SAMPLES.resolve("mqtt-plain-311.pcapng"), "sample");
        PacketTable t = load(in);
        Path out = tmp.resolve("plain.pcap");
        assertFalse(CaptureSaver.save(t, out, false).commentsDropped());
        t.setComments(0, List.of("lost in pcap"));
        assertTrue(CaptureSaver.save(t, out, false).commentsDropped());
        List<RawFrame> a = frames(in);
        List<RawFrame> b = frames(out);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).data(), b.get(i).data());
            assertEquals(a.get(i).timestampNanos(), b.get(i).timestampNanos());
        }
    }
}
