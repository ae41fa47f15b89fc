package org.layerscope.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.layerscope.dissect.ip.NetDecoder;
import org.layerscope.dissect.ip.NetPacket;
import org.layerscope.dissect.other.OtherDissector;
import org.layerscope.dissect.tls.Ssl2ClientHello;
import org.layerscope.dissect.mqtt.MqttFramer;
import org.layerscope.dissect.tcp.SegmentOwner;
import org.layerscope.dissect.tcp.SegmentPayload;
import org.layerscope.dissect.tcp.StreamReassembler;
import org.layerscope.dissect.tls.TlsFramer;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.Phase;
import org.layerscope.model.RawFrame;
import org.layerscope.model.Severity;
import org.layerscope.pcapio.DecryptionSecrets;
import org.layerscope.tls.keys.KeyLog;
import org.layerscope.tls.keys.SecretsBlocks;

/**
 * The analysis pipeline: frames go in with {@link #accept}, in capture order; {@link PacketResult}s come
 * out, in the same order, to the consumer. The stages, each in its own class where it is more than a few lines:
 * <ol>
 *   <li>link/IP/TCP decoding ({@code NetDecoder}); a frame that is not TCP gets no further stage;</li>
 *   <li>the {@link FlowTable} (a {@link TcpConnection} per flow, closed ones evicted after a grace time) and
 *       the TCP state of each direction (sequence numbers, window scale);</li>
 *   <li>TCP reassembly ({@code StreamReassembler}, gaps, retransmissions), here;</li>
 *   <li>protocol detection ({@link ProtocolDetector});</li>
 *   <li>the {@link TlsStage} (records, decryption, the phase by the pure {@link PhaseRules}) and the
 *       {@link MqttStage} (packets, over TCP or inside TLS);</li>
 *   <li>connection facts ({@link FactsRecorder}) for the diagnosis and the summaries;</li>
 *   <li>release in order, with each frame's phase and description ({@link Describer}).</li>
 * </ol>
 * A frame whose payload belongs to a PDU completed by a later frame is held until that PDU completes (its
 * phase depends on it), so results may lag a few frames behind; {@link #finish()} releases everything.
 * Memory is bounded by what is open: per-direction reassembly buffers are capped, at most
 * {@link #MAX_HELD} frames wait, and a connection keeps only small state and facts, never its frames.
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
    static final int MAX_BUFFERED = 1 << 20;
    private static final int MAX_OUT_OF_ORDER = 1 << 20;

    private boolean buildTrees;
    private final Consumer<PacketResult> out;
    private final FlowTable flows = new FlowTable();
    /** Every connection, for the summaries (empty when {@link #keepConnections} is off). */
    private final KeptConnections connections = new KeptConnections();
    /** Told of each connection the flow table lets go (made once: a method reference is an object per use). */
    private final Consumer<TcpConnection> evicted = connections::evicted;
    private boolean keepConnections = true;
    private boolean keepFrameBytes = true;
    private int nextStream;
    private final ArrayDeque<PacketResult> queue = new ArrayDeque<>();
    private long firstTimestamp = Long.MIN_VALUE;
    private long frames;

    /** ARP, ICMP, DNS, ... through pcap4j: only for frames that are not TCP. */
    private final OtherDissector other = new OtherDissector();
    /** Where the dissector of other protocols puts its expert items, before they go to the frame. */
    private final List<ExpertItem> found = new ArrayList<>();
    private final KeyLog keys;
    private int secretsBlocksSeen;
    private final boolean keysGiven;
    private final TlsStage tls;
    private final MqttStage mqtt;
    /** The payload of the segment whose PDUs are read in place (reused). */
    private final SegmentPayload segment = new SegmentPayload();
    /** PDUs read in place so far (for tests). */
    long pdusReadInPlace;

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
        this.mqtt = new MqttStage();
        this.tls = new TlsStage(this.keys, keysGiven, () -> secretsBlocksSeen > 0, mqtt);
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

    /**
     * Whether the frames accepted from now on get details trees (a viewer analyses the frames before the
     * one it shows without trees, then that one with its tree).
     */
    public void buildTrees(boolean on) {
        buildTrees = on;
    }

    /** Analyses the next frame of the capture. */
    public void accept(RawFrame frame) {
        accept(decodeHeaders(frame, buildTrees));
    }

    /**
     * Continues the numbering of a whole capture when only part of it is analysed (a viewer analyses the frames
     * of one connection again): the next TCP connection gets index {@code stream} ({@code tcp.stream}), and
     * relative times count from {@code firstTimestampNanos}, the first frame of the whole capture. Call before
     * the first frame.
     */
    public Analyzer continueNumbering(int stream, long firstTimestampNanos) {
        this.nextStream = stream;
        this.firstTimestamp = firstTimestampNanos;
        return this;
    }

    /** Whether this analysis builds field trees (what {@link #decodeHeaders} must be told). */
    public boolean buildsTrees() {
        return buildTrees;
    }

    /**
     * Where the header decoder puts its expert items (rare) before they go to the frame's result, one list per
     * thread that decodes headers: a result starts with the shared empty list, and most frames never get another.
     */
    private static final ThreadLocal<List<ExpertItem>> HEADER_ITEMS = ThreadLocal.withInitial(ArrayList::new);

    /**
     * The first step of {@link #accept}, which depends on no other frame: the link, IP and TCP/UDP headers.
     * It may run on another thread, ahead of the analysis (a reading thread); its result goes to
     * {@link #accept(PacketResult)} in capture order. Never throws on bad input.
     *
     * @param buildTrees as {@link #buildsTrees()} of the analyzer the result goes to
     */
    public static PacketResult decodeHeaders(RawFrame frame, boolean buildTrees) {
        PacketResult r = new PacketResult(frame, buildTrees);
        List<ExpertItem> found = HEADER_ITEMS.get();
        try {
            NetDecoder.decode(frame, r.net, r.tree, found);
        } catch (RuntimeException e) {
            r.decodeFailure = e;
        } finally {
            r.takeExpert(found);
        }
        return r;
    }

    /** Analyses the next frame of the capture, its headers decoded by {@link #decodeHeaders}. */
    public void accept(PacketResult r) {
        if (r.tree.enabled() != buildTrees || r.hasBeenAccepted) {
            throw new IllegalArgumentException("a frame decoded for another analysis");
        }
        r.hasBeenAccepted = true;
        frames++;
        RawFrame frame = r.frame;
        if (firstTimestamp == Long.MIN_VALUE) {
            firstTimestamp = frame.timestampNanos();
        }
        r.relativeNanos = frame.timestampNanos() - firstTimestamp;
        queue.addLast(r);
        r.hold(); // held while being processed
        try {
            if (r.decodeFailure != null) {
                throw r.decodeFailure;
            }
            if (r.net.tcp) {
                tcp(r);
            } else {
                try {
                    r.other = other.dissect(frame, r.net, r.tree, this.found);
                } finally {
                    r.takeExpert(this.found);
                }
            }
        } catch (RuntimeException e) {
            // a dissector bug must never lose a frame: keep what was decoded and say so
            r.addExpert(ExpertItem.of(Severity.ERROR, "ls.internal",
                    "LayerScope could not finish decoding this frame: " + e));
        }
        r.decodeFailure = null;
        if (!keepFrameBytes && !buildTrees) {
            r.dropFrameBytes(); // the stages copied what they keep
        }
        r.unhold();
        release(false);
    }

    /** Ends the capture: pending PDUs are given up and every frame is released. */
    public void finish() {
        for (TcpConnection c : flows.all()) {
            for (int d = 0; d < 2; d++) {
                TcpConnection.Side s = c.sides[d];
                Direction dir = Direction.values()[d];
                // the missing bytes will not come: what waits behind them is read now, in its own frames
                while (s.stream.hasHole()) {
                    skipHole(null, c, dir, s);
                }
                if (s.stream.available() > 0 && c.proto != TcpConnection.Proto.OTHER) {
                    PacketResult pr = unreleased(s.stream.ownerAt(0), null); // (one let go early was given out)
                    if (pr != null) {
                        pr.addExpert(ExpertItem.of(Severity.NOTE, "tcp.incomplete_pdu",
                                "The capture ends before the rest of this " + ProtocolDetector.protoName(c) + " message ("
                                        + s.stream.available() + " bytes so far)"));
                    }
                }
                s.stream.close();
                TlsStage.resolveAmbiguous(c, dir, true);
            }
        }
        release(true);
    }

    /**
     * Frames of a TLS or MQTT connection between two of its {@link PacketResult#resumePoint() resume points} (at
     * least; a point needs a frame where nothing waits). A 300,000-frame connection gets about 290.
     */
    public static final int RESUME_POINT_EVERY = 1024;
    private int resumePointEvery = RESUME_POINT_EVERY;

    /** Frames between resume points ({@value #RESUME_POINT_EVERY} by default; tests use 1). */
    public Analyzer resumePointsEvery(int frames) {
        this.resumePointEvery = Math.max(1, frames);
        return this;
    }

    /**
     * Goes on with connection {@code stream} (its {@code tcp.stream} index) as the whole analysis was just before the
     * frame that carries {@code point} ({@link PacketResult#resumePoint()}): a re-analysis that read the connection's
     * opening (its handshakes and keys) continues at that frame without the frames between and without a gap, with
     * the next sequence numbers of both directions there, and the records' sequence numbers when it decrypted, so
     * its records are decrypted. Whatever waits from the frames before is let go. False (nothing changed) when there
     * is no such connection or its decryption is not where it can resume.
     */
    public boolean resume(int stream, long[] point) {
        for (TcpConnection c : flows.all()) {
            if (c.index == stream) {
                return ResumePoints.resume(c, point);
            }
        }
        return false;
    }

    /**
     * Whether to keep every connection for {@link #connections()} (default). Off, a closed connection is
     * forgotten once its grace time is over, so memory stays flat however long the capture is.
     */
    public Analyzer keepConnections(boolean keep) {
        this.keepConnections = keep;
        return this;
    }

    /**
     * Whether a released frame keeps its bytes ({@link PacketResult#frame()}{@code .data()}; default). Off (an
     * output that needs only the analysis, such as the TSV lines), the bytes are let go as soon as the frame is
     * analysed, so the frames waiting to be released or written hold no copy of the capture (a smaller heap to
     * collect). Not with field trees, whose offsets point into the bytes.
     */
    public Analyzer keepFrameBytes(boolean keep) {
        this.keepFrameBytes = keep;
        return this;
    }

    /**
     * Whether released frames keep their bytes ({@link #keepFrameBytes}, or field trees, whose offsets point into
     * them). False: nothing of the analysis refers to a frame's bytes once {@link #accept} returned, so a reader may
     * reuse their memory.
     */
    public boolean keepsFrameBytes() {
        return keepFrameBytes || buildTrees;
    }

    /** Client randoms of the TLS sessions seen so far (of kept connections, when there were keys to decrypt). */
    public List<byte[]> tlsClientRandoms() {
        return connections.clientRandoms();
    }

    /** How many kept connections still hold their whole state, not only their summary (for tests). */
    int liveKeptConnections() {
        return connections.live();
    }

    /** Summary and verdict of every TCP connection seen so far, in order of first packet. */
    public List<ConnectionSummary> connections() {
        return connections.summaries();
    }

    public long frameCount() {
        return frames;
    }

    private void release(boolean all) {
        while (!queue.isEmpty()) {
            PacketResult r = queue.peekFirst();
            if (r.held() && !all && queue.size() <= MAX_HELD) {
                break;
            }
            releaseHead(r, !all);
        }
        connections.retire(queue.isEmpty() ? Long.MAX_VALUE : queue.peekFirst().number());
    }

    /** Releases {@code r}, the first frame waiting; a held one is let go early when {@code early}. */
    private void releaseHead(PacketResult r, boolean early) {
        if (r.held() && early) {
            // too many frames wait behind this one: bytes missing before its own were not captured, and a pending
            // alert-sized record whose direction stayed silent that long was data (an alert is followed by the
            // close at once). The frame says after which frame of its connection, for a re-analysis of the
            // connection alone (releaseEarly)
            giveUpHoles(r);
            giveUpAmbiguity(r);
            if (r.connection != null) {
                r.releasedEarlyAfter = r.connection.lastFrame;
            }
        }
        queue.pollFirst();
        r.released = true;
        finalizeResult(r);
        out.accept(r);
    }

    /**
     * Lets go of the frames waiting up to frame {@code number}, those held as if too many frames waited behind them:
     * what the whole capture's analysis did ({@link PacketResult#releasedEarlyAfter()}), done by a re-analysis of
     * the frame's connection alone right after that frame, so that it gives the frame (and the frames after it) what
     * the whole analysis gave them. Then goes on as after any frame.
     */
    public void releaseEarly(long number) {
        while (!queue.isEmpty() && queue.peekFirst().number() <= number) {
            releaseHead(queue.peekFirst(), true);
        }
        release(false);
    }

    /** Gives up the holes that keep {@code r}'s bytes from being read (the frame is released next). */
    private void giveUpHoles(PacketResult r) {
        TcpConnection c = r.connection;
        if (c == null || r.direction == null) {
            return;
        }
        TcpConnection.Side side = c.sides[r.direction.index()];
        while (side.stream.hasHole() && side.stream.holds(r)) {
            skipHole(r, c, r.direction, side);
        }
    }

    private static void giveUpAmbiguity(PacketResult r) {
        TcpConnection c = r.connection;
        if (c != null && r.direction != null && c.sides[r.direction.index()].ambiguous == r) {
            TlsStage.resolveAmbiguous(c, r.direction, false);
        }
    }

    // ---------------------------------------------------------------- TCP

    private void tcp(PacketResult r) {
        NetPacket p = r.net;
        TcpConnection c = flows.find(p);
        boolean pureSyn = p.has(NetPacket.SYN) && !p.has(NetPacket.ACK);
        if (c != null && pureSyn && startsNewConnection(c, r)) {
            c = null;
        }
        if (c == null) {
            c = newConnection(r);
            flows.add(c, p);
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
            Pdus.event(r, Phase.TCP_HANDSHAKE, false);
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

        if (++c.sinceResumePoint >= resumePointEvery
                && !p.has(NetPacket.SYN | NetPacket.FIN | NetPacket.RST)) {
            r.resumePoint = ResumePoints.of(c, r, side);
            if (r.resumePoint != null) {
                c.sinceResumePoint = 0;
            }
        }
        if (p.payloadCaptured > 0 || p.tcpLen > 0) {
            payload(r, c, dir, side);
        }
        if (r.hasAck && peer.stream.hasHole() && r.relAck > peer.stream.nextSeq()) {
            // the peer's missing bytes were acknowledged, so they were sent but never captured
            while (peer.stream.hasHole() && r.relAck > peer.stream.nextSeq()) {
                skipHole(r, c, dir.reverse(), peer);
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
                skipHole(r, c, dir, side);
            }
            // the phase before the close, not after a pending record that this close turns into an inferred alert
            Phase beforeClose = c.phase == null ? Phase.TCP_HANDSHAKE : c.phase;
            TlsStage.resolveAmbiguous(c, dir, true);
            facts.closes.add(new ConnectionFacts.Close(r.number(), now, dir, p.has(NetPacket.RST), beforeClose));
            Pdus.event(r, Phase.TEARDOWN, false);
        }
        if (c.closedAt < 0 && c.closed()) {
            c.closedAt = now;
            flows.closed(c);
        }
        if (c.closedAt >= 0) {
            c.compact();
        }
        flows.evictClosed(now, evicted);
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
            r.addExpert(ExpertItem.of(Severity.NOTE, "tcp.client_inferred",
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
        if (len > 0 && InPlaceRules.completesInBuffer(r, c, side, streamSeq)) {
            // a PDU waits half-read in the buffer: only the bytes that complete it go there, and the rest of the
            // segment is read in place (below), so a stream whose segments all end inside a record (large messages)
            // copies one record at a time instead of every segment, and its buffer stays the size of one record
            int need = InPlaceRules.pendingNeed(c, s);
            if (need > 0 && need < len) {
                int off = p.payloadCaptured - len + p.payloadOffset;
                s.segment(streamSeq, r.frame.buffer(), r.frame.offset() + off, need, off, r);
                drain(r, c, dir, side);
                streamSeq += need;
                len -= need;
            }
        }
        if (len > 0 && InPlaceRules.readsInPlace(r, c, side, streamSeq)) {
            int read = inPlace(r, c, dir, len);
            s.passed(read);
            streamSeq += read;
            len -= read;
        }
        if (len > 0) {
            int off = p.payloadCaptured - len + p.payloadOffset;
            StreamReassembler.Outcome o = s.segment(streamSeq, r.frame.buffer(), r.frame.offset() + off, len, off, r);
            switch (o) {
                case RETRANSMISSION -> {
                    r.retransmission = true;
                    r.addExpert(ExpertItem.of(Severity.NOTE, "tcp.retransmission",
                            "Retransmission: these bytes were sent before"));
                }
                case OUT_OF_ORDER -> {
                    r.addExpert(ExpertItem.of(Severity.WARN, "tcp.previous_segment_not_captured",
                            "Previous segment not captured (yet): bytes are missing before this segment"));
                    if (s.outOfOrderBytes() > MAX_OUT_OF_ORDER / 2) {
                        skipHole(r, c, dir, side);
                    }
                }
                case DROPPED -> {
                    skipHole(r, c, dir, side);
                    s.segment(streamSeq, r.frame.buffer(), r.frame.offset() + off, len, off, r);
                }
                case FILLED_HOLE -> r.addExpert(ExpertItem.of(Severity.NOTE, "tcp.out_of_order",
                        "Out-of-order segment: it fills a hole left earlier"));
                default -> {
                }
            }
        }
        drain(r, c, dir, side);
        if (p.payloadCaptured < p.tcpLen && !r.retransmission) {
            // bytes on the wire that were not captured: a gap in the stream
            long endSeq = r.relSeq + p.tcpLen;
            if (endSeq > s.nextSeq() && !s.hasHole()) {
                long missing = endSeq - s.nextSeq();
                s.skipTo(endSeq);
                side.desync = true;
                Pdus.gapNote(r, missing);
            }
        }
    }

    /**
     * Reads the whole PDUs at the start of the last {@code len} bytes of the segment's payload in place (see
     * {@link InPlaceRules#readsInPlace}), as {@link #drain} would after those bytes were buffered; stops at the
     * first PDU that is not whole or not plain (those go through the buffer). Returns the number of payload bytes
     * read.
     */
    private int inPlace(PacketResult r, TcpConnection c, Direction dir, int len) {
        byte[] b = r.frame.buffer(); // (the frame's bytes start at its offset: indices below are in b)
        int base = r.frame.offset();
        int end = base + r.net.payloadOffset + r.net.payloadCaptured;
        int off = end - len;
        int at = off;
        while (at < end) {
            int avail = end - at;
            int n;
            if (c.proto == TcpConnection.Proto.TLS) {
                if (Ssl2ClientHello.length(b, at, avail) != 0) {
                    break;
                }
                n = TlsFramer.probe(b, at, avail);
                if (n <= 0 || n > avail) {
                    break;
                }
                tls.record(r, c, dir, segment.at(b, base, at, end, r), n);
            } else {
                n = MqttFramer.probe(b, at, avail);
                if (n <= 0 || n > avail || n > MAX_BUFFERED) {
                    break;
                }
                mqtt.packet(r, c, dir, segment.at(b, base, at, end, r), n);
            }
            at += n;
            pdusReadInPlace++;
        }
        return at - off;
    }

    /**
     * Gives up the first hole of a direction (its bytes were never captured): the gap is noted in the frame
     * that gave it up, and the PDUs that waited behind it are read, each in the frame that carried its last byte.
     *
     * @param fallback the frame that gives the hole up (null at the end of the capture: the note goes to the frame
     *                 after the hole)
     */
    private void skipHole(PacketResult fallback, TcpConnection c, Direction dir, TcpConnection.Side side) {
        StreamReassembler s = side.stream;
        long missing = s.skipHole();
        PacketResult after = unreleased(s.ownerAt(0), fallback);
        PacketResult noted = fallback != null ? fallback : after;
        if (noted != null) {
            Pdus.gapNote(noted, missing);
        }
        if (after != null) {
            drain(after, c, dir, side);
        }
    }

    /** {@code o} when it is a frame not released yet, else {@code fallback}. */
    private static PacketResult unreleased(SegmentOwner o, PacketResult fallback) {
        return o instanceof PacketResult pr && !pr.released ? pr : fallback;
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
                // after a gap, only a segment that starts a plausible PDU resynchronises: this one's bytes are
                // dropped, and the next segment's start is tried
                int probe = c.proto == TcpConnection.Proto.TLS ? TlsFramer.probe(b, start, avail)
                        : MqttFramer.probe(b, start, avail);
                if (probe < 0 && probe != TlsFramer.NEED_MORE) {
                    s.consume(s.toSegmentEnd());
                    continue;
                }
                side.desync = false;
            }
            switch (c.proto) {
                case OTHER -> {
                    for (SegmentOwner o : s.ownersOf(avail)) {
                        Pdus.event((PacketResult) o, Phase.APPLICATION_DATA, false);
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
                        tls.sslv2Record(unreleased(s.ownerAt(v2 - 1), cur), c, side, v2);
                        s.consume(v2);
                        continue;
                    }
                    int n = TlsFramer.probe(b, start, avail);
                    if (n == TlsFramer.NEED_MORE || (n > 0 && n > avail)) {
                        return;
                    }
                    if (n == TlsFramer.NOT_TLS) {
                        unreleased(s.ownerAt(0), cur).addExpert(ExpertItem.of(Severity.WARN, "tls.not_a_record",
                                "These bytes do not start a TLS record: the TLS stream is out of step"));
                        s.consume(s.toSegmentEnd());
                        side.desync = true;
                        continue;
                    }
                    // the record belongs to the frame that carried its last byte (not always the current one:
                    // a segment that fills a hole, an ACK that shows a hole is final)
                    tls.record(unreleased(s.ownerAt(n - 1), cur), c, dir, s, n);
                    s.consume(n);
                }
                case MQTT -> {
                    int n = MqttFramer.probe(b, start, avail);
                    if (n == MqttFramer.NEED_MORE) {
                        return;
                    }
                    if (n == MqttFramer.NOT_MQTT) {
                        unreleased(s.ownerAt(0), cur).addExpert(ExpertItem.of(Severity.WARN, "mqtt.not_a_packet",
                                "These bytes do not start an MQTT packet: the MQTT stream is out of step"));
                        s.consume(s.toSegmentEnd());
                        side.desync = true;
                        continue;
                    }
                    if (n > MAX_BUFFERED) {
                        cur.addExpert(ExpertItem.of(Severity.NOTE, "mqtt.too_large",
                                "An MQTT packet of " + n + " bytes is too large to reassemble; it is skipped"));
                        Pdus.event((PacketResult) s.ownerAt(0), Phase.APPLICATION_DATA, false);
                        side.skipBytes = n;
                        continue;
                    }
                    if (n > avail) {
                        return;
                    }
                    mqtt.packet(unreleased(s.ownerAt(n - 1), cur), c, dir, s, n);
                    s.consume(n);
                }
                default -> {
                    return;
                }
            }
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
