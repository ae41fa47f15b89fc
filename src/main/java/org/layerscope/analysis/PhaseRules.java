package org.layerscope.analysis;

import java.util.List;
import org.layerscope.dissect.tls.HandshakeType;
import org.layerscope.dissect.tls.TlsRecord;
import org.layerscope.model.Phase;

/**
 * The phase rules of TLS records, as one pure function: which phase a record puts its connection in, by
 * which named {@link Rule}. No state is kept here: the little TLS 1.3 state the inference needs (has the
 * client sent an encrypted record, has its Finished gone by) goes in and comes out with the decision.
 *
 * <p>A record whose content type can be read (TLS 1.2, a decrypted TLS 1.3 record) is classified by its
 * content type. An encrypted TLS 1.3 record that was not decrypted is opaque: its phase is inferred from
 * the record lengths, like an analyst reading tshark's output would:
 * <ul>
 *   <li>before the client's Finished, the client's encrypted records are handshake (Certificate,
 *       CertificateVerify, Finished); a record of 53 or 69 bytes is the Finished itself (4-byte header +
 *       32- or 48-byte verify data + inner type + 16-byte tag, for SHA-256 and SHA-384 suites);</li>
 *   <li>the server's encrypted records before the client sent any are handshake (EncryptedExtensions ...
 *       Finished); once the client has sent encrypted records, a server record means the client's Finished
 *       went by, and it is application data;</li>
 *   <li>after the handshake, a record small enough to be an encrypted alert ({@link #MAX_ALERT_RECORD}) is
 *       pending: the last such record before the direction closes (FIN/RST or the end of the capture) is
 *       an alert ({@link #pendingRecord}), one followed by another record was data.</li>
 * </ul>
 */
public final class PhaseRules {
    /**
     * Largest encrypted TLS 1.3 record that may hold an alert: 2 bytes + inner type + 16-byte tag = 19,
     * plus the record padding some stacks add (BouncyCastle pads to 16-byte steps).
     */
    public static final int MAX_ALERT_RECORD = 19 + 32;
    /** Lengths of an encrypted TLS 1.3 Finished record: SHA-256 and SHA-384 cipher suites. */
    static final int FINISHED_SHA256 = 53;
    static final int FINISHED_SHA384 = 69;

    private PhaseRules() {
    }

    /** The rule that decided a record's phase. */
    public enum Rule {
        /** A readable ChangeCipherSpec record: handshake. */
        CHANGE_CIPHER_SPEC,
        /** A readable alert: teardown. */
        ALERT,
        /** A readable handshake record: handshake. */
        HANDSHAKE,
        /** TLS 1.3 NewSessionTicket or KeyUpdate after the handshake: application data. */
        POST_HANDSHAKE_MESSAGE,
        /** A readable application-data record. */
        APPLICATION_DATA,
        /** A readable record of another content type (heartbeat, unknown): no phase. */
        OTHER_CONTENT_TYPE,
        /** TLS 1.3, opaque, from the client before its Finished: handshake. */
        TLS13_CLIENT_HANDSHAKE,
        /** TLS 1.3, opaque, from the client, 53 or 69 bytes before its Finished: the Finished. */
        TLS13_CLIENT_FINISHED,
        /** TLS 1.3, opaque, from the server before the client sent an encrypted record: handshake. */
        TLS13_SERVER_HANDSHAKE,
        /** TLS 1.3, opaque, from the server after the client's encrypted handshake: application data. */
        TLS13_SERVER_AFTER_CLIENT_FINISHED,
        /** TLS 1.3, opaque, after the handshake, alert-sized: application data until the close decides. */
        TLS13_ALERT_SIZED_PENDING,
        /** TLS 1.3, opaque, after the handshake: application data. */
        TLS13_APPLICATION_DATA,
        /** A pending alert-sized record that was the last before its direction closed: an encrypted alert. */
        PENDING_BEFORE_CLOSE_IS_ALERT,
        /** A pending alert-sized record followed by another record: it was data. */
        PENDING_FOLLOWED_IS_DATA
    }

    /** TLS 1.3 inference state of one connection. */
    public record Tls13State(boolean clientSentEncrypted, boolean clientFinished) {
        public static final Tls13State START = new Tls13State(false, false);
        private static final Tls13State[] ALL = {START, new Tls13State(false, true), new Tls13State(true, false),
            new Tls13State(true, true)};

        /** The state with these values (one shared instance each). */
        static Tls13State of(boolean clientSentEncrypted, boolean clientFinished) {
            return ALL[(clientSentEncrypted ? 2 : 0) | (clientFinished ? 1 : 0)];
        }

        int index() {
            return (clientSentEncrypted ? 2 : 0) | (clientFinished ? 1 : 0);
        }
    }

    /**
     * What the rules need of one record.
     *
     * @param contentType    readable content type (the inner one of a decrypted TLS 1.3 record)
     * @param opaque         a TLS 1.3 record that stays encrypted (its type cannot be read)
     * @param length         the record header's length
     * @param handshakeTypes handshake messages that complete in the record
     * @param fromClient     sent by the client
     * @param tls13          the session is TLS 1.3 (known from the ServerHello)
     */
    public record Record(int contentType, boolean opaque, int length, List<Integer> handshakeTypes,
                         boolean fromClient, boolean tls13) {
        static Record of(TlsRecord r, boolean fromClient, boolean tls13) {
            return new Record(r.contentType(), r.opaque() && r.plaintext() == null, r.length(), r.handshakeTypes(),
                    fromClient, tls13);
        }
    }

    /**
     * @param phase   the record's phase, or null (no phase)
     * @param pending the record is alert-sized: {@link #pendingRecord} decides it later
     */
    public record Decision(Rule rule, Phase phase, boolean inferred, boolean pending, Tls13State state) {
    }

    /**
     * The decisions made so far, by rule and state: a rule always gives the same phase, inference and pending
     * flag, so every record classified by one rule in one state gets the same (immutable) decision. Filled by
     * whichever thread needs one first (a lost race only makes an equal decision twice).
     */
    private static final Decision[][] DECISIONS = new Decision[Rule.values().length][4];

    private static Decision decision(Rule rule, Phase phase, boolean inferred, boolean pending, Tls13State state) {
        Decision[] byState = DECISIONS[rule.ordinal()];
        int i = state.index();
        Decision d = byState[i];
        if (d == null) {
            d = new Decision(rule, phase, inferred, pending, Tls13State.ALL[i]);
            byState[i] = d;
        }
        return d;
    }

    /** The phase of one record, and the connection's TLS 1.3 state after it. */
    public static Decision classify(Record r, Tls13State s) {
        return classify(r.contentType(), r.opaque(), r.length(), r.handshakeTypes(), r.fromClient(), r.tls13(), s);
    }

    /** {@link #classify(Record, Tls13State)} of the record of {@link Record#of} (without making it). */
    static Decision classify(TlsRecord r, boolean fromClient, boolean tls13, Tls13State s) {
        return classify(r.contentType(), r.opaque() && r.plaintext() == null, r.length(), r.handshakeTypes(),
                fromClient, tls13, s);
    }

    private static Decision classify(int contentType, boolean opaque, int length, List<Integer> handshakeTypes,
                                     boolean fromClient, boolean tls13, Tls13State s) {
        if (opaque) {
            if (!s.clientFinished()) {
                if (fromClient) {
                    boolean finished = length == FINISHED_SHA256 || length == FINISHED_SHA384;
                    return decision(finished ? Rule.TLS13_CLIENT_FINISHED : Rule.TLS13_CLIENT_HANDSHAKE,
                            Phase.TLS_HANDSHAKE, true, false, Tls13State.of(true, finished));
                }
                if (s.clientSentEncrypted()) {
                    return decision(Rule.TLS13_SERVER_AFTER_CLIENT_FINISHED, Phase.APPLICATION_DATA, true, false,
                            Tls13State.of(true, true));
                }
                return decision(Rule.TLS13_SERVER_HANDSHAKE, Phase.TLS_HANDSHAKE, true, false, s);
            }
            if (length <= MAX_ALERT_RECORD) {
                return decision(Rule.TLS13_ALERT_SIZED_PENDING, Phase.APPLICATION_DATA, true, true, s);
            }
            return decision(Rule.TLS13_APPLICATION_DATA, Phase.APPLICATION_DATA, true, false, s);
        }
        Tls13State next = s;
        if (contentType == TlsRecord.HANDSHAKE && handshakeTypes.contains(HandshakeType.FINISHED) && fromClient) {
            next = Tls13State.of(s.clientSentEncrypted(), true);
        }
        return switch (contentType) {
            case TlsRecord.CHANGE_CIPHER_SPEC -> decision(Rule.CHANGE_CIPHER_SPEC, Phase.TLS_HANDSHAKE, false, false, next);
            case TlsRecord.ALERT -> decision(Rule.ALERT, Phase.TEARDOWN, false, false, next);
            case TlsRecord.HANDSHAKE -> postHandshake(tls13, handshakeTypes)
                    ? decision(Rule.POST_HANDSHAKE_MESSAGE, Phase.APPLICATION_DATA, false, false, next)
                    : decision(Rule.HANDSHAKE, Phase.TLS_HANDSHAKE, false, false, next);
            case TlsRecord.APPLICATION_DATA -> decision(Rule.APPLICATION_DATA, Phase.APPLICATION_DATA, false, false, next);
            default -> decision(Rule.OTHER_CONTENT_TYPE, null, false, false, next);
        };
    }

    /** A TLS 1.3 record holding only NewSessionTicket (4) or KeyUpdate (24) messages. */
    private static boolean postHandshake(boolean tls13, List<Integer> handshakeTypes) {
        if (!tls13 || handshakeTypes.isEmpty()) {
            return false;
        }
        for (int t : handshakeTypes) {
            if (t != HandshakeType.NEW_SESSION_TICKET && t != HandshakeType.KEY_UPDATE) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decides a pending alert-sized record: the direction closed (FIN, RST, end of capture) before it sent
     * anything else, so it was an encrypted alert (teardown, inferred); or another record followed, so it was data.
     */
    public static Decision pendingRecord(boolean directionClosed, Tls13State s) {
        return directionClosed
                ? decision(Rule.PENDING_BEFORE_CLOSE_IS_ALERT, Phase.TEARDOWN, true, false, s)
                : decision(Rule.PENDING_FOLLOWED_IS_DATA, Phase.APPLICATION_DATA, true, false, s);
    }
}
