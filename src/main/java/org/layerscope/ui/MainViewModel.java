package org.layerscope.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import org.layerscope.render.Palette;
import org.layerscope.session.CaptureLoader;
import org.layerscope.session.PacketTable;
import org.layerscope.session.UiText;

/**
 * The main window's state, composed of one view model per feature: the open {@link #document() file},
 * the {@link #packets() packets} shown, the {@link #filter() display filter}, {@link #annotations()
 * comments and their autosave}, {@link #exports() exports}, the {@link #selection() selection},
 * {@link #capture() live capture} and {@link #connections() connections}. It holds what they share:
 * language, theme, the status line, a message for a dialog, and the refresh that publishes new rows
 * to the views at most ten times a second while a file loads or a capture runs. Background work goes
 * through a {@link TaskExecutor}, so the view models are tested without a window.
 */
public final class MainViewModel {
    private final TaskExecutor rawTasks;
    private final TaskExecutor tasks;
    private final Settings settings;
    private final ObjectProperty<Locale> locale;
    private final StringProperty theme;
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty();
    private final TaskExecutor.Ticker refresher;

    private final PacketsViewModel packets = new PacketsViewModel();
    private final SelectionViewModel selection;
    private final FilterViewModel filter;
    private final AnnotationsViewModel annotations;
    private final DocumentViewModel document;
    private final LiveCaptureViewModel capture;
    private final ExportsViewModel exports;
    private final ConnectionsViewModel connections;

    public MainViewModel(TaskExecutor tasks, Settings settings, RunCaptureService captureService) {
        this.rawTasks = tasks;
        this.tasks = tasks("task.background");
        this.settings = settings;
        this.locale = new SimpleObjectProperty<>(UiText.supported(
                Locale.forLanguageTag(settings.get("language", Locale.getDefault().toLanguageTag()))));
        this.theme = new SimpleStringProperty(settings.get("theme", "light"));
        selection = new SelectionViewModel(packets, tasks("task.details"));
        filter = new FilterViewModel(this);
        annotations = new AnnotationsViewModel(this);
        document = new DocumentViewModel(this);
        document.loadingProperty().addListener((o, a, b) -> {
            if (!b) {
                selection.warmUp();
            }
        });
        capture = new LiveCaptureViewModel(this, captureService);
        exports = new ExportsViewModel(this);
        connections = new ConnectionsViewModel(this);
        locale.addListener((o, a, b) -> {
            settings.put("language", b.toLanguageTag());
            refresh();
        });
        theme.addListener((o, a, b) -> settings.put("theme", b));
        refresher = tasks.ticker(100, this::tick);
        status.set(text().get("status.ready"));
    }

    public PacketsViewModel packets() {
        return packets;
    }

    public SelectionViewModel selection() {
        return selection;
    }

    public FilterViewModel filter() {
        return filter;
    }

    public AnnotationsViewModel annotations() {
        return annotations;
    }

    public DocumentViewModel document() {
        return document;
    }

    public LiveCaptureViewModel capture() {
        return capture;
    }

    public ExportsViewModel exports() {
        return exports;
    }

    public ConnectionsViewModel connections() {
        return connections;
    }

    private org.layerscope.ui.LessonViewModel lesson;

    /** Lesson mode (created on first use). */
    public org.layerscope.ui.LessonViewModel lesson() {
        if (lesson == null) {
            lesson = new org.layerscope.ui.LessonViewModel(this, tasks("task.lesson"));
        }
        return lesson;
    }

    public UiText text() {
        return UiText.of(locale.get());
    }

    public Palette palette() {
        return Palette.named(theme.get());
    }

    TaskExecutor tasks() {
        return tasks;
    }

    /**
     * The executor for one kind of work ({@code task.load}, {@code task.filter}, ... : a bundle key naming it): a
     * {@code Throwable} escaping one of its tasks ends up in {@link #failed}.
     */
    TaskExecutor tasks(String kind) {
        return new GuardedTaskExecutor(rawTasks, e -> failed(kind, e));
    }

    /**
     * Background work of {@code kind} died of {@code e} (any thread): on the UI thread, what it kept busy is reset
     * (loading, filtering, capturing, building a lesson) and the message says what happened and what to do.
     */
    void failed(String kind, Throwable e) {
        String msg;
        try {
            msg = TaskFailure.describe(text(), kind, e);
        } catch (Throwable again) {
            msg = String.valueOf(e); // the bundle itself failed: still say something
        }
        String m = msg;
        rawTasks.ui(() -> {
            try {
                switch (kind) {
                    case "task.load" -> document.loadFailed();
                    case "task.filter" -> filter.failed();
                    case "task.capture" -> capture.failed();
                    case "task.lesson" -> {
                        if (lesson != null) {
                            lesson.failed();
                        }
                    }
                    default -> {
                        // nothing kept busy: saving, exports, details, autosave
                    }
                }
            } finally {
                status.set(m);
                message.set(m);
            }
        });
    }

    Settings settings() {
        return settings;
    }

    /** Whether rows are being added right now (a file loads or a capture runs). */
    public boolean busy() {
        return document.loadingProperty().get() || capture.capturingProperty().get();
    }

    /** Shows another table: nothing selected, no rows filtered yet, no rows published yet. */
    void show(PacketTable t) {
        selection.invalidate();
        filter.reset();
        packets.annotationsChanged();
        selection.clear();
        packets.reset(t);
    }

    void startRefresh() {
        refresher.start();
    }

    /** Loading or capturing ended: the last rows are published, the filter and the autosave catch up. */
    void settled() {
        refresher.stop();
        refresh();
        packets.annotationsChanged();
        filter.reapply();
        annotations.settled();
    }

    /**
     * While a file loads, rows are published every {@value #LOADING_REFRESH_MILLIS} ms only: each publication
     * lays out and repaints the list, status bar and progress (software rendering: 20-40 ms of the FX thread and
     * the renderer), CPU the analysis needs on two cores (bench/README.md, "Fourth run").
     */
    static final long LOADING_REFRESH_MILLIS = 250;
    private long lastRefresh;

    private void tick() {
        if (document.activeLoader() != null
                && System.nanoTime() - lastRefresh < LOADING_REFRESH_MILLIS * 1_000_000L - 20_000_000L) {
            return;
        }
        refresh();
    }

    /** Publishes new rows, progress and log lines to the views (FX thread, at most 10 times a second). */
    void refresh() {
        lastRefresh = System.nanoTime();
        packets.publish();
        capture.drainLog();
        PacketTable t = packets.table();
        UiText tx = text();
        CaptureLoader loader = document.activeLoader();
        if (loader != null) {
            document.progressProperty().set(loader.progress());
            status.set(tx.get("status.loading", loader.file().getFileName(), t.size()));
        } else if (capture.capturingProperty().get()) {
            status.set(tx.get("status.capturing", t.size()));
        } else if (document.fileProperty().get() != null) {
            status.set(tx.get("status.loaded", t.size(), t.connectionCount()) + document.keyLogNote(tx));
        }
    }

    /** Puts {@code value} first in a most-recent-first list of at most {@code max} entries, kept in the settings. */
    void pushRecent(ObservableList<String> list, String value, int max, String key) {
        list.remove(value);
        list.add(0, value);
        while (list.size() > max) {
            list.remove(list.size() - 1);
        }
        settings.putList(key, list);
    }

    /** The sample captures shipped with the project, if found near the working directory. */
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

    public ObjectProperty<Locale> localeProperty() {
        return locale;
    }

    public StringProperty themeProperty() {
        return theme;
    }

    public StringProperty statusProperty() {
        return status;
    }

    /** A one-line message for a dialog (set, shown, then cleared by the view). */
    public StringProperty messageProperty() {
        return message;
    }
}
