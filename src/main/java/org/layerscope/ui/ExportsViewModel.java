package org.layerscope.ui;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.layerscope.analysis.ConnectionSummary;
import org.layerscope.pcapio.AtomicFile;
import org.layerscope.render.Palette;
import org.layerscope.render.TimelineExporter;
import org.layerscope.session.Exports;
import org.layerscope.session.PacketTable;
import org.layerscope.session.UiText;

/**
 * File ▸ Export (the formats are {@link Exports}'): the timeline image, the packet list as CSV, the analysis as JSON and the connection
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
        main.tasks("task.export").background(() -> {
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
        BitSet shown = shown(filteredOnly);
        export(path, done, w -> Exports.csv(t, shown, w));
    }

    /**
     * The packets as {@code analyze --format json} (with their details trees), all or those the filter shows:
     * the frames are analysed again in file order, in the window's language.
     */
    public void exportJson(Path path, boolean filteredOnly, Consumer<String> done) {
        PacketTable t = main.packets().table();
        Locale l = main.localeProperty().get();
        BitSet shown = shown(filteredOnly);
        export(path, done, w -> Exports.json(t, shown, l, w));
    }

    /**
     * The connection report ({@code diagnose --format markdown}) in the window's language: every connection,
     * or with {@code filteredOnly} those with a packet the filter shows.
     */
    public void exportReport(Path path, boolean filteredOnly, Consumer<String> done) {
        PacketTable t = main.packets().table();
        Locale l = main.localeProperty().get();
        List<ConnectionSummary> conns = Exports.connections(t, shown(filteredOnly));
        Path file = main.document().fileProperty().get();
        String title = file == null ? null : file.getFileName().toString();
        export(path, done, w -> Exports.report(conns, l, title, w));
    }

    /** The rows the display filter shows, when only those are exported (else null: all). */
    private BitSet shown(boolean filteredOnly) {
        RowFilter f = filteredOnly ? main.filter().rowFilterProperty().get() : null;
        return f == null ? null : f.set();
    }

    @FunctionalInterface
    private interface IoWriter {
        void write(Writer w) throws IOException;
    }

    /** Writes a UTF-8 text file in the background through a temporary file renamed into place when complete. */
    private void export(Path path, Consumer<String> done, IoWriter body) {
        main.tasks("task.export").background(() -> {
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
