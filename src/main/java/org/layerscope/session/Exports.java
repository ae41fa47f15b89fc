package org.layerscope.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import org.layerscope.analysis.ConnectionSummary;
import org.layerscope.analysis.export.CsvPacketList;
import org.layerscope.analysis.export.DiagnoseReport;
import org.layerscope.analysis.export.FrameFormatter;

/**
 * The window's exports of an open capture, in the command line's formats: the packet list as CSV
 * ({@code analyze --format csv}), the analysis as JSON ({@code analyze --format json}) and the connection
 * report ({@code diagnose --format markdown}); all rows, or only those in {@code shown} (a display filter's rows).
 */
public final class Exports {
    private Exports() {
    }

    /** The rows to export in file order: those in {@code shown}, or all when it is null. */
    public static int[] rows(PacketTable t, BitSet shown) {
        int[] order = t.rowsInFileOrder();
        return shown == null ? order : Arrays.stream(order).filter(shown::get).toArray();
    }

    /** The packet list as CSV, with each packet's comments. */
    public static void csv(PacketTable t, BitSet shown, Writer w) throws IOException {
        int[] rows = rows(t, shown); // sorting a million rows is not for the FX thread
        CsvPacketList csv = new CsvPacketList(w);
        csv.header();
        for (int r : rows) {
            csv.row(t.number(r), t.time(r), t.source(r), t.destination(r), t.protocol(r), t.length(r),
                    t.phase(r).id(), t.label(r), t.info(r), t.comments(r));
        }
    }

    /** The packets with their details trees as JSON: the frames are analysed again in file order. */
    public static void json(PacketTable t, BitSet shown, Locale l, Writer w) throws IOException {
        FrameFormatter fmt = FrameFormatter.create(FrameFormatter.Format.json, w, l, true);
        BitSet numbers = null;
        if (shown != null) {
            numbers = new BitSet();
            for (int r = shown.nextSetBit(0); r >= 0; r = shown.nextSetBit(r + 1)) {
                numbers.set((int) t.number(r));
            }
        }
        BitSet keep = numbers;
        fmt.header();
        try {
            Reanalyzer.all(t, true, r -> {
                if (keep == null || keep.get((int) r.number())) {
                    try {
                        fmt.frame(r);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }, () -> false);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        fmt.footer();
    }

    /** The connections to report: all, or those with a row in {@code shown}. */
    public static List<ConnectionSummary> connections(PacketTable t, BitSet shown) {
        List<ConnectionSummary> all = t.summaries();
        if (shown == null) {
            return all;
        }
        BitSet streams = new BitSet();
        for (int r = shown.nextSetBit(0); r >= 0; r = shown.nextSetBit(r + 1)) {
            if (t.stream(r) >= 0) {
                streams.set(t.stream(r));
            }
        }
        return all.stream().filter(c -> streams.get(c.stream())).toList();
    }

    /** The connection report in Markdown, titled after the file (or untitled: null). */
    public static void report(List<ConnectionSummary> connections, Locale l, String title, Writer w) throws IOException {
        DiagnoseReport.markdown(w, connections, l, title);
    }
}
