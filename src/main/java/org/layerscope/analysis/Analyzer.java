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
import org.layerscope.dissect.other.OtherDissector;
import org.layerscope.dissect.mqtt.MqttFramer;
import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.dissect.tcp.SegmentOwner;
import org.layerscope.dissect.tcp.StreamReassembler;
import org.layerscope.dissect.tls.TlsDecoder;
import org.layerscope.dissect.tls.HandshakeType;
import org.layerscope.dissect.tls.Ssl2ClientHello;
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
    static final int MAX_HELD = 100_000;
    /**
     * Largest encrypted TLS 1.3 record that may hold an alert: 2 bytes + inner type + 16-byte tag = 19,
     * plus the record padding some stacks add (BouncyCastle pads to 16-byte steps).
     */
    static final int MAX_ALERT_RECORD = 19 + 32;
    /** Content type given to an SSL 2.0-format ClientHello, which has none (left out of tls_records). */
    public static final int SSLV2_RECORD = -1;
    private static final int MAX_BUFFERED = 1 << 20;
    private static final int MAX_OUT_OF_ORDER = 1 << 20;
    private static final int[] WELL_KNOWN_SERVER_PORTS = {443, 8883, 1883, 8443, 4433, 9131, 80, 8080, 5671, 5672};

    private final boolean buildTrees;
    private final Consumer<PacketResult> out;
    private final Map<FlowKey, TcpConnection> flows = new HashMap<>();
    /** Every connection, for the summaries (empty when {@link #keepConnections} is off). */
    private final List<TcpConnection> connections = new ArrayList<>();
    /** The facts of the last connection that sent CONNECT with each client id (for "client id taken over"). */
    private final java.util.Map<String, ConnectionFacts> lastConnectByClientId = new java.util.HashMap<>();
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
    /** ARP, ICMP, DNS, ... through pcap4j: only for frames that are not TCP. */
    private final OtherDissector other = new OtherDissector();
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
            } else {
                r.other = other.dissect(frame, r.net, r.tree, r.expert);
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
                                "The capture ends before the rest of this " + protoName(c) + " message ("
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
            queue.pollFirst();
            finalizeResult(r);
            out.accept(r);
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
        if (facts.firstTime < 0) {
            facts.firstTime = now;
        }
        facts.lastTime = now;
        facts.frames++;
        facts.wireBytes += r.frame.originalLength();
        facts.linkIpTcpBytes += r.frame.originalLength() - p.tcpLen;
        if (p.has(NetPacket.SYN) && !p.has(NetPacket.ACK) && dir == Direction.CLIENT_TO_SERVER) {
            facts.synCount++;
            if (facts.synTime < 0) {
                facts.synTime = now;
                facts.synFrame = r.number();
            }
        } else if (p.has(NetPacket.SYN) && dir == Direction.SERVER_TO_CLIENT && facts.synAckTime < 0) {
            facts.synAckTime = now;
            facts.synAckFrame = r.number();
        } else if (!p.has(NetPacket.SYN) && dir == Direction.CLIENT_TO_SERVER && facts.synAckTime >= 0
                && facts.handshakeAckTime < 0) {
            facts.handshakeAckTime = now;
        }
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
            srcIsClient = guessSourceIsClient(r);
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

    private static boolean guessSourceIsClient(PacketResult r) {
        NetPacket p = r.net;
        byte[] d = r.frame.data();
        if (p.payloadCaptured >= 6 && d[p.payloadOffset] == 22 && d[p.payloadOffset + 1] == 3) {
            int hsType = d[p.payloadOffset + 5];
            if (hsType == 1) {
                return true;
            }
            if (hsType == 2) {
                return false;
            }
        }
        boolean srcServer = isServerPort(p.srcPort);
        boolean dstServer = isServerPort(p.dstPort);
        if (srcServer != dstServer) {
            return dstServer;
        }
        if (p.srcPort != p.dstPort) {
            return p.srcPort > p.dstPort;
        }
        return true;
    }

    private static boolean isServerPort(int port) {
        if (port < 1024) {
            return true;
        }
        for (int w : WELL_KNOWN_SERVER_PORTS) {
            if (w == port) {
                return true;
            }
        }
        return false;
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
                c.proto = detect(c, dir, b, start, avail);
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
                    int v2 = Ssl2ClientHello.length(b, start, avail);
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

    private static TcpConnection.Proto detect(TcpConnection c, Direction dir, byte[] b, int start, int avail) {
        if (dir == Direction.CLIENT_TO_SERVER) {
            int v2 = Ssl2ClientHello.length(b, start, avail);
            if (v2 != 0) {
                return v2 < 0 ? TcpConnection.Proto.UNKNOWN : TcpConnection.Proto.TLS;
            }
        }
        int probe = TlsFramer.probe(b, start, avail);
        if (probe >= 0 || probe == TlsFramer.NEED_MORE) {
            if (probe == TlsFramer.NEED_MORE && avail < 3) {
                return TcpConnection.Proto.UNKNOWN;
            }
            if ((b[start] & 0xff) == 22 || (b[start] & 0xff) == 21 || avail >= 5) {
                return TcpConnection.Proto.TLS;
            }
        }
        boolean mqttPort = c.serverPort == 1883 || c.clientPort == 1883;
        if (mqttPort || (dir == Direction.CLIENT_TO_SERVER && MqttFramer.startsWithConnect(b, start, avail)
                && avail >= 8)) {
            return TcpConnection.Proto.MQTT;
        }
        if (avail < 8 && (b[start] & 0xff) == 0x10) {
            return TcpConnection.Proto.UNKNOWN;
        }
        return TcpConnection.Proto.OTHER;
    }

    private static String protoName(TcpConnection c) {
        return switch (c.proto) {
            case TLS -> "TLS";
            case MQTT -> "MQTT";
            default -> "TCP";
        };
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
        Phase ph;
        boolean inferred = false;
        if (rec.opaque() && rec.plaintext() == null) {
            inferred = true;
            if (!c.tls13ClientFinished) {
                if (dir == Direction.CLIENT_TO_SERVER) {
                    c.tls13ClientSentEncrypted = true;
                    ph = Phase.TLS_HANDSHAKE;
                    if (rec.length() == 53 || rec.length() == 69) {
                        c.tls13ClientFinished = true;
                    }
                } else if (c.tls13ClientSentEncrypted) {
                    c.tls13ClientFinished = true;
                    ph = Phase.APPLICATION_DATA;
                } else {
                    ph = Phase.TLS_HANDSHAKE;
                }
            } else if (rec.length() <= MAX_ALERT_RECORD) {
                ph = Phase.APPLICATION_DATA;
                TcpConnection.Side sd = c.sides[dir.index()];
                sd.ambiguous = first;
                sd.ambiguousPhaseBefore = c.phase == null ? Phase.TCP_HANDSHAKE : c.phase;
                first.hold();
            } else {
                ph = Phase.APPLICATION_DATA;
            }
        } else {
            ph = switch (rec.contentType()) {
                case TlsRecord.CHANGE_CIPHER_SPEC -> Phase.TLS_HANDSHAKE;
                case TlsRecord.ALERT -> Phase.TEARDOWN;
                case TlsRecord.HANDSHAKE -> isPostHandshake(c, rec) ? Phase.APPLICATION_DATA : Phase.TLS_HANDSHAKE;
                case TlsRecord.APPLICATION_DATA -> Phase.APPLICATION_DATA;
                default -> null;
            };
            if (rec.contentType() == TlsRecord.HANDSHAKE && rec.handshakeTypes().contains(HandshakeType.FINISHED)
                    && dir == Direction.CLIENT_TO_SERVER) {
                c.tls13ClientFinished = true;
            }
        }
        tlsFacts(c, dir, first, cur, rec, ph);
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

    private static void tlsFacts(TcpConnection c, Direction dir, PacketResult first, PacketResult cur, TlsRecord rec,
                                 Phase ph) {
        ConnectionFacts f = c.facts;
        f.tlsRecordHeaderBytes += LayerBytes.TLS_RECORD_HEADER;
        f.tlsEncryptedBytes += LayerBytes.tlsAdded(rec);
        long t = cur.relativeNanos;
        if (rec.handshakeTypes().contains(HandshakeType.CLIENT_HELLO) && f.clientHelloTime < 0) {
            f.clientHelloTime = t;
            f.clientHelloFrame = cur.number();
        }
        if (rec.handshakeTypes().contains(HandshakeType.SERVER_HELLO) && f.serverHelloTime < 0) {
            f.serverHelloTime = t;
        }
        // a pending 19-byte TLS 1.3 record counts as application data only once it is known not to be an alert
        if (ph == Phase.APPLICATION_DATA && c.sides[dir.index()].ambiguous != first) {
            applicationDataFact(f, dir, first);
        }
        if (rec.contentType() == TlsRecord.ALERT && !rec.opaque()) {
            f.alerts.add(new ConnectionFacts.Alert(cur.number(), t, dir, rec.alertLevel(), rec.alertDescription(),
                    rec.encrypted() && rec.alertDescription() < 0, false,
                    c.phase == null ? Phase.TCP_HANDSHAKE : c.phase, f.applicationData[0] || f.applicationData[1],
                    cur.relSeq + cur.net.tcpLen));
        }
    }

    private static void applicationDataFact(ConnectionFacts f, Direction dir, PacketResult first) {
        int d = dir.index();
        f.applicationData[d] = true;
        long n = first.number();
        long ack = first.hasAck ? first.relAck : -1;
        f.lastDataFrame[d] = Math.max(f.lastDataFrame[d], n);
        // a pending record is decided late, so frames may come out of order here
        if (f.firstDataFrame[d] == 0 || n < f.firstDataFrame[d]) {
            f.laterDataAck[d] = Math.max(f.laterDataAck[d], f.firstDataAck[d]);
            f.firstDataFrame[d] = n;
            f.firstDataAck[d] = ack;
        } else if (n == f.firstDataFrame[d]) {
            f.firstDataAck[d] = Math.max(f.firstDataAck[d], ack);
        } else {
            f.laterDataAck[d] = Math.max(f.laterDataAck[d], ack);
        }
        if (f.tlsDoneTime < 0) {
            f.tlsDoneTime = first.relativeNanos;
            f.tlsDoneFrame = first.number();
        }
    }

    private static boolean isPostHandshake(TcpConnection c, TlsRecord rec) {
        if (c.tls == null || !c.tls.isTls13() || rec.handshakeTypes().isEmpty()) {
            return false;
        }
        for (int t : rec.handshakeTypes()) {
            if (t != HandshakeType.NEW_SESSION_TICKET && t != HandshakeType.KEY_UPDATE) {
                return false;
            }
        }
        return true;
    }

    /** Decides a pending 19-byte TLS 1.3 record: the last such record before FIN/RST or the end is an alert. */
    private static void resolveAmbiguous(TcpConnection c, Direction dir, boolean endOfDirection) {
        TcpConnection.Side sd = c.sides[dir.index()];
        PacketResult a = sd.ambiguous;
        if (a == null) {
            return;
        }
        sd.ambiguous = null;
        if (endOfDirection) {
            a.inferredAlert = true;
            ConnectionFacts f = c.facts;
            // the phase and the application data before the record itself, which only looked like data
            f.alerts.add(new ConnectionFacts.Alert(a.number(), a.relativeNanos, dir, -1, -1, true, true,
                    sd.ambiguousPhaseBefore, f.applicationData[0] || f.applicationData[1], a.relSeq + a.net.tcpLen));
            event(a, Phase.TEARDOWN, true);
        } else {
            applicationDataFact(c.facts, dir, a); // another record followed: it was data (a 2-byte MQTT packet)
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
        mqttFacts(c.facts, dir, cur, m);
        if (m.type() == MqttPacket.CONNECT && dir == Direction.CLIENT_TO_SERVER) {
            connectFacts(c, cur);
        }
        event(first, Phase.APPLICATION_DATA, false);
    }

    /**
     * A client's CONNECT: its protocol level and keep-alive; and when another connection still open sent CONNECT with
     * the same client id before, that one is noted as taken over (a broker drops it: MQTT allows one connection per
     * client id). Only the last connection per client id is remembered.
     */
    private void connectFacts(TcpConnection c, PacketResult cur) {
        ConnectionFacts f = c.facts;
        f.mqttLevel = c.mqtt.protocolLevel();
        f.keepAlive = c.mqtt.keepAlive();
        String id = f.clientId;
        if (id == null || id.isEmpty()) {
            return; // an empty client id: the broker assigns a unique one
        }
        ConnectionFacts previous = lastConnectByClientId.put(id, f);
        if (previous != null && previous != f && previous.firstClose(null) == null && previous.takenOverTime < 0) {
            previous.takenOverBy = c.index;
            previous.takenOverFrame = cur.number();
            previous.takenOverTime = cur.relativeNanos;
        }
    }

    private static void mqttFacts(ConnectionFacts f, Direction dir, PacketResult cur, MqttPacket m) {
        f.mqttReadable = true;
        f.mqttBytes += m.length();
        long t = cur.relativeNanos;
        boolean fromClient = dir == Direction.CLIENT_TO_SERVER;
        switch (m.type()) {
            case MqttPacket.CONNECT -> {
                if (f.connectTime < 0) {
                    f.connectTime = t;
                    f.connectFrame = cur.number();
                    f.clientId = m.clientId();
                }
            }
            case MqttPacket.CONNACK -> {
                if (f.connackTime < 0) {
                    f.connackTime = t;
                    f.connackFrame = cur.number();
                    f.connackCode = m.returnCode();
                }
            }
            case MqttPacket.PUBLISH -> {
                if (fromClient && f.publishTime < 0) {
                    f.publishTime = t;
                }
                if (m.topic() != null) {
                    int header = m.length() > 129 ? (m.length() > 16386 ? 4 : 3) : 2;
                    f.mqttPayloadBytes += Math.max(0, m.length() - header - 2
                            - m.topic().getBytes(java.nio.charset.StandardCharsets.UTF_8).length - (m.qos() > 0 ? 2 : 0));
                }
            }
            case MqttPacket.PUBACK -> {
                if (!fromClient && f.pubackTime < 0) {
                    f.pubackTime = t;
                    f.pubackFrame = cur.number();
                }
            }
            case MqttPacket.DISCONNECT -> {
                if (fromClient && f.disconnectFrame == 0) {
                    f.disconnectFrame = cur.number();
                } else if (!fromClient && f.serverDisconnectFrame == 0) {
                    f.serverDisconnectFrame = cur.number();
                    f.serverDisconnectCode = m.returnCode();
                }
            }
            default -> {
            }
        }
        if (fromClient) {
            f.lastClientMqttType = m.type();
            f.lastClientMqttFrame = cur.number();
            if (!f.serverClosing()) {
                f.lastClientMqttBeforeServerCloseTime = t;
            }
        }
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
