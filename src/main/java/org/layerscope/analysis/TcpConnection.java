package org.layerscope.analysis;

import org.layerscope.dissect.mqtt.MqttDecoder;
import org.layerscope.dissect.tcp.StreamReassembler;
import org.layerscope.dissect.tls.TlsDecoder;
import org.layerscope.tls.keys.SessionDecryptor;
import org.layerscope.model.Phase;

/** Per-connection state of the analysis (small, built from what was seen, like Zeek's history). */
final class TcpConnection {
    enum Proto { UNKNOWN, TLS, MQTT, OTHER }

    /** Per-direction state; index 0 = client to server. */
    static final class Side {
        final StreamReassembler stream;
        boolean isnKnown;
        long isn;
        long lastAbsSeq;
        boolean synSeen;
        boolean finSeen;
        boolean rstSeen;
        /** Bytes the reassembly is told to skip (a PDU too large to keep). */
        long skipBytes;
        boolean desync;
        /** Window scale shift from this side's SYN, or -1. */
        int windowShift = -1;
        long payloadBytes;
        /** A TLS 1.3 record that may be an encrypted alert or a 2-byte MQTT packet: decided later. */
        PacketResult ambiguous;
        /** The connection's phase before that record. */
        Phase ambiguousPhaseBefore;

        Side(int maxBuffered, int maxOutOfOrder) {
            stream = new StreamReassembler(maxBuffered, maxOutOfOrder);
        }
    }

    final int index;
    FlowKey key;
    /** Capture time the connection closed (both FINs or an RST), or -1. */
    long closedAt = -1;
    final byte[] clientAddr;
    final int clientPort;
    final byte[] serverAddr;
    final int serverPort;
    final boolean clientInferred;
    final Side[] sides;
    final long firstFrame;
    long lastFrame;
    /** Place in {@link KeptConnections}, or -1 when not kept. */
    int keptAt = -1;
    Proto proto = Proto.UNKNOWN;
    TlsDecoder tls;
    /** The decryptor of this connection's TLS session, or null without keys. */
    SessionDecryptor decryptor;
    /** What the decrypted application data carries. */
    Proto innerProto = Proto.UNKNOWN;
    /** Decrypted application data per direction, framed like a TCP stream (offsets: -1, not in a frame). */
    final StreamReassembler[] inner = new StreamReassembler[2];
    final long[] innerSeq = new long[2];
    boolean decryptFailureNoted;
    /** Frames of this connection since its last {@link PacketResult#resumePoint()}. */
    int sinceResumePoint;
    MqttDecoder mqtt;
    /** Phase reached while processing (used by inferences). */
    Phase phase;
    /** Phase reached by the frames released so far. */
    Phase releasedPhase;
    boolean releasedInferred;
    final ConnectionFacts facts = new ConnectionFacts();
    /** What the TLS 1.3 phase inference knows of this connection (see {@link PhaseRules}). */
    PhaseRules.Tls13State tls13 = PhaseRules.Tls13State.START;

    TcpConnection(int index, byte[] clientAddr, int clientPort, byte[] serverAddr, int serverPort,
                  boolean clientInferred, long firstFrame, int maxBuffered, int maxOutOfOrder) {
        this.index = index;
        this.clientAddr = clientAddr;
        this.clientPort = clientPort;
        this.serverAddr = serverAddr;
        this.serverPort = serverPort;
        this.clientInferred = clientInferred;
        this.firstFrame = firstFrame;
        this.sides = new Side[] {new Side(maxBuffered, maxOutOfOrder), new Side(maxBuffered, maxOutOfOrder)};
    }

    /** Lets go of the buffers of a connection that has closed (its facts and decoders stay). */
    void compact() {
        for (Side s : sides) {
            s.stream.compact();
        }
        for (int d = 0; d < 2; d++) {
            if (inner[d] != null && inner[d].available() == 0) {
                inner[d] = null;
            }
        }
    }

    boolean closed() {
        return sides[0].rstSeen || sides[1].rstSeen || (sides[0].finSeen && sides[1].finSeen);
    }
}
