package org.layerscope.analysis.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import org.layerscope.analysis.ConnectionSummary;
import org.layerscope.analysis.Messages;

/**
 * The connection report of {@code layerscope diagnose} ("where did each connection stop?") as text, JSON Lines or
 * Markdown, for the command line and the window.
 *
 * <p>The text and JSON outputs are a contract for scripts (see the README): their shape does not change. The
 * Markdown report is for people and follows the locale (English or Japanese); its verdict codes and frame numbers
 * are the same as in the other two.
 */
public final class DiagnoseReport {
    private DiagnoseReport() {
    }

    /**
     * One tab-separated line per connection ({@code stream client server reached verdict frame explanation}), then a
     * {@code #} summary per connection. Does not flush.
     */
    public static void text(PrintWriter out, List<ConnectionSummary> conns, Locale locale) {
        for (ConnectionSummary c : conns) {
            out.println(c.stream() + "\t" + c.client() + "\t" + c.server() + "\t" + c.reached().id() + "\t" + c.verdict()
                    + "\t" + c.verdictFrame() + "\t" + FrameFormatter.clean(Messages.verdict(locale, c)));
        }
        for (ConnectionSummary c : conns) {
            out.println();
            out.println("# stream " + c.stream() + ": " + c.client() + " -> " + c.server()
                    + (c.clientInferred() ? " (roles inferred: no SYN captured)" : ""));
            out.println("#   frames " + c.firstFrame() + ".." + c.lastFrame() + " (" + c.frames() + "), reached "
                    + c.reached().id() + ", verdict " + c.verdict() + " at frame " + c.verdictFrame());
            if (c.tls() != null) {
                ConnectionSummary.TlsFacts t = c.tls();
                out.println("#   TLS " + nz(t.version()) + ", " + nz(t.cipherSuite()) + (t.sni() != null ? ", SNI " + t.sni() : "")
                        + (t.alpn().isEmpty() ? "" : ", ALPN " + String.join(",", t.alpn())));
                for (String s : t.serverCertificates()) {
                    out.println("#   server certificate: " + s);
                }
                for (String s : t.clientCertificates()) {
                    out.println("#   client certificate: " + s);
                }
            }
            if (c.mqttClientId() != null) {
                out.println("#   MQTT client id '" + c.mqttClientId() + "'" + (c.connackCode() >= 0 ? ", CONNACK " + c.connackCode() : ""));
            }
            ConnectionSummary.Timings tm = c.timings();
            out.println("#   timings: TCP handshake " + ms(tm.tcpHandshakeRtt()) + ", TLS handshake " + ms(tm.tlsHandshake())
                    + ", to CONNACK " + ms(tm.timeToConnack()) + ", to PUBACK " + ms(tm.timeToPuback()) + ", total " + ms(tm.total()));
            ConnectionSummary.Bytes b = c.bytes();
            out.println("#   bytes: " + b.wire() + " on the wire = " + b.headers() + " link/IP/TCP headers + " + b.tls()
                    + " TLS + " + b.mqttHeaders() + " MQTT headers + " + b.payload() + " payload");
        }
    }

    private static String nz(String s) {
        return s == null ? "?" : s;
    }

    private static String ms(long nanos) {
        return nanos < 0 ? "-" : millis(nanos) + " ms";
    }

    /** Milliseconds with three decimals, or null when the step was not seen. */
    private static String millis(long nanos) {
        return nanos < 0 ? null : String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    /** JSON Lines: one object per connection with all its facts. Does not close {@code out}. */
    public static void json(Writer out, List<ConnectionSummary> conns, Locale locale) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setRootValueSeparator(new SerializedString(""));
        for (ConnectionSummary c : conns) {
            g.writeStartObject();
            g.writeNumberField("stream", c.stream());
            g.writeStringField("client", c.client());
            g.writeStringField("server", c.server());
            g.writeBooleanField("client_inferred", c.clientInferred());
            g.writeStringField("reached", c.reached().id());
            g.writeStringField("verdict", c.verdict());
            g.writeNumberField("frame", c.verdictFrame());
            g.writeStringField("explanation", Messages.verdict(locale, c));
            g.writeNumberField("first_frame", c.firstFrame());
            g.writeNumberField("last_frame", c.lastFrame());
            g.writeNumberField("frames", c.frames());
            if (c.tls() != null) {
                ConnectionSummary.TlsFacts t = c.tls();
                g.writeObjectFieldStart("tls");
                g.writeStringField("version", t.version());
                g.writeStringField("cipher_suite", t.cipherSuite());
                g.writeStringField("sni", t.sni());
                stringArray(g, "alpn", t.alpn());
                stringArray(g, "server_certificates", t.serverCertificates());
                stringArray(g, "client_certificates", t.clientCertificates());
                g.writeEndObject();
            }
            g.writeStringField("mqtt_client_id", c.mqttClientId());
            if (c.connackCode() >= 0) {
                g.writeNumberField("connack_code", c.connackCode());
            }
            ConnectionSummary.Timings tm = c.timings();
            g.writeObjectFieldStart("timings_ms");
            num(g, "tcp_handshake_rtt", tm.tcpHandshakeRtt());
            num(g, "tls_handshake", tm.tlsHandshake());
            num(g, "to_connack", tm.timeToConnack());
            num(g, "to_puback", tm.timeToPuback());
            num(g, "total", tm.total());
            g.writeEndObject();
            ConnectionSummary.Bytes b = c.bytes();
            g.writeObjectFieldStart("bytes");
            g.writeNumberField("wire", b.wire());
            g.writeNumberField("link_ip_tcp_headers", b.headers());
            g.writeNumberField("tls", b.tls());
            g.writeNumberField("mqtt_headers", b.mqttHeaders());
            g.writeNumberField("payload", b.payload());
            g.writeEndObject();
            g.writeEndObject();
            g.flush();
            out.write('\n');
        }
        g.flush();
    }

    private static void stringArray(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String a : values) {
            g.writeString(a);
        }
        g.writeEndArray();
    }

    private static void num(JsonGenerator g, String name, long nanos) throws IOException {
        if (nanos < 0) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, nanos / 1e6);
        }
    }

    /**
     * A connection report for people in Markdown (GitHub flavour): a heading with the capture's name, a table with
     * one row per connection (stream, client, server, phase reached, verdict code, deciding frame, explanation), then
     * a section per connection with its TLS facts, certificates, MQTT client id, timings in milliseconds and bytes
     * per layer. Headings, labels and explanations are in {@code locale}'s language; verdict codes stay as they are.
     * Does not flush or close {@code out}.
     *
     * @param title the capture's name for the heading (for example its file name), or null for none
     */
    public static void markdown(Writer out, List<ConnectionSummary> conns, Locale locale, String title) throws IOException {
        out.write(new Markdown(locale).report(conns, title));
    }

    /** Builds the Markdown report. */
    private static final class Markdown {
        private final Locale locale;
        private final StringBuilder sb = new StringBuilder(4096);

        Markdown(Locale locale) {
            this.locale = locale;
        }

        private String t(String key, Object... args) {
            return Messages.get(locale, key, args);
        }

        String report(List<ConnectionSummary> conns, String title) {
            sb.append("# ").append(MarkdownText.text(title == null || title.isBlank() ? t("report.title.plain")
                    : t("report.title", title))).append("\n\n");
            if (conns.isEmpty()) {
                sb.append(MarkdownText.text(t("report.no_connections"))).append('\n');
                return sb.toString();
            }
            sb.append(MarkdownText.text(t("report.count", Integer.toString(conns.size())))).append("\n\n");
            MarkdownText.tableHeader(sb, List.of(t("report.column.stream"), t("report.column.client"),
                    t("report.column.server"), t("report.column.reached"), t("report.column.verdict"),
                    t("report.column.frame"), t("report.column.explanation")), "---:", "---", "---", "---", "---", "---:", "---");
            for (ConnectionSummary c : conns) {
                MarkdownText.tableRow(sb, Integer.toString(c.stream()), MarkdownText.codeCell(c.client()),
                        MarkdownText.codeCell(c.server()), MarkdownText.text(phase(c)), MarkdownText.codeCell(c.verdict()),
                        Long.toString(c.verdictFrame()), MarkdownText.text(Messages.verdict(locale, c)));
            }
            for (ConnectionSummary c : conns) {
                section(c);
            }
            return sb.toString();
        }

        private String phase(ConnectionSummary c) {
            return t("phase." + c.reached().id());
        }

        private void section(ConnectionSummary c) {
            sb.append("\n## ").append(MarkdownText.text(t("report.stream", Integer.toString(c.stream()))))
                    .append(": ").append(MarkdownText.code(c.client())).append(" → ").append(MarkdownText.code(c.server()))
                    .append("\n\n");
            item(t("report.frames"), MarkdownText.text(t("report.frames.range", Long.toString(c.firstFrame()),
                    Long.toString(c.lastFrame()), Long.toString(c.frames()))));
            item(t("report.column.reached"), MarkdownText.text(phase(c)));
            item(t("report.column.verdict"), MarkdownText.code(c.verdict()) + " "
                    + MarkdownText.text(t("report.at_frame", Long.toString(c.verdictFrame()))));
            item(t("report.column.explanation"), MarkdownText.text(Messages.verdict(locale, c)));
            if (c.clientInferred()) {
                sb.append("- ").append(MarkdownText.text(t("report.roles_inferred"))).append('\n');
            }
            if (c.tls() != null) {
                ConnectionSummary.TlsFacts tls = c.tls();
                sb.append("\n### TLS\n\n");
                item(t("report.tls.version"), known(tls.version()));
                item(t("report.tls.cipher_suite"), known(tls.cipherSuite()));
                item(t("report.tls.sni"), known(tls.sni()));
                item(t("report.tls.alpn"), tls.alpn().isEmpty() ? MarkdownText.text(t("report.not_seen"))
                        : MarkdownText.text(String.join(", ", tls.alpn())));
                certificates(t("report.tls.server_certificates"), tls.serverCertificates());
                certificates(t("report.tls.client_certificates"), tls.clientCertificates());
            }
            if (c.mqttClientId() != null || c.connackCode() >= 0) {
                sb.append("\n### MQTT\n\n");
                if (c.mqttClientId() != null) {
                    item(t("report.mqtt.client_id"), MarkdownText.code(c.mqttClientId()));
                }
                if (c.connackCode() >= 0) {
                    item(t("report.mqtt.connack"), Integer.toString(c.connackCode()));
                }
            }
            timings(c.timings());
            bytes(c.bytes());
        }

        private void item(String label, String markdownValue) {
            sb.append("- ").append(MarkdownText.text(label)).append(": ").append(markdownValue).append('\n');
        }

        private String known(String value) {
            return MarkdownText.text(value == null ? t("report.not_seen") : value);
        }

        private void certificates(String label, List<String> subjects) {
            if (subjects.isEmpty()) {
                item(label, MarkdownText.text(t("report.not_seen")));
                return;
            }
            sb.append("- ").append(MarkdownText.text(label)).append(":\n");
            for (String s : subjects) {
                sb.append("  - ").append(MarkdownText.text(s)).append('\n');
            }
        }

        private void timings(ConnectionSummary.Timings tm) {
            sb.append("\n### ").append(MarkdownText.text(t("report.timings"))).append("\n\n");
            MarkdownText.tableHeader(sb, List.of(t("report.timings.step"), "ms"), "---", "---:");
            timing(t("report.timings.tcp_handshake"), tm.tcpHandshakeRtt());
            timing(t("report.timings.tls_handshake"), tm.tlsHandshake());
            timing(t("report.timings.to_connack"), tm.timeToConnack());
            timing(t("report.timings.to_puback"), tm.timeToPuback());
            timing(t("report.timings.total"), tm.total());
        }

        private void timing(String step, long nanos) {
            String ms = millis(nanos);
            MarkdownText.tableRow(sb, MarkdownText.text(step), ms == null ? "–" : ms);
        }

        private void bytes(ConnectionSummary.Bytes b) {
            sb.append("\n### ").append(MarkdownText.text(t("report.bytes"))).append("\n\n");
            MarkdownText.tableHeader(sb, List.of(t("report.bytes.layer"), t("report.bytes.bytes"), t("report.bytes.share")),
                    "---", "---:", "---:");
            layer(t("report.bytes.wire"), b.wire(), b.wire());
            layer(t("report.bytes.headers"), b.headers(), b.wire());
            layer(t("report.bytes.tls"), b.tls(), b.wire());
            layer(t("report.bytes.mqtt_headers"), b.mqttHeaders(), b.wire());
            layer(t("report.bytes.payload"), b.payload(), b.wire());
        }

        private void layer(String name, long bytes, long wire) {
            String share = wire <= 0 ? "–" : String.format(Locale.ROOT, "%.1f %%", 100.0 * bytes / wire);
            MarkdownText.tableRow(sb, MarkdownText.text(name), Long.toString(bytes), share);
        }
    }
}
