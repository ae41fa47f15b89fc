package org.layerscope.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.layerscope.session.CaptureLoader;
import org.layerscope.session.CaptureSaver;
import org.layerscope.session.MemoryBudget;
import org.layerscope.session.PacketTable;
import org.layerscope.session.UiText;
import org.layerscope.tls.keys.KeyLog;

/**
 * The open capture file: opening it (rows appear while it loads in the background), the key log it is
 * decrypted with, recovery of its autosave copy, Save and Save As, and the recent files.
 */
public final class DocumentViewModel {
    static final int MAX_RECENT = 8;
    static final long FIRST_PAINT_MILLIS = Long.getLong("layerscope.firstPaintMillis", 200);

    private final MainViewModel main;
    private final ObjectProperty<Path> file = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> keyLog = new SimpleObjectProperty<>();
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty(-1);
    private final BooleanProperty partial = new SimpleBooleanProperty();
    private final StringProperty memoryNotice = new SimpleStringProperty();
    private final ObservableList<String> recentFiles = FXCollections.observableArrayList();
    private CaptureLoader loader;

    DocumentViewModel(MainViewModel main) {
        this.main = main;
        recentFiles.setAll(main.settings().list("recent"));
    }

    /**
     * Opens a capture in the background; rows appear while it loads. A key log beside it
     * ({@code NAME.keylog}) is used to decrypt its TLS sessions.
     */
    public void open(Path path) {
        open(path, CaptureLoader.siblingKeyLog(path));
    }

    /** Opens a capture, decrypting its TLS sessions with an NSS key log file (or none: null). */
    public void open(Path path, Path keyLogFile) {
        KeyLog keys = new KeyLog();
        if (keyLogFile != null) {
            try {
                keys.addAll(keyLogFile);
            } catch (IOException | RuntimeException e) {
                main.messageProperty().set(main.text().get("dialog.error.keylog", keyLogFile.getFileName(), e.getMessage()));
                keyLogFile = null;
            }
        }
        keyLog.set(keyLogFile);
        cancelLoad();
        main.capture().stopCapture();
        startLoad(path, path, keys, false);
        main.annotations().offerRecovery(path);
    }

    /**
     * Opens the autosave copy of {@code original} (the annotations that were not saved when the app ended):
     * its packets and comments are shown, the window's file stays {@code original}, so Save writes there.
     */
    public void recover(Path original, Path copy) {
        cancelLoad();
        main.capture().stopCapture();
        KeyLog keys = new KeyLog();
        Path sibling = CaptureLoader.siblingKeyLog(original);
        if (sibling != null) {
            try {
                keys.addAll(sibling);
            } catch (IOException | RuntimeException e) {
                sibling = null;
            }
        }
        keyLog.set(sibling);
        startLoad(copy, original, keys, true);
    }

    private void startLoad(Path path, Path shownAs, KeyLog keys, boolean recovered) {
        CaptureLoader l = new CaptureLoader(path, keys).memoryBudget(MemoryBudget.heap());
        loader = l;
        main.capture().detach();
        main.show(l.table());
        file.set(shownAs);
        main.annotations().reset(shownAs, recovered);
        partial.set(false);
        memoryNotice.set(null);
        loading.set(true);
        progress.set(0);
        addRecent(shownAs);
        main.startRefresh();
        TaskExecutor tasks = main.tasks("task.load");
        l.onFirstRows(() -> {
            // publish the first rows at once, and give the FX thread and the renderer the CPU for the first
            // paint before the bulk of the analysis (on two cores they would otherwise compete)
            CountDownLatch shown = new CountDownLatch(1);
            tasks.ui(() -> {
                main.refresh();
                tasks.ui(shown::countDown);
            });
            try {
                shown.await(1, TimeUnit.SECONDS);
                Thread.sleep(FIRST_PAINT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        tasks.background(() -> {
            String error = null;
            boolean outOfMemory = false;
            try {
                l.run();
            } catch (OutOfMemoryError e) {
                error = null; // the rows read so far stay; loadFinished says the memory ran out (the budget's notice)
                outOfMemory = true;
            } catch (Exception e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage();
            } // another Error goes to MainViewModel.failed: loadFailed and a message
            String err = error;
            boolean oom = outOfMemory;
            tasks.ui(() -> loadFinished(l, err, oom));
        });
    }

    private void loadFinished(CaptureLoader l, String error, boolean outOfMemory) {
        if (loader != l) {
            return;
        }
        loading.set(false);
        boolean limited = outOfMemory || l.memoryLimited();
        partial.set(l.cancelled() || error != null || limited);
        main.settled();
        UiText t = main.text();
        if (error != null) {
            main.messageProperty().set(t.get("dialog.error.open", l.file().getFileName(), error));
        }
        int rows = main.packets().rowsProperty().get();
        if (limited) {
            // the heap cannot hold the whole file: keep what is shown, and say so until another file opens
            String notice = t.get("status.memoryLimited", rows, Runtime.getRuntime().maxMemory() >> 20);
            memoryNotice.set(notice);
            main.statusProperty().set(notice);
            main.packets().requestFit();
            return;
        }
        main.statusProperty().set((l.cancelled() ? t.get("status.cancelled", rows)
                : t.get("status.loaded", rows, main.packets().table().connectionCount())) + keyLogNote(t));
        main.packets().requestFit();
    }

    /** Loading died of an Error (see {@link MainViewModel#failed}): what was read stays, marked partial. */
    void loadFailed() {
        CaptureLoader l = loader;
        if (l == null || !loading.get()) {
            return;
        }
        l.cancel();
        loading.set(false);
        partial.set(true);
        main.settled();
        main.packets().requestFit();
    }

    /** " (decrypted with NAME)" when a key log is used, else "". */
    String keyLogNote(UiText t) {
        return keyLog.get() != null ? t.get("status.keylog", keyLog.get().getFileName()) : "";
    }

    /** The loader of the file being opened, while it loads (for its progress), else null. */
    CaptureLoader activeLoader() {
        return loading.get() ? loader : null;
    }

    public void cancelLoad() {
        if (loader != null && !loader.done()) {
            loader.cancel();
        }
    }

    /** No file is shown (a live capture started). */
    void close() {
        cancelLoad();
        loader = null;
        file.set(null);
        partial.set(false);
        memoryNotice.set(null);
    }

    /** A live capture saved its packets in {@code saved}: Save writes the comments into it, recent files remember it. */
    void adopt(Path saved) {
        file.set(saved);
        main.annotations().follow(saved);
        addRecent(saved);
    }

    private void addRecent(Path path) {
        main.pushRecent(recentFiles, path.toAbsolutePath().normalize().toString(), MAX_RECENT, "recent");
    }

    public void clearRecent() {
        recentFiles.clear();
        main.settings().putList("recent", recentFiles);
    }

    /** Whether the capture was decrypted with TLS secrets (the window then asks whether to embed them). */
    public boolean hasSecrets() {
        PacketTable t = main.packets().table();
        return t != null && t.keyLog() != null && !t.keyLog().isEmpty();
    }

    /** Writes every packet to a pcapng file in the background, without secrets; calls {@code done} on the FX thread. */
    public void saveAs(Path path, Consumer<String> done) {
        saveAs(path, false, done);
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
    public void saveAs(Path path, boolean embedSecrets, BiConsumer<Boolean, String> done) {
        PacketsViewModel packets = main.packets();
        PacketTable t = packets.table();
        long gen = packets.annotationsProperty().get();
        main.tasks("task.save").background(() -> {
            String result;
            boolean ok = false;
            boolean dropped = false;
            try {
                CaptureSaver.Result r = CaptureSaver.save(t, path, embedSecrets);
                dropped = r.commentsDropped();
                result = main.text().get(dropped ? "dialog.saved.noComments" : "dialog.saved", r.frames(), path);
                ok = true;
            } catch (Exception e) {
                result = main.text().get("dialog.error.save", path, e.getMessage() == null ? e.toString() : e.getMessage());
            }
            String res = result;
            boolean saved = ok;
            boolean lostComments = dropped;
            main.tasks().ui(() -> {
                if (saved && packets.table() == t && !lostComments) {
                    file.set(path);
                    addRecent(path);
                    main.annotations().saved(path, packets.annotationsProperty().get() == gen);
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
        if (f == null || partial.get() || main.busy()) {
            return false;
        }
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".pcapng") || n.endsWith(".ntar");
    }

    /** Save: writes the open pcapng file in place (through a temporary file renamed over it). */
    public void save(BiConsumer<Boolean, String> done) {
        saveAs(file.get(), false, done);
    }

    public ObjectProperty<Path> fileProperty() {
        return file;
    }

    /** The key log file the open capture is decrypted with, or null. */
    public ObjectProperty<Path> keyLogProperty() {
        return keyLog;
    }

    public BooleanProperty loadingProperty() {
        return loading;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    /** The table holds only part of the file (loading cancelled or failed): Save in place is refused. */
    public BooleanProperty partialProperty() {
        return partial;
    }

    /**
     * Why only part of the file is shown (the heap could not hold all of it), or null: stays shown until
     * another file or a capture replaces it.
     */
    public StringProperty memoryNoticeProperty() {
        return memoryNotice;
    }

    public ObservableList<String> recentFiles() {
        return recentFiles;
    }
}
