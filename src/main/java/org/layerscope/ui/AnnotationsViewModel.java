package org.layerscope.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.layerscope.demo.LayerScopeHome;
import org.layerscope.session.CaptureSaver;
import org.layerscope.session.PacketTable;

/**
 * Comments on packets and on the whole capture, whether some are unsaved, and their autosave copy: a
 * second after the last change the whole capture with its comments is written, owner-only, to
 * {@link #autosavePath(Path)}; when that file is opened again the copy is offered for recovery.
 */
public final class AnnotationsViewModel {
    static final long AUTOSAVE_DELAY_MILLIS = Long.getLong("layerscope.autosaveDelayMillis", 1000);

    private final MainViewModel main;
    private final BooleanProperty dirty = new SimpleBooleanProperty();
    private final ObjectProperty<Path> recoverable = new SimpleObjectProperty<>();
    private final AtomicLong autosaveGeneration = new AtomicLong();
    private volatile Path autosaveFile;

    /** How long after the last change the autosave copy is written ({@code layerscope.autosaveDelayMillis}). */
    public static long autosaveDelayMillis() {
        return AUTOSAVE_DELAY_MILLIS;
    }

    AnnotationsViewModel(MainViewModel main) {
        this.main = main;
    }

    /** Adds a comment to a row. */
    public void addComment(int row, String text) {
        PacketTable t = main.packets().table();
        if (text == null || text.isBlank() || row < 0 || row >= t.size()) {
            return;
        }
        List<String> c = new ArrayList<>(t.comments(row));
        c.add(text.strip());
        setComments(row, c);
    }

    /** Replaces comment {@code index} of a row (blank text deletes it). */
    public void editComment(int row, int index, String text) {
        PacketTable t = main.packets().table();
        if (row < 0 || row >= t.size()) {
            return;
        }
        List<String> c = new ArrayList<>(t.comments(row));
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

    /** Deletes every comment of a row. */
    public void deleteComments(int row) {
        PacketTable t = main.packets().table();
        if (row >= 0 && row < t.size()) {
            for (int i = t.comments(row).size() - 1; i >= 0; i--) {
                deleteComment(row, i);
            }
        }
    }

    /** Sets the comment on the whole capture (blank: none). */
    public void captureComment(String text) {
        PacketTable t = main.packets().table();
        List<String> c = text == null || text.isBlank() ? List.of() : List.of(text.strip());
        if (!c.equals(t.sectionComments())) {
            t.sectionComments(c);
            changed();
        }
    }

    private void setComments(int row, List<String> c) {
        PacketTable t = main.packets().table();
        if (row < 0 || row >= t.size() || c.equals(t.comments(row))) {
            return;
        }
        t.setComments(row, c);
        changed();
        if (main.filter().usesComments()) {
            main.filter().reapply();
        }
    }

    private void changed() {
        dirty.set(true);
        main.packets().annotationsChanged();
        main.packets().changed();
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
            base = dir != null ? Path.of(dir) : LayerScopeHome.resolve().resolve("autosave");
        } catch (RuntimeException e) {
            return null;
        }
        String key = capture == null ? "live-capture" : capture.toAbsolutePath().normalize().toString();
        String name = capture == null ? "capture" : capture.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return base.resolve(name + "-" + Integer.toHexString(key.hashCode()) + ".autosave.pcapng");
    }

    /** The annotations now belong to {@code file} (opened, saved, or the file a live capture wrote). */
    void follow(Path file) {
        autosaveFile = file == null ? null : autosavePath(file);
    }

    /** Another capture is shown: {@code unsaved} when its comments are not in its file (a recovered copy). */
    void reset(Path file, boolean unsaved) {
        follow(file);
        dirty.set(unsaved);
    }

    /** Offers the autosave copy of a file just opened, when there is one. */
    void offerRecovery(Path file) {
        Path copy = autosavePath(file);
        if (copy != null && Files.isRegularFile(copy)) {
            recoverable.set(copy);
        }
    }

    /** The annotations were saved to {@code file} ({@code complete}: no change since the save began). */
    void saved(Path file, boolean complete) {
        Path old = autosaveFile;
        follow(file);
        if (complete) {
            dirty.set(false);
            autosaveGeneration.incrementAndGet();
            if (old != null) {
                main.tasks().background(() -> discardAutosave(old));
            }
        }
    }

    /** Loading or capturing ended: comments added meanwhile are copied now. */
    void settled() {
        if (dirty.get()) {
            scheduleAutosave();
        }
    }

    /** Writes the autosave copy a second after the last change, in the background. */
    private void scheduleAutosave() {
        long gen = autosaveGeneration.incrementAndGet();
        PacketTable t = main.packets().table();
        Path target = autosaveFile != null ? autosaveFile : autosavePath(main.document().fileProperty().get());
        autosaveFile = target;
        if (target == null || main.busy()) {
            return;
        }
        main.tasks("task.autosave").later(AUTOSAVE_DELAY_MILLIS, () -> {
            if (autosaveGeneration.get() != gen) {
                return;
            }
            try {
                LayerScopeHome.privateDirectory(target.getParent());
                CaptureSaver.saveOwnerOnly(t, target); // 0600 from its creation, not after it was written
            } catch (Exception e) {
                String m = e.getMessage();
                main.tasks().ui(() -> main.statusProperty().set(main.text().get("status.autosaveFailed", m)));
            }
        });
    }

    /** Discards an autosave copy the user did not want. */
    public void discardAutosave(Path copy) {
        try {
            Files.deleteIfExists(copy);
        } catch (IOException e) {
            // it stays; offered again next time
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

    /** Unsaved annotations exist. */
    public BooleanProperty dirtyProperty() {
        return dirty;
    }

    /** An autosave copy of the file just opened exists (the view offers to recover it), or null. */
    public ObjectProperty<Path> recoverableProperty() {
        return recoverable;
    }
}
