package org.layerscope.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.filter.DisplayFilter;
import org.layerscope.tls.keys.KeyLog;
import org.layerscope.analysis.ConnectionSummary;
import org.layerscope.analysis.Messages;
import org.layerscope.analysis.export.FrameFormatter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code layerscope diagnose FILE}: where did each connection stop, and why. */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = {"Say for every TCP connection how far it got, who stopped it and why, with timings and bytes per layer.",
                "text: one tab-separated line per connection (stream client server reached verdict frame explanation), then the summary.",
                "json: one object per connection.",
                "Exit status: 0 when the file was read, 2 when it is missing, unreadable or not a capture."})
public final class DiagnoseCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Capture file (pcap or pcapng).")
    Path file;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--keylog", paramLabel = "FILE", description = "NSS key log file to decrypt TLS sessions.")
    Path keylog;

    @Option(names = "--lang", paramLabel = "en|ja", description = "Language of the explanations (default: the system's).")
    String lang;

    @Option(names = "--filter", paramLabel = "EXPR", description = "Display filter in Wireshark's syntax: report only the connections"
            + " with at least one matching frame (their verdicts still come from all their frames). A bad expression exits with 2.")
    String filter;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("text") && !format.equals("json")) {
            err.println("layerscope: --format must be text or json, not '" + format + "'");
            return 2;
        }
        Locale locale = CliSupport.locale(lang);
        DisplayFilter df;
        KeyLog keys;
        try {
            df = CliSupport.filter(filter);
            keys = CliSupport.keyLog(keylog, err);
        } catch (CliSupport.BadInputException e) {
            err.println("layerscope: " + e.getMessage());
            return 2;
        }
        java.util.BitSet matched = new java.util.BitSet();
        Analyzer analyzer = new Analyzer(df.needsTree(), df.isEmpty() ? r -> { } : r -> {
            if (r.stream() >= 0 && !matched.get(r.stream()) && df.matches(r)) {
                matched.set(r.stream());
            }
        }, keys);
        int status = CliSupport.readCapture(file, analyzer, err);
        if (status != 0 && analyzer.frameCount() == 0) {
            return status;
        }
        List<ConnectionSummary> conns = analyzer.connections();
        if (!df.isEmpty()) {
            conns = conns.stream().filter(c -> matched.get(c.stream())).toList();
        }
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8));
        if (format.equals("json")) {
            json(out, conns, locale);
        } else {
            text(out, conns, locale);
        }
        out.flush();
        return status;
    }

    static void text(PrintWriter out, List<ConnectionSummary> conns, Locale locale) {
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

    static String ms(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    static void json(Writer out, List<ConnectionSummary> conns, Locale locale) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString(""));
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
                g.writeArrayFieldStart("alpn");
                for (String a : t.alpn()) {
                    g.writeString(a);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("server_certificates");
                for (String a : t.serverCertificates()) {
                    g.writeString(a);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("client_certificates");
                for (String a : t.clientCertificates()) {
                    g.writeString(a);
                }
                g.writeEndArray();
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

    private static void num(JsonGenerator g, String name, long nanos) throws IOException {
        if (nanos < 0) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, nanos / 1e6);
        }
    }
}
