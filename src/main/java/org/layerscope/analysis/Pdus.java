package org.layerscope.analysis;

import java.util.List;
import org.layerscope.dissect.tcp.PduSource;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.Phase;
import org.layerscope.model.Severity;

/** What every stage does with a decoded PDU: its subtree and expert items into the frame, its phase event. */
final class Pdus {
    private Pdus() {
    }

    /**
     * Moves the expert items a decoder put in {@code found} into the frame, and empties {@code found}: they carry
     * buffer indices, which become frame offsets (-1 elsewhere).
     */
    static void takeExpert(PacketResult cur, PduSource s, List<ExpertItem> found) {
        int base = s.start();
        for (int i = 0; i < found.size(); i++) {
            ExpertItem e = found.get(i);
            if (e.offset() >= 0 && !Field.inDecrypted(e.offset())) {
                int o = s.frameOffsetAt(e.offset() - base, cur);
                e = new ExpertItem(e.severity(), e.key(), e.text(), o, o < 0 ? 0 : e.length());
            }
            cur.addExpert(e);
        }
        found.clear();
    }

    /**
     * A decoder failed (a bug: {@link Analyzer#accept} reports it on the frame): what it found before stays with the
     * frame, as buffer indices. Returns {@code e}, to be thrown.
     */
    static RuntimeException decodeFailed(PacketResult cur, List<ExpertItem> found, RuntimeException e) {
        cur.takeExpert(found);
        return e;
    }

    /** Moves a decoder's subtree (offsets = buffer indices) into the frame's tree (offsets = frame offsets). */
    static void attach(PacketResult cur, PduSource s, Field tmp) {
        if (!tmp.enabled()) {
            return;
        }
        int base = s.start();
        for (Field child : tmp.children()) {
            cur.tree.addChild(child.remap(i -> Field.inDecrypted(i) ? i : s.frameOffsetAt(i - base, cur)));
        }
    }

    static void event(PacketResult r, Phase phase, boolean inferred) {
        if (r == null) {
            return;
        }
        TcpConnection c = r.connection;
        if (r.event == null || phase.ordinal() > r.event.ordinal()) {
            r.event = phase;
            r.eventInferred = inferred;
        }
        if (c != null && (c.phase == null || phase.ordinal() > c.phase.ordinal())) {
            c.phase = phase;
        }
    }

    static void gapNote(PacketResult r, long missing) {
        if (missing > 0) {
            r.addExpert(ExpertItem.of(Severity.WARN, "tcp.gap",
                    missing + " bytes of this direction were never captured; reassembly goes on after them"));
        }
    }
}
