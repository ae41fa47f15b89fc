package org.layerscope.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.PacketResult;
import org.layerscope.model.RawFrame;
import org.layerscope.testutil.MqttBytes;
import org.layerscope.testutil.TcpFrames;

/**
 * The table's Info column, kept in pages that a text never straddles and with the longest texts aside: every row
 * reads back the analysis's Info, whatever its length, across page and chunk boundaries.
 */
class PacketTableTest {

    @Test
    void infoTextsOfEveryLengthReadBackAcrossPagesAndChunks() {
        byte[] connect = {0x10, 0x10, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 4, 'd', 'e', 'v', '1'};
        List<RawFrame> frames = new ArrayList<>();
        long[] seq = {1000, 5000};
        frames.add(TcpFrames.frame(1, true, 1883, seq[0]++, 0, TcpFrames.SYN, new byte[0]));
        frames.add(TcpFrames.frame(2, false, 1883, seq[1]++, seq[0], TcpFrames.SYN_ACK, new byte[0]));
        frames.add(TcpFrames.frame(3, true, 1883, seq[0], seq[1], TcpFrames.PSH_ACK, connect));
        seq[0] += connect.length;
        // topics of 1 .. 9,000 bytes (some in Japanese: several bytes a character), so texts fill pages unevenly,
        // end exactly at a page's end and go past LONG_INFO; more rows than a chunk holds
        for (int k = 0; frames.size() < PacketTable.CHUNK + 1000; k++) {
            int len = k % 97 == 0 ? PacketTable.LONG_INFO + k % 5000 : 1 + (k * 7919) % 700;
            String topic = (k % 3 == 0 ? "計測/" : "t/") + "x".repeat(len);
            byte[] p = MqttBytes.publish(k % 60000 + 1, topic, k % 50);
            frames.add(TcpFrames.frame(frames.size() + 1, true, 1883, seq[0], seq[1], TcpFrames.PSH_ACK, p));
            seq[0] += p.length;
        }
        PacketTable table = new PacketTable();
        List<PacketResult> results = new ArrayList<>();
        Analyzer a = new Analyzer(false, r -> {
            results.add(r);
            table.add(r);
        });
        frames.forEach(a::accept);
        a.finish();
        assertEquals(frames.size(), table.size());
        int longOnes = 0;
        for (int row = 0; row < table.size(); row++) {
            String want = results.get(row).info();
            assertEquals(want, table.info(row), "row " + row);
            if (want.getBytes(StandardCharsets.UTF_8).length > PacketTable.LONG_INFO) {
                longOnes++;
            }
        }
        assertTrue(longOnes > 300, longOnes + " Info texts longer than " + PacketTable.LONG_INFO + " bytes");
        assertTrue(table.memoryBytes() > 3L * PacketTable.INFO_PAGE, "the pages are counted");
    }
}
