package org.layerscope.analysis;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.layerscope.dissect.mqtt.MqttFramer;
import org.layerscope.dissect.tcp.PduSource;
import org.layerscope.dissect.tcp.SegmentOwner;
import org.layerscope.dissect.tcp.StreamReassembler;
import org.layerscope.dissect.tls.TlsDecoder;
import org.layerscope.dissect.tls.TlsRecord;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.Phase;
import org.layerscope.model.Severity;
import org.layerscope.tls.keys.KeyLog;
import org.layerscope.tls.keys.SessionDecryptor;

/**
 * The TLS stage: one whole TLS record of a connection's stream at a time (decoded, decrypted when there
 * are keys, its phase by {@link PhaseRules}, its facts), the decrypted application data framed again like a
 * stream and handed to the {@link MqttStage}; and the pending alert-sized TLS 1.3 records.
 */
final class TlsStage {
    private static final int MAX_BUFFERED = Analyzer.MAX_BUFFERED;
    private final KeyLog keys;
    private final boolean keysGiven;
    private final BooleanSupplier secretsBlocksSeen;
    private final MqttStage mqtt;

    TlsStage(KeyLog keys, boolean keysGiven, BooleanSupplier secretsBlocksSeen, MqttStage mqtt) {
        this.keys = keys;
        this.keysGiven = keysGiven;
        this.secretsBlocksSeen = secretsBlocksSeen;
        this.mqtt = mqtt;
    }

    /** The key log's generation when it was last found empty (checking it takes its lock), or -1. */
    private long emptyAtGeneration = -1;
    /** The frames of the record being decoded (kept from record to record: nothing to allocate). */
    private final List<SegmentOwner> owners = new java.util.ArrayList<>();
    /** Where the decoder puts the expert items of one PDU, before they go to the frame. */
    private final List<ExpertItem> found = new java.util.ArrayList<>();

    /** {@code keys.isEmpty()}, asked of the key log only when it changed since it was last found empty. */
    private boolean keysEmpty() {
        long g = keys.generation();
        if (g == emptyAtGeneration) {
            return true;
        }
        if (keys.isEmpty()) {
            emptyAtGeneration = g;
            return true;
        }
        return false;
    }

    /** The TLS record of {@code n} bytes at the start of {@code s}, completed by frame {@code cur}. */
    void record(PacketResult cur, TcpConnection c, Direction dir, PduSource s, int n) {
        if (c.tls == null) {
            c.decryptor = !keysGiven && keys.isEmpty() && !secretsBlocksSeen.getAsBoolean() ? null : new SessionDecryptor(keys);
            c.tls = new TlsDecoder(c.decryptor);
        } else if (c.decryptor == null && !keysEmpty()) {
            // secrets arrived later (a Decryption Secrets Block in the middle of the file)
            c.decryptor = new SessionDecryptor(keys);
        }
        List<SegmentOwner> owners = this.owners;
        s.ownersOf(n, owners);
        PacketResult first = owners.isEmpty() ? cur : (PacketResult) owners.get(0);
        Field tmp = cur.tree.enabled() ? new Field("tmp", null, "", 0, 0) : Field.NONE;
        List<ExpertItem> found = this.found;
        c.tls.decryptedBase(cur.tree.enabled() ? Field.DECRYPTED + cur.decrypted().length : -1);
        TlsRecord rec;
        try {
            rec = c.tls.decodeRecord(dir, s.buffer(), s.start(), n, tmp, found);
        } catch (RuntimeException e) {
            throw Pdus.decodeFailed(cur, found, e);
        }
        // the record's plaintext joins the frame's decrypted data, where its fields point
        int plainAt = cur.tree.enabled() && c.tls.lastDecrypted() != null ? cur.addDecrypted(c.tls.lastDecrypted()) : -1;
        Pdus.takeExpert(cur, s, found);
        if (c.decryptor != null && rec.encrypted() && rec.plaintext() == null
                && c.decryptor.lastFailure() != SessionDecryptor.Failure.NONE) {
            decryptFailure(c, cur, c.decryptor.lastFailure());
        }
        Pdus.attach(cur, s, tmp);
        cur.addTlsRecord(rec);
        for (int i = 0; i < owners.size(); i++) {
            SegmentOwner o = owners.get(i);
            if (o != cur) {
                PacketResult pr = (PacketResult) o;
                pr.reassembledIn = cur.number();
                pr.partOf = rec.info();
            }
        }
        // the side that sent a record earlier has no ambiguity left
        resolveAmbiguous(c, dir, false);
        PhaseRules.Decision d = PhaseRules.classify(rec, dir == Direction.CLIENT_TO_SERVER,
                c.tls != null && c.tls.isTls13(), c.tls13);
        c.tls13 = d.state();
        Phase ph = d.phase();
        boolean inferred = d.inferred();
        if (d.pending()) {
            TcpConnection.Side sd = c.sides[dir.index()];
            sd.ambiguous = first;
            sd.ambiguousPhaseBefore = c.phase == null ? Phase.TCP_HANDSHAKE : c.phase;
            first.hold();
        }
        FactsRecorder.tlsFacts(c, dir, first, cur, rec, ph);
        if (ph != null) {
            Pdus.event(first, ph, inferred);
        }
        if (rec.plaintext() != null && rec.plaintext().length > 0) {
            innerData(cur, c, dir, rec.plaintext(), plainAt);
        }
    }

    /** An SSL 2.0-format ClientHello: no content type (tshark shows none), handshake type 1. */
    void sslv2Record(PacketResult cur, TcpConnection c, TcpConnection.Side side, int n) {
        StreamReassembler s = side.stream;
        byte[] b = s.buffer();
        int start = s.start();
        int version = ((b[start + 3] & 0xff) << 8) | (b[start + 4] & 0xff);
        List<SegmentOwner> owners = s.ownersOf(n);
        PacketResult first = owners.isEmpty() ? cur : (PacketResult) owners.get(0);
        if (cur.tree.enabled()) {
            Field tmp = new Field("tmp", null, "", 0, 0);
            Field rec = tmp.add("tls", start, n, null, "SSLv2 Record Layer: Client Hello");
            rec.add("tls.record.length", start, 2, n - 2, "Length: " + (n - 2));
            rec.add("tls.handshake.type", start + 2, 1, 1, "Handshake Message Type: Client Hello (1)");
            rec.add("tls.handshake.version", start + 3, 2, version, String.format("Version: 0x%04x", version));
            Pdus.attach(cur, s, tmp);
        }
        cur.addTlsRecord(new TlsRecord(Analyzer.SSLV2_RECORD, false, false, version, n - 2, List.of(1), -1, -1,
                "Client Hello", null));
        for (SegmentOwner o : owners) {
            if (o != cur) {
                ((PacketResult) o).reassembledIn = cur.number();
                ((PacketResult) o).partOf = "Client Hello";
            }
        }
        Pdus.event(first, Phase.TLS_HANDSHAKE, false);
    }

    private static void decryptFailure(TcpConnection c, PacketResult cur, SessionDecryptor.Failure why) {
        switch (why) {
            case NOT_AUTHENTIC -> cur.addExpert(ExpertItem.of(Severity.WARN, "tls.decrypt.failed",
                    "This record could not be decrypted: the keys do not fit (wrong key log?) or the record is damaged; its phase is inferred"));
            case NO_KEYS, NO_HANDSHAKE, UNSUPPORTED_CIPHER_SUITE, UNSUPPORTED_VERSION -> {
                if (!c.decryptFailureNoted) {
                    c.decryptFailureNoted = true;
                    cur.addExpert(ExpertItem.of(Severity.NOTE, "tls.decrypt." + why.name().toLowerCase(java.util.Locale.ROOT),
                            switch (why) {
                                case NO_KEYS -> "The key log has no secrets for this TLS session: it stays encrypted";
                                case NO_HANDSHAKE -> "The TLS handshake was not captured: its records cannot be decrypted";
                                case UNSUPPORTED_CIPHER_SUITE -> "LayerScope cannot decrypt this session's cipher suite";
                                default -> "LayerScope cannot decrypt this TLS version";
                            }));
                }
            }
            default -> cur.addExpert(ExpertItem.of(Severity.WARN, "tls.decrypt.malformed",
                    "This record is too short or malformed to decrypt"));
        }
    }

    /** Decrypted application data: framed like a stream, MQTT packets reassembled across records. */
    /** Application data decrypted from a record; {@code at}: its field offset in the frame's decrypted data, or -1. */
    private void innerData(PacketResult cur, TcpConnection c, Direction dir, byte[] data, int at) {
        int d = dir.index();
        if (c.inner[d] == null) {
            c.inner[d] = new StreamReassembler(MAX_BUFFERED, 0);
            c.inner[d].start(0);
        }
        StreamReassembler s = c.inner[d];
        // the bytes belong to this frame's decrypted data: fields read from them point there
        s.segment(c.innerSeq[d], data, 0, data.length, at, cur);
        c.innerSeq[d] += data.length;
        for (int guard = 0; guard < 100_000 && s.available() > 0; guard++) {
            byte[] b = s.buffer();
            int start = s.start();
            int avail = s.available();
            if (c.innerProto == TcpConnection.Proto.UNKNOWN) {
                if (dir == Direction.CLIENT_TO_SERVER && MqttFramer.startsWithConnect(b, start, avail)) {
                    c.innerProto = TcpConnection.Proto.MQTT;
                } else if (c.serverPort == 8883 || c.serverPort == 1883) {
                    c.innerProto = TcpConnection.Proto.MQTT;
                } else if (dir == Direction.CLIENT_TO_SERVER && avail >= 8 || avail >= 64) {
                    c.innerProto = TcpConnection.Proto.OTHER;
                } else {
                    return;
                }
            }
            if (c.innerProto != TcpConnection.Proto.MQTT) {
                s.consume(avail);
                return;
            }
            int n = MqttFramer.probe(b, start, avail);
            if (n == MqttFramer.NEED_MORE || (n > 0 && n > avail && n <= MAX_BUFFERED)) {
                return;
            }
            if (n < 0 || n > MAX_BUFFERED) {
                cur.addExpert(ExpertItem.of(Severity.WARN, "mqtt.not_a_packet",
                        "The decrypted data does not continue with an MQTT packet: the MQTT stream is out of step"));
                s.consume(avail);
                return;
            }
            mqtt.packet(cur, c, dir, s, n);
            s.consume(n);
        }
    }

    /** Decides a pending 19-byte TLS 1.3 record: the last such record before FIN/RST or the end is an alert. */
    static void resolveAmbiguous(TcpConnection c, Direction dir, boolean endOfDirection) {
        TcpConnection.Side sd = c.sides[dir.index()];
        PacketResult a = sd.ambiguous;
        if (a == null) {
            return;
        }
        sd.ambiguous = null;
        PhaseRules.Decision d = PhaseRules.pendingRecord(endOfDirection, c.tls13);
        if (d.phase() == Phase.TEARDOWN) {
            a.inferredAlert = true;
            ConnectionFacts f = c.facts;
            // the phase and the application data before the record itself, which only looked like data
            f.alerts.add(new ConnectionFacts.Alert(a.number(), a.relativeNanos, dir, -1, -1, true, true,
                    sd.ambiguousPhaseBefore, f.applicationData[0] || f.applicationData[1], a.relSeq + a.net.tcpLen));
            Pdus.event(a, d.phase(), d.inferred());
        } else {
            FactsRecorder.applicationDataFact(c.facts, dir, a); // another record followed: it was data (a 2-byte MQTT packet)
        }
        a.unhold();
    }
}
