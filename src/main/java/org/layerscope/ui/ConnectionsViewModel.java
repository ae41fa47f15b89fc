package org.layerscope.ui;

import java.util.List;
import java.util.Locale;
import org.layerscope.analysis.ConnectionSummary;
import org.layerscope.analysis.Messages;
import org.layerscope.session.PacketTable;
import org.layerscope.session.UiText;

/**
 * The connections panel: one summary per connection (verdict, the frame that decided it, the phase it
 * reached, client and server), the connection of the selected packet, and a plain-language account of one.
 */
public final class ConnectionsViewModel {
    private final MainViewModel main;

    ConnectionsViewModel(MainViewModel main) {
        this.main = main;
    }

    /** Every connection of the capture shown. */
    public List<ConnectionSummary> summaries() {
        return main.packets().table().summaries();
    }

    /** Selects the packet that decided a connection's verdict (or its first packet). */
    public void show(ConnectionSummary c) {
        PacketTable t = main.packets().table();
        int row = t.decidingRow(c.stream());
        if (row < 0) {
            row = t.connection(c.stream()).firstRow();
        }
        main.selection().select(row);
    }

    /** The connection (stream index) of the selected packet, or -1. */
    public int selectedStream() {
        PacketTable t = main.packets().table();
        int row = main.selection().selectedRowProperty().get();
        return row < 0 || row >= t.size() ? -1 : t.stream(row);
    }

    /** The verdict of a connection in the window's language (a tooltip). */
    public String verdictText(ConnectionSummary c) {
        return Messages.verdict(main.localeProperty().get(), c);
    }

    /** The plain-language summary of one connection. */
    public String describe(ConnectionSummary c) {
        UiText t = main.text();
        Locale l = main.localeProperty().get();
        StringBuilder sb = new StringBuilder();
        sb.append(t.get("connections.d.title", c.stream(), c.client(), c.server())).append('\n');
        if (c.clientInferred()) {
            sb.append(t.get("connections.d.inferred")).append('\n');
        }
        sb.append(t.get("connections.d.verdict", c.verdict(), c.verdictFrame())).append('\n');
        sb.append(Messages.verdict(l, c)).append("\n\n");
        sb.append(t.get("connections.d.frames", c.firstFrame(), c.lastFrame(), c.frames(), t.phase(c.reached()))).append('\n');
        if (c.tls() != null) {
            ConnectionSummary.TlsFacts f = c.tls();
            sb.append(t.get("connections.d.tls", nz(f.version()), nz(f.cipherSuite()), nz(f.sni()),
                    f.alpn().isEmpty() ? "-" : String.join(", ", f.alpn()))).append('\n');
            for (String s : f.serverCertificates()) {
                sb.append(t.get("connections.d.serverCert", s)).append('\n');
            }
            for (String s : f.clientCertificates()) {
                sb.append(t.get("connections.d.clientCert", s)).append('\n');
            }
        }
        if (c.mqttClientId() != null) {
            sb.append(t.get("connections.d.mqtt", c.mqttClientId(), c.connackCode() >= 0 ? String.valueOf(c.connackCode()) : "-"))
                    .append('\n');
        }
        ConnectionSummary.Timings tm = c.timings();
        sb.append(t.get("connections.d.timings", ms(tm.tcpHandshakeRtt()), ms(tm.tlsHandshake()), ms(tm.timeToConnack()),
                ms(tm.timeToPuback()), ms(tm.total()))).append('\n');
        ConnectionSummary.Bytes b = c.bytes();
        sb.append(t.get("connections.d.bytes", b.wire(), pct(b.headers(), b.wire()), pct(b.tls(), b.wire()),
                pct(b.mqttHeaders(), b.wire()), pct(b.payload(), b.wire())));
        return sb.toString();
    }

    private static String nz(String s) {
        return s == null ? "-" : s;
    }

    private static String ms(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    private static String pct(long part, long whole) {
        return whole <= 0 ? part + " B" : String.format(Locale.ROOT, "%d B (%.0f%%)", part, 100.0 * part / whole);
    }
}
