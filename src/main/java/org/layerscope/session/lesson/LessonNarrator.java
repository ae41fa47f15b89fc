package org.layerscope.session.lesson;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.layerscope.analysis.ConnectionSummary;
import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.dissect.tls.TlsNames;
import org.layerscope.dissect.tls.TlsRecord;
import org.layerscope.model.Direction;
import org.layerscope.model.Phase;

/**
 * Titles and narrations of the steps, as keys of the lesson bundle ({@code org/layerscope/i18n/lesson*.properties}).
 * A narration is at most three sentences: what the step does (one or two), then what an eavesdropper sees when the
 * content travels encrypted, or what else the same segment does (a FIN, an RST, a close_notify).
 */
final class LessonNarrator {
    private static final int MAX_SENTENCES = 3;

    private LessonNarrator() {
    }

    static Lesson.Step step(int number, Direction from, boolean ack, Lesson.Kind kind, List<Long> frameList,
                            List<LessonFrame> eventFrames, List<LessonBuilder.Event> events, LessonBuilder b) {
        List<Long> frames = new ArrayList<>(frameList);
        frames.sort(Long::compare);
        LessonFrame main = eventFrames.get(0);
        LessonFrame lastEvent = eventFrames.get(eventFrames.size() - 1);
        Phase phase = lastEvent.phase();
        Direction dir = from == null ? Direction.CLIENT_TO_SERVER : from;
        List<Msg> title = ack ? List.of(Msg.literal("TCP ACK")) : title(events);
        List<Msg> narration = narration(kind, dir, events, eventFrames, b);
        return new Lesson.Step(number, kind, frames, main.number(), phase, dir, title, narration,
                main.layersEn(), main.layersJa());
    }

    static Lesson.Step verdict(int number, ConnectionSummary c, LessonFrame deciding) {
        Direction dir = deciding != null && deciding.direction() != null ? deciding.direction()
                : Direction.SERVER_TO_CLIENT;
        List<Long> frames = c.verdictFrame() > 0 ? List.of(c.verdictFrame()) : List.of();
        List<Msg> narration = new ArrayList<>();
        narration.add(Msg.of("n.verdict", new VerdictText(c), c.verdictFrame()));
        return new Lesson.Step(number, Lesson.Kind.VERDICT, frames, c.verdictFrame(), c.reached(), dir,
                List.of(Msg.of("t.verdict", c.verdict())), narration,
                deciding == null ? List.of() : deciding.layersEn(), deciding == null ? List.of() : deciding.layersJa());
    }

    /** The connection's verdict explanation, in the reader's language (resolved by {@link LessonText}). */
    record VerdictText(ConnectionSummary connection) {
    }

    private static List<Msg> title(List<LessonBuilder.Event> events) {
        Set<Msg> parts = new LinkedHashSet<>();
        for (LessonBuilder.Event e : events) {
            parts.add(switch (e.what()) {
                case "SYN" -> Msg.literal("TCP SYN");
                case "SYN_ACK" -> Msg.literal("TCP SYN/ACK");
                case "CCS" -> Msg.literal("Change Cipher Spec");
                case "HANDSHAKE" -> handshakeTitle(e.code());
                case "MQTT" -> Msg.literal("MQTT " + mqttName(e.code()));
                case "RECORD" -> e.code() == 1
                        ? (e.guess() != null ? Msg.of("t.encrypted-record.guess", guessName(e.guess()))
                        : Msg.of("t.encrypted-record"))
                        : Msg.literal(e.rec().contentType() == TlsRecord.APPLICATION_DATA ? "Application Data"
                        : TlsNames.contentType(e.rec().contentType()));
                case "ALERT" -> e.code() == 1 ? Msg.of("t.probably-alert")
                        : e.rec().alertDescription() < 0 ? Msg.literal("Encrypted Alert")
                        : Msg.literal("Alert: " + alertName(e.rec().alertDescription()));
                case "FIN" -> Msg.literal("TCP FIN");
                default -> Msg.literal("TCP RST");
            });
        }
        return new ArrayList<>(parts);
    }

    private static Msg handshakeTitle(int code) {
        if (code == LessonBuilder.ENCRYPTED_HANDSHAKE) {
            return Msg.of("t.encrypted-handshake");
        }
        if (code == LessonBuilder.OPAQUE_HANDSHAKE) {
            return Msg.of("t.opaque-handshake");
        }
        if (code == LessonBuilder.LATE_ENCRYPTED_HANDSHAKE) {
            return Msg.literal("Encrypted Handshake Message");
        }
        if (code == 0x100) {
            return Msg.of("t.handshake-part");
        }
        return Msg.literal(LessonBuilder.handshakeName(code));
    }

    private static String guessName(String guess) {
        return guess.equals(guess.toUpperCase(java.util.Locale.ROOT)) ? "MQTT " + guess : guess;
    }

    private static String alertName(int code) {
        String n = TlsNames.alertDescription(code);
        return n != null ? n : Integer.toString(code);
    }

    static String mqttName(int type) {
        String[] names = {"?", "CONNECT", "CONNACK", "PUBLISH", "PUBACK", "PUBREC", "PUBREL", "PUBCOMP", "SUBSCRIBE",
            "SUBACK", "UNSUBSCRIBE", "UNSUBACK", "PINGREQ", "PINGRESP", "DISCONNECT", "AUTH"};
        return type >= 0 && type < names.length ? names[type] : "?";
    }

    private static List<Msg> narration(Lesson.Kind kind, Direction dir, List<LessonBuilder.Event> events,
                                       List<LessonFrame> frames, LessonBuilder b) {
        List<Msg> out = new ArrayList<>();
        boolean server = dir == Direction.SERVER_TO_CLIENT;
        switch (kind) {
            case SYN -> out.add(Msg.of(frames.size() > 1 || events.stream().filter(e -> e.what().equals("SYN")).count() > 1
                    ? "n.syn.again" : "n.syn"));
            case SYN_ACK -> out.add(Msg.of("n.syn-ack"));
            case ACK -> out.add(Msg.of("n.ack"));
            case CLIENT_HELLO -> out.add(Msg.of("n.client-hello"));
            case SERVER_HELLO_12 -> {
                out.add(Msg.of("n.server-hello-12"));
                if (has(events, 13)) {
                    out.add(Msg.of("x.certificate-request"));
                }
            }
            case SERVER_HELLO_13 -> {
                out.add(Msg.of("n.server-hello-13"));
                if (has(events, 13)) {
                    out.add(Msg.of("x.certificate-request.13"));
                }
            }
            case CLIENT_FLIGHT_12 -> {
                out.add(Msg.of("n.client-flight-12"));
                if (has(events, 11)) {
                    out.add(Msg.of("x.client-certificate-12"));
                }
            }
            case CLIENT_FLIGHT_13 -> {
                out.add(Msg.of("n.client-flight-13"));
                if (has(events, 11)) {
                    out.add(Msg.of("x.client-certificate-13"));
                }
            }
            case SERVER_FINISHED_12 -> out.add(Msg.of("n.server-finished-12"));
            case SESSION_TICKET -> out.add(Msg.of("n.session-ticket"));
            case HANDSHAKE -> out.add(Msg.of(has(events, LessonBuilder.LATE_ENCRYPTED_HANDSHAKE) ? "n.handshake.late"
                    : "n.handshake"));
            case MQTT -> {
                LessonBuilder.Event e = events.stream().filter(x -> x.what().equals("MQTT")).findFirst().orElseThrow();
                out.add(mqtt(e.mqtt()));
                int bytes = recordBytes(frames);
                out.add(bytes > 0 ? Msg.of("x.mqtt.tls", bytes) : Msg.of("x.mqtt.plain"));
            }
            case ENCRYPTED_RECORD -> {
                LessonBuilder.Event e = events.stream().filter(x -> x.what().equals("RECORD")).findFirst().orElseThrow();
                out.add(Msg.of("n.encrypted-record", e.rec().length()));
                if (e.guess() != null) {
                    out.add(Msg.of("x.guess", guessName(e.guess())));
                }
            }
            case APPLICATION_DATA -> out.add(Msg.of("n.application-data"));
            case CLOSE_NOTIFY -> out.add(Msg.of("n.close-notify"));
            case ALERT -> {
                TlsRecord r = events.stream().filter(x -> x.what().equals("ALERT")).findFirst().orElseThrow().rec();
                out.add(Msg.of(r.alertLevel() == 2 ? "n.alert.fatal" : "n.alert.warning", alertName(r.alertDescription())));
            }
            case ENCRYPTED_ALERT -> out.add(Msg.of(b.tls13() ? "n.encrypted-alert.13" : "n.encrypted-alert"));
            case FIN -> out.add(Msg.of("n.fin"));
            case RST -> out.add(Msg.of(b.refused() && server ? "n.rst.refused" : "n.rst"));
            default -> out.add(Msg.of("n.handshake"));
        }
        // what else the same segments do
        if (kind != Lesson.Kind.CLOSE_NOTIFY && kind != Lesson.Kind.ALERT && kind != Lesson.Kind.ENCRYPTED_ALERT) {
            for (LessonBuilder.Event e : events) {
                if (e.what().equals("ALERT")) {
                    out.add(e.code() == 1 || e.rec().alertDescription() < 0 ? Msg.of("x.encrypted-alert")
                            : e.rec().alertDescription() == 0 ? Msg.of("x.close-notify")
                            : Msg.of("x.alert", alertName(e.rec().alertDescription())));
                    break;
                }
            }
        }
        if (kind != Lesson.Kind.FIN && kind != Lesson.Kind.RST) {
            if (events.stream().anyMatch(e -> e.what().equals("RST"))) {
                out.add(Msg.of("x.rst"));
            } else if (events.stream().anyMatch(e -> e.what().equals("FIN"))) {
                out.add(Msg.of("x.fin"));
            }
        } else if (kind == Lesson.Kind.FIN && events.stream().anyMatch(e -> e.what().equals("RST"))) {
            out.add(Msg.of("x.rst"));
        }
        while (out.size() > MAX_SENTENCES) {
            out.remove(out.size() - 2); // keep the first sentences and the last (how the segment ends)
        }
        return out;
    }

    private static boolean has(List<LessonBuilder.Event> events, int handshakeType) {
        return events.stream().anyMatch(e -> e.what().equals("HANDSHAKE") && e.code() == handshakeType);
    }

    /** Bytes of the TLS records that carried the step's MQTT, 0 when it was not inside TLS. */
    private static int recordBytes(List<LessonFrame> frames) {
        int n = 0;
        for (LessonFrame f : frames) {
            if (!f.mqtt().isEmpty()) {
                for (TlsRecord r : f.tls()) {
                    if (r.contentType() == TlsRecord.APPLICATION_DATA) {
                        n += 5 + r.length();
                    }
                }
            }
        }
        return n;
    }

    private static Msg mqtt(MqttPacket m) {
        String name = mqttName(m.type());
        return switch (m.type()) {
            case MqttPacket.CONNECT -> Msg.of("n.mqtt.connect", m.clientId() == null ? "" : m.clientId());
            case MqttPacket.CONNACK -> Msg.of(m.returnCode() > 0 ? "n.mqtt.connack.refused" : "n.mqtt.connack",
                    Integer.toString(Math.max(0, m.returnCode())));
            case MqttPacket.PUBLISH -> Msg.of("n.mqtt.publish", m.topic() == null ? "" : m.topic(),
                    Integer.toString(Math.max(0, m.qos())));
            case MqttPacket.PUBACK, MqttPacket.PUBREC, MqttPacket.PUBREL, MqttPacket.PUBCOMP, MqttPacket.SUBSCRIBE,
                    MqttPacket.SUBACK, MqttPacket.UNSUBSCRIBE, MqttPacket.UNSUBACK, MqttPacket.PINGREQ,
                    MqttPacket.PINGRESP, MqttPacket.DISCONNECT, MqttPacket.AUTH ->
                    Msg.of("n.mqtt." + name.toLowerCase(java.util.Locale.ROOT));
            default -> Msg.of("n.mqtt.other", name);
        };
    }
}
