package org.layerscope.analysis;

import java.util.ArrayList;
import java.util.List;
import org.layerscope.dissect.ip.Addresses;
import org.layerscope.dissect.ip.NetPacket;
import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.dissect.other.OtherPacket;
import org.layerscope.dissect.tcp.SegmentOwner;
import org.layerscope.dissect.tls.TlsRecord;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.Phase;
import org.layerscope.model.RawFrame;
import org.layerscope.model.TextBytes;

/**
 * Everything LayerScope knows of one frame once the analysis released it: its layers, the TLS records
 * and MQTT packets it completes, its phase, label and explanation, expert items and details tree.
 * Built by {@link Analyzer}; read-only for everybody else.
 */
public final class PacketResult implements SegmentOwner {
    /** The frame; without its bytes once the analysis is done with them, when the analyzer was told so. */
    RawFrame frame;
    final NetPacket net = new NetPacket();
    /** Expert items, in the order they were found: the shared empty list for most frames (see {@link #plus}). */
    List<ExpertItem> expert = List.of();
    final Field tree;
    long relativeNanos;
    /** TCP stream index (0-based in order of first packet), or -1. */
    int stream = -1;
    Direction direction;
    long relSeq;
    long relAck;
    /** Receive window, scaled when both SYNs carried the window scale option. */
    long window;
    boolean hasAck;
    /** The TLS records and MQTT packets this frame completes: the shared empty list for most frames, see {@link #plus}. */
    List<TlsRecord> tlsRecords = List.of();
    List<MqttPacket> mqtt = List.of();
    /** The plaintext of this frame's decrypted TLS records, in order (grown as records are decrypted). */
    private byte[] decrypted = NO_BYTES;
    private static final byte[] NO_BYTES = new byte[0];
    private static final Object[] NO_ARGS = new Object[0];
    /** The highest phase an event of this frame moves its connection to, or null. */
    Phase event;
    boolean eventInferred;
    Phase phase = Phase.OTHER;
    boolean phaseInferred;
    /** The Info column, made when first asked for (null until then). */
    private String info;
    /** Whether the frame was a segment of a PDU completed later, as known when it was released (for the info). */
    boolean segmentAtRelease;
    String label;
    String explanationKey;
    Object[] explanationArgs = NO_ARGS;
    /** Frame that completes the PDU this frame's payload belongs to (tcp.reassembled_in), or 0. */
    long reassembledIn;
    /** The summary of {@link #partOf()}: its text, or the MQTT packet whose info it is (made when asked for). */
    Object partOf;
    TcpConnection connection;
    private int holds;
    boolean retransmission;
    /** A TLS 1.3 record of alert size at the end of its direction: inferred to be an encrypted alert. */
    boolean inferredAlert;
    /** A failure of {@link Analyzer#decodeHeaders}, reported when the frame is analysed; null otherwise. */
    RuntimeException decodeFailure;
    boolean hasBeenAccepted;
    /** Given to the consumer: nothing may be added to it any more. */
    boolean released;
    /** What pcap4j's parsers made of a frame that is not TCP (ARP, ICMP, DNS, ...), or null. */
    OtherPacket other;
    /** See {@link #resumePoint()}. */
    long[] resumePoint;
    /** See {@link #releasedEarlyAfter()}. */
    long releasedEarlyAfter = -1;

    PacketResult(RawFrame frame, boolean buildTree) {
        this.frame = frame;
        this.tree = buildTree ? Field.root() : Field.NONE;
    }

    private static final byte[] NO_FRAME_BYTES = new byte[0];

    /** The frame's captured length, kept when its bytes are let go ({@link #dropFrameBytes}); -1 before. */
    private int capturedLength = -1;

    /**
     * Lets the frame's bytes go (see {@link Analyzer#keepFrameBytes}): {@link #frame()} then has none, and
     * {@link #capturedLength()} still says how many were captured.
     */
    void dropFrameBytes() {
        RawFrame f = frame;
        capturedLength = f.capturedLength();
        frame = new RawFrame(f.number(), f.timestampNanos(), f.linkType(), f.originalLength(), NO_FRAME_BYTES,
                f.interfaceId(), f.comments());
    }

    /** How many bytes of the frame were captured, also after its bytes were let go. */
    public int capturedLength() {
        return capturedLength >= 0 ? capturedLength : frame.capturedLength();
    }

    @Override
    public void hold() {
        holds++;
    }

    @Override
    public void unhold() {
        holds--;
    }

    boolean held() {
        return holds > 0;
    }

    @Override
    public long frameNumber() {
        return frame.number();
    }

    public RawFrame frame() {
        return frame;
    }

    public long number() {
        return frame.number();
    }

    /** Nanoseconds since the first frame of the capture. */
    public long relativeNanos() {
        return relativeNanos;
    }

    public NetPacket net() {
        return net;
    }

    public String src() {
        return Addresses.format(net.srcAddr);
    }

    public String dst() {
        return Addresses.format(net.dstAddr);
    }

    public boolean isTcp() {
        return net.tcp;
    }

    public int stream() {
        return stream;
    }

    public Direction direction() {
        return direction;
    }

    public long relativeSeq() {
        return relSeq;
    }

    /** The receive window in bytes (scaled as the SYNs agreed). */
    public long window() {
        return window;
    }

    public long relativeAck() {
        return relAck;
    }

    /**
     * The plaintext of this frame's decrypted TLS records in order (empty without keys): the bytes that
     * field offsets from {@link Field#DECRYPTED} up point into.
     */
    public byte[] decrypted() {
        return decrypted;
    }

    /** Appends decrypted data; returns the {@link Field#DECRYPTED}-based offset of its first byte. */
    int addDecrypted(byte[] data) {
        int at = decrypted.length;
        decrypted = java.util.Arrays.copyOf(decrypted, at + data.length);
        System.arraycopy(data, 0, decrypted, at, data.length);
        return Field.DECRYPTED + at;
    }

    public List<TlsRecord> tlsRecords() {
        return tlsRecords;
    }

    public List<MqttPacket> mqttPackets() {
        return mqtt;
    }

    public Phase phase() {
        return phase;
    }

    /** True when the phase rests on an inference (no SYN seen, TLS 1.3 without keys, ...). */
    public boolean phaseInferred() {
        return phaseInferred;
    }

    /**
     * Where an analysis of this frame's connection can go on after its opening without the frames between, or null:
     * the next relative sequence numbers and the next TLS record sequence numbers (-1 when nothing was decrypted) of
     * both directions, client to server first, just before this frame, when nothing was waiting in either direction
     * (no part of a record or MQTT packet, no hole) and a decryption could go on there ({@link Analyzer#resume}). Set
     * on a frame every {@link Analyzer#RESUME_POINT_EVERY} frames or so of a TLS or MQTT connection.
     */
    public long[] resumePoint() {
        return resumePoint;
    }

    /**
     * The number of the last frame of this frame's connection that the analysis had read when it let this frame go
     * before what it waited for came (the rest of a record after bytes the capture missed, or whether a small record
     * was an alert), because too many frames of the capture waited behind it; -1 when it did not. A re-analysis of
     * the connection alone does the same after that frame ({@link Analyzer#releaseEarly}).
     */
    public long releasedEarlyAfter() {
        return releasedEarlyAfter;
    }

    /** The Info column (Wireshark-like): the frame's MQTT packets, else its TLS records, else its TCP segment. */
    public String info() {
        String i = info;
        if (i == null) {
            i = Describer.info(this);
            info = i;
        }
        return i;
    }

    /** Appends the {@link #info()} text as UTF-8 without making a string (the fast TSV output). */
    public void appendInfo(TextBytes out) {
        if (info != null) {
            out.append(info);
        } else {
            Describer.appendInfo(this, out);
        }
    }

    public String label() {
        String l = label;
        return l != null ? l : labelNow();
    }

    public String explanationKey() {
        explanation();
        return explanationKey;
    }

    public Object[] explanationArgs() {
        explanation();
        return explanationArgs.clone();
    }

    /** The label alone (the packet table's column): the explanation is made only when asked for. */
    private synchronized String labelNow() {
        if (label == null) {
            label = Describer.label(this);
        }
        return label;
    }

    private synchronized void explanation() {
        if (explanationKey == null) {
            Describer.describeExplanation(this);
        }
    }

    public List<ExpertItem> expert() {
        return expert;
    }

    /** The details tree (empty when the analysis ran without trees). */
    public Field tree() {
        return tree;
    }

    public long reassembledIn() {
        return reassembledIn;
    }

    public boolean inferredAlert() {
        return inferredAlert;
    }

    /** Summary of the PDU this frame carries part of (completed in {@link #reassembledIn()}), or null. */
    public String partOf() {
        Object p = partOf;
        return p == null ? null : p instanceof MqttPacket m ? m.info() : (String) p;
    }

    public boolean retransmission() {
        return retransmission;
    }

    /** ARP, ICMP, ICMPv6, DNS, fragments, ... of a frame that is not TCP, or null. */
    public OtherPacket other() {
        return other;
    }

    /** Highest protocol in this frame: MQTT, TLS, TCP, UDP, IPv4, IPv6 or the link name. */
    public String protocol() {
        return protocol != null ? protocol : computeProtocol();
    }

    /** Fixed when the frame is released (the connection's TLS version may change later). */
    String protocol;

    /**
     * Whether {@link #mqtt} and {@link #tlsRecords} hold anything, and the version of the last TLS record: what
     * {@link #computeProtocol} needs at the release, kept in the frame itself (the lists and records are cold by then).
     */
    private boolean hasMqtt;
    private boolean hasTls;
    private int lastTlsVersion;

    void addExpert(ExpertItem e) {
        expert = plus(expert, e);
    }

    /** Moves the items a decoder put in {@code found} into this frame's, in order, and empties {@code found}. */
    void takeExpert(List<ExpertItem> found) {
        if (!found.isEmpty()) {
            for (int i = 0; i < found.size(); i++) {
                addExpert(found.get(i));
            }
            found.clear();
        }
    }

    void addTlsRecord(TlsRecord t) {
        tlsRecords = plus(tlsRecords, t);
        hasTls = true;
        lastTlsVersion = t.version();
    }

    void addMqtt(MqttPacket m) {
        mqtt = plus(mqtt, m);
        hasMqtt = true;
    }

    /**
     * {@code list} with {@code e} added: the shared empty list becomes a list of one (immutable), which becomes an
     * {@link ArrayList} at the second element. Most frames complete no record or one, and a frame's result is made
     * for every frame of a capture (1.5 million lists of nothing made and dropped per load of the benchmark capture).
     */
    static <T> List<T> plus(List<T> list, T e) {
        int n = list.size();
        if (n == 0) {
            return List.of(e);
        }
        if (n == 1) {
            List<T> two = new ArrayList<>(4);
            two.add(list.get(0));
            two.add(e);
            return two;
        }
        list.add(e);
        return list;
    }

    String computeProtocol() {
        if (hasMqtt) {
            return "MQTT";
        }
        if (hasTls) {
            int v = lastTlsVersion;
            return connection != null && connection.tls != null && connection.tls.isTls13() ? "TLSv1.3"
                    : v == 0x0300 ? "SSLv3" : v == 0x0301 ? "TLSv1" : v == 0x0302 ? "TLSv1.1" : "TLSv1.2";
        }
        if (net.tcp) {
            return "TCP";
        }
        if (other != null) {
            return other.protocol();
        }
        if (net.udp) {
            return "UDP";
        }
        if (net.ipVersion == 4) {
            return "IPv4";
        }
        if (net.ipVersion == 6) {
            return "IPv6";
        }
        return "Frame";
    }
}
