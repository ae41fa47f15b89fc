package org.layerscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The naming rules of the save and export dialogs. */
class FileNamesTest {
    @Test
    void saveAsOffersPcapngAfterTheOpenFile() {
        assertEquals("capture.pcapng", FileNames.saveName(null));
        assertEquals("a.pcapng", FileNames.saveName(Path.of("/x/a.pcap.gz")));
        assertEquals("b.pcapng", FileNames.saveName(Path.of("b.cap")));
        assertEquals("c.d.pcapng", FileNames.saveName(Path.of("c.d.pcapng")));
    }

    @Test
    void aNameWithoutExtensionGetsTheChosenTypeAndGzIsDropped() {
        assertEquals(Path.of("/x/out.pcapng"), FileNames.saveTarget(Path.of("/x/out"), false));
        assertEquals(Path.of("/x/out.pcap"), FileNames.saveTarget(Path.of("/x/out"), true));
        assertEquals(Path.of("/x/out.pcap"), FileNames.saveTarget(Path.of("/x/out.pcap.gz"), false));
        assertEquals(Path.of("/x/out.pcapng"), FileNames.saveTarget(Path.of("/x/out.gz"), false));
        assertEquals(Path.of("/x/o.txt"), FileNames.saveTarget(Path.of("/x/o.txt"), true));
        assertEquals(Path.of("/x/o.pcapng"), FileNames.asPcapng(Path.of("/x/o.pcap")));
        assertEquals(Path.of("/x/o.pcapng"), FileNames.asPcapng(Path.of("/x/o.cap")));
    }

    @Test
    void exportsAreNamedAfterTheCapture() {
        assertEquals("packets.csv", FileNames.exportName(null, "packets.csv"));
        assertEquals("run-packets.csv", FileNames.exportName(Path.of("/t/run.pcapng.gz"), "packets.csv"));
    }
}
