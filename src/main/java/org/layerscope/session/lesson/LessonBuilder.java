package org.layerscope.session.lesson;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.layerscope.analysis.ConnectionSummary;
import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.dissect.tls.TlsNames;
import org.layerscope.dissect.tls.TlsRecord;
import org.layerscope.model.Direction;
import org.layerscope.model.Phase;

/**
 * Builds the {@link Lesson} of one connection from its frames, in the order they happened.
 *
 * <p>Every frame with content (a SYN, a FIN, an RST, a TLS record, an MQTT packet) makes an event. Consecutive
 * handshake frames of one side make one step (a TLS flight: "Server Hello + Certificate + ... as the server sent
 * them"); every other event is a step of its own. The other frames fold into a step: the ACK that completes the TCP
 * handshake is a step; any other pure ACK belongs to the latest step of the other side (what it acknowledges); a
 * retransmission to the latest step of its own side (a SYN sent again to the SYN); a segment of a record completed
 * later to the step of the frame that completes it. So every frame of the connection belongs to exactly one step.
 * A failed connection ends with a {@link Lesson.Kind#VERDICT} step: where and why it stopped, with the deciding
 * frame.
 */
public final class LessonBuilder {
    /** Handshake code of an encrypted TLS 1.2 handshake message that could not be read (its Finished). */
    static final int ENCRYPTED_HANDSHAKE = -1;
    /** Handshake code of opaque TLS 1.3 records during the handshake (its encrypted messages). */
    static final int OPAQUE_HANDSHAKE = -2;
    /** Handshake code of an encrypted handshake message after the handshake (renegotiation, key update). */
    static final int LATE_ENCRYPTED_HANDSHAKE = -3;

    private enum U { SYN, SYN_ACK, HANDSHAKE, CCS, MQTT, RECORD, ALERT, FIN, RST }

    /** One thing a frame does. */
    private record Unit(U kind, int code, TlsRecord rec, MqttPacket mqtt, String guess) {
        boolean handshakeLike() {
            return kind == U.HANDSHAKE || kind == U.CCS;
        }
    }

    private static final class Draft {
        final Direction from;
        final List<Unit> units = new ArrayList<>();
        final List<LessonFrame> eventFrames = new ArrayList<>();
        final List<Long> frames = new ArrayList<>();
        boolean ack;

        Draft(Direction from) {
            this.from = from;
        }

        boolean flight() {
            return !ack && !units.isEmpty() && units.stream().allMatch(Unit::handshakeLike);
        }

        boolean has(U kind) {
            return units.stream().anyMatch(u -> u.kind == kind);
        }

        boolean hasHandshake(int code) {
            return units.stream().anyMatch(u -> u.kind == U.HANDSHAKE && u.code == code);
        }
    }

    private final ConnectionSummary summary;
    private final boolean tls13;
    private final boolean mqtt;
    private final int aeadOverhead;
    private final List<Draft> drafts = new ArrayList<>();
    private final List<LessonFrame> pending = new ArrayList<>();
    private final Map<Long, Long> laterParts = new HashMap<>();
    private final Map<Long, LessonFrame> byNumber = new HashMap<>();
    private final boolean[] guessedConnect = new boolean[2];
    private final int[] dataRecordsLeft = new int[2];

    private LessonBuilder(ConnectionSummary summary, List<LessonFrame> frames) {
        this.summary = summary;
        ConnectionSummary.TlsFacts t = summary.tls();
        this.tls13 = t != null && t.version() != null && t.version().contains("1.3");
        boolean anyMqtt = frames.stream().anyMatch(f -> !f.mqtt().isEmpty());
        String server = summary.server();
        boolean mqttPort = server.endsWith(":8883") || server.endsWith(":1883");
        boolean mqttAlpn = t != null && t.alpn().stream().anyMatch(a -> a.contains("mqtt"));
        this.mqtt = anyMqtt || mqttPort || mqttAlpn;
        this.aeadOverhead = overhead(t, tls13);
    }

    /** The lesson of the connection {@code summary} from its frames (in file order). */
    public static Lesson build(String file, ConnectionSummary summary, List<LessonFrame> frames) {
        LessonBuilder b = new LessonBuilder(summary, frames);
        return b.run(file, frames);
    }

    private Lesson run(String file, List<LessonFrame> frames) {
        boolean decrypted = false;
        for (LessonFrame f : frames) {
            byNumber.put(f.number(), f);
            for (TlsRecord r : f.tls()) {
                decrypted |= r.encrypted() && (r.plaintext() != null || !r.handshakeTypes().isEmpty()
                        || r.alertDescription() >= 0);
                boolean alert = f.inferredAlert() && r == f.tls().get(f.tls().size() - 1);
                if (r.contentType() == TlsRecord.APPLICATION_DATA && f.direction() != null && f.mqtt().isEmpty()
                        && f.phase() != Phase.TLS_HANDSHAKE && !alert) {
                    dataRecordsLeft[f.direction().index()]++;
                }
            }
        }
        for (LessonFrame f : frames) {
            add(f);
        }
        for (Map.Entry<Long, Long> e : laterParts.entrySet()) {
            Draft d = draftOf(e.getValue());
            if (d == null) {
                LessonFrame f = byNumber.get(e.getKey());
                d = latest(f.direction(), true);
            }
            if (d == null && !drafts.isEmpty()) {
                d = drafts.get(drafts.size() - 1);
            }
            if (d != null) {
                d.frames.add(e.getKey());
            } else {
                pending.add(byNumber.get(e.getKey()));
            }
        }
        if (!pending.isEmpty()) {
            Draft d = drafts.isEmpty() ? null : drafts.get(0);
            if (d == null) {
                // a connection of pure ACKs: one step for all of them
                d = new Draft(pending.get(0).direction());
                d.ack = true;
                d.eventFrames.add(pending.get(0));
                drafts.add(d);
            }
            for (LessonFrame p : pending) {
                d.frames.add(p.number());
            }
        }
        List<Lesson.Step> steps = new ArrayList<>();
        for (Draft d : drafts) {
            steps.add(LessonNarrator.step(steps.size() + 1, d.from, d.ack, kindsOf(d), d.frames, d.eventFrames,
                    unitsOf(d), this));
        }
        Lesson lesson = new Lesson(file, summary, mqtt, decrypted, steps);
        if (lesson.failed()) {
            steps.add(LessonNarrator.verdict(steps.size() + 1, summary, byNumber.get(summary.verdictFrame())));
            lesson = new Lesson(file, summary, mqtt, decrypted, steps);
        }
        return lesson;
    }

    boolean tls13() {
        return tls13;
    }

    boolean mqtt() {
        return mqtt;
    }

    boolean refused() {
        return summary.verdict().equals("tcp-refused");
    }

    boolean tls() {
        return summary.tls() != null;
    }

    private void add(LessonFrame f) {
        List<Unit> units = units(f);
        Direction dir = f.direction() == null ? Direction.CLIENT_TO_SERVER : f.direction();
        Draft last = drafts.isEmpty() ? null : drafts.get(drafts.size() - 1);
        if (f.retransmission() || retransmittedSyn(f, units)) {
            Draft d = latest(dir, true);
            if (d == null) {
                d = latest(dir, false);
            }
            if (d != null) {
                d.frames.add(f.number());
                return;
            }
        }
        if (units.isEmpty()) {
            if (f.reassembledIn() > 0 && f.reassembledIn() != f.number()) {
                laterParts.put(f.number(), f.reassembledIn());
                return;
            }
            if (last != null && last.has(U.SYN_ACK) && dir == Direction.CLIENT_TO_SERVER && f.tcpLen() == 0
                    && f.has(LessonFrame.ACK) && drafts.stream().noneMatch(d -> d.ack)) {
                Draft d = new Draft(dir);
                d.ack = true;
                d.eventFrames.add(f);
                d.frames.add(f.number());
                drafts.add(d);
                return;
            }
            Draft d = latest(dir.reverse(), false);
            if (d == null) {
                d = last;
            }
            if (d == null) {
                pending.add(f);
            } else {
                d.frames.add(f.number());
            }
            return;
        }
        boolean allHandshake = units.stream().allMatch(Unit::handshakeLike);
        boolean startsHello = units.stream().anyMatch(u -> u.kind == U.HANDSHAKE && u.code == 1);
        if (last != null && last.from == dir && last.flight() && allHandshake && !startsHello) {
            last.units.addAll(units);
            last.eventFrames.add(f);
            last.frames.add(f.number());
            return;
        }
        Draft d = new Draft(dir);
        d.units.addAll(units);
        d.eventFrames.add(f);
        d.frames.add(f.number());
        drafts.add(d);
    }

    private boolean retransmittedSyn(LessonFrame f, List<Unit> units) {
        if (units.isEmpty()) {
            return false;
        }
        U first = units.get(0).kind;
        return (first == U.SYN || first == U.SYN_ACK) && drafts.stream().anyMatch(d -> d.has(first));
    }

    /** The latest step sent from {@code dir} ({@code content}: one with an event, not the handshake's ACK). */
    private Draft latest(Direction dir, boolean content) {
        for (int i = drafts.size() - 1; i >= 0; i--) {
            Draft d = drafts.get(i);
            if (d.from == dir && (!content || !d.units.isEmpty())) {
                return d;
            }
        }
        return null;
    }

    private Draft draftOf(long frame) {
        for (Draft d : drafts) {
            if (d.frames.contains(frame)) {
                return d;
            }
        }
        return null;
    }

    private List<Unit> units(LessonFrame f) {
        List<Unit> out = new ArrayList<>();
        if (f.has(LessonFrame.SYN)) {
            out.add(new Unit(f.has(LessonFrame.ACK) ? U.SYN_ACK : U.SYN, 0, null, null, null));
        }
        List<Unit> alerts = new ArrayList<>();
        boolean mqttAdded = false;
        int n = f.tls().size();
        for (int i = 0; i < n; i++) {
            TlsRecord r = f.tls().get(i);
            switch (r.contentType()) {
                case TlsRecord.HANDSHAKE -> {
                    if (r.handshakeTypes().isEmpty()) {
                        int code = !r.encrypted() ? 0x100 : f.phase() == Phase.TLS_HANDSHAKE ? ENCRYPTED_HANDSHAKE
                                : LATE_ENCRYPTED_HANDSHAKE;
                        out.add(new Unit(U.HANDSHAKE, code, r, null, null));
                    }
                    for (int t : r.handshakeTypes()) {
                        out.add(new Unit(U.HANDSHAKE, t, r, null, null));
                    }
                }
                case TlsRecord.CHANGE_CIPHER_SPEC -> out.add(new Unit(U.CCS, 0, r, null, null));
                case TlsRecord.ALERT -> alerts.add(new Unit(U.ALERT, 0, r, null, null));
                case TlsRecord.APPLICATION_DATA -> {
                    boolean unread = r.opaque() || (r.encrypted() && r.plaintext() == null);
                    if (unread && f.inferredAlert() && i == n - 1) {
                        alerts.add(new Unit(U.ALERT, 1, r, null, null));
                    } else if (unread && f.phase() == Phase.TLS_HANDSHAKE) {
                        out.add(new Unit(U.HANDSHAKE, OPAQUE_HANDSHAKE, r, null, null));
                    } else if (!f.mqtt().isEmpty()) {
                        if (!mqttAdded) {
                            for (MqttPacket m : f.mqtt()) {
                                out.add(new Unit(U.MQTT, m.type(), r, m, null));
                            }
                            mqttAdded = true;
                        }
                    } else {
                        out.add(new Unit(U.RECORD, unread ? 1 : 0, r, null, unread ? guess(f, r) : null));
                    }
                }
                default -> out.add(new Unit(U.RECORD, 0, r, null, null));
            }
        }
        if (!mqttAdded) {
            for (MqttPacket m : f.mqtt()) {
                out.add(new Unit(U.MQTT, m.type(), null, m, null));
            }
        }
        out.addAll(alerts);
        if (f.has(LessonFrame.FIN)) {
            out.add(new Unit(U.FIN, 0, null, null, null));
        }
        if (f.has(LessonFrame.RST)) {
            out.add(new Unit(U.RST, 0, null, null, null));
        }
        return out;
    }

    // ------------------------------------------------------------------ guessing what an encrypted record holds

    /** Bytes an AEAD record adds to its plaintext: TLS 1.3 tag and inner type; TLS 1.2 explicit nonce and tag. */
    private static int overhead(ConnectionSummary.TlsFacts t, boolean tls13) {
        if (t == null || t.cipherSuite() == null) {
            return -1;
        }
        String c = t.cipherSuite().toUpperCase(Locale.ROOT);
        if (tls13) {
            return 17;
        }
        if (c.contains("CHACHA20")) {
            return 16;
        }
        if (c.contains("GCM") || c.contains("CCM_8")) {
            return c.contains("CCM_8") ? 16 : 24;
        }
        if (c.contains("CCM")) {
            return 24;
        }
        return -1;
    }

    /**
     * What an encrypted record most likely holds, from who sent it, its place and its size (an eavesdropper's
     * inference), or null. Only for MQTT connections with an AEAD cipher, where the plaintext's size is exact.
     */
    private String guess(LessonFrame f, TlsRecord r) {
        if (!mqtt || aeadOverhead < 0 || f.direction() == null) {
            return null;
        }
        int size = r.length() - aeadOverhead;
        int side = f.direction().index();
        dataRecordsLeft[side]--;
        boolean client = f.direction() == Direction.CLIENT_TO_SERVER;
        if (client) {
            if (!guessedConnect[side]) {
                guessedConnect[side] = true;
                return "CONNECT";
            }
            if (size == 2) {
                return dataRecordsLeft[side] <= 0 ? "DISCONNECT" : "PINGREQ";
            }
            if (size == 4) {
                return "PUBACK";
            }
            return size > 4 ? "PUBLISH" : null;
        }
        if (tls13 && !guessedConnect[side] && size >= 64) {
            return "New Session Ticket";
        }
        if (!guessedConnect[side]) {
            guessedConnect[side] = true;
            return size >= 4 ? "CONNACK" : null;
        }
        if (size == 2) {
            return "PINGRESP";
        }
        if (size == 4) {
            return "PUBACK";
        }
        if (size == 5) {
            return "SUBACK";
        }
        return size > 5 ? "PUBLISH" : null;
    }

    // ------------------------------------------------------------------ what the narrator needs of a draft

    /** What the narrator is told of one unit. */
    record Event(String what, int code, TlsRecord rec, MqttPacket mqtt, String guess) {
    }

    private static List<Event> unitsOf(Draft d) {
        List<Event> l = new ArrayList<>(d.units.size());
        for (Unit u : d.units) {
            l.add(new Event(u.kind.name(), u.code, u.rec, u.mqtt, u.guess));
        }
        return l;
    }

    private Lesson.Kind kindsOf(Draft d) {
        if (d.ack) {
            return Lesson.Kind.ACK;
        }
        if (d.has(U.SYN)) {
            return Lesson.Kind.SYN;
        }
        if (d.has(U.SYN_ACK)) {
            return Lesson.Kind.SYN_ACK;
        }
        boolean server = d.from == Direction.SERVER_TO_CLIENT;
        if (d.has(U.HANDSHAKE) || d.has(U.CCS)) {
            if (d.hasHandshake(1)) {
                return Lesson.Kind.CLIENT_HELLO;
            }
            if (d.hasHandshake(2)) {
                return tls13 ? Lesson.Kind.SERVER_HELLO_13 : Lesson.Kind.SERVER_HELLO_12;
            }
            if (!server && (d.hasHandshake(16) || (!tls13 && (d.hasHandshake(20) || d.hasHandshake(ENCRYPTED_HANDSHAKE))))) {
                return Lesson.Kind.CLIENT_FLIGHT_12;
            }
            if (!server && tls13 && (d.hasHandshake(20) || d.hasHandshake(OPAQUE_HANDSHAKE))) {
                return Lesson.Kind.CLIENT_FLIGHT_13;
            }
            if (server && !tls13 && (d.hasHandshake(20) || d.hasHandshake(ENCRYPTED_HANDSHAKE))) {
                return Lesson.Kind.SERVER_FINISHED_12;
            }
            if (d.hasHandshake(4) && d.units.stream().allMatch(u -> u.kind == U.HANDSHAKE && u.code == 4)) {
                return Lesson.Kind.SESSION_TICKET;
            }
            if (server && tls13 && d.hasHandshake(OPAQUE_HANDSHAKE)) {
                return Lesson.Kind.SERVER_HELLO_13;
            }
            return Lesson.Kind.HANDSHAKE;
        }
        if (d.has(U.MQTT)) {
            return Lesson.Kind.MQTT;
        }
        if (d.has(U.RECORD)) {
            boolean unread = d.units.stream().anyMatch(u -> u.kind == U.RECORD && u.code == 1);
            return unread ? Lesson.Kind.ENCRYPTED_RECORD : Lesson.Kind.APPLICATION_DATA;
        }
        if (d.has(U.ALERT)) {
            Unit a = d.units.stream().filter(u -> u.kind == U.ALERT).findFirst().orElseThrow();
            if (a.code == 1 || a.rec.alertDescription() < 0) {
                return Lesson.Kind.ENCRYPTED_ALERT;
            }
            return a.rec.alertDescription() == 0 ? Lesson.Kind.CLOSE_NOTIFY : Lesson.Kind.ALERT;
        }
        if (d.has(U.FIN)) {
            return Lesson.Kind.FIN;
        }
        return Lesson.Kind.RST;
    }

    /** A handshake code's name for titles ("Client Hello"). */
    static String handshakeName(int code) {
        String n = code >= 0 && code < 256 ? TlsNames.handshakeType(code) : null;
        return n != null ? n : "Handshake " + code;
    }
}
