package org.layerscope.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.layerscope.model.Phase;
import org.layerscope.session.CaptureLoader;
import org.layerscope.session.PacketTable;
import org.layerscope.session.UiText;
import org.layerscope.testutil.Tools;

/** DNS lookups on the timeline: key packets of the "Not TCP" band, labelled with the story's words. */
class DnsLabelTest {
    @Test
    void dnsLookupsAreKeyPacketsWithTheStorysLabel() throws IOException {
        CaptureLoader l = new CaptureLoader(Tools.repoRoot().resolve("src/test/resources/other/other-protocols.pcapng"));
        assertTrue(l.run());
        PacketTable t = l.table();
        UiText en = UiText.of(Locale.ENGLISH);
        UiText ja = UiText.of(Locale.JAPANESE);
        int queries = 0;
        int errors = 0;
        for (int row = 0; row < t.size(); row++) {
            if (!t.protocol(row).equals("DNS")) {
                continue;
            }
            assertTrue(t.key(row), "DNS row " + row + " is a key packet");
            assertEquals(Phase.OTHER, t.phase(row));
            if (t.info(row).startsWith("Standard query 0x")) {
                queries++;
                assertEquals("DNS: where is the broker?", TimelineRenderer.label(t, en, row));
                assertEquals("DNS：ブローカーはどこ？", TimelineRenderer.label(t, ja, row));
            } else if (t.info(row).contains("No such name")) {
                errors++;
                assertEquals("DNS: no such name", TimelineRenderer.label(t, en, row));
            } else {
                assertEquals("DNS: the broker is here", TimelineRenderer.label(t, en, row));
            }
        }
        assertEquals(3, queries);
        assertEquals(1, errors);
        TimelineRenderer r = new TimelineRenderer(t, Palette.LIGHT, en, true);
        assertEquals(t.connectionCount() + 1, r.bandCount(), "the frames outside TCP have a band of their own");
    }
}
