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
 * A device that opens a new connection for every message: the real frames of a one-connection capture (such as
 * {@code sample-pcaps/mqtt-tls12-mutual.pcapng}, Ethernet/IPv4 from a loopback capture) repeated, each copy from
 * its own client port (20000, 20001, ...) and a minute after the one before, renumbered.
 */
public final class ShortConnections {
    /** Time between two copies. */
    public static final long MINUTE_NANOS = 60_000_000_000L;

    private ShortConnections() {
    }

    /** The seed's frames, in order. */
    public static List<RawFrame> seed(Path seed) throws IOException {
        List<RawFrame> l = new ArrayList<>();
        try (CaptureReader r = CaptureFiles.open(seed)) {
            for (RawFrame f; (f = r.next()) != null; ) {
                l.add(f);
            }
        }
        return l;
    }

    /** The frames of {@code copies} copies of the seed's connection. */
    public static List<RawFrame> frames(List<RawFrame> seed, int copies) {
        List<RawFrame> out = new ArrayList<>(seed.size() * copies);
        int clientPort = port(seed.get(0), 0);
        long number = 1;
        for (int k = 0; k < copies; k++) {
            for (RawFrame f : seed) {
                out.add(moved(f, number++, clientPort, 20000 + k, k * MINUTE_NANOS));
            }
        }
        return out;
    }

    /** Writes {@code copies} copies of the seed's connection as a pcap file. */
    public static void write(Path seed, Path out, int copies) throws IOException {
        List<RawFrame> s = seed(seed);
        try (PcapWriter w = PcapWriter.create(out, s.get(0).linkType(), PcapWriter.DEFAULT_SNAP_LENGTH,
                TimestampPrecision.NANOSECONDS)) {
            for (RawFrame f : frames(s, copies)) {
                w.writeFrame(f);
            }
        }
    }

    private static int tcpStart(RawFrame f) {
        return 14 + (f.data()[14] & 0x0f) * 4;
    }

    private static int port(RawFrame f, int at) {
        int t = tcpStart(f) + at;
        return ((f.data()[t] & 0xff) << 8) | (f.data()[t + 1] & 0xff);
    }

    private static RawFrame moved(RawFrame f, long number, int clientPort, int newPort, long dt) {
        byte[] d = f.data().clone();
        int t = tcpStart(f);
        for (int at : new int[] {0, 2}) {
            if (port(f, at) == clientPort) {
                d[t + at] = (byte) (newPort >> 8);
                d[t + at + 1] = (byte) newPort;
            }
        }
        return new RawFrame(number, f.timestampNanos() + dt, f.linkType(), f.originalLength(), d, f.interfaceId(),
                f.comments());
    }
}
