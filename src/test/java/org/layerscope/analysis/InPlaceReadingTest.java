package org.layerscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerscope.analysis.export.TsvWriter;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.testutil.MqttBytes;
import org.layerscope.testutil.TcpFrames;
import org.layerscope.testutil.TlsBytes;
import org.layerscope.testutil.Tools;

/**
 * Without field trees the analysis reads the whole TLS records and MQTT packets of an in-order segment where they
 * lie, in the frame's bytes, and buffers only a PDU's unfinished rest; with trees every segment goes through the
 * reassembly buffer as before. Both must give the same frames: the same TSV lines, expert items (with their
 * offsets) and reassembly links, on real captures and on segments made to hold several PDUs and the start of the
 * next one.
 */
class InPlaceReadingTest {
    static Stream<Path> captures() throws IOException {
        List<Path> l = new ArrayList<>();
        for (String dir : new String[] {"sample-pcaps", "src/test/resources/tcp-loss"}) {
            try (Stream<Path> s = Files.list(Tools.repoRoot().resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".pcapng")).sorted().forEach(l::add);
            }
        }
        return l.stream();
    }

    /** The TSV of the frames and, per frame, its expert items and reassembly link; the count of PDUs read in place. */
    private record Run(String text, long inPlace) {
    }

    private static Run analyse(List<RawFrame> frames, boolean trees) throws IOException {
        List<PacketResult> results = new ArrayList<>();
        Analyzer a = new Analyzer(trees, results::add);
        for (RawFrame f : frames) {
            a.accept(f);
        }
        a.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TsvWriter w = new TsvWriter(out);
        w.header();
        for (PacketResult r : results) {
            w.frame(r);
        }
        w.flush();
        StringBuilder sb = new StringBuilder(out.toString(StandardCharsets.UTF_8));
        for (PacketResult r : results) {
            sb.append(r.number()).append(" in ").append(r.reassembledIn()).append(' ').append(r.partOf());
            r.expert().forEach(e -> sb.append(" | ").append(e.severity()).append(' ').append(e.key()).append(' ')
                    .append(e.text()).append(" @").append(e.offset()).append('+').append(e.length()));
            sb.append('\n');
        }
        return new Run(sb.toString(), a.pdusReadInPlace);
    }

    private static List<RawFrame> read(Path file) throws IOException {
        List<RawFrame> frames = new ArrayList<>();
        try (CaptureReader r = CaptureFiles.open(file)) {
            for (RawFrame f; (f = r.next()) != null; ) {
                frames.add(f);
            }
        }
        return frames;
    }

    @ParameterizedTest
    @MethodSource("captures")
    void readingInPlaceChangesNothing(Path capture) throws IOException {
        List<RawFrame> frames = read(capture);
        Run buffered = analyse(frames, true);
        Run inPlace = analyse(frames, false);
        assertEquals(0, buffered.inPlace(), "with trees every segment goes through the buffer");
        assertEquals(buffered.text(), inPlace.text(), capture.toString());
    }

    @Test
    void theRealCapturesAreReadInPlaceMostly() throws IOException {
        Run run = analyse(read(Tools.repoRoot().resolve("sample-pcaps/mqtt-plain-311.pcapng")), false);
        assertTrue(run.inPlace() > 0, "no PDU was read in place");
    }

    // ------------------------------------------------------------------ segments made to straddle PDUs

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /** An MQTT 3.1.1 connection whose client stream is cut into segments of the given sizes. */
    private static List<RawFrame> mqttConnection(byte[] clientStream, int... cuts) {
        byte[] connect = {0x10, 0x10, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 4, 'd', 'e', 'v', '1'};
        byte[] connack = {0x20, 2, 0, 0};
        return connection(1883, connect, connack, clientStream, cuts);
    }

    /**
     * A TCP connection to {@code port}: the handshake, {@code first} from the client and {@code reply} from the
     * server in a segment each, then the client's {@code clientStream} cut into segments of the given sizes, each
     * acknowledged.
     */
    private static List<RawFrame> connection(int port, byte[] first, byte[] reply, byte[] clientStream, int... cuts) {
        List<RawFrame> f = new ArrayList<>();
        long[] seq = {1000, 5000};
        f.add(TcpFrames.frame(f.size() + 1, true, port, seq[0]++, 0, TcpFrames.SYN, new byte[0]));
        f.add(TcpFrames.frame(f.size() + 1, false, port, seq[1]++, seq[0], TcpFrames.SYN | TcpFrames.ACK, new byte[0]));
        f.add(TcpFrames.frame(f.size() + 1, true, port, seq[0], seq[1], TcpFrames.ACK, new byte[0]));
        f.add(TcpFrames.frame(f.size() + 1, true, port, seq[0], seq[1], TcpFrames.PSH_ACK, first));
        seq[0] += first.length;
        f.add(TcpFrames.frame(f.size() + 1, false, port, seq[1], seq[0], TcpFrames.PSH_ACK, reply));
        seq[1] += reply.length;
        int at = 0;
        for (int cut : cuts) {
            byte[] part = java.util.Arrays.copyOfRange(clientStream, at, at + cut);
            f.add(TcpFrames.frame(f.size() + 1, true, port, seq[0], seq[1], TcpFrames.PSH_ACK, part));
            seq[0] += cut;
            at += cut;
            f.add(TcpFrames.frame(f.size() + 1, false, port, seq[1], seq[0], TcpFrames.ACK, new byte[0]));
        }
        return f;
    }

    /**
     * A segment that finishes a packet waiting half-read in the buffer has only that packet's rest copied there: the
     * whole packets after it are read in place, as those of a segment that starts with a packet.
     */
    @Test
    void theWholePacketsAfterTheRestOfABufferedOneAreReadInPlace() throws IOException {
        byte[] a = MqttBytes.publish(1, "bench/dev1", 10);
        byte[] b = MqttBytes.publish(2, "bench/dev2", 300);
        byte[] c = MqttBytes.publish(3, "bench/dev1", 40);
        byte[] stream = concat(a, b, c, a, b, c);
        // 1: a whole, 9 bytes of b | 2: the rest of b, c and a whole, 4 bytes of b | 3: the rest
        int one = a.length + 9;
        int two = b.length - 9 + c.length + a.length + 4;
        List<RawFrame> frames = mqttConnection(stream, one, two, stream.length - one - two);
        Run buffered = analyse(frames, true);
        Run inPlace = analyse(frames, false);
        assertEquals(buffered.text(), inPlace.text());
        // CONNACK (CONNECT goes through the buffer: it tells that the stream is MQTT); a; c and a after the rest of
        // b; c after the rest of the second b (whose length was known: a segment that ends inside a header copies
        // the whole of the next one, as before)
        assertEquals(5, inPlace.inPlace(), inPlace.text());
    }

    /** A TLS application data record of {@code length} bytes of content (all {@code fill}). */
    private static byte[] tlsRecord(int length, int fill) {
        byte[] content = new byte[length];
        java.util.Arrays.fill(content, (byte) fill);
        return TlsBytes.record(23, content);
    }

    /**
     * Large messages over TLS: every segment ends inside a record (as 64 KiB loopback segments of 16 KiB records
     * do). Each segment finishes the record that waits in the buffer and its whole records are read in place; the
     * frames are those of the buffered reading, however the stream is cut.
     */
    @Test
    void tlsSegmentsThatAllEndInsideARecord() throws IOException {
        byte[] hello = {22, 3, 1, 0, 4, 1, 0, 0, 0}; // a (truncated) ClientHello record, so the stream is TLS
        byte[] serverHello = {22, 3, 3, 0, 4, 2, 0, 0, 0};
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        for (int i = 0; i < 12; i++) {
            s.writeBytes(tlsRecord(i % 3 == 0 ? 16384 : 300 + 97 * i, i));
        }
        byte[] stream = s.toByteArray();
        int[][] cutss = {
            {20000, 20000, 20000, stream.length - 60000},
            {3, 16386, 7000, 2, 30000, stream.length - 53391},
            {36000, stream.length - 36000}}; // (a segment holds at most 65,535 - 40 bytes)
        for (int[] cuts : cutss) {
            List<RawFrame> frames = connection(8883, hello, serverHello, stream, cuts);
            Run buffered = analyse(frames, true);
            Run inPlace = analyse(frames, false);
            assertEquals(buffered.text(), inPlace.text(), java.util.Arrays.toString(cuts));
            assertTrue(inPlace.inPlace() > 2, java.util.Arrays.toString(cuts));
        }
        // every record that starts and ends in one segment is read in place, also after the rest of a buffered one;
        // and the server's hello (the client's goes through the buffer: it tells that the stream is TLS)
        List<RawFrame> frames = connection(8883, hello, serverHello, stream, 20000, 20000, 20000,
                stream.length - 60000);
        assertEquals(inPlaceRecords(stream, 20000, 20000, 20000, stream.length - 60000) + 1,
                analyse(frames, false).inPlace());
    }

    /** Records of {@code stream} that lie wholly within one of the segments the cuts make. */
    private static int inPlaceRecords(byte[] stream, int... cuts) {
        int count = 0;
        int at = 0;
        int segStart = 0;
        int k = 0;
        int segEnd = cuts[0];
        while (at < stream.length) {
            int end = at + 5 + (((stream[at + 3] & 0xff) << 8) | (stream[at + 4] & 0xff));
            while (at >= segEnd) {
                segStart = segEnd;
                segEnd += cuts[++k];
            }
            if (end <= segEnd && at >= segStart) {
                count++;
            }
            at = end;
        }
        return count;
    }

    @Test
    void segmentsWithSeveralPacketsAndTheStartOfTheNext() throws IOException {
        byte[] a = MqttBytes.publish(1, "bench/dev1", 10);
        byte[] b = MqttBytes.publish(2, "bench/dev2", 300); // two-byte remaining length
        byte[] c = MqttBytes.publish(3, "bench/dev1", 40);
        byte[] d = MqttBytes.publish(4, "bench/dev3", 5);
        byte[] stream = concat(a, b, c, d, a, b);
        int total = stream.length;
        int[][] cutss = {
            {a.length + b.length + 7, c.length - 7 + d.length, total - a.length - b.length - c.length - d.length},
            {1, a.length - 1 + 1, b.length - 1 + c.length + 3, total - a.length - b.length - c.length - 3},
            {total},
            {a.length, b.length, c.length, d.length, a.length + b.length}};
        for (int[] cuts : cutss) {
            List<RawFrame> frames = mqttConnection(stream, cuts);
            Run buffered = analyse(frames, true);
            Run inPlace = analyse(frames, false);
            assertEquals(buffered.text(), inPlace.text(), java.util.Arrays.toString(cuts));
            assertTrue(inPlace.inPlace() > 0);
            long packets = buffered.text().lines().filter(l -> l.contains("\t50000\t127.0.0.1\t1883\t"))
                    .mapToLong(l -> l.split("\t")[10].isEmpty() ? 0 : l.split("\t")[10].split(",").length).sum();
            assertEquals(7, packets, buffered.text()); // CONNECT and the six PUBLISH packets
        }
    }
}
