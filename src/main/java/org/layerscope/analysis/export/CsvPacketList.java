package org.layerscope.analysis.export;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * A packet list as CSV (RFC 4180): the first seven columns of Wireshark's "Export Packet Dissections → As CSV"
 * plus LayerScope's phase, label and packet comments.
 *
 * <p>Columns, in this order: {@value #HEADER}. {@code Time} is in seconds since the first frame with six
 * decimals, {@code Length} the frame's length on the wire, {@code Phase} the phase id ({@code tcp-handshake},
 * {@code tls-handshake}, {@code application-data}, {@code teardown} or {@code other}), {@code Comments} the
 * frame's packet comments joined with {@value #COMMENT_SEPARATOR}.
 *
 * <p>A field is quoted when it holds a comma, a double quote, a carriage return or a line feed, and a double
 * quote inside it is doubled; lines end with CRLF. The writer should encode UTF-8. This class only writes rows:
 * the command line's {@code analyze --format csv} feeds it from analysed frames, the window from its packet
 * table. Not thread-safe; never flushes or closes the writer.
 */
public final class CsvPacketList {
    /** The header line (without its line end). */
    public static final String HEADER = "No.,Time,Source,Destination,Protocol,Length,Phase,Label,Info,Comments";

    /** Joins the packet comments of one frame in the {@code Comments} column. */
    public static final String COMMENT_SEPARATOR = " | ";

    private static final String CRLF = "\r\n";

    private final Writer w;
    private final StringBuilder sb = new StringBuilder(256);

    /** A packet list written to {@code w}. */
    public CsvPacketList(Writer w) {
        this.w = w;
    }

    /** Writes the header line. */
    public void header() throws IOException {
        w.write(HEADER);
        w.write(CRLF);
    }

    /**
     * Writes one packet.
     *
     * @param number        frame number (1-based)
     * @param relativeNanos time since the first frame of the capture, in nanoseconds
     * @param src           source address (IPv4, IPv6 or whatever the packet list shows)
     * @param dst           destination address
     * @param protocol      highest protocol (MQTT, TLS, TCP, ...)
     * @param length        frame length on the wire
     * @param phaseId       phase id ({@link org.layerscope.model.Phase#id()})
     * @param label         LayerScope's short label of the packet
     * @param info          the info column
     * @param comments      packet comments (may be empty, not null)
     */
    public void row(long number, long relativeNanos, String src, String dst, String protocol, int length,
                    String phaseId, String label, String info, List<String> comments) throws IOException {
        sb.setLength(0);
        sb.append(number).append(',');
        FrameFormatter.appendTime(sb, relativeNanos);
        sb.append(',');
        field(sb, src).append(',');
        field(sb, dst).append(',');
        field(sb, protocol).append(',');
        sb.append(length).append(',');
        field(sb, phaseId).append(',');
        field(sb, label).append(',');
        field(sb, info).append(',');
        field(sb, comments.isEmpty() ? "" : String.join(COMMENT_SEPARATOR, comments));
        sb.append(CRLF);
        w.append(sb);
    }

    /** {@code value} as one CSV field: quoted (with doubled quotes) when it needs to be; null is empty. */
    public static String field(String value) {
        return field(new StringBuilder(), value).toString();
    }

    private static StringBuilder field(StringBuilder sb, String value) {
        if (value == null) {
            return sb;
        }
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            return sb.append(value);
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                sb.append('"');
            }
            sb.append(c);
        }
        return sb.append('"');
    }
}
