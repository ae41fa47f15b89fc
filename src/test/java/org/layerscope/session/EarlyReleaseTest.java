package org.layerscope.session;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.PacketResult;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.pcapio.PcapWriter;
import org.layerscope.pcapio.TimestampPrecision;
import org.layerscope.testutil.LongConnection;

/**
 * A frame the whole capture's analysis let go before what it waited for came, because too many frames of the capture
 * waited behind it (real traffic: thousands of frames of other connections after a segment the capture missed), gets
 * the same details when it is selected, as do the frames of its connection after it: the re-analysis reads that
 * connection alone, where far fewer frames wait, and lets the frame go after the same frame of its connection.
 */
class EarlyReleaseTest {
    @TempDir
    Path tmp;

    @Test
    void framesTheWholeAnalysisLetGoEarlyGetTheSameDetailsWhenSelected() throws IOException {
        Path dense = tmp.resolve("dense.pcap");
        LongConnection.write(ReanalyzerTest.SAMPLES.resolve("mqtt-tls12-mutual.pcapng"), dense, 3000);
        List<RawFrame> frames = new ArrayList<>();
        int clientPort = -1;
        try (CaptureReader in = CaptureFiles.open(dense)) {
            for (RawFrame f; (f = in.next()) != null; ) {
                frames.add(f);
                if (clientPort < 0) {
                    clientPort = Analyzer.decodeHeaders(f, false).net().srcPort; // the SYN's sender
                }
            }
        }
        // the capture misses one of the client's PUBLISH segments in the middle: its next ones wait behind the hole;
        // right after the first of them, and after the third, come more frames of other traffic (not IP) than the
        // analysis lets wait behind a frame
        int drop = -1;
        int behind = 0;
        Path pcap = tmp.resolve("early.pcap");
        try (PcapWriter out = PcapWriter.create(pcap, frames.get(0).linkType(), 0, TimestampPrecision.MICROSECONDS)) {
            for (int i = 0; i < frames.size(); i++) {
                RawFrame f = frames.get(i);
                boolean fromClient = Analyzer.decodeHeaders(f, false).net().srcPort == clientPort;
                boolean data = f.data().length > 100;
                if (drop < 0 && i >= frames.size() / 2 && fromClient && data) {
                    drop = i;
                    continue;
                }
                out.writeFrame(f);
                if (drop >= 0 && fromClient && data && ++behind <= 3 && behind != 2) {
                    for (int k = 0; k < 5_000; k++) {
                        byte[] d = new byte[60];
                        d[12] = (byte) 0x88; // Ethernet type 0x88b5 (local experimental): no IP, no TCP
                        d[13] = (byte) 0xb5;
                        out.writeFrame(new RawFrame(0, f.timestampNanos(), f.linkType(), d.length, d, 0, null));
                    }
                }
            }
        }
        PacketTable t = new CaptureLoader(pcap).runAndGet();
        TableConnection c = t.connection(0);
        assertTrue(c.earlyReleases().length >= 2, "the whole analysis let a frame go early");

        List<Integer> conn = new ArrayList<>();
        for (int row = 0; row < t.size(); row++) {
            if (t.stream(row) == 0) {
                conn.add(row);
            }
        }
        int at = (int) c.earlyReleases()[0] - 1; // the row of the first frame let go early
        int k0 = conn.indexOf(at);
        assertTrue(k0 > 0, "the frame let go early is one of the connection's");
        BitSet numbers = new BitSet();
        List<Integer> picks = new ArrayList<>();
        for (int k = k0 - 3; k < Math.min(conn.size(), k0 + 60); k++) {
            picks.add(conn.get(k));
            numbers.set((int) t.number(conn.get(k)));
        }
        Map<Long, PacketResult> full = ReanalyzerTest.fullAnalysis(pcap, numbers);
        for (int row : picks) {
            ReanalyzerTest.sameDetails(full.get(t.number(row)), Reanalyzer.analyse(t, row),
                    "frame " + t.number(row) + " (" + t.label(row) + ")");
        }
    }
}
