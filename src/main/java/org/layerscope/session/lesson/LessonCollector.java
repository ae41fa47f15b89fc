package org.layerscope.session.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.layerscope.analysis.ConnectionSummary;
import org.layerscope.analysis.PacketResult;

/**
 * Collects, while the analysis runs, the frames of the connection a lesson is about: a given stream, or by
 * default the first connection (lowest stream index) that carries TLS or MQTT. Only streams that can still be
 * that connection are kept (those with a lower index than the best candidate so far), so memory stays small on
 * a capture of many connections. Give it to the {@code Analyzer} as its consumer (with trees on, for the link
 * layer's name), then call {@link #lesson} with the analysis' connections.
 */
public final class LessonCollector implements Consumer<PacketResult> {
    private final int wanted;
    private final TreeMap<Integer, List<LessonFrame>> streams = new TreeMap<>();
    private int best = Integer.MAX_VALUE;
    /** Most frames kept of streams that may turn out not to be the lesson's before giving up (see {@link #overflowed}). */
    static final int MAX_KEPT = 200_000;
    private int kept;
    private int firstTcp = -1;
    private boolean overflowed;

    /** @param stream the connection to collect, or -1 for the first that carries TLS or MQTT */
    public LessonCollector(int stream) {
        this.wanted = stream;
    }

    @Override
    public void accept(PacketResult r) {
        int s = r.stream();
        if (s < 0 || !r.isTcp()) {
            return;
        }
        if (wanted >= 0) {
            if (s == wanted) {
                streams.computeIfAbsent(s, k -> new ArrayList<>()).add(LessonFrame.of(r));
            }
            return;
        }
        if (firstTcp < 0 || s < firstTcp) {
            firstTcp = s;
        }
        if (s > best) {
            return;
        }
        boolean carries = !r.tlsRecords().isEmpty() || !r.mqttPackets().isEmpty();
        if (carries && s < best) {
            best = s;
            streams.tailMap(s, false).clear();
            kept = 0;
            for (List<LessonFrame> l : streams.values()) {
                kept += l.size();
            }
        }
        if (overflowed) {
            return;
        }
        if (++kept > MAX_KEPT) {
            overflowed = true; // keep only what is needed to name the stream; the caller reads the file again
            streams.clear();
            return;
        }
        streams.computeIfAbsent(s, k -> new ArrayList<>()).add(LessonFrame.of(r));
    }

    /**
     * True when too many frames of connections that might not be the lesson's had to be kept: the frames were
     * dropped, {@link #stream()} still names the connection; read the capture again with
     * {@code new LessonCollector(stream())}.
     */
    public boolean overflowed() {
        return overflowed;
    }

    /**
     * The stream the lesson is about: the wanted one, the first with TLS or MQTT, else the first TCP connection
     * (a refused or unanswered connection is a lesson too), else -1.
     */
    public int stream() {
        if (wanted >= 0) {
            return wanted;
        }
        if (best != Integer.MAX_VALUE) {
            return best;
        }
        return firstTcp;
    }

    /**
     * The lesson of the collected connection, or null when there is none (no such stream; by default: no TCP
     * connection).
     */
    public Lesson lesson(String file, List<ConnectionSummary> connections) {
        int s = stream();
        List<LessonFrame> frames = streams.get(s);
        if (s < 0 || frames == null || frames.isEmpty()) {
            return null;
        }
        for (ConnectionSummary c : connections) {
            if (c.stream() == s) {
                frames.sort((a, b) -> Long.compare(a.number(), b.number()));
                return LessonBuilder.build(file, c, frames);
            }
        }
        return null;
    }
}
