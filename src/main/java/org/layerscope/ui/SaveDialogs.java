package org.layerscope.ui;

import java.io.File;
import java.nio.file.Path;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import org.layerscope.session.CaptureSaver;
import org.layerscope.session.PacketTable;
import org.layerscope.session.UiText;

/**
 * The file choosers for Open, Save As and exports, with the naming rules of {@link FileNames}: Save As
 * offers pcapng (which keeps comments) and warns before a pcap file drops them.
 */
final class SaveDialogs {
    private final MainViewModel vm;
    private final Dialogs dialogs;
    private final UiText t;

    SaveDialogs(MainViewModel vm, Dialogs dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
        this.t = dialogs.text();
    }

    /** A chooser for capture files, in the folder of the most recent one. */
    FileChooser captureChooser(String titleKey) {
        FileChooser fc = new FileChooser();
        fc.setTitle(t.get(titleKey));
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter(t.get("dialog.filter.captures"), "*.pcap", "*.pcapng", "*.cap", "*.gz"),
                new FileChooser.ExtensionFilter(t.get("dialog.filter.all"), "*"));
        if (!vm.document().recentFiles().isEmpty()) {
            File dir = new File(vm.document().recentFiles().get(0)).getParentFile();
            if (dir != null && dir.isDirectory()) {
                fc.setInitialDirectory(dir);
            }
        }
        return fc;
    }

    /** Starts a chooser in the open file's folder. */
    private void besideCurrent(FileChooser fc) {
        Path current = vm.document().fileProperty().get();
        if (current != null && current.toAbsolutePath().getParent() != null) {
            fc.setInitialDirectory(current.toAbsolutePath().getParent().toFile());
        }
    }

    /**
     * Asks for the name to save to: pcapng keeps everything; pcap warns that comments cannot be kept
     * there (and offers pcapng instead). Null when the user cancelled.
     */
    Path askSaveTarget() {
        FileChooser fc = new FileChooser();
        fc.setTitle(t.get("dialog.save.title"));
        FileChooser.ExtensionFilter pcapng = new FileChooser.ExtensionFilter(t.get("dialog.filter.pcapng"), "*.pcapng");
        FileChooser.ExtensionFilter pcap = new FileChooser.ExtensionFilter(t.get("dialog.filter.pcap"), "*.pcap");
        fc.getExtensionFilters().addAll(pcapng, pcap);
        fc.setInitialFileName(FileNames.saveName(vm.document().fileProperty().get()));
        besideCurrent(fc);
        File f = fc.showSaveDialog(dialogs.owner());
        if (f == null) {
            return null;
        }
        Path p = FileNames.saveTarget(f.toPath(), fc.getSelectedExtensionFilter() == pcap);
        PacketTable table = vm.packets().table();
        if (CaptureSaver.isPcap(p) && CaptureSaver.hasComments(table)) {
            ButtonType asPcapng = new ButtonType(t.get("dialog.pcap.pcapng"), ButtonBar.ButtonData.YES);
            ButtonType anyway = new ButtonType(t.get("dialog.pcap.anyway"), ButtonBar.ButtonData.NO);
            ButtonType b = dialogs.ask(Alert.AlertType.WARNING, "dialog.pcap.title", null, t.get("dialog.pcap.text"),
                    asPcapng, anyway, ButtonType.CANCEL);
            if (b == ButtonType.CANCEL) {
                return null;
            }
            if (b == asPcapng) {
                p = FileNames.asPcapng(p);
            }
        }
        return p;
    }

    /** Asks where to export: {@code name} after the open file, of one type; null when cancelled. */
    Path askExportTarget(String filterKey, String pattern, String name) {
        FileChooser fc = new FileChooser();
        fc.setTitle(t.get("dialog.export.title"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(t.get(filterKey), pattern));
        fc.setInitialFileName(FileNames.exportName(vm.document().fileProperty().get(), name));
        besideCurrent(fc);
        File f = fc.showSaveDialog(dialogs.owner());
        return f == null ? null : f.toPath();
    }

    /** Asks where to write the timeline image (PNG or SVG); null when cancelled. */
    Path askImageTarget() {
        FileChooser fc = new FileChooser();
        fc.setTitle(t.get("dialog.export.title"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(t.get("dialog.filter.image"), "*.png", "*.svg"));
        fc.setInitialFileName("timeline.png");
        File f = fc.showSaveDialog(dialogs.owner());
        return f == null ? null : f.toPath();
    }

    /** Asks for a key log file beside the open capture; null when cancelled. */
    Path askKeyLog(Path current) {
        FileChooser fc = new FileChooser();
        fc.setTitle(t.get("dialog.keylog.title"));
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter(t.get("dialog.filter.keylog"), "*.keylog", "*.txt", "*.log"),
                new FileChooser.ExtensionFilter(t.get("dialog.filter.all"), "*"));
        if (current.getParent() != null) {
            fc.setInitialDirectory(current.toAbsolutePath().getParent().toFile());
        }
        File f = fc.showOpenDialog(dialogs.owner());
        return f == null ? null : f.toPath();
    }
}
