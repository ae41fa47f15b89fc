package org.layerscope.testutil;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.pcapio.PcapWriter;
import org.layerscope.pcapio.TimestampPrecision;

/**
 * Makes one long-lived TCP connection out of a real capture: the real bytes of
 * {@code sample-pcaps/mqtt-tls12-mutual.pcapng} (mosquitto_pub over mutual TLS 1.2), whose one
 * PUBLISH/PUBACK exchange (frames 12 and 13: a 64-byte and a 33-byte TLS application-data record) is
 * repeated until the file has the frames asked for, with sequence and acknowledgment numbers and time
 * stamps moved on so it stays one valid stream; the handshake before and the teardown after are kept.
 * Like a device that publishes again and again on the one connection it keeps open.
 *
 * <p>Usage (also from the benchmark): {@code java -cp target/classes:target/test-classes
 * org.layerscope.testutil.LongConnection SEED OUT.pcap FRAMES}.
 */
public final class LongConnection {
    private LongConnection() {
    }

    /** Writes the capture; returns the number of frames written. */
    public static long write(Path seed, Path out, long frames) throws IOException {
        List<RawFrame> f = new ArrayList<>();
        try (CaptureReader r = CaptureFiles.open(seed)) {
            for (RawFrame x; (x = r.next()) != null; ) {
                f.add(x);
            }
        }
        if (f.size() != 19) {
            throw new IOException("expected the 19 frames of mqtt-tls12-mutual.pcapng in " + seed);
        }
        int clientPort = port(f.get(0), true);
        RawFrame pub = f.get(11);
        RawFrame ack = f.get(12);
        int pubLen = payloadLength(pub);
        int ackLen = payloadLength(ack);
        long reps = Math.max(1, (frames - 17) / 2);
        long written = 0;
        try (PcapWriter w = PcapWriter.create(out, pub.linkType(), PcapWriter.DEFAULT_SNAP_LENGTH,
                TimestampPrecision.NANOSECONDS)) {
            for (int i = 0; i < 11; i++) {
                w.writeFrame(f.get(i));
                written++;
            }
            for (long k = 0; k < reps; k++) {
                w.writeFrame(shift(pub, clientPort, k, pubLen, ackLen, k * 1_000_000L));
                w.writeFrame(shift(ack, clientPort, k, pubLen, ackLen, k * 1_000_000L + 1000));
                written += 2;
            }
            for (int i = 13; i < 19; i++) {
                w.writeFrame(shift(f.get(i), clientPort, reps - 1, pubLen, ackLen, reps * 1_000_000L));
                written++;
            }
        }
        return written;
    }

    private static int ipStart(RawFrame f) {
        return 14; // loopback capture: Ethernet
    }

    private static int tcpStart(RawFrame f) {
        int ip = ipStart(f);
        return ip + (f.data()[ip] & 0x0f) * 4;
    }

    private static int port(RawFrame f, boolean src) {
        int t = tcpStart(f) + (src ? 0 : 2);
        return ((f.data()[t] & 0xff) << 8) | (f.data()[t + 1] & 0xff);
    }

    private static int payloadLength(RawFrame f) {
        byte[] d = f.data();
        int ip = ipStart(f);
        int total = ((d[ip + 2] & 0xff) << 8) | (d[ip + 3] & 0xff);
        int tcpHeader = ((d[tcpStart(f) + 12] & 0xf0) >> 4) * 4;
        return total - (tcpStart(f) - ip) - tcpHeader;
    }

    /** The frame with its sequence numbers moved on by {@code k} exchanges and its time by {@code dt}. */
    private static RawFrame shift(RawFrame f, int clientPort, long k, int pubLen, int ackLen, long dt) {
        byte[] d = f.data().clone();
        boolean fromClient = port(f, true) == clientPort;
        long seqDelta = k * (fromClient ? pubLen : ackLen);
        long ackDelta = k * (fromClient ? ackLen : pubLen);
        int t = tcpStart(f);
        add32(d, t + 4, seqDelta);
        add32(d, t + 8, ackDelta);
        return new RawFrame(f.number(), f.timestampNanos() + dt, f.linkType(), f.originalLength(), d,
                f.interfaceId(), f.comments());
    }

    private static void add32(byte[] d, int at, long delta) {
        long v = ((d[at] & 0xffL) << 24) | ((d[at + 1] & 0xffL) << 16) | ((d[at + 2] & 0xffL) << 8) | (d[at + 3] & 0xffL);
        v = (v + delta) & 0xffffffffL;
        d[at] = (byte) (v >>> 24);
        d[at + 1] = (byte) (v >>> 16);
        d[at + 2] = (byte) (v >>> 8);
        d[at + 3] = (byte) v;
    }

    public static void main(String[] args) throws IOException {
        long n = write(Path.of(args[0]), Path.of(args[1]), Long.parseLong(args[2]));
        System.out.println(n + " frames");
    }
}
