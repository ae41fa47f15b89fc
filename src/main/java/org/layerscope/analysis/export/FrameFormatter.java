package org.layerscope.analysis.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.Messages;
import org.layerscope.analysis.PacketResult;
import org.layerscope.dissect.ip.NetDecoder;
import org.layerscope.dissect.ip.NetPacket;
import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.dissect.tls.TlsRecord;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;

/**
 * Writes analysed frames as TSV, JSON Lines, a text table or a CSV packet list: the output of
 * {@code layerscope analyze} and the window's exports.
 *
 * <p>Call {@link #header()} once, {@link #frame(PacketResult)} for every frame in order, then
 * {@link #footer()}. The formatter writes to the given {@link Writer} and never closes it; the caller
 * flushes it (the character encoding is the writer's; the command line uses UTF-8). Not thread-safe.
 */
public abstract class FrameFormatter {
    /** The header line of the TSV format (without its line end). */
    public static final String TSV_HEADER =
            "frame\ttime\tsrc\tsport\tdst\tdport\ttcp_flags\ttcp_len\ttls_records\ttls_handshake\tmqtt\tphase\tinfo";

    /** The output formats of frames. */
    public enum Format {
        /** One tab-separated line per frame with the fixed columns of {@link #TSV_HEADER}. */
        tsv,
        /** JSON Lines: one object per frame, optionally with the field tree. */
        json,
        /** A table for people. */
        text,
        /** A CSV packet list in the manner of Wireshark's "Export Packet Dissections as CSV" (see {@link CsvPacketList}). */
        csv
    }

    final Writer w;
    final Locale locale;

    FrameFormatter(Writer w, Locale locale) {
        this.w = w;
        this.locale = locale;
    }

    /**
     * A formatter for {@code format}.
     *
     * @param format the output format
     * @param w      where to write
     * @param locale language of the explanations (json)
     * @param tree   json: include the field tree (the frames must then have been analysed with trees)
     * @return a new formatter
     */
    public static FrameFormatter create(Format format, Writer w, Locale locale, boolean tree) {
        return switch (format) {
            case tsv -> new Tsv(w, locale);
            case json -> new Json(w, locale, tree);
            case text -> new Text(w, locale);
            case csv -> new Csv(w, locale);
        };
    }

    /** Writes what comes before the first frame (a header line for tsv, text and csv; nothing for json). */
    public void header() throws IOException {
    }

    /** Writes one frame. */
    public abstract void frame(PacketResult r) throws IOException;

    /** Ends the output after the last frame (json hands its buffered text to the writer here). */
    public void footer() throws IOException {
    }

    /** Seconds since the first frame with 6 decimals, without floating point. */
    static void appendTime(StringBuilder sb, long nanos) {
        if (nanos < 0) {
            sb.append('-');
            nanos = -nanos;
        }
        long micros = (nanos + 500) / 1000;
        sb.append(micros / 1_000_000).append('.');
        long frac = micros % 1_000_000;
        String f = Long.toString(frac);
        for (int i = f.length(); i < 6; i++) {
            sb.append('0');
        }
        sb.append(f);
    }

    static String tlsTypes(PacketResult r) {
        StringBuilder sb = new StringBuilder();
        for (TlsRecord t : r.tlsRecords()) {
            if (t.contentType() == Analyzer.SSLV2_RECORD) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(t.contentType());
        }
        return sb.toString();
    }

    static String handshakeTypes(PacketResult r) {
        StringBuilder sb = new StringBuilder();
        for (TlsRecord t : r.tlsRecords()) {
            for (int h : t.handshakeTypes()) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(h);
            }
        }
        return sb.toString();
    }

    static String mqttTypes(PacketResult r) {
        StringBuilder sb = new StringBuilder();
        for (MqttPacket m : r.mqttPackets()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(m.type());
        }
        return sb.toString();
    }

    /** {@code s} with tabs, carriage returns and line feeds replaced by spaces (for one-line, tab-separated output). */
    public static String clean(String s) {
        if (s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    static final class Tsv extends FrameFormatter {
        private final org.layerscope.model.TextBytes line = new org.layerscope.model.TextBytes(256);

        Tsv(Writer w, Locale locale) {
            super(w, locale);
        }

        @Override
        public void header() throws IOException {
            w.write(TSV_HEADER);
            w.write('\n');
        }

        @Override
        public void frame(PacketResult r) throws IOException {
            line.setLength(0);
            TsvWriter.line(r, line); // the same bytes as analyze's fast path
            w.write(line.toString());
        }
    }

    static final class Text extends FrameFormatter {
        Text(Writer w, Locale locale) {
            super(w, locale);
        }

        @Override
        public void header() throws IOException {
            w.write(String.format("%6s %11s %-22s %-22s %-8s %6s %-17s %s%n", "No.", "Time", "Source", "Destination",
                    "Protocol", "Length", "Phase", "Info"));
        }

        @Override
        public void frame(PacketResult r) throws IOException {
            StringBuilder t = new StringBuilder();
            appendTime(t, r.relativeNanos());
            NetPacket p = r.net();
            String src = r.src() + (p.srcPort >= 0 ? ":" + p.srcPort : "");
            String dst = r.dst() + (p.dstPort >= 0 ? ":" + p.dstPort : "");
            String phase = r.phase().id() + (r.phaseInferred() ? "?" : "");
            w.write(String.format("%6d %11s %-22s %-22s %-8s %6d %-17s %s%n", r.number(), t, src, dst, r.protocol(),
                    r.frame().originalLength(), phase, clean(r.info())));
        }
    }

    /** The CSV packet list of {@link CsvPacketList}, one row per frame. */
    static final class Csv extends FrameFormatter {
        private final CsvPacketList csv;

        Csv(Writer w, Locale locale) {
            super(w, locale);
            this.csv = new CsvPacketList(w);
        }

        @Override
        public void header() throws IOException {
            csv.header();
        }

        @Override
        public void frame(PacketResult r) throws IOException {
            csv.row(r.number(), r.relativeNanos(), r.src(), r.dst(), r.protocol(), r.frame().originalLength(),
                    r.phase().id(), r.label(), r.info(), r.frame().comments());
        }
    }

    static final class Json extends FrameFormatter {
        private final JsonGenerator g;
        private final boolean tree;

        Json(Writer w, Locale locale, boolean tree) {
            super(w, locale);
            this.tree = tree;
            try {
                g = new JsonFactory().createGenerator(w);
                g.setRootValueSeparator(new SerializedString(""));
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void frame(PacketResult r) throws IOException {
            NetPacket p = r.net();
            g.writeStartObject();
            g.writeNumberField("frame", r.number());
            StringBuilder t = new StringBuilder();
            appendTime(t, r.relativeNanos());
            g.writeFieldName("time");
            g.writeNumber(t.toString());
            g.writeStringField("src", r.src());
            g.writeStringField("dst", r.dst());
            if (p.srcPort >= 0) {
                g.writeNumberField("sport", p.srcPort);
                g.writeNumberField("dport", p.dstPort);
            }
            if (p.tcp) {
                g.writeStringField("tcp_flags", NetDecoder.flagList(p.tcpFlags));
                g.writeNumberField("tcp_len", p.tcpLen);
                g.writeNumberField("stream", r.stream());
                g.writeStringField("direction", r.direction() == null ? null
                        : r.direction().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                g.writeNumberField("seq", r.relativeSeq());
                g.writeNumberField("ack", r.relativeAck());
            }
            g.writeNumberField("length", r.frame().originalLength());
            g.writeStringField("protocol", r.protocol());
            g.writeArrayFieldStart("tls_records");
            for (TlsRecord rec : r.tlsRecords()) {
                if (rec.contentType() != Analyzer.SSLV2_RECORD) {
                    g.writeNumber(rec.contentType());
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("tls_handshake");
            for (TlsRecord rec : r.tlsRecords()) {
                for (int h : rec.handshakeTypes()) {
                    g.writeNumber(h);
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("mqtt");
            for (MqttPacket m : r.mqttPackets()) {
                g.writeNumber(m.type());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("tls");
            for (TlsRecord rec : r.tlsRecords()) {
                g.writeStartObject();
                g.writeNumberField("content_type", rec.contentType());
                g.writeBooleanField("opaque", rec.opaque());
                g.writeBooleanField("encrypted", rec.encrypted());
                g.writeNumberField("version", rec.version());
                g.writeNumberField("length", rec.length());
                if (rec.alertDescription() >= 0) {
                    g.writeNumberField("alert_level", rec.alertLevel());
                    g.writeNumberField("alert_description", rec.alertDescription());
                }
                g.writeStringField("info", rec.info());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("phase", r.phase().id());
            g.writeBooleanField("phase_inferred", r.phaseInferred());
            g.writeStringField("label", r.label());
            g.writeStringField("info", r.info());
            g.writeStringField("explanation", Messages.explanation(locale, r));
            if (r.reassembledIn() > 0) {
                g.writeNumberField("reassembled_in", r.reassembledIn());
            }
            if (!r.frame().comments().isEmpty()) {
                g.writeArrayFieldStart("comments");
                for (String c : r.frame().comments()) {
                    g.writeString(c);
                }
                g.writeEndArray();
            }
            g.writeArrayFieldStart("expert");
            for (ExpertItem e : r.expert()) {
                g.writeStartObject();
                g.writeStringField("severity", e.severity().id());
                g.writeStringField("key", e.key());
                g.writeStringField("text", e.text());
                if (Field.inDecrypted(e.offset())) {
                    g.writeNumberField("decrypted_offset", e.offset() - Field.DECRYPTED);
                    g.writeNumberField("length", e.length());
                } else if (e.offset() >= 0) {
                    g.writeNumberField("offset", e.offset());
                    g.writeNumberField("length", e.length());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (tree) {
                g.writeFieldName("fields");
                writeChildren(r.tree());
            }
            g.writeEndObject();
            g.flush();
            w.write('\n');
        }

        private void writeChildren(Field f) throws IOException {
            g.writeStartArray();
            for (Field c : f.children()) {
                g.writeStartObject();
                g.writeStringField("name", c.name());
                if (c.value() != null) {
                    g.writeStringField("value", c.value());
                }
                g.writeStringField("display", c.display());
                if (Field.inDecrypted(c.offset())) {
                    // in the frame's decrypted TLS data, not in its captured bytes
                    g.writeNumberField("offset", -1);
                    g.writeNumberField("decrypted_offset", c.offset() - Field.DECRYPTED);
                } else {
                    g.writeNumberField("offset", c.offset());
                }
                g.writeNumberField("length", c.length());
                if (!c.children().isEmpty()) {
                    g.writeFieldName("children");
                    writeChildren(c);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }

        @Override
        public void footer() throws IOException {
            g.flush();
        }
    }
}
