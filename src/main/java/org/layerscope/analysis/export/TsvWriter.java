package org.layerscope.analysis.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.PacketResult;
import org.layerscope.dissect.ip.Addresses;
import org.layerscope.dissect.ip.NetDecoder;
import org.layerscope.dissect.ip.NetPacket;
import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.dissect.tls.TlsRecord;
import org.layerscope.model.Phase;
import org.layerscope.model.TextBytes;

/**
 * The TSV format ({@link FrameFormatter#TSV_HEADER}) written straight as UTF-8 bytes: every column is
 * encoded as it is appended (numbers without strings, the info without a string), and whole buffers of
 * lines go to the stream. The fast path of {@code analyze --format tsv}; {@link FrameFormatter}'s tsv
 * format writes the same lines to a {@code Writer}. Not thread-safe; never closes the stream.
 */
public final class TsvWriter {
    private static final int FLUSH_AT = 1 << 16;
    /** {@link NetDecoder#flagList} of every flag byte, as bytes. */
    private static final byte[][] FLAG_LIST = new byte[256][];
    /** {@link Phase#id()} by ordinal, as bytes. */
    private static final byte[][] PHASE_IDS = new byte[Phase.values().length][];

    static {
        for (int f = 0; f < FLAG_LIST.length; f++) {
            FLAG_LIST[f] = NetDecoder.flagList(f).getBytes(StandardCharsets.UTF_8);
        }
        for (Phase ph : Phase.values()) {
            PHASE_IDS[ph.ordinal()] = ph.id().getBytes(StandardCharsets.UTF_8);
        }
    }
    private final OutputStream out;
    private final TextBytes buf = new TextBytes(FLUSH_AT + 4096);

    public TsvWriter(OutputStream out) {
        this.out = out;
    }

    public void header() throws IOException {
        buf.append(FrameFormatter.TSV_HEADER).ascii('\n');
        flushIfFull();
    }

    public void frame(PacketResult r) throws IOException {
        line(r, buf);
        flushIfFull();
    }

    /** Writes what is buffered to the stream and flushes it. */
    public void flush() throws IOException {
        buf.writeTo(out);
        buf.setLength(0);
        out.flush();
    }

    private void flushIfFull() throws IOException {
        if (buf.length() >= FLUSH_AT) {
            buf.writeTo(out);
            buf.setLength(0);
        }
    }

    /** Appends the TSV line of {@code r} (with its line feed). */
    static void line(PacketResult r, TextBytes b) {
        NetPacket p = r.net();
        b.append(r.number()).ascii('\t');
        time(b, r.relativeNanos());
        b.ascii('\t');
        address(b, p.srcAddr);
        b.ascii('\t');
        if (p.srcPort >= 0) {
            b.append(p.srcPort);
        }
        b.ascii('\t');
        address(b, p.dstAddr);
        b.ascii('\t');
        if (p.dstPort >= 0) {
            b.append(p.dstPort);
        }
        b.ascii('\t');
        if (p.tcp) {
            b.raw(FLAG_LIST[p.tcpFlags & 0xff]).ascii('\t').append(p.tcpLen);
        } else {
            b.ascii('\t');
        }
        b.ascii('\t');
        List<TlsRecord> recs = r.tlsRecords();
        boolean first = true;
        for (int i = 0; i < recs.size(); i++) {
            TlsRecord t = recs.get(i);
            if (t.contentType() == Analyzer.SSLV2_RECORD) {
                continue;
            }
            if (!first) {
                b.ascii(',');
            }
            b.append(t.contentType());
            first = false;
        }
        b.ascii('\t');
        first = true;
        for (int i = 0; i < recs.size(); i++) {
            List<Integer> hs = recs.get(i).handshakeTypes();
            for (int j = 0; j < hs.size(); j++) {
                if (!first) {
                    b.ascii(',');
                }
                b.append(hs.get(j));
                first = false;
            }
        }
        b.ascii('\t');
        List<MqttPacket> mq = r.mqttPackets();
        for (int i = 0; i < mq.size(); i++) {
            if (i > 0) {
                b.ascii(',');
            }
            b.append(mq.get(i).type());
        }
        b.ascii('\t').raw(PHASE_IDS[r.phase().ordinal()]).ascii('\t');
        int infoAt = b.length();
        r.appendInfo(b);
        if (!mq.isEmpty() || !recs.isEmpty() || !p.tcp) {
            b.cleanFrom(infoAt); // a TCP segment's info is numbers and names: nothing to clean
        }
        b.ascii('\n');
    }

    /** Seconds since the first frame with 6 decimals, rounded to microseconds (as {@code FrameFormatter.appendTime}). */
    private static void time(TextBytes b, long nanos) {
        if (nanos < 0) {
            b.ascii('-');
            nanos = -nanos;
        }
        long micros = (nanos + 500) / 1000;
        b.append(micros / 1_000_000).ascii('.').appendPadded(micros % 1_000_000, 6);
    }

    private static void address(TextBytes b, byte[] a) {
        byte[] text = Addresses.cachedText(a);
        if (text != null) {
            b.raw(text);
        } else if (a != null && a.length == 4) {
            b.append(a[0] & 0xff).ascii('.').append(a[1] & 0xff).ascii('.').append(a[2] & 0xff).ascii('.').append(a[3] & 0xff);
        } else {
            b.append(Addresses.format(a));
        }
    }
}
