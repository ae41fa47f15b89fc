package org.layerscope.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerscope.analysis.PacketResult;
import org.layerscope.dissect.ip.NetPacket;
import org.layerscope.dissect.tls.HandshakeType;
import org.layerscope.testutil.Tools;

/** The milestones of a connection, from what the analysis read. */
class KeyPacketsTest {
    @Test
    void theHandshakeMilestonesAreKeyAndApplicationDataIsNot() throws IOException {
        PacketTable t = new CaptureLoader(Tools.requireFile(Tools.repoRoot().resolve("sample-pcaps/mqtt-tls12-mutual.pcapng"),
                "sample capture")).runAndGet();
        List<PacketResult> all = new ArrayList<>();
        Reanalyzer.all(t, false, all::add, () -> false);
        assertTrue(all.size() > 10);
        int keys = 0;
        for (int row = 0; row < t.size(); row++) {
            PacketResult r = all.get((int) t.number(row) - 1);
            assertEquals(t.number(row), r.number());
            boolean syn = r.isTcp() && r.net().has(NetPacket.SYN);
            boolean hello = r.tlsRecords().stream().anyMatch(x -> x.handshakeTypes().contains(HandshakeType.CLIENT_HELLO));
            boolean appDataOnly = !r.tlsRecords().isEmpty() && r.mqttPackets().isEmpty()
                    && r.tlsRecords().stream().allMatch(x -> x.contentType() == 23) && !r.net().has(NetPacket.FIN);
            if (syn || hello) {
                assertTrue(t.key(row), "frame " + r.number() + " " + r.label());
            }
            if (appDataOnly) {
                assertFalse(t.key(row), "frame " + r.number() + " " + r.label());
            }
            assertEquals(KeyPackets.isKey(r), t.key(row));
            keys += t.key(row) ? 1 : 0;
        }
        assertTrue(keys > 0 && keys < t.size(), keys + " of " + t.size());
        assertTrue(KeyPackets.isKeyHandshake(HandshakeType.FINISHED));
        assertFalse(KeyPackets.isKeyHandshake(HandshakeType.NEW_SESSION_TICKET));
    }
}
