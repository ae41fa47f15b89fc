package org.layerscope.ui;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.layerscope.analysis.ConnectionSummary;
import org.layerscope.analysis.export.CsvPacketList;
import org.layerscope.analysis.export.DiagnoseReport;
import org.layerscope.analysis.export.FrameFormatter;
import org.layerscope.pcapio.AtomicFile;
import org.layerscope.render.Palette;
import org.layerscope.render.TimelineExporter;
import org.layerscope.session.PacketTable;
import org.layerscope.session.Reanalyzer;
import org.layerscope.session.UiText;

/**
 * File ▸ Export: the timeline image, the packet list as CSV, the analysis as JSON and the connection
 * report, all or only what the display filter shows, written in the background through a temporary file
 * renamed into place. {@code done} gets a one-line message for the user on the FX thread.
 */
public final class ExportsViewModel {
    private final MainViewModel main;

    ExportsViewModel(MainViewModel main) {
        this.main = main;
    }

    /** Exports the whole timeline like {@code export-timeline}, in the window's language and theme. */
    public void exportTimeline(Path path, Consumer<String> done) {
        exportTimeline(path, 0, 0, done);
    }

    /**
     * Exports the timeline between two times after the first frame (the current view; {@code to <= from}: all)
     * with only the rows the display filter shows, in the window's language and theme.
     */
    public void exportTimeline(Path path, double from, double to, Consumer<String> done) {
        PacketTable t = main.packets().table();
        Locale l = main.localeProperty().get();
        Palette p = main.palette();
        RowFilter f = main.filter().rowFilterProperty().get();
        main.tasks().background(() -> {
            String result;
            try {
                TimelineExporter.export(t, path, TimelineExporter.DEFAULT_WIDTH, 0, l, p, f == null ? null : f.set(), from, to);
                result = UiText.of(l).get("dialog.exported", path);
            } catch (Exception e) {
                result = UiText.of(l).get("dialog.error.save", path, e.getMessage());
            }
            String r = result;
            main.tasks().ui(() -> done.accept(r));
        });
    }

    /** The packet list as CSV ({@code analyze --format csv}'s columns), all rows or those the filter shows. */
    public void exportCsv(Path path, boolean filteredOnly, Consumer<String> done) {
        PacketTable t = main.packets().table();
        RowFilter f = filteredOnly ? main.filter().rowFilterProperty().get() : null;
        export(path, done, w -> {
            int[] rows = exportRows(t, f); // sorting a million rows is not for the FX thread
            CsvPacketList csv = new CsvPacketList(w);
            csv.header();
            for (int r : rows) {
                csv.row(t.number(r), t.time(r), t.source(r), t.destination(r), t.protocol(r), t.length(r),
                        t.phase(r).id(), t.label(r), t.info(r), t.comments(r));
            }
        });
    }

    /**
     * The packets as {@code analyze --format json} (with their details trees), all or those the filter shows:
     * the frames are analysed again in file order, in the window's language.
     */
    public void exportJson(Path path, boolean filteredOnly, Consumer<String> done) {
        PacketTable t = main.packets().table();
        Locale l = main.localeProperty().get();
        RowFilter f = filteredOnly ? main.filter().rowFilterProperty().get() : null;
        export(path, done, w -> {
            FrameFormatter fmt = FrameFormatter.create(FrameFormatter.Format.json, w, l, true);
            BitSet numbers = null;
            if (f != null) {
                numbers = new BitSet();
                for (int r : f.rows()) {
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
        });
    }

    /**
     * The connection report ({@code diagnose --format markdown}) in the window's language: every connection,
     * or with {@code filteredOnly} those with a packet the filter shows.
     */
    public void exportReport(Path path, boolean filteredOnly, Consumer<String> done) {
        PacketTable t = main.packets().table();
        Locale l = main.localeProperty().get();
        RowFilter f = filteredOnly ? main.filter().rowFilterProperty().get() : null;
        List<ConnectionSummary> all = t.summaries();
        BitSet streams = new BitSet();
        if (f != null) {
            for (int r : f.rows()) {
                if (t.stream(r) >= 0) {
                    streams.set(t.stream(r));
                }
            }
        }
        List<ConnectionSummary> conns = f == null ? all : all.stream().filter(c -> streams.get(c.stream())).toList();
        Path file = main.document().fileProperty().get();
        String title = file == null ? null : file.getFileName().toString();
        export(path, done, w -> DiagnoseReport.markdown(w, conns, l, title));
    }

    @FunctionalInterface
    private interface IoWriter {
        void write(Writer w) throws IOException;
    }

    /** The rows to export in file order: those {@code f} shows, or all when it is null. */
    private static int[] exportRows(PacketTable t, RowFilter f) {
        int[] order = t.rowsInFileOrder();
        if (f == null) {
            return order;
        }
        return Arrays.stream(order).filter(r -> f.set().get(r)).toArray();
    }

    /** Writes a UTF-8 text file in the background through a temporary file renamed into place when complete. */
    private void export(Path path, Consumer<String> done, IoWriter body) {
        main.tasks().background(() -> {
            String result;
            try {
                AtomicFile.write(path, out -> {
                    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                    body.write(w);
                    w.flush();
                });
                result = main.text().get("dialog.exported", path);
            } catch (Exception e) {
                result = main.text().get("dialog.error.save", path, e.getMessage() == null ? e.toString() : e.getMessage());
            }
            String r = result;
            main.tasks().ui(() -> done.accept(r));
        });
    }
}
