package org.layerscope.analysis;

import org.layerscope.dissect.tcp.StreamReassembler;

/**
 * Resume points of a long connection ({@link PacketResult#resumePoint()}): where the whole analysis notes the state a
 * later analysis of the connection can go on from ({@link #of}), and how that analysis goes on there
 * ({@link #resume}, through {@link Analyzer#resume}).
 */
final class ResumePoints {
    private ResumePoints() {
    }

    /**
     * The {@link PacketResult#resumePoint()} of a frame of connection {@code c} in direction {@code side}, before its
     * payload is read; null when something waits in either direction or the frame is not the next one in its own.
     */
    static long[] of(TcpConnection c, PacketResult r, TcpConnection.Side side) {
        if ((c.proto != TcpConnection.Proto.TLS && c.proto != TcpConnection.Proto.MQTT)
                || r.relSeq != side.stream.nextSeq()) {
            return null;
        }
        for (int d = 0; d < 2; d++) {
            TcpConnection.Side sd = c.sides[d];
            StreamReassembler s = sd.stream;
            if (!s.started() || s.available() != 0 || s.hasHole() || sd.skipBytes != 0 || sd.desync
                    || sd.ambiguous != null || (c.inner[d] != null && c.inner[d].available() != 0)) {
                return null;
            }
        }
        long[] records = {-1, -1}; // nothing decrypted: no record numbers to keep
        if (c.decryptor != null && c.decryptor.decryptedRecords() > 0) {
            records = c.decryptor.resumePoint();
            if (records == null) {
                return null;
            }
        }
        return new long[] {c.sides[0].stream.nextSeq(), c.sides[1].stream.nextSeq(), records[0], records[1]};
    }

    /** Continues {@code c} at {@code point} (see {@link Analyzer#resume}); false, nothing changed, when it cannot. */
    static boolean resume(TcpConnection c, long[] point) {
        if (!c.sides[0].isnKnown || !c.sides[1].isnKnown) {
            return false; // the opening had no frame of a direction: its relative numbers have no base here
        }
        if (point[2] >= 0 && (c.decryptor == null || !c.decryptor.resume(point[2], point[3]))) {
            return false;
        }
        for (int d = 0; d < 2; d++) {
            TcpConnection.Side side = c.sides[d];
            side.stream.resumeAt(point[d]);
            side.lastAbsSeq = side.isn + point[d]; // the 32-bit numbers after it unwrap from there
            side.desync = false;
            side.skipBytes = 0;
            c.inner[d] = null; // a part of an MQTT packet from before is let go
            c.innerSeq[d] = 0;
        }
        c.sinceResumePoint = 0;
        return true;
    }
}
