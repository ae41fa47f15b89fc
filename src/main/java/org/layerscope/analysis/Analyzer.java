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

/**
 * The analysis pipeline: frames go in with {@link #accept}, in capture order; {@link PacketResult}s come
 * out, in the same order, to the consumer. A frame whose payload belongs to a PDU completed by a later
 * frame is held until that PDU completes (its phase depends on it), so results may lag a few frames
 * behind; {@link #finish()} releases everything. Memory is bounded: per-direction reassembly buffers
 * are capped and at most {@link #MAX_HELD} frames wait.
 */
public final class Analyzer {
    static final int MAX_HELD = 100_000;
    /** Content type given to an SSL 2.0-format ClientHello, which has none (left out of tls_records). */
    public static final int SSLV2_RECORD = -1;
    private static final int MAX_BUFFERED = 1 << 20;
    private static final int MAX_OUT_OF_ORDER = 1 << 20;
    private static final int[] WELL_KNOWN_SERVER_PORTS = {443, 8883, 1883, 8443, 4433, 9131, 80, 8080, 5671, 5672};

    private final boolean buildTrees;
    private final Consumer<PacketResult> out;
    private final Map<FlowKey, TcpConnection> flows = new HashMap<>();
    private final List<TcpConnection> connections = new ArrayList<>();
    private final ArrayDeque<PacketResult> queue = new ArrayDeque<>();
    private long firstTimestamp = Long.MIN_VALUE;
    private long frames;

    public Analyzer(boolean buildTrees, Consumer<PacketResult> out) {
        this.buildTrees = buildTrees;
        this.out = out;
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
        for (TcpConnection c : connections) {
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

    /** Connections seen so far, in order of first packet. */
    public List<TcpConnection> connectionsInternal() {
        return connections;
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

        long abs = unwrap(side, p.seq);
        if (p.has(NetPacket.SYN)) {
            side.synSeen = true;
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
            resolveAmbiguous(c, dir, true);
            event(r, Phase.TEARDOWN, false);
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
                ? new TcpConnection(connections.size(), p.srcAddr, p.srcPort, p.dstAddr, p.dstPort, inferred,
                r.number(), MAX_BUFFERED, MAX_OUT_OF_ORDER)
                : new TcpConnection(connections.size(), p.dstAddr, p.dstPort, p.srcAddr, p.srcPort, inferred,
                r.number(), MAX_BUFFERED, MAX_OUT_OF_ORDER);
        connections.add(c);
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
                    int v2 = sslv2ClientHello(b, start, avail);
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

    /**
     * Length of an SSL 2.0-format ClientHello starting at {@code start} (old clients open with one), -1 when
     * more bytes are needed to tell, 0 when it is not one.
     */
    static int sslv2ClientHello(byte[] b, int start, int avail) {
        if (avail < 1 || (b[start] & 0x80) == 0) {
            return 0;
        }
        if (avail < 5) {
            return -1;
        }
        int len = ((b[start] & 0x7f) << 8) | (b[start + 1] & 0xff);
        int major = b[start + 3] & 0xff;
        if (b[start + 2] != 1 || (major != 0 && major != 2 && major != 3) || len < 9) {
            return 0;
        }
        return len + 2;
    }

    private static TcpConnection.Proto detect(TcpConnection c, Direction dir, byte[] b, int start, int avail) {
        if (dir == Direction.CLIENT_TO_SERVER) {
            int v2 = sslv2ClientHello(b, start, avail);
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
            c.tls = new TlsDecoder();
        }
        List<SegmentOwner> owners = s.ownersOf(n);
        PacketResult first = owners.isEmpty() ? cur : (PacketResult) owners.get(0);
        Field tmp = buildTrees ? new Field("tmp", null, "", 0, 0) : Field.NONE;
        TlsRecord rec = c.tls.decodeRecord(dir, s.buffer(), s.start(), n, tmp, cur.expert);
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
            } else if (rec.length() == 19) {
                ph = Phase.APPLICATION_DATA;
                TcpConnection.Side sd = c.sides[dir.index()];
                sd.ambiguous = first;
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
            if (rec.contentType() == TlsRecord.HANDSHAKE && rec.handshakeTypes().contains(20)
                    && dir == Direction.CLIENT_TO_SERVER) {
                c.tls13ClientFinished = true;
            }
        }
        if (ph != null) {
            event(first, ph, inferred);
        }
        if (rec.plaintext() != null && rec.plaintext().length > 0) {
            // decrypted application data: MQTT inside TLS (decryption is added by the decryption work)
            cur.expert.add(ExpertItem.of(Severity.CHAT, "tls.decrypted", "Decrypted application data"));
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

    private static boolean isPostHandshake(TcpConnection c, TlsRecord rec) {
        if (c.tls == null || !c.tls.isTls13() || rec.handshakeTypes().isEmpty()) {
            return false;
        }
        for (int t : rec.handshakeTypes()) {
            if (t != 4 && t != 24) { // NewSessionTicket, KeyUpdate
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
            event(a, Phase.TEARDOWN, true);
        }
        a.unhold();
    }

    private void mqttPacket(PacketResult cur, TcpConnection c, Direction dir, TcpConnection.Side side, int n) {
        StreamReassembler s = side.stream;
        if (c.mqtt == null) {
            c.mqtt = new MqttDecoder();
        }
        List<SegmentOwner> owners = s.ownersOf(n);
        PacketResult first = owners.isEmpty() ? cur : (PacketResult) owners.get(0);
        Field tmp = buildTrees ? new Field("tmp", null, "", 0, 0) : Field.NONE;
        MqttPacket m = c.mqtt.decode(dir, s.buffer(), s.start(), n, tmp, cur.expert);
        attach(cur, s, tmp);
        cur.mqtt.add(m);
        for (SegmentOwner o : owners) {
            if (o != cur) {
                PacketResult pr = (PacketResult) o;
                pr.reassembledIn = cur.number();
                pr.partOf = m.info();
            }
        }
        event(first, Phase.APPLICATION_DATA, false);
    }

    /** Moves a decoder's subtree (offsets = buffer indices) into the frame's tree (offsets = frame offsets). */
    private static void attach(PacketResult cur, StreamReassembler s, Field tmp) {
        if (!tmp.enabled()) {
            return;
        }
        int base = s.start();
        for (Field child : tmp.children()) {
            cur.tree.addChild(child.remap(i -> s.frameOffsetAt(i - base, cur)));
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
