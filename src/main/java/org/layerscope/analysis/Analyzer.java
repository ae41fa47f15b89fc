package org.layerscope.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.layerscope.dissect.ip.NetDecoder;
import org.layerscope.dissect.ip.NetPacket;
import org.layerscope.dissect.mqtt.MqttDecoder;
import org.layerscope.dissect.mqtt.MqttFramer;
import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.dissect.tcp.SegmentOwner;
import org.layerscope.dissect.tcp.StreamReassembler;
import org.layerscope.dissect.tls.TlsDecoder;
import org.layerscope.dissect.tls.TlsFramer;
import org.layerscope.dissect.tls.TlsRecord;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.Phase;
import org.layerscope.model.RawFrame;
import org.layerscope.model.Severity;
import org.layerscope.pcapio.DecryptionSecrets;
import org.layerscope.tls.keys.KeyLog;
import org.layerscope.tls.keys.SecretsBlocks;
import org.layerscope.tls.keys.SessionDecryptor;

/**
 * The analysis pipeline: frames go in with {@link #accept}, in capture order; {@link PacketResult}s come
 * out, in the same order, to the consumer. A frame whose payload belongs to a PDU completed by a later
 * frame is held until that PDU completes (its phase depends on it), so results may lag a few frames
 * behind; {@link #finish()} releases everything. Memory is bounded: per-direction reassembly buffers
 * are capped and at most {@link #MAX_HELD} frames wait.
 */
public final class Analyzer {
    /**
     * Frames that may wait behind a held one before it is released anyway. Small, because a waiting frame
     * keeps its field tree when trees are built; the same in every mode, so every mode gives each frame
     * the same phase.
     */
    static final int MAX_HELD = 4096;
    /** Content type given to an SSL 2.0-format ClientHello, which has none (left out of tls_records). */
    public static final int SSLV2_RECORD = -1;
    private static final int MAX_BUFFERED = 1 << 20;
    private static final int MAX_OUT_OF_ORDER = 1 << 20;

    private final boolean buildTrees;
    private final Consumer<PacketResult> out;
    private final Map<FlowKey, TcpConnection> flows = new HashMap<>();
    /** Every connection, for the summaries (empty when {@link #keepConnections} is off). */
    private final List<TcpConnection> connections = new ArrayList<>();
    /** Closed connections, oldest first, waiting to leave the flow table. */
    private final ArrayDeque<TcpConnection> closing = new ArrayDeque<>();
    /** How long (capture time) a closed connection still takes late packets (final ACKs, retransmissions). */
    private static final long CLOSED_GRACE_NANOS = 30_000_000_000L;
    private boolean keepConnections = true;
    private int nextStream;
    private final ArrayDeque<PacketResult> queue = new ArrayDeque<>();
    private long firstTimestamp = Long.MIN_VALUE;
    private long frames;

    private final KeyLog keys;
    private int secretsBlocksSeen;
    private final boolean keysGiven;

    public Analyzer(boolean buildTrees, Consumer<PacketResult> out) {
        this(buildTrees, out, null);
    }

    /**
     * @param keys TLS secrets (NSS key log) to decrypt with; Decryption Secrets Blocks met in the capture
     *             are added to it through {@link #addSecrets}
     */
    public Analyzer(boolean buildTrees, Consumer<PacketResult> out, KeyLog keys) {
        this.buildTrees = buildTrees;
        this.out = out;
        this.keys = keys == null ? new KeyLog() : keys;
        // with a key log given (maybe still empty: a live session records its secrets as it goes), every TLS
        // connection gets a decryptor from its first record, so it sees the hellos it needs
        this.keysGiven = keys != null;
    }

    /**
     * Adds the Decryption Secrets Blocks of the capture that were not added yet (pass the reader's whole
     * list each time: blocks already seen are skipped).
     */
    public void addSecrets(List<DecryptionSecrets> blocks) {
        for (int i = secretsBlocksSeen; i < blocks.size(); i++) {
            SecretsBlocks.addTo(keys, blocks.get(i));
        }
        secretsBlocksSeen = Math.max(secretsBlocksSeen, blocks.size());
    }

    /** The key log the analysis decrypts with (the given one plus the capture's secrets blocks). */
    public KeyLog keyLog() {
        return keys;
    }

    /** Analyses the next frame of the capture. */
    public void accept(RawFrame frame) {
        frames++;
        PacketResult r = new PacketResult(frame, buildTrees);
        if (firstTimestamp == Long.MIN_VALUE) {
            firstTimestamp = frame.timestampNanos();
        }
        r.relativeNanos = frame.timestampNanos() - firstTimestamp;
        queue.addLast(r);
        r.hold(); // held while being processed
        try {
            NetDecoder.decode(frame, r.net, r.tree, r.expert);
            if (r.net.tcp) {
                tcp(r);
            }
        } catch (RuntimeException e) {
            // a dissector bug must never lose a frame: keep what was decoded and say so
            r.expert.add(ExpertItem.of(Severity.ERROR, "ls.internal",
                    "LayerScope could not finish decoding this frame: " + e));
        }
        r.unhold();
        release(false);
    }

    /** Ends the capture: pending PDUs are given up and every frame is released. */
    public void finish() {
        for (TcpConnection c : flows.values()) {
            for (int d = 0; d < 2; d++) {
                TcpConnection.Side s = c.sides[d];
                Direction dir = Direction.values()[d];
                if (s.stream.available() > 0 && c.proto != TcpConnection.Proto.OTHER) {
                    SegmentOwner o = s.stream.ownerAt(0);
                    if (o instanceof PacketResult pr) {
                        pr.expert.add(ExpertItem.of(Severity.NOTE, "tcp.incomplete_pdu",
                                "The capture ends before the rest of this " + ProtocolDetector.protoName(c) + " message ("
                                        + s.stream.available() + " bytes so far)"));
                    }
                }
                s.stream.close();
                resolveAmbiguous(c, dir, true);
            }
        }
        release(true);
    }

    /**
     * Whether to keep every connection for {@link #connections()} (default). Off, a closed connection is
     * forgotten once its grace time is over, so memory stays flat however long the capture is.
     */
    public Analyzer keepConnections(boolean keep) {
        this.keepConnections = keep;
        return this;
    }

    /** Client randoms of the TLS sessions seen so far (of kept connections, when there were keys to decrypt). */
    public List<byte[]> tlsClientRandoms() {
        List<byte[]> l = new ArrayList<>();
        for (TcpConnection c : connections) {
            if (c.decryptor != null && c.decryptor.clientRandom() != null) {
                l.add(c.decryptor.clientRandom());
            }
        }
        return l;
    }

    /** Summary and verdict of every TCP connection seen so far, in order of first packet. */
    public List<ConnectionSummary> connections() {
        List<ConnectionSummary> l = new ArrayList<>(connections.size());
        for (TcpConnection c : connections) {
            l.add(Diagnosis.summarize(c));
        }
        return l;
    }

    public long frameCount() {
        return frames;
    }

    private void release(boolean all) {
        while (!queue.isEmpty()) {
            PacketResult r = queue.peekFirst();
            if (r.held() && !all && queue.size() <= MAX_HELD) {
                return;
            }
            if (r.held() && !all) {
                // too many frames wait behind this one: a pending alert-sized record whose direction stayed
                // silent that long was data (an alert is followed by the close at once)
                giveUpAmbiguity(r);
            }
            queue.pollFirst();
            finalizeResult(r);
            out.accept(r);
        }
    }

    private static void giveUpAmbiguity(PacketResult r) {
        TcpConnection c = r.connection;
        if (c != null && r.direction != null && c.sides[r.direction.index()].ambiguous == r) {
            resolveAmbiguous(c, r.direction, false);
        }
    }

    // ---------------------------------------------------------------- TCP

    private void tcp(PacketResult r) {
        NetPacket p = r.net;
        FlowKey key = new FlowKey(p.srcAddr, p.srcPort, p.dstAddr, p.dstPort);
        TcpConnection c = flows.get(key);
        boolean pureSyn = p.has(NetPacket.SYN) && !p.has(NetPacket.ACK);
        if (c != null && pureSyn && startsNewConnection(c, r)) {
            c = null;
        }
        if (c == null) {
            c = newConnection(r);
            c.key = key;
            flows.put(key, c);
        }
        r.connection = c;
        r.stream = c.index;
        c.lastFrame = r.number();
        boolean fromClient = Arrays.equals(p.srcAddr, c.clientAddr) && p.srcPort == c.clientPort;
        Direction dir = fromClient ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
        r.direction = dir;
        TcpConnection.Side side = c.sides[dir.index()];
        TcpConnection.Side peer = c.sides[dir.reverse().index()];

        ConnectionFacts facts = c.facts;
        long now = r.relativeNanos;
        FactsRecorder.tcpFrame(facts, r, dir, now);
        long abs = unwrap(side, p.seq);
        if (p.has(NetPacket.SYN)) {
            side.synSeen = true;
            side.windowShift = p.wscale;
            if (!side.isnKnown) {
                side.isnKnown = true;
                side.isn = abs;
                side.stream.start(1);
            }
            event(r, Phase.TCP_HANDSHAKE, false);
        }
        if (!side.isnKnown) {
            side.isnKnown = true;
            side.isn = abs - 1;
        }
        r.relSeq = abs - side.isn;
        boolean scaled = !p.has(NetPacket.SYN) && side.windowShift >= 0 && peer.windowShift >= 0;
        r.window = scaled ? (long) p.window << Math.min(14, side.windowShift) : p.window;
        r.hasAck = p.has(NetPacket.ACK);
        if (r.hasAck && peer.isnKnown) {
            long ackAbs = peer.lastAbsSeq + (int) (p.ack - (peer.lastAbsSeq & 0xffffffffL));
            r.relAck = ackAbs - peer.isn;
        } else if (r.hasAck) {
            r.relAck = 1;
        }
        if (r.tree.enabled()) {
            Field t = r.tree.find("tcp");
            if (t != null) {
                t.add("tcp.stream", -1, 0, c.index, "Stream index: " + c.index);
                t.add("tcp.seq", -1, 0, r.relSeq, "Sequence Number: " + r.relSeq + "    (relative sequence number)");
                if (r.hasAck) {
                    t.add("tcp.ack", -1, 0, r.relAck, "Acknowledgment Number: " + r.relAck + "    (relative ack number)");
                }
            }
        }

        if (p.payloadCaptured > 0 || p.tcpLen > 0) {
            payload(r, c, dir, side);
        }
        if (r.hasAck && peer.stream.hasHole() && r.relAck > peer.stream.nextSeq()) {
            // the peer's missing bytes were acknowledged, so they were sent but never captured
            while (peer.stream.hasHole() && r.relAck > peer.stream.nextSeq()) {
                gapNote(r, peer.stream.skipHole());
                drain(r, c, dir.reverse(), peer);
            }
        }
        if (p.has(NetPacket.FIN) || p.has(NetPacket.RST)) {
            if (p.has(NetPacket.FIN)) {
                side.finSeen = true;
            }
            if (p.has(NetPacket.RST)) {
                side.rstSeen = true;
            }
            // nothing more will come in this direction: give up on holes and pending ambiguities
            while (side.stream.hasHole()) {
                long missing = side.stream.skipHole();
                gapNote(r, missing);
                drain(r, c, dir, side);
            }
            // the phase before the close, not after a pending record that this close turns into an inferred alert
            Phase beforeClose = c.phase == null ? Phase.TCP_HANDSHAKE : c.phase;
            resolveAmbiguous(c, dir, true);
            facts.closes.add(new ConnectionFacts.Close(r.number(), now, dir, p.has(NetPacket.RST), beforeClose));
            event(r, Phase.TEARDOWN, false);
        }
        if (c.closedAt < 0 && c.closed()) {
            c.closedAt = now;
            closing.addLast(c);
        }
        if (c.closedAt >= 0) {
            c.compact();
        }
        evictClosed(now);
    }

    private void evictClosed(long now) {
        while (!closing.isEmpty() && closing.peekFirst().closedAt < now - CLOSED_GRACE_NANOS) {
            TcpConnection old = closing.pollFirst();
            if (flows.get(old.key) == old) {
                for (TcpConnection.Side sd : old.sides) {
                    sd.stream.close();
                }
                flows.remove(old.key);
            }
        }
    }

    private static long unwrap(TcpConnection.Side side, long seq32) {
        if (!side.isnKnown && side.lastAbsSeq == 0) {
            side.lastAbsSeq = seq32;
            return seq32;
        }
        long abs = side.lastAbsSeq + (int) (seq32 - (side.lastAbsSeq & 0xffffffffL));
        if (abs > side.lastAbsSeq) {
            side.lastAbsSeq = abs;
        }
        return abs;
    }

    private boolean startsNewConnection(TcpConnection c, PacketResult r) {
        if (c.closed() || c.phase == Phase.TEARDOWN) {
            return true;
        }
        TcpConnection.Side client = c.sides[0];
        boolean sameClient = Arrays.equals(r.net.srcAddr, c.clientAddr) && r.net.srcPort == c.clientPort;
        return sameClient && client.synSeen && (r.net.seq != (client.isn & 0xffffffffL));
    }

    private TcpConnection newConnection(PacketResult r) {
        NetPacket p = r.net;
        boolean srcIsClient;
        boolean inferred;
        if (p.has(NetPacket.SYN)) {
            srcIsClient = !p.has(NetPacket.ACK);
            inferred = false;
        } else {
            inferred = true;
            srcIsClient = ProtocolDetector.guessSourceIsClient(r);
        }
        TcpConnection c = srcIsClient
                ? new TcpConnection(nextStream++, p.srcAddr, p.srcPort, p.dstAddr, p.dstPort, inferred,
                r.number(), MAX_BUFFERED, MAX_OUT_OF_ORDER)
                : new TcpConnection(nextStream++, p.dstAddr, p.dstPort, p.srcAddr, p.srcPort, inferred,
                r.number(), MAX_BUFFERED, MAX_OUT_OF_ORDER);
        if (keepConnections) {
            connections.add(c);
        }
        if (inferred) {
            r.expert.add(ExpertItem.of(Severity.NOTE, "tcp.client_inferred",
                    "The connection's SYN was not captured: client and server are inferred"));
        }
        return c;
    }

    private void payload(PacketResult r, TcpConnection c, Direction dir, TcpConnection.Side side) {
        NetPacket p = r.net;
        long streamSeq = r.relSeq; // relative seq 1 = stream offset 1 (start(1) at the SYN)
        StreamReassembler s = side.stream;
        int len = p.payloadCaptured;
        side.payloadBytes += p.tcpLen;
        if (!s.started()) {
            s.start(streamSeq);
        }
        if (len > 0) {
            StreamReassembler.Outcome o = s.segment(streamSeq, r.frame.data(), p.payloadOffset, len, p.payloadOffset, r);
            switch (o) {
                case RETRANSMISSION -> {
                    r.retransmission = true;
                    r.expert.add(ExpertItem.of(Severity.NOTE, "tcp.retransmission",
                            "Retransmission: these bytes were sent before"));
                }
                case OUT_OF_ORDER -> {
                    r.expert.add(ExpertItem.of(Severity.WARN, "tcp.previous_segment_not_captured",
                            "Previous segment not captured (yet): bytes are missing before this segment"));
                    if (s.outOfOrderBytes() > MAX_OUT_OF_ORDER / 2) {
                        gapNote(r, s.skipHole());
                    }
                }
                case DROPPED -> {
                    gapNote(r, s.skipHole());
                    s.segment(streamSeq, r.frame.data(), p.payloadOffset, len, p.payloadOffset, r);
                }
                case FILLED_HOLE -> r.expert.add(ExpertItem.of(Severity.NOTE, "tcp.out_of_order",
                        "Out-of-order segment: it fills a hole left earlier"));
                default -> {
                }
            }
        }
        drain(r, c, dir, side);
        if (len < p.tcpLen && !r.retransmission) {
            // bytes on the wire that were not captured: a gap in the stream
            long endSeq = streamSeq + p.tcpLen;
            if (endSeq > s.nextSeq() && !s.hasHole()) {
                long missing = endSeq - s.nextSeq();
                s.skipTo(endSeq);
                side.desync = true;
                gapNote(r, missing);
            }
        }
    }

    private static void gapNote(PacketResult r, long missing) {
        if (missing > 0) {
            r.expert.add(ExpertItem.of(Severity.WARN, "tcp.gap",
                    missing + " bytes of this direction were never captured; reassembly goes on after them"));
        }
    }

    /** Takes every whole PDU off the front of the direction's stream. */
    private void drain(PacketResult cur, TcpConnection c, Direction dir, TcpConnection.Side side) {
        StreamReassembler s = side.stream;
        for (int guard = 0; guard < 100_000 && s.available() > 0; guard++) {
            byte[] b = s.buffer();
            int start = s.start();
            int avail = s.available();
            if (side.skipBytes > 0) {
                int n = (int) Math.min(side.skipBytes, avail);
                s.consume(n);
                side.skipBytes -= n;
                continue;
            }
            if (c.proto == TcpConnection.Proto.UNKNOWN) {
                c.proto = ProtocolDetector.detect(c, dir, b, start, avail);
                if (c.proto == TcpConnection.Proto.UNKNOWN) {
                    return; // need more bytes to tell
                }
            }
            if (side.desync && c.proto != TcpConnection.Proto.OTHER) {
                // after a gap, only a segment that starts a plausible PDU resynchronises
                int probe = c.proto == TcpConnection.Proto.TLS ? TlsFramer.probe(b, start, avail)
                        : MqttFramer.probe(b, start, avail);
                if (probe < 0 && probe != TlsFramer.NEED_MORE) {
                    s.consume(avail);
                    return;
                }
                side.desync = false;
            }
            switch (c.proto) {
                case OTHER -> {
                    for (SegmentOwner o : s.ownersOf(avail)) {
                        event((PacketResult) o, Phase.APPLICATION_DATA, false);
                    }
                    s.consume(avail);
                    return;
                }
                case TLS -> {
                    int v2 = ProtocolDetector.sslv2ClientHello(b, start, avail);
                    if (v2 != 0) {
                        if (v2 < 0 || v2 > avail) {
                            return;
                        }
                        sslv2Record(cur, c, side, v2);
                        s.consume(v2);
                        continue;
                    }
                    int n = TlsFramer.probe(b, start, avail);
                    if (n == TlsFramer.NEED_MORE || (n > 0 && n > avail)) {
                        return;
                    }
                    if (n == TlsFramer.NOT_TLS) {
                        cur.expert.add(ExpertItem.of(Severity.WARN, "tls.not_a_record",
                                "These bytes do not start a TLS record: the TLS stream is out of step"));
                        s.consume(avail);
                        side.desync = true;
                        return;
                    }
                    tlsRecord(cur, c, dir, side, n);
                    s.consume(n);
                }
                case MQTT -> {
                    int n = MqttFramer.probe(b, start, avail);
                    if (n == MqttFramer.NEED_MORE) {
                        return;
                    }
                    if (n == MqttFramer.NOT_MQTT) {
                        cur.expert.add(ExpertItem.of(Severity.WARN, "mqtt.not_a_packet",
                                "These bytes do not start an MQTT packet: the MQTT stream is out of step"));
                        s.consume(avail);
                        side.desync = true;
                        return;
                    }
                    if (n > MAX_BUFFERED) {
                        cur.expert.add(ExpertItem.of(Severity.NOTE, "mqtt.too_large",
                                "An MQTT packet of " + n + " bytes is too large to reassemble; it is skipped"));
                        event((PacketResult) s.ownerAt(0), Phase.APPLICATION_DATA, false);
                        side.skipBytes = n;
                        continue;
                    }
                    if (n > avail) {
                        return;
                    }
                    mqttPacket(cur, c, dir, side, n);
                    s.consume(n);
                }
                default -> {
                    return;
                }
            }
        }
    }

    // ---------------------------------------------------------------- TLS and MQTT PDUs

    private void tlsRecord(PacketResult cur, TcpConnection c, Direction dir, TcpConnection.Side side, int n) {
        StreamReassembler s = side.stream;
        if (c.tls == null) {
            c.decryptor = !keysGiven && keys.isEmpty() && secretsBlocksSeen == 0 ? null : new SessionDecryptor(keys);
            c.tls = new TlsDecoder(c.decryptor);
        } else if (c.decryptor == null && !keys.isEmpty()) {
            // secrets arrived later (a Decryption Secrets Block in the middle of the file)
            c.decryptor = new SessionDecryptor(keys);
        }
        List<SegmentOwner> owners = s.ownersOf(n);
        PacketResult first = owners.isEmpty() ? cur : (PacketResult) owners.get(0);
        Field tmp = buildTrees ? new Field("tmp", null, "", 0, 0) : Field.NONE;
        int expertBefore = cur.expert.size();
        c.tls.decryptedBase(buildTrees ? Field.DECRYPTED + cur.decrypted().length : -1);
        TlsRecord rec = c.tls.decodeRecord(dir, s.buffer(), s.start(), n, tmp, cur.expert);
        // the record's plaintext joins the frame's decrypted data, where its fields point
        int plainAt = buildTrees && c.tls.lastDecrypted() != null ? cur.addDecrypted(c.tls.lastDecrypted()) : -1;
        remapExpert(cur, s, expertBefore);
        if (c.decryptor != null && rec.encrypted() && rec.plaintext() == null
                && c.decryptor.lastFailure() != SessionDecryptor.Failure.NONE) {
            decryptFailure(c, cur, c.decryptor.lastFailure());
        }
        attach(cur, s, tmp);
        cur.tlsRecords.add(rec);
        for (SegmentOwner o : owners) {
            if (o != cur) {
                PacketResult pr = (PacketResult) o;
                pr.reassembledIn = cur.number();
                pr.partOf = rec.info();
            }
        }
        // the side that sent a record earlier has no ambiguity left
        resolveAmbiguous(c, dir, false);
        PhaseRules.Decision d = PhaseRules.classify(
                PhaseRules.Record.of(rec, dir == Direction.CLIENT_TO_SERVER, c.tls != null && c.tls.isTls13()),
                c.tls13);
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
            event(first, ph, inferred);
        }
        if (rec.plaintext() != null && rec.plaintext().length > 0) {
            innerData(cur, c, dir, rec.plaintext(), plainAt);
        }
    }

    /** An SSL 2.0-format ClientHello: no content type (tshark shows none), handshake type 1. */
    private void sslv2Record(PacketResult cur, TcpConnection c, TcpConnection.Side side, int n) {
        StreamReassembler s = side.stream;
        byte[] b = s.buffer();
        int start = s.start();
        int version = ((b[start + 3] & 0xff) << 8) | (b[start + 4] & 0xff);
        List<SegmentOwner> owners = s.ownersOf(n);
        PacketResult first = owners.isEmpty() ? cur : (PacketResult) owners.get(0);
        if (buildTrees) {
            Field tmp = new Field("tmp", null, "", 0, 0);
            Field rec = tmp.add("tls", start, n, null, "SSLv2 Record Layer: Client Hello");
            rec.add("tls.record.length", start, 2, n - 2, "Length: " + (n - 2));
            rec.add("tls.handshake.type", start + 2, 1, 1, "Handshake Message Type: Client Hello (1)");
            rec.add("tls.handshake.version", start + 3, 2, version, String.format("Version: 0x%04x", version));
            attach(cur, s, tmp);
        }
        cur.tlsRecords.add(new TlsRecord(SSLV2_RECORD, false, false, version, n - 2, List.of(1), -1, -1,
                "Client Hello", null));
        for (SegmentOwner o : owners) {
            if (o != cur) {
                ((PacketResult) o).reassembledIn = cur.number();
                ((PacketResult) o).partOf = "Client Hello";
            }
        }
        event(first, Phase.TLS_HANDSHAKE, false);
    }

    private static void decryptFailure(TcpConnection c, PacketResult cur, SessionDecryptor.Failure why) {
        switch (why) {
            case NOT_AUTHENTIC -> cur.expert.add(ExpertItem.of(Severity.WARN, "tls.decrypt.failed",
                    "This record could not be decrypted: the keys do not fit (wrong key log?) or the record is damaged; its phase is inferred"));
            case NO_KEYS, NO_HANDSHAKE, UNSUPPORTED_CIPHER_SUITE, UNSUPPORTED_VERSION -> {
                if (!c.decryptFailureNoted) {
                    c.decryptFailureNoted = true;
                    cur.expert.add(ExpertItem.of(Severity.NOTE, "tls.decrypt." + why.name().toLowerCase(java.util.Locale.ROOT),
                            switch (why) {
                                case NO_KEYS -> "The key log has no secrets for this TLS session: it stays encrypted";
                                case NO_HANDSHAKE -> "The TLS handshake was not captured: its records cannot be decrypted";
                                case UNSUPPORTED_CIPHER_SUITE -> "LayerScope cannot decrypt this session's cipher suite";
                                default -> "LayerScope cannot decrypt this TLS version";
                            }));
                }
            }
            default -> cur.expert.add(ExpertItem.of(Severity.WARN, "tls.decrypt.malformed",
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
                cur.expert.add(ExpertItem.of(Severity.WARN, "mqtt.not_a_packet",
                        "The decrypted data does not continue with an MQTT packet: the MQTT stream is out of step"));
                s.consume(avail);
                return;
            }
            mqttPacketFrom(cur, c, dir, s, n);
            s.consume(n);
        }
    }

    /** Decides a pending 19-byte TLS 1.3 record: the last such record before FIN/RST or the end is an alert. */
    private static void resolveAmbiguous(TcpConnection c, Direction dir, boolean endOfDirection) {
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
            event(a, d.phase(), d.inferred());
        } else {
            FactsRecorder.applicationDataFact(c.facts, dir, a); // another record followed: it was data (a 2-byte MQTT packet)
        }
        a.unhold();
    }

    private void mqttPacket(PacketResult cur, TcpConnection c, Direction dir, TcpConnection.Side side, int n) {
        mqttPacketFrom(cur, c, dir, side.stream, n);
    }

    private void mqttPacketFrom(PacketResult cur, TcpConnection c, Direction dir, StreamReassembler s, int n) {
        if (c.mqtt == null) {
            c.mqtt = new MqttDecoder();
        }
        List<SegmentOwner> owners = s.ownersOf(n);
        PacketResult first = owners.isEmpty() ? cur : (PacketResult) owners.get(0);
        Field tmp = buildTrees ? new Field("tmp", null, "", 0, 0) : Field.NONE;
        int expertBefore = cur.expert.size();
        MqttPacket m = c.mqtt.decode(dir, s.buffer(), s.start(), n, tmp, cur.expert);
        remapExpert(cur, s, expertBefore);
        attach(cur, s, tmp);
        cur.mqtt.add(m);
        for (SegmentOwner o : owners) {
            if (o != cur) {
                PacketResult pr = (PacketResult) o;
                pr.reassembledIn = cur.number();
                pr.partOf = m.info();
            }
        }
        FactsRecorder.mqttFacts(c.facts, dir, cur, m);
        event(first, Phase.APPLICATION_DATA, false);
    }

    /** Expert items a decoder added carry buffer indices: turn them into frame offsets (-1 elsewhere). */
    private static void remapExpert(PacketResult cur, StreamReassembler s, int from) {
        int base = s.start();
        for (int i = from; i < cur.expert.size(); i++) {
            ExpertItem e = cur.expert.get(i);
            if (e.offset() >= 0 && !Field.inDecrypted(e.offset())) {
                int o = s.frameOffsetAt(e.offset() - base, cur);
                cur.expert.set(i, new ExpertItem(e.severity(), e.key(), e.text(), o, o < 0 ? 0 : e.length()));
            }
        }
    }

    /** Moves a decoder's subtree (offsets = buffer indices) into the frame's tree (offsets = frame offsets). */
    private static void attach(PacketResult cur, StreamReassembler s, Field tmp) {
        if (!tmp.enabled()) {
            return;
        }
        int base = s.start();
        for (Field child : tmp.children()) {
            cur.tree.addChild(child.remap(i -> Field.inDecrypted(i) ? i : s.frameOffsetAt(i - base, cur)));
        }
    }

    private static void event(PacketResult r, Phase phase, boolean inferred) {
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

    // ---------------------------------------------------------------- release: phase, info, label

    private static void finalizeResult(PacketResult r) {
        TcpConnection c = r.connection;
        if (c == null) {
            r.phase = Phase.OTHER;
        } else {
            if (r.event != null && (c.releasedPhase == null || r.event.ordinal() > c.releasedPhase.ordinal())) {
                c.releasedPhase = r.event;
                c.releasedInferred = r.eventInferred;
            } else if (r.event != null && r.event == c.releasedPhase && !r.eventInferred) {
                c.releasedInferred = false; // an exact event confirms an inferred phase
            }
            if (c.releasedPhase == null) {
                r.phase = Phase.TCP_HANDSHAKE;
                r.phaseInferred = true;
            } else {
                r.phase = c.releasedPhase;
                r.phaseInferred = c.releasedInferred;
            }
        }
        Describer.describe(r);
    }
}
