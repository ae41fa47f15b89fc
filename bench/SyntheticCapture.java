import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.layerscope.model.LinkType;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.PcapngWriter;

/**
 * Writes a large, valid capture for the open benchmark ({@code bench/gui-open.sh}): plain MQTT over TCP
 * (Ethernet, IPv4), connections one after another, each with its handshake, CONNECT/CONNACK, many
 * PUBLISH messages each acknowledged by TCP, DISCONNECT and FIN teardown. Usage:
 * {@code SyntheticCapture OUT.pcapng FRAMES [FRAMES_PER_CONNECTION]}.
 */
public final class SyntheticCapture {
    private static final byte[] CLIENT = {10, 0, 0, 2};
    private static final byte[] SERVER = {10, 0, 0, 1};

    private final PcapngWriter out;
    private long number;
    private long time = 1_700_000_000_000_000_000L;

    private SyntheticCapture(PcapngWriter out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: SyntheticCapture OUT.pcapng FRAMES [FRAMES_PER_CONNECTION]");
            System.exit(2);
        }
        long frames = Long.parseLong(args[1]);
        int perConnection = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        long written = write(Path.of(args[0]), frames, perConnection);
        System.out.println("wrote " + written + " frames to " + args[0]);
    }

    /** Writes about {@code frames} frames (whole connections); returns the number written. */
    public static long write(Path file, long frames, int perConnection) throws IOException {
        return write(PcapngWriter.create(file, List.of("LayerScope synthetic benchmark capture")), frames, perConnection);
    }

    /** The same, to a stream (closed at the end). */
    public static long write(java.io.OutputStream out, long frames, int perConnection) throws IOException {
        return write(PcapngWriter.to(out, List.of("LayerScope synthetic benchmark capture")), frames, perConnection);
    }

    private static long write(PcapngWriter writer, long frames, int perConnection) throws IOException {
        try (PcapngWriter w = writer) {
            SyntheticCapture s = new SyntheticCapture(w);
            int port = 40000;
            while (s.number < frames) {
                s.connection(port, Math.max(14, perConnection));
                port = port >= 65000 ? 40000 : port + 1;
            }
            return s.number;
        }
    }

    private void connection(int port, int frames) throws IOException {
        long cseq = 1000;
        long sseq = 5000;
        frame(true, port, cseq, 0, 0x02, new byte[0]);
        frame(false, port, sseq, cseq + 1, 0x12, new byte[0]);
        cseq++;
        sseq++;
        frame(true, port, cseq, sseq, 0x10, new byte[0]);
        byte[] connect = mqttConnect("bench-" + port);
        frame(true, port, cseq, sseq, 0x18, connect);
        cseq += connect.length;
        byte[] connack = {0x20, 0x02, 0x00, 0x00};
        frame(false, port, sseq, cseq, 0x18, connack);
        sseq += connack.length;
        int publishes = (frames - 10) / 2;
        for (int i = 0; i < publishes; i++) {
            byte[] pub = mqttPublish("bench/sensor/" + (i % 8), "{\"seq\":" + i + ",\"temp\":21.5}");
            frame(true, port, cseq, sseq, 0x18, pub);
            cseq += pub.length;
            frame(false, port, sseq, cseq, 0x10, new byte[0]);
        }
        byte[] disconnect = {(byte) 0xe0, 0x00};
        frame(true, port, cseq, sseq, 0x18, disconnect);
        cseq += disconnect.length;
        frame(true, port, cseq, sseq, 0x11, new byte[0]);
        cseq++;
        frame(false, port, sseq, cseq, 0x11, new byte[0]);
        sseq++;
        frame(true, port, cseq, sseq, 0x10, new byte[0]);
        time += 2_000_000;
    }

    private static byte[] mqttConnect(String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[2 + 10 + 2 + id.length];
        b[0] = 0x10;
        b[1] = (byte) (10 + 2 + id.length);
        byte[] head = {0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60};
        System.arraycopy(head, 0, b, 2, head.length);
        b[12] = (byte) (id.length >> 8);
        b[13] = (byte) id.length;
        System.arraycopy(id, 0, b, 14, id.length);
        return b;
    }

    private static byte[] mqttPublish(String topic, String payload) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        int rem = 2 + t.length + p.length;
        byte[] b = new byte[2 + rem];
        b[0] = 0x30;
        b[1] = (byte) rem;
        b[2] = (byte) (t.length >> 8);
        b[3] = (byte) t.length;
        System.arraycopy(t, 0, b, 4, t.length);
        System.arraycopy(p, 0, b, 4 + t.length, p.length);
        return b;
    }

    private void frame(boolean fromClient, int port, long seq, long ack, int flags, byte[] payload) throws IOException {
        int len = 14 + 20 + 20 + payload.length;
        byte[] d = new byte[len];
        d[12] = 0x08;
        int ip = 14;
        d[ip] = 0x45;
        int ipLen = 20 + 20 + payload.length;
        d[ip + 2] = (byte) (ipLen >> 8);
        d[ip + 3] = (byte) ipLen;
        d[ip + 6] = 0x40;
        d[ip + 8] = 64;
        d[ip + 9] = 6;
        System.arraycopy(fromClient ? CLIENT : SERVER, 0, d, ip + 12, 4);
        System.arraycopy(fromClient ? SERVER : CLIENT, 0, d, ip + 16, 4);
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((d[ip + i] & 0xff) << 8) | (d[ip + i + 1] & 0xff);
        }
        sum = (sum & 0xffff) + (sum >> 16);
        sum = ~((sum & 0xffff) + (sum >> 16)) & 0xffff;
        d[ip + 10] = (byte) (sum >> 8);
        d[ip + 11] = (byte) sum;
        int tcp = 34;
        int sport = fromClient ? port : 1883;
        int dport = fromClient ? 1883 : port;
        d[tcp] = (byte) (sport >> 8);
        d[tcp + 1] = (byte) sport;
        d[tcp + 2] = (byte) (dport >> 8);
        d[tcp + 3] = (byte) dport;
        putInt(d, tcp + 4, seq);
        putInt(d, tcp + 8, (flags & 0x10) != 0 ? ack : 0);
        d[tcp + 12] = 0x50;
        d[tcp + 13] = (byte) flags;
        d[tcp + 14] = (byte) 0xfa;
        d[tcp + 15] = (byte) 0xf0;
        System.arraycopy(payload, 0, d, 54, payload.length);
        number++;
        time += 50_000;
        out.writeFrame(new RawFrame(number, time, LinkType.ETHERNET, len, d, 0, List.of()));
    }

    private static void putInt(byte[] d, int off, long v) {
        d[off] = (byte) (v >> 24);
        d[off + 1] = (byte) (v >> 16);
        d[off + 2] = (byte) (v >> 8);
        d[off + 3] = (byte) v;
    }
}
