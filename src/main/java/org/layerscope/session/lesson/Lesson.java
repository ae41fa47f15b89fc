package org.layerscope.session.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.layerscope.analysis.ConnectionSummary;
import org.layerscope.model.Direction;
import org.layerscope.model.Phase;
import org.layerscope.session.LayerBreakdown;

/**
 * The lesson of one TCP connection: its meaningful events in the order they happened, each a {@link Step} a
 * teacher can tell in one to three sentences.
 *
 * @param file       name of the capture (for titles), may be empty
 * @param connection the analysis' summary and verdict of the connection
 * @param mqtt       true when the connection carries (or, encrypted, most likely carries) MQTT: the ends are
 *                   called device and broker
 * @param decrypted  true when some encrypted record of the connection was decrypted (a key log)
 * @param steps      the steps in order
 */
public record Lesson(String file, ConnectionSummary connection, boolean mqtt, boolean decrypted, List<Step> steps) {
    public Lesson {
        steps = List.copyOf(steps);
    }

    /** What kind of event a step tells. */
    public enum Kind {
        SYN, SYN_ACK, ACK, CLIENT_HELLO, SERVER_HELLO_12, SERVER_HELLO_13, CLIENT_FLIGHT_12, CLIENT_FLIGHT_13,
        SERVER_FINISHED_12, SESSION_TICKET, HANDSHAKE, MQTT, ENCRYPTED_RECORD, APPLICATION_DATA, CLOSE_NOTIFY, ALERT,
        ENCRYPTED_ALERT, FIN, RST, VERDICT;

        /** The stable lower-case name ("client-hello"). */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One step of the lesson.
     *
     * @param number    1-based
     * @param kind      what it tells
     * @param frames    its frame numbers in order: the frames of the event and the pure ACKs, retransmissions and
     *                  segments that belong to it (a {@link Kind#VERDICT} step lists the deciding frame, which also
     *                  belongs to the step that tells it)
     * @param main      the frame whose layers the step shows (0 when none)
     * @param phase     the connection's phase after the step
     * @param from      who sent it
     * @param title     short title in the protocol's own names, parts joined by " + "
     * @param narration sentences for students, in order
     * @param layers    the layer envelope of the main frame, English and Japanese captions
     * @param layersJa  the same with Japanese captions
     */
    public record Step(int number, Kind kind, List<Long> frames, long main, Phase phase, Direction from,
                       List<Msg> title, List<Msg> narration, List<LayerBreakdown.Layer> layers,
                       List<LayerBreakdown.Layer> layersJa) {
        public Step {
            frames = List.copyOf(frames);
            title = List.copyOf(title);
            narration = List.copyOf(narration);
            layers = List.copyOf(layers);
            layersJa = List.copyOf(layersJa);
        }

        /** "client" or "server", as in the TSV. */
        public String fromId() {
            return from == Direction.SERVER_TO_CLIENT ? "server" : "client";
        }

        public List<LayerBreakdown.Layer> layers(Locale locale) {
            return "ja".equals(locale.getLanguage()) ? layersJa : layers;
        }

        /** The step's event frames and the ACKs it includes, as in the TSV ("4,5"). */
        public String frameList() {
            StringBuilder sb = new StringBuilder();
            for (Long f : frames) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(f);
            }
            return sb.toString();
        }
    }

    /** Steps that tell an event (all but the final verdict of a failed connection). */
    public List<Step> eventSteps() {
        List<Step> l = new ArrayList<>(steps.size());
        for (Step s : steps) {
            if (s.kind() != Kind.VERDICT) {
                l.add(s);
            }
        }
        return l;
    }

    /** The index of the first step whose phase is {@code phase} or later, or -1. */
    public int firstStepOf(Phase phase) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).phase().ordinal() >= phase.ordinal() && steps.get(i).phase() != Phase.OTHER) {
                return i;
            }
        }
        return -1;
    }

    /** The step that holds frame {@code number} (the event step, not the verdict), or -1. */
    public int stepOfFrame(long number) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).kind() != Kind.VERDICT && steps.get(i).frames().contains(number)) {
                return i;
            }
        }
        return -1;
    }

    /** True when the connection failed: the verdict is neither ok nor "the capture does not hold all of it". */
    public boolean failed() {
        String v = connection.verdict();
        return !v.equals("ok") && !v.startsWith("incomplete");
    }
}
