package org.layerscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.tls.keys.KeyLog;
import org.layerscope.testutil.Tools;

/**
 * A frame's result starts with the shared empty list for its TLS records, MQTT packets and expert items, and gets
 * a list of its own only when it has one ({@link PacketResult#plus}); the decoders put their expert items in a
 * list of their stage, from where they move to the frame with frame offsets.
 */
class PacketResultListsTest {
    @Test
    void plusGoesFromTheSharedEmptyListToOneToAGrowingList() {
        List<String> none = List.of();
        List<String> one = PacketResult.plus(none, "a");
        assertEquals(List.of("a"), one);
        assertThrows(UnsupportedOperationException.class, () -> one.add("x"), "a list of one is not shared");
        List<String> two = PacketResult.plus(one, "b");
        assertInstanceOf(ArrayList.class, two);
        assertEquals(List.of("a", "b"), two);
        List<String> three = PacketResult.plus(two, "c");
        assertSame(two, three, "from two on the list grows in place");
        assertEquals(List.of("a", "b", "c"), three);
        assertEquals(List.of(), none, "the shared empty list stays empty");
    }

    @Test
    void everySampleKeepsItsRecordsPacketsAndExpertItemsInOrderWithFrameOffsets() throws IOException {
        Path dir = Tools.repoRoot().resolve("sample-pcaps");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".pcapng")).sorted().toList();
        }
        int records = 0;
        int packets = 0;
        int framesWithTwoRecords = 0;
        int decoderItemsInFrame = 0;
        for (Path file : files) {
            Path keys = Path.of(file.toString().replace(".pcapng", ".keylog"));
            List<PacketResult> results = new ArrayList<>();
            Analyzer a = new Analyzer(false, results::add, Files.exists(keys) ? KeyLog.read(keys) : null)
                    .keepFrameBytes(true);
            try (CaptureReader r = CaptureFiles.open(file)) {
                RawFrame f;
                while ((f = r.next()) != null) {
                    a.accept(f);
                }
            }
            a.finish();
            for (PacketResult p : results) {
                records += p.tlsRecords().size();
                packets += p.mqttPackets().size();
                if (p.tlsRecords().size() >= 2) {
                    framesWithTwoRecords++;
                }
                for (ExpertItem e : p.expert()) {
                    int o = e.offset();
                    assertTrue(o < 0 || Field.inDecrypted(o) || o < p.frame().capturedLength(),
                            file.getFileName() + " frame " + p.number() + ": " + e + " points outside the frame");
                    if (o >= 0 && !Field.inDecrypted(o) && (e.key().startsWith("tls.") || e.key().startsWith("mqtt."))) {
                        decoderItemsInFrame++;
                    }
                }
            }
        }
        assertTrue(records > 200 && packets > 100, records + " records, " + packets + " MQTT packets");
        assertTrue(framesWithTwoRecords > 0, "no frame with two records: the samples no longer cover lists of two");
        assertTrue(decoderItemsInFrame > 0, "no TLS or MQTT expert item with a frame offset: nothing checked their move");
    }
}
