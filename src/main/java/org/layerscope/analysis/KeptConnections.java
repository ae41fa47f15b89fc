package org.layerscope.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The connections an {@link Analyzer} keeps for {@link Analyzer#connections()}, in order of first packet. A
 * connection that has closed and left the flow table is retired: once none of its frames waits to be released,
 * only its summary (and its TLS client random, for {@link Analyzer#tlsClientRandoms()}) stays, and its
 * reassembly buffers, decoders and decryptor are let go. So a capture of many short connections (a device that
 * reconnects for every message) keeps a few hundred bytes per connection, not its whole state.
 *
 * <p>A retired connection receives no packet again (a later packet of the same flow starts a new connection),
 * and its frames have all been released, so its summary is the one the end of the capture would give.
 */
final class KeptConnections {
    /** A {@link TcpConnection} still live, or the {@link Retired} form of one. */
    private final List<Object> kept = new ArrayList<>();
    /** Evicted connections, in order of eviction, waiting for their last frames to be released. */
    private final ArrayDeque<TcpConnection> retiring = new ArrayDeque<>();

    private record Retired(ConnectionSummary summary, byte[] clientRandom) {
    }

    void add(TcpConnection c) {
        c.keptAt = kept.size();
        kept.add(c);
    }

    /** {@code c} has left the flow table; it is retired once its frames are released ({@link #retire}). */
    void evicted(TcpConnection c) {
        if (c.keptAt >= 0) {
            retiring.addLast(c);
        }
    }

    /**
     * Retires the evicted connections none of whose frames waits any more: all frames numbered below
     * {@code oldestWaiting} (the oldest frame still queued, or {@link Long#MAX_VALUE}) have been released.
     */
    void retire(long oldestWaiting) {
        // in order of eviction: one whose frames still wait holds back those evicted after it, for a while
        while (!retiring.isEmpty() && retiring.peekFirst().lastFrame < oldestWaiting) {
            TcpConnection c = retiring.pollFirst();
            byte[] random = c.decryptor == null ? null : c.decryptor.clientRandom();
            kept.set(c.keptAt, new Retired(Diagnosis.summarize(c), random));
        }
    }

    /** How many kept connections still hold their whole state (for tests). */
    int live() {
        int n = 0;
        for (Object o : kept) {
            if (o instanceof TcpConnection) {
                n++;
            }
        }
        return n;
    }

    List<ConnectionSummary> summaries() {
        List<ConnectionSummary> l = new ArrayList<>(kept.size());
        for (Object o : kept) {
            l.add(o instanceof Retired r ? r.summary() : Diagnosis.summarize((TcpConnection) o));
        }
        return l;
    }

    List<byte[]> clientRandoms() {
        List<byte[]> l = new ArrayList<>();
        for (Object o : kept) {
            byte[] random = o instanceof Retired r ? r.clientRandom()
                    : ((TcpConnection) o).decryptor == null ? null : ((TcpConnection) o).decryptor.clientRandom();
            if (random != null) {
                l.add(random);
            }
        }
        return l;
    }
}
