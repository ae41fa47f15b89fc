package org.layerscope.ui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.layerscope.session.CaptureSaver;
import org.layerscope.session.UiText;

/**
 * The file feature of the window: Open (menu, toolbar, recent files, samples, drag and drop), the key log,
 * Save and Save As (with the question whether to embed TLS secrets), the offer to recover an autosave copy,
 * and the question before unsaved comments would be lost.
 */
final class DocumentView {
    private final MainViewModel vm;
    private final Dialogs dialogs;
    private final SaveDialogs files;
    private final UiText t;

    DocumentView(MainViewModel vm, Dialogs dialogs, SaveDialogs files, Disposer disposer) {
        this.vm = vm;
        this.dialogs = dialogs;
        this.files = files;
        this.t = dialogs.text();
        disposer.listen(vm.annotations().recoverableProperty(), (o, a, b) -> {
            if (b != null) {
                vm.annotations().recoverableProperty().set(null);
                Platform.runLater(() -> offerRecovery(vm.document().fileProperty().get(), b));
            }
        });
    }

    /** Opens a capture dropped on {@code target}. */
    void acceptDrops(Region target) {
        target.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        target.setOnDragDropped(e -> {
            List<File> dropped = e.getDragboard().getFiles();
            boolean ok = dropped != null && !dropped.isEmpty();
            if (ok) {
                Path p = dropped.get(0).toPath();
                Platform.runLater(() -> {
                    if (confirmDiscard()) {
                        vm.document().open(p);
                    }
                });
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    /** The File menu; {@code exports} is its Export submenu. */
    Menu menu(Menu exports) {
        Menu file = new Menu(t.get("menu.file"));
        file.setId("menu-file");
        MenuItem open = MainView.item(t.get("menu.file.open"), "menu-open", () -> {
            if (confirmDiscard()) {
                chooseAndOpen();
            }
        });
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        Menu recent = new Menu(t.get("menu.file.recent"));
        recent.setId("menu-recent");
        Runnable fillRecent = () -> {
            recent.getItems().clear();
            if (vm.document().recentFiles().isEmpty()) {
                MenuItem none = new MenuItem(t.get("menu.file.recent.none"));
                none.setDisable(true);
                recent.getItems().add(none);
            } else {
                for (String p : vm.document().recentFiles()) {
                    recent.getItems().add(MainView.item(p, null, () -> {
                        if (confirmDiscard()) {
                            vm.document().open(Path.of(p));
                        }
                    }));
                }
                recent.getItems().addAll(new SeparatorMenuItem(),
                        MainView.item(t.get("menu.file.recent.clear"), null, vm.document()::clearRecent));
            }
        };
        fillRecent.run();
        vm.document().recentFiles().addListener((ListChangeListener<String>) c -> fillRecent.run());
        MenuItem keylog = MainView.item(t.get("menu.file.keylog"), "menu-keylog", this::chooseKeyLog);
        MenuItem save = MainView.item(t.get("menu.file.save"), "menu-save", this::save);
        save.setAccelerator(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN));
        MenuItem saveAs = MainView.item(t.get("menu.file.saveAs"), "menu-save-as", this::chooseAndSave);
        saveAs.setAccelerator(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        MenuItem sample = MainView.item(t.get("menu.file.openSample"), "menu-sample", () -> {
            if (confirmDiscard()) {
                openSample();
            }
        });
        MenuItem quit = MainView.item(t.get("menu.file.quit"), "menu-quit", () -> {
            Window w = dialogs.owner();
            if (w != null && confirmDiscard()) {
                w.hide();
            }
        });
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        file.getItems().addAll(open, recent, sample, keylog, new SeparatorMenuItem(), save, saveAs, exports,
                new SeparatorMenuItem(), quit);
        return file;
    }

    /** The toolbar's Open button. */
    Button openButton() {
        Button open = new Button(t.get("toolbar.open"));
        open.setId("open");
        open.setOnAction(e -> {
            if (confirmDiscard()) {
                chooseAndOpen();
            }
        });
        return open;
    }

    /** The toolbar's Save button (disabled while there is nothing to save or rows are still coming). */
    Button saveButton() {
        Button save = new Button(t.get("toolbar.save"));
        save.setId("save");
        save.setOnAction(e -> save());
        save.disableProperty().bind(vm.packets().rowsProperty().isEqualTo(0).or(vm.document().loadingProperty())
                .or(vm.capture().capturingProperty()));
        return save;
    }

    /** Offers the autosave copy of a file that had unsaved annotations when the app last ended. */
    private void offerRecovery(Path original, Path copy) {
        if (original == null || !Files.isRegularFile(copy)) {
            return;
        }
        ButtonType recover = new ButtonType(t.get("dialog.recover.yes"), ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType(t.get("dialog.recover.discard"), ButtonBar.ButtonData.NO);
        ButtonType later = new ButtonType(t.get("dialog.recover.later"), ButtonBar.ButtonData.CANCEL_CLOSE);
        String when;
        try {
            when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(vm.localeProperty().get())
                    .format(LocalDateTime.ofInstant(Files.getLastModifiedTime(copy).toInstant(), ZoneId.systemDefault()));
        } catch (java.io.IOException e) {
            when = "?";
        }
        ButtonType b = dialogs.ask(Alert.AlertType.CONFIRMATION, "dialog.recover.title", null,
                t.get("dialog.recover.text", original.getFileName(), when, copy), recover, discard, later);
        if (b == recover) {
            vm.document().recover(original, copy);
        } else if (b == discard) {
            vm.annotations().discardAutosave(copy);
        }
    }

    /**
     * When there are unsaved annotations, asks whether to save them first: true when the caller may go on
     * (saved, or the user chose to discard them), false to stay.
     */
    boolean confirmDiscard() {
        if (!vm.annotations().dirtyProperty().get()) {
            return true;
        }
        ButtonType save = new ButtonType(t.get("dialog.unsaved.save"), ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType(t.get("dialog.unsaved.discard"), ButtonBar.ButtonData.NO);
        ButtonType b = dialogs.ask(Alert.AlertType.CONFIRMATION, "dialog.unsaved.title", "unsaved-dialog",
                t.get("dialog.unsaved.text"), save, discard, ButtonType.CANCEL);
        if (b == discard) {
            vm.annotations().discardChanges();
            return true;
        }
        if (b == save) {
            return saveAndWait();
        }
        return false;
    }

    /** Saves (asking for a name when needed) and waits for the write to finish; true when it succeeded. */
    private boolean saveAndWait() {
        Path target = vm.document().canSaveInPlace() ? vm.document().fileProperty().get() : files.askSaveTarget();
        if (target == null) {
            return false;
        }
        boolean[] done = {false};
        Object key = new Object();
        vm.document().saveAs(target, false, (ok, msg) -> {
            done[0] = true;
            if (!ok) {
                dialogs.info(msg);
            }
            Platform.exitNestedEventLoop(key, null);
        });
        if (!done[0]) {
            Platform.enterNestedEventLoop(key);
        }
        return !vm.annotations().dirtyProperty().get();
    }

    void chooseAndOpen() {
        File f = files.captureChooser("dialog.open.title").showOpenDialog(dialogs.owner());
        if (f != null) {
            vm.document().open(f.toPath());
        }
    }

    /** Open, starting in the samples shipped with the project. */
    void openSample() {
        FileChooser fc = files.captureChooser("dialog.open.title");
        Path samples = MainViewModel.sampleFolder();
        if (samples != null) {
            fc.setInitialDirectory(samples.toFile());
        }
        File f = fc.showOpenDialog(dialogs.owner());
        if (f != null) {
            vm.document().open(f.toPath());
        }
    }

    private void chooseKeyLog() {
        Path current = vm.document().fileProperty().get();
        if (current == null) {
            dialogs.info(t.get("dialog.keylog.nofile"));
            return;
        }
        Path keys = files.askKeyLog(current);
        if (keys != null && confirmDiscard()) {
            vm.document().open(current, keys);
        }
    }

    /** Save: in place when the open file is a whole pcapng file, else Save As. */
    private void save() {
        if (vm.document().canSaveInPlace()) {
            vm.document().save(this::saveDone);
        } else {
            chooseAndSave();
        }
    }

    private void saveDone(boolean ok, String message) {
        if (!ok) {
            dialogs.info(message);
        } else {
            vm.statusProperty().set(message);
        }
    }

    private void chooseAndSave() {
        Path p = files.askSaveTarget();
        if (p != null) {
            boolean embed = false;
            if (vm.document().hasSecrets() && !CaptureSaver.isPcap(p)) {
                // secrets are embedded only when the user says so
                ButtonType yes = new ButtonType(t.get("dialog.embed.yes"), ButtonBar.ButtonData.YES);
                ButtonType no = new ButtonType(t.get("dialog.embed.no"), ButtonBar.ButtonData.NO);
                embed = dialogs.ask(Alert.AlertType.CONFIRMATION, "dialog.embed.title", null, t.get("dialog.embed.text"),
                        no, yes) == yes;
            }
            vm.document().saveAs(p, embed, this::saveDone);
        }
    }
}
