package org.layerscope.analysis;

import org.layerscope.dissect.mqtt.MqttFramer;
import org.layerscope.dissect.tcp.StreamReassembler;
import org.layerscope.dissect.tls.Ssl2ClientHello;
import org.layerscope.dissect.tls.TlsFramer;

/**
 * When {@link Analyzer} may read a segment's TLS records or MQTT packets where they lie, in the frame's bytes,
 * instead of through the direction's reassembly buffer: only without field trees (whose offsets the reassembly
 * maps), on a TLS or MQTT stream in step, when the segment is exactly the next bytes and nothing waits beyond a
 * hole.
 */
final class InPlaceRules {
    private InPlaceRules() {
    }

    /** The conditions both ways of reading in place share (the buffer aside). */
    private static boolean inStep(PacketResult r, TcpConnection c, TcpConnection.Side side, long seq) {
        StreamReassembler s = side.stream;
        return !r.tree.enabled() && (c.proto == TcpConnection.Proto.TLS || c.proto == TcpConnection.Proto.MQTT)
                && s.started() && seq == s.nextSeq() && !s.hasHole() && side.skipBytes == 0 && !side.desync;
    }

    /** Whether the segment's PDUs can be read in place from its first byte: nothing is buffered. */
    static boolean readsInPlace(PacketResult r, TcpConnection c, TcpConnection.Side side, long seq) {
        return inStep(r, c, side, seq) && side.stream.available() == 0;
    }

    /**
     * Whether the segment's first bytes may finish a PDU that waits half-read in the buffer, after which its rest
     * can be read in place ({@link #pendingNeed} says how many bytes that PDU needs).
     */
    static boolean completesInBuffer(PacketResult r, TcpConnection c, TcpConnection.Side side, long seq) {
        return inStep(r, c, side, seq) && side.stream.available() > 0;
    }

    /** How many more bytes the PDU at the start of the buffer needs to be whole, or -1 when that is not known. */
    static int pendingNeed(TcpConnection c, StreamReassembler s) {
        byte[] b = s.buffer();
        int start = s.start();
        int avail = s.available();
        int n;
        if (c.proto == TcpConnection.Proto.TLS) {
            if (Ssl2ClientHello.length(b, start, avail) != 0) {
                return -1;
            }
            n = TlsFramer.probe(b, start, avail);
        } else {
            n = MqttFramer.probe(b, start, avail);
            if (n > Analyzer.MAX_BUFFERED) {
                return -1;
            }
        }
        return n > avail ? n - avail : -1;
    }
}
