package org.layerscope.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Duration;
import org.layerscope.analysis.PacketResult;
import org.layerscope.model.Field;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.PcapngWriter;
import org.layerscope.session.CaptureLoader;
import org.layerscope.session.CaptureSaver;
import org.layerscope.session.LiveIngest;
import org.layerscope.session.PacketTable;
import org.layerscope.session.Reanalyzer;
import org.layerscope.session.UiText;
import org.layerscope.render.Palette;
import org.layerscope.render.TimelineExporter;

/**
 * State and actions of the main window (properties only, no nodes): the open capture, the selection,
 * loading and capture progress, language, theme and recent files. File reading, analysis and writing
 * run on background threads; the views are refreshed at most ten times a second from
 * {@link #revisionProperty()}.
 */
public final class MainViewModel {
    static final int MAX_RECENT = 8;
    static final int MAX_FILTER_HISTORY = 20;
    static final long FIRST_PAINT_MILLIS = Long.getLong("layerscope.firstPaintMillis", 200);

    private final Executor background;
    private final ExecutorService selectionWorker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "layerscope-selection");
        t.setDaemon(true);
        return t;
    });
    private final Consumer<Runnable> ui;
    private final Settings settings;
    private final RunCaptureService capture;

    private final ObjectProperty<PacketTable> table = new SimpleObjectProperty<>(new PacketTable());
    private final IntegerProperty rows = new SimpleIntegerProperty();
    private final LongProperty revision = new SimpleLongProperty();
    private final LongProperty fitRequests = new SimpleLongProperty();
    private final IntegerProperty selectedRow = new SimpleIntegerProperty(-1);
    private final ObjectProperty<PacketResult> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<Field> selectedField = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> file = new SimpleObjectProperty<>();
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final BooleanProperty capturing = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty(-1);
    private final StringProperty status = new SimpleStringProperty("");
    private final LongProperty drops = new SimpleLongProperty();
    private final ObjectProperty<Locale> locale;
    private final StringProperty theme;
    private final ObservableList<String> recentFiles = FXCollections.observableArrayList();
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ObjectProperty<RunCaptureService.Problem> captureProblem = new SimpleObjectProperty<>();
    private final StringProperty message = new SimpleStringProperty();
    private final ObjectProperty<Path> keyLog = new SimpleObjectProperty<>();
    private final AtomicLong selectionGeneration = new AtomicLong();

    private final StringProperty captureInterface = new SimpleStringProperty();
    private final StringProperty captureFilter = new SimpleStringProperty("");
    private final StringProperty profile = new SimpleStringProperty("embedded");
    private final StringProperty tlsVersion = new SimpleStringProperty("auto");

    // annotations
    private final BooleanProperty dirty = new SimpleBooleanProperty();
    private final LongProperty annotations = new SimpleLongProperty();
    private final BooleanProperty partial = new SimpleBooleanProperty();
    private final ObjectProperty<Path> recoverable = new SimpleObjectProperty<>();
    private final AtomicLong autosaveGeneration = new AtomicLong();
    private volatile Path autosaveFile;

    // display filter
    private final StringProperty filter = new SimpleStringProperty("");
    private final StringProperty filterError = new SimpleStringProperty();
    private final BooleanProperty filtering = new SimpleBooleanProperty();
    private final ObjectProperty<RowFilter> rowFilter = new SimpleObjectProperty<>();
    private final ObservableList<String> filterHistory = FXCollections.observableArrayList();
    private final AtomicLong filterGeneration = new AtomicLong();

    /**
     * The rows a display filter shows: ascending row numbers and the same as a set. The filter only
     * hides rows; phases and connections stay those of the whole capture.
     */
    public record RowFilter(String expression, int[] rows, java.util.BitSet set) {
    }

    private CaptureLoader loader;
    private LiveIngest live;
    private RunCaptureService.Session session;
    private final List<String> pendingLog = new ArrayList<>();
    private final Timeline refresher;

    public MainViewModel(Executor background, Consumer<Runnable> ui, Settings settings, RunCaptureService capture) {
        this.background = background;
        this.ui = ui;
        this.settings = settings;
        this.capture = capture;
        this.locale = new SimpleObjectProperty<>(UiText.supported(
                Locale.forLanguageTag(settings.get("language", Locale.getDefault().toLanguageTag()))));
        this.theme = new SimpleStringProperty(settings.get("theme", "light"));
        recentFiles.setAll(settings.list("recent"));
        filterHistory.setAll(settings.list("filterHistory"));
        locale.addListener((o, a, b) -> {
            settings.put("language", b.toLanguageTag());
            refresh();
        });
        theme.addListener((o, a, b) -> settings.put("theme", b));
        List<String> ifaces = capture.interfaces();
        captureInterface.set(ifaces.isEmpty() ? "lo" : ifaces.get(0));
        refresher = new Timeline(new KeyFrame(Duration.millis(100), e -> refresh()));
        refresher.setCycleCount(Timeline.INDEFINITE);
        status.set(text().get("status.ready"));
    }

    public UiText text() {
        return UiText.of(locale.get());
    }

    public Palette palette() {
        return Palette.named(theme.get());
    }

    public RunCaptureService captureService() {
        return capture;
    }

    // ------------------------------------------------------------------ files

    /**
     * Opens a capture in the background; rows appear while it loads. A key log beside it
     * ({@code NAME.keylog}) is used to decrypt its TLS sessions.
     */
    public void open(Path path) {
        open(path, CaptureLoader.siblingKeyLog(path));
    }

    /** Opens a capture, decrypting its TLS sessions with an NSS key log file (or none: null). */
    public void open(Path path, Path keyLogFile) {
        org.layerscope.tls.keys.KeyLog keys = new org.layerscope.tls.keys.KeyLog();
        if (keyLogFile != null) {
            try {
                keys.addAll(keyLogFile);
            } catch (java.io.IOException | RuntimeException e) {
                message.set(text().get("dialog.error.keylog", keyLogFile.getFileName(), e.getMessage()));
                keyLogFile = null;
            }
        }
        keyLog.set(keyLogFile);
        cancelLoad();
        stopCapture();
        startLoad(path, path, keys, false);
        Path copy = autosavePath(path);
        if (copy != null && Files.isRegularFile(copy)) {
            recoverable.set(copy);
        }
    }

    /**
     * Opens the autosave copy of {@code original} (the annotations that were not saved when the app ended):
     * its packets and comments are shown, the window's file stays {@code original}, so Save writes there.
     */
    public void recover(Path original, Path copy) {
        cancelLoad();
        stopCapture();
        org.layerscope.tls.keys.KeyLog keys = new org.layerscope.tls.keys.KeyLog();
        Path sibling = CaptureLoader.siblingKeyLog(original);
        if (sibling != null) {
            try {
                keys.addAll(sibling);
            } catch (java.io.IOException | RuntimeException e) {
                sibling = null;
            }
        }
        keyLog.set(sibling);
        startLoad(copy, original, keys, true);
    }

    /** Discards an autosave copy the user did not want. */
    public void discardAutosave(Path copy) {
        try {
            Files.deleteIfExists(copy);
        } catch (java.io.IOException e) {
            // it stays; offered again next time
        }
    }

    private void startLoad(Path path, Path shownAs, org.layerscope.tls.keys.KeyLog keys, boolean recovered) {
        CaptureLoader l = new CaptureLoader(path, keys);
        loader = l;
        live = null;
        resetTo(l.table());
        file.set(shownAs);
        autosaveFile = autosavePath(shownAs);
        dirty.set(recovered);
        partial.set(false);
        loading.set(true);
        progress.set(0);
        addRecent(shownAs);
        refresher.play();
        l.onFirstRows(() -> {
            // publish the first rows at once, and give the FX thread and the renderer the CPU for the first
            // paint before the bulk of the analysis (on two cores they would otherwise compete)
            java.util.concurrent.CountDownLatch shown = new java.util.concurrent.CountDownLatch(1);
            ui.accept(() -> {
                refresh();
                ui.accept(shown::countDown);
            });
            try {
                shown.await(1, java.util.concurrent.TimeUnit.SECONDS);
                Thread.sleep(FIRST_PAINT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        background.execute(() -> {
            String error = null;
            try {
                l.run();
            } catch (Exception | OutOfMemoryError e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            String err = error;
            ui.accept(() -> loadFinished(l, err));
        });
    }

    private void loadFinished(CaptureLoader l, String error) {
        if (loader != l) {
            return;
        }
        loading.set(false);
        partial.set(l.cancelled() || error != null);
        refresher.stop();
        refresh();
        annotations.set(annotations.get() + 1);
        reapplyFilter();
        if (dirty.get()) {
            scheduleAutosave(); // comments added while the file loaded
        }
        UiText t = text();
        if (error != null) {
            message.set(t.get("dialog.error.open", l.file().getFileName(), error));
        }
        status.set((l.cancelled() ? t.get("status.cancelled", rows.get())
                : t.get("status.loaded", rows.get(), table.get().connectionCount()))
                + (keyLog.get() != null ? t.get("status.keylog", keyLog.get().getFileName()) : ""));
        fitRequests.set(fitRequests.get() + 1);
    }

    public void cancelLoad() {
        if (loader != null && !loader.done()) {
            loader.cancel();
        }
    }

    private void resetTo(PacketTable t) {
        selectionGeneration.incrementAndGet();
        filterGeneration.incrementAndGet();
        rowFilter.set(null);
        filtering.set(false);
        annotations.set(annotations.get() + 1);
        selected.set(null);
        selectedField.set(null);
        selectedRow.set(-1);
        table.set(t);
        rows.set(0);
        revision.set(revision.get() + 1);
    }

    private void addRecent(Path path) {
        pushRecent(recentFiles, path.toAbsolutePath().normalize().toString(), MAX_RECENT, "recent");
    }

    /** Puts {@code value} first in a most-recent-first list of at most {@code max} entries, kept in the settings. */
    private void pushRecent(ObservableList<String> list, String value, int max, String key) {
        list.remove(value);
        list.add(0, value);
        while (list.size() > max) {
            list.remove(list.size() - 1);
        }
        settings.putList(key, list);
    }

    public void clearRecent() {
        recentFiles.clear();
        settings.putList("recent", recentFiles);
    }

    /** Writes every packet to a pcapng file in the background, without secrets; calls {@code done} on the FX thread. */
    public void saveAs(Path path, Consumer<String> done) {
        saveAs(path, false, done);
    }

    /** Whether the capture was decrypted with TLS secrets (the window then asks whether to embed them). */
    public boolean hasSecrets() {
        PacketTable t = table.get();
        return t != null && t.keyLog() != null && !t.keyLog().isEmpty();
    }

    /**
     * Writes every packet with its comments in the background (pcapng, or pcap by the name's extension);
     * with {@code embedSecrets} (only when the user said so) the secrets the capture was decrypted with go
     * first in a Decryption Secrets Block, so the file decrypts on its own, here and in Wireshark. On success
     * the window's file becomes {@code path} and the changes count as saved (unless a pcap dropped comments).
     * Calls {@code done} on the FX thread.
     */
    public void saveAs(Path path, boolean embedSecrets, Consumer<String> done) {
        saveAs(path, embedSecrets, (ok, message) -> done.accept(message));
    }

    /** {@link #saveAs(Path, boolean, Consumer)} telling whether everything was saved (false: failed, or comments left out). */
    public void saveAs(Path path, boolean embedSecrets, java.util.function.BiConsumer<Boolean, String> done) {
        PacketTable t = table.get();
        long gen = annotations.get();
        background.execute(() -> {
            String result;
            boolean ok = false;
            boolean dropped = false;
            try {
                CaptureSaver.Result r = CaptureSaver.save(t, path, embedSecrets);
                dropped = r.commentsDropped();
                result = text().get(dropped ? "dialog.saved.noComments" : "dialog.saved", r.frames(), path);
                ok = true;
            } catch (Exception e) {
                result = text().get("dialog.error.save", path, e.getMessage() == null ? e.toString() : e.getMessage());
            }
            String res = result;
            boolean saved = ok;
            boolean lostComments = dropped;
            ui.accept(() -> {
                if (saved && table.get() == t) {
                    if (!lostComments) {
                        Path old = autosaveFile;
                        file.set(path);
                        autosaveFile = autosavePath(path);
                        addRecent(path);
                        if (annotations.get() == gen) {
                            dirty.set(false);
                            deleteAutosave(old);
                        }
                    }
                }
                done.accept(saved && !lostComments, res);
            });
        });
    }

    /**
     * Whether Save can write back to the open file: it is a pcapng file, the whole of it was loaded, and it
     * is not compressed. Otherwise the window asks for a name (Save As).
     */
    public boolean canSaveInPlace() {
        Path f = file.get();
        if (f == null || partial.get() || loading.get() || capturing.get()) {
            return false;
        }
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".pcapng") || n.endsWith(".ntar");
    }

    /** Save: writes the open pcapng file in place (through a temporary file renamed over it). */
    public void save(java.util.function.BiConsumer<Boolean, String> done) {
        saveAs(file.get(), false, done);
    }

    // ------------------------------------------------------------------ annotations

    /** Adds a comment to a row. */
    public void addComment(int row, String text) {
        if (text == null || text.isBlank() || row < 0 || row >= table.get().size()) {
            return;
        }
        List<String> c = new ArrayList<>(table.get().comments(row));
        c.add(text.strip());
        setComments(row, c);
    }

    /** Replaces comment {@code index} of a row (blank text deletes it). */
    public void editComment(int row, int index, String text) {
        if (row < 0 || row >= table.get().size()) {
            return;
        }
        List<String> c = new ArrayList<>(table.get().comments(row));
        if (index < 0 || index >= c.size()) {
            return;
        }
        if (text == null || text.isBlank()) {
            c.remove(index);
        } else {
            c.set(index, text.strip());
        }
        setComments(row, c);
    }

    public void deleteComment(int row, int index) {
        editComment(row, index, null);
    }

    /** Sets the comment on the whole capture (blank: none). */
    public void captureComment(String text) {
        PacketTable t = table.get();
        List<String> c = text == null || text.isBlank() ? List.of() : List.of(text.strip());
        if (!c.equals(t.sectionComments())) {
            t.sectionComments(c);
            changed();
        }
    }

    private void setComments(int row, List<String> c) {
        PacketTable t = table.get();
        if (row < 0 || row >= t.size() || c.equals(t.comments(row))) {
            return;
        }
        t.setComments(row, c);
        changed();
        if (rowFilter.get() != null && rowFilter.get().expression().contains("comment")) {
            reapplyFilter();
        }
    }

    private void changed() {
        dirty.set(true);
        annotations.set(annotations.get() + 1);
        revision.set(revision.get() + 1);
        scheduleAutosave();
    }

    /**
     * Where unsaved annotations of {@code capture} are copied (a whole pcapng file, owner-only): in
     * {@code ~/.layerscope/autosave} (or {@code layerscope.autosave}), named after the file and a hash of its path.
     */
    public static Path autosavePath(Path capture) {
        String dir = System.getProperty("layerscope.autosave");
        Path base;
        try {
            base = dir != null ? Path.of(dir) : org.layerscope.demo.LayerScopeHome.resolve().resolve("autosave");
        } catch (RuntimeException e) {
            return null;
        }
        String key = capture == null ? "live-capture" : capture.toAbsolutePath().normalize().toString();
        String name = capture == null ? "capture" : capture.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return base.resolve(name + "-" + Integer.toHexString(key.hashCode()) + ".autosave.pcapng");
    }

    /** Writes the autosave copy a second after the last change, in the background. */
    private void scheduleAutosave() {
        long gen = autosaveGeneration.incrementAndGet();
        PacketTable t = table.get();
        Path target = autosaveFile != null ? autosaveFile : autosavePath(file.get());
        autosaveFile = target;
        if (target == null || loading.get() || capturing.get()) {
            return;
        }
        background.execute(() -> {
            try {
                Thread.sleep(AUTOSAVE_DELAY_MILLIS);
                if (autosaveGeneration.get() != gen) {
                    return;
                }
                org.layerscope.demo.LayerScopeHome.privateDirectory(target.getParent());
                CaptureSaver.save(t, target, false);
                try {
                    Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                String m = e.getMessage();
                ui.accept(() -> status.set(text().get("status.autosaveFailed", m)));
            }
        });
    }

    static final long AUTOSAVE_DELAY_MILLIS = Long.getLong("layerscope.autosaveDelayMillis", 1000);

    private void deleteAutosave(Path p) {
        autosaveGeneration.incrementAndGet();
        if (p != null) {
            background.execute(() -> discardAutosave(p));
        }
    }

    /** The user chose to close without saving: the autosave copy goes too. */
    public void discardChanges() {
        dirty.set(false);
        autosaveGeneration.incrementAndGet();
        if (autosaveFile != null) {
            discardAutosave(autosaveFile); // at once: an open that follows must not offer it
        }
    }

    // ------------------------------------------------------------------ display filter

    /**
     * Applies a display filter (empty: show every row). A syntax error sets {@link #filterErrorProperty()}
     * and returns false; otherwise the matching rows are computed in the background over the whole capture.
     */
    public boolean applyFilter(String expression) {
        String expr = expression == null ? "" : expression.strip();
        org.layerscope.analysis.filter.DisplayFilter df;
        try {
            df = org.layerscope.analysis.filter.DisplayFilter.compile(expr);
        } catch (org.layerscope.analysis.filter.FilterSyntaxException e) {
            filterError.set(e.getMessage());
            return false;
        }
        filterError.set(null);
        filter.set(expr);
        long gen = filterGeneration.incrementAndGet();
        if (df.isEmpty()) {
            rowFilter.set(null);
            filtering.set(false);
            revision.set(revision.get() + 1);
            return true;
        }
        pushRecent(filterHistory, expr, MAX_FILTER_HISTORY, "filterHistory");
        PacketTable t = table.get();
        filtering.set(true);
        background.execute(() -> {
            RowFilter result = null;
            String err = null;
            try {
                result = evaluate(t, df, gen);
            } catch (RuntimeException | OutOfMemoryError e) {
                err = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            RowFilter r = result;
            String error = err;
            ui.accept(() -> {
                if (filterGeneration.get() != gen || table.get() != t) {
                    return;
                }
                filtering.set(false);
                if (error != null) {
                    filterError.set(error);
                    return;
                }
                if (r != null) {
                    rowFilter.set(r);
                    revision.set(revision.get() + 1);
                    status.set(text().get("status.filtered", r.rows().length, t.size()));
                }
            });
        });
        return true;
    }

    /** The rows of {@code t} matching {@code df} (null when a newer filter replaced this one). */
    RowFilter evaluate(PacketTable t, org.layerscope.analysis.filter.DisplayFilter df, long gen) {
        java.util.BitSet set = org.layerscope.session.RowMatcher.matchingRows(t, df, () -> filterGeneration.get() != gen);
        return set == null ? null : new RowFilter(df.expression(), set.stream().toArray(), set);
    }

    private void reapplyFilter() {
        if (!filter.get().isEmpty()) {
            applyFilter(filter.get());
        }
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
        PacketTable t = table.get();
        Locale l = locale.get();
        Palette p = palette();
        RowFilter f = rowFilter.get();
        background.execute(() -> {
            String result;
            try {
                TimelineExporter.export(t, path, TimelineExporter.DEFAULT_WIDTH, 0, l, p, f == null ? null : f.set(), from, to);
                result = UiText.of(l).get("dialog.exported", path);
            } catch (Exception e) {
                result = UiText.of(l).get("dialog.error.save", path, e.getMessage());
            }
            String r = result;
            ui.accept(() -> done.accept(r));
        });
    }

    // ------------------------------------------------------------------ exports

    /** Writes a text file in UTF-8 through a temporary file renamed into place when complete. */
    private static void writeAtomically(Path path, IoWriter body) throws java.io.IOException {
        org.layerscope.pcapio.AtomicFile.write(path, out -> {
            java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8));
            body.write(w);
            w.flush();
        });
    }

    @FunctionalInterface
    private interface IoWriter {
        void write(java.io.Writer w) throws java.io.IOException;
    }

    /** The rows to export in file order: those {@code f} shows, or all when it is null. */
    private static int[] exportRows(PacketTable t, RowFilter f) {
        int[] order = t.rowsInFileOrder();
        if (f == null) {
            return order;
        }
        return java.util.Arrays.stream(order).filter(r -> f.set().get(r)).toArray();
    }

    private void export(Path path, Consumer<String> done, IoWriter body) {
        background.execute(() -> {
            String result;
            try {
                writeAtomically(path, body);
                result = text().get("dialog.exported", path);
            } catch (Exception e) {
                result = text().get("dialog.error.save", path, e.getMessage() == null ? e.toString() : e.getMessage());
            }
            String r = result;
            ui.accept(() -> done.accept(r));
        });
    }

    /** The packet list as CSV ({@code analyze --format csv}'s columns), all rows or those the filter shows. */
    public void exportCsv(Path path, boolean filteredOnly, Consumer<String> done) {
        PacketTable t = table.get();
        RowFilter f = filteredOnly ? rowFilter.get() : null;
        export(path, done, w -> {
            int[] rows = exportRows(t, f); // sorting a million rows is not for the FX thread
            org.layerscope.analysis.export.CsvPacketList csv = new org.layerscope.analysis.export.CsvPacketList(w);
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
        PacketTable t = table.get();
        Locale l = locale.get();
        RowFilter f = filteredOnly ? rowFilter.get() : null;
        export(path, done, w -> {
            org.layerscope.analysis.export.FrameFormatter fmt = org.layerscope.analysis.export.FrameFormatter.create(
                    org.layerscope.analysis.export.FrameFormatter.Format.json, w, l, true);
            java.util.BitSet numbers = null;
            if (f != null) {
                numbers = new java.util.BitSet();
                for (int r : f.rows()) {
                    numbers.set((int) t.number(r));
                }
            }
            java.util.BitSet keep = numbers;
            fmt.header();
            try {
                org.layerscope.session.Reanalyzer.all(t, true, r -> {
                    if (keep == null || keep.get((int) r.number())) {
                        try {
                            fmt.frame(r);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }, () -> false);
            } catch (java.io.UncheckedIOException e) {
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
        PacketTable t = table.get();
        Locale l = locale.get();
        RowFilter f = filteredOnly ? rowFilter.get() : null;
        List<org.layerscope.analysis.ConnectionSummary> all = t.summaries();
        java.util.BitSet streams = new java.util.BitSet();
        if (f != null) {
            for (int r : f.rows()) {
                if (t.stream(r) >= 0) {
                    streams.set(t.stream(r));
                }
            }
        }
        List<org.layerscope.analysis.ConnectionSummary> conns = f == null ? all
                : all.stream().filter(c -> streams.get(c.stream())).toList();
        String title = file.get() == null ? null : file.get().getFileName().toString();
        export(path, done, w -> org.layerscope.analysis.export.DiagnoseReport.markdown(w, conns, l, title));
    }

    // ------------------------------------------------------------------ selection

    /** Selects a row everywhere; its details tree is rebuilt in the background. */
    public void select(int row) {
        if (row == selectedRow.get()) {
            return;
        }
        selectedRow.set(row);
        selectedField.set(null);
        long gen = selectionGeneration.incrementAndGet();
        if (row < 0) {
            selected.set(null);
            return;
        }
        PacketTable t = table.get();
        selectionWorker.execute(() -> {
            if (selectionGeneration.get() != gen) {
                return;
            }
            PacketResult r;
            try {
                r = Reanalyzer.analyse(t, row);
            } catch (RuntimeException e) {
                r = null;
            }
            PacketResult res = r;
            ui.accept(() -> {
                if (selectionGeneration.get() == gen) {
                    selected.set(res);
                }
            });
        });
    }

    // ------------------------------------------------------------------ live capture

    public void runCapture() {
        startLive(true);
    }

    public void startCapture() {
        startLive(false);
    }

    private void startLive(boolean publish) {
        if (capturing.get()) {
            return;
        }
        cancelLoad();
        loader = null;
        LiveIngest ingest = new LiveIngest();
        live = ingest;
        resetTo(ingest.table());
        file.set(null);
        autosaveFile = null;
        dirty.set(false);
        partial.set(false);
        log.clear();
        drops.set(0);
        capturing.set(true);
        refresher.play();
        RunCaptureService.Request req = new RunCaptureService.Request(captureInterface.get(),
                captureFilter.get() == null ? "" : captureFilter.get(), profile.get(), tlsVersion.get());
        RunCaptureService.Listener listener = new RunCaptureService.Listener() {
            @Override
            public void console(String line) {
                synchronized (pendingLog) {
                    pendingLog.add(line);
                }
            }

            @Override
            public void frame(RawFrame frame) {
                ingest.accept(frame);
            }

            @Override
            public void secrets(org.layerscope.tls.keys.KeyLog keys) {
                ingest.useKeys(keys);
            }

            @Override
            public void drops(long dropped) {
                ui.accept(() -> drops.set(dropped));
            }

            @Override
            public void finished(Path savedFile) {
                ingest.finish();
                if (savedFile != null) {
                    // the file's interface descriptions and capture comment, so a Save keeps them
                    try (org.layerscope.pcapio.CaptureReader r = org.layerscope.pcapio.CaptureFiles.open(savedFile)) {
                        r.next();
                        ingest.table().interfaces(r.interfaces());
                        ingest.table().sectionComments(r.sectionComments());
                    } catch (java.io.IOException | RuntimeException e) {
                        // then a Save describes the interfaces from the frames
                    }
                }
                ui.accept(() -> {
                    if (live == ingest && savedFile != null && Files.isRegularFile(savedFile)) {
                        // the capture's own file: Save writes the comments into it, recent files remember it
                        file.set(savedFile);
                        autosaveFile = autosavePath(savedFile);
                        addRecent(savedFile);
                    }
                    liveEnded(ingest, null);
                });
            }

            @Override
            public void failed(RunCaptureService.Problem problem) {
                ingest.finish();
                ui.accept(() -> liveEnded(ingest, problem));
            }
        };
        session = publish ? capture.runCapture(req, listener) : capture.startCapture(req, listener);
    }

    private void liveEnded(LiveIngest ingest, RunCaptureService.Problem problem) {
        if (live != ingest) {
            return;
        }
        capturing.set(false);
        session = null;
        refresher.stop();
        refresh();
        status.set(text().get("status.captureDone", rows.get()));
        fitRequests.set(fitRequests.get() + 1);
        annotations.set(annotations.get() + 1);
        reapplyFilter();
        if (dirty.get()) {
            scheduleAutosave(); // comments added while capturing
        }
        if (problem != null) {
            captureProblem.set(problem);
        }
    }

    public void stopCapture() {
        if (session != null) {
            session.stop();
        }
        if (live != null && capturing.get()) {
            LiveIngest l = live;
            background.execute(() -> {
                l.finish();
                ui.accept(() -> liveEnded(l, null));
            });
        }
    }

    // ------------------------------------------------------------------ refresh

    /** Publishes new rows, progress and log lines to the views (FX thread, at most 10 times a second). */
    void refresh() {
        PacketTable t = table.get();
        rows.set(t.size());
        revision.set(revision.get() + 1);
        synchronized (pendingLog) {
            if (!pendingLog.isEmpty()) {
                log.addAll(pendingLog);
                pendingLog.clear();
            }
        }
        UiText tx = text();
        if (loading.get() && loader != null) {
            progress.set(loader.progress());
            status.set(tx.get("status.loading", loader.file().getFileName(), t.size()));
        } else if (capturing.get()) {
            status.set(tx.get("status.capturing", t.size()));
        } else if (file.get() != null) {
            status.set(tx.get("status.loaded", t.size(), t.connectionCount())
                    + (keyLog.get() != null ? tx.get("status.keylog", keyLog.get().getFileName()) : ""));
        }
    }

    /**
     * Loads the reader, analysis and table classes and lets the JIT see them once, on a background
     * thread at start-up, so that the first rows of the first capture opened show at once.
     */
    public void warmUp() {
        background.execute(() -> {
            try {
                java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
                org.layerscope.ui.bench.SyntheticCapture.write(buf, 30_000, 500);
                Path tmp = Files.createTempFile("layerscope-warmup", ".pcapng");
                try {
                    Files.write(tmp, buf.toByteArray());
                    PacketTable t = new CaptureLoader(tmp).runAndGet();
                    for (int i = 0; i < Math.min(50, t.size()); i++) {
                        t.info(i);
                        Reanalyzer.analyse(t, i);
                    }
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } catch (Exception | Error e) {
                // only a warm-up
            }
        });
    }

    /** Opens the first packets' view when loading is slow: whether rows are being added right now. */
    public boolean busy() {
        return loading.get() || capturing.get();
    }

    public void requestFit() {
        fitRequests.set(fitRequests.get() + 1);
    }

    /** A sample capture shipped with the project, if one is found near the working directory. */
    public static Path sampleFolder() {
        for (String base : new String[] {System.getProperty("layerscope.repo", ""), System.getProperty("user.dir", ".")}) {
            if (base.isEmpty()) {
                continue;
            }
            Path p = Path.of(base, "sample-pcaps");
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ properties

    public ObjectProperty<PacketTable> tableProperty() {
        return table;
    }

    public PacketTable table() {
        return table.get();
    }

    public IntegerProperty rowsProperty() {
        return rows;
    }

    public LongProperty revisionProperty() {
        return revision;
    }

    public LongProperty fitRequestsProperty() {
        return fitRequests;
    }

    public IntegerProperty selectedRowProperty() {
        return selectedRow;
    }

    public ObjectProperty<PacketResult> selectedProperty() {
        return selected;
    }

    public ObjectProperty<Field> selectedFieldProperty() {
        return selectedField;
    }

    /** The key log file the open capture is decrypted with, or null. */
    public ObjectProperty<Path> keyLogProperty() {
        return keyLog;
    }

    public ObjectProperty<Path> fileProperty() {
        return file;
    }

    public BooleanProperty loadingProperty() {
        return loading;
    }

    public BooleanProperty capturingProperty() {
        return capturing;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public LongProperty dropsProperty() {
        return drops;
    }

    public ObjectProperty<Locale> localeProperty() {
        return locale;
    }

    public StringProperty themeProperty() {
        return theme;
    }

    public ObservableList<String> recentFiles() {
        return recentFiles;
    }

    public ObservableList<String> log() {
        return log;
    }

    public ObjectProperty<RunCaptureService.Problem> captureProblemProperty() {
        return captureProblem;
    }

    /** A one-line message for a dialog (set, shown, then cleared by the view). */
    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty captureInterfaceProperty() {
        return captureInterface;
    }

    public StringProperty captureFilterProperty() {
        return captureFilter;
    }

    public StringProperty profileProperty() {
        return profile;
    }

    public StringProperty tlsVersionProperty() {
        return tlsVersion;
    }

    /** Unsaved annotations exist. */
    public BooleanProperty dirtyProperty() {
        return dirty;
    }

    /** Bumped whenever comments or connection summaries change (the annotations and connections panels). */
    public LongProperty annotationsProperty() {
        return annotations;
    }

    /** The table holds only part of the file (loading cancelled or failed): Save in place is refused. */
    public BooleanProperty partialProperty() {
        return partial;
    }

    /** An autosave copy of the file just opened exists (the view offers to recover it), or null. */
    public ObjectProperty<Path> recoverableProperty() {
        return recoverable;
    }

    /** The display filter applied ("" for none). */
    public StringProperty filterProperty() {
        return filter;
    }

    /** Why the last filter was refused (with its position), or null. */
    public StringProperty filterErrorProperty() {
        return filterError;
    }

    public BooleanProperty filteringProperty() {
        return filtering;
    }

    /** The visible rows, or null when every row shows. */
    public ObjectProperty<RowFilter> rowFilterProperty() {
        return rowFilter;
    }

    public ObservableList<String> filterHistory() {
        return filterHistory;
    }
}
