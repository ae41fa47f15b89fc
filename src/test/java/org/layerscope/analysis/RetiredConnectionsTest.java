package org.layerscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerscope.model.RawFrame;
import org.layerscope.testutil.ShortConnections;

/**
 * A device that opens a new TLS connection for every message: the real connection of
 * {@code sample-pcaps/mqtt-tls12-mutual.pcapng} (mosquitto_pub over mutual TLS 1.2) repeated 400 times, each from
 * its own client port and a minute after the one before. The analyzer keeps every connection's summary for
 * {@link Analyzer#connections()}, but a closed connection's state (reassembly, decoders, decryptor) must be let go
 * once it has left the flow table: before, a million-frame capture of such connections ran out of a 256 MiB heap
 * in {@code export-timeline}. The summaries stay what the connection alone gives.
 */
class RetiredConnectionsTest {
    private static final int CONNECTIONS = 400;

    @Test
    void closedConnectionsKeepOnlyTheirSummaries() throws Exception {
        List<RawFrame> seed = ShortConnections.seed(Path.of("sample-pcaps/mqtt-tls12-mutual.pcapng"));
        Analyzer one = new Analyzer(false, r -> { }, null);
        seed.forEach(one::accept);
        one.finish();
        ConnectionSummary alone = one.connections().get(0);

        Analyzer a = new Analyzer(false, r -> { }, null);
        int mostLive = 0;
        List<RawFrame> frames = ShortConnections.frames(seed, CONNECTIONS);
        for (int i = 0; i < frames.size(); i++) {
            a.accept(frames.get(i));
            if (i % seed.size() == seed.size() - 1) {
                mostLive = Math.max(mostLive, a.liveKeptConnections());
            }
        }
        a.finish();
        List<ConnectionSummary> all = a.connections();
        assertEquals(CONNECTIONS, all.size());
        assertTrue(mostLive <= 2, "closed connections kept whole: " + mostLive + " live at once");
        for (int k = 0; k < CONNECTIONS; k++) {
            ConnectionSummary c = all.get(k);
            assertEquals(k, c.stream());
            assertEquals(alone.verdict(), c.verdict(), "connection " + k);
            assertEquals(alone.reached(), c.reached(), "connection " + k);
            assertEquals(alone.frames(), c.frames(), "connection " + k);
            assertEquals(alone.bytes(), c.bytes(), "connection " + k);
            assertEquals(alone.tls(), c.tls(), "connection " + k);
            assertEquals(alone.mqttClientId(), c.mqttClientId(), "connection " + k);
            assertEquals(alone.timings(), c.timings(), "connection " + k);
            assertEquals(alone.server(), c.server(), "connection " + k);
            assertEquals(alone.lastFrame() + (long) k * seed.size(), c.lastFrame(), "connection " + k);
        }
    }
}
