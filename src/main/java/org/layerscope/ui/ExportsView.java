package org.layerscope.ui;

import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Menu;
import org.layerscope.render.TimelineRenderer;
import org.layerscope.session.UiText;

/**
 * File ▸ Export: the packet list (CSV), the analysis (JSON), the connection report (Markdown) and the
 * timeline image. With a display filter applied, the window asks whether to keep to the packets it shows.
 */
final class ExportsView {
    private final MainViewModel vm;
    private final Dialogs dialogs;
    private final SaveDialogs files;
    private final TimelineView timeline;
    private final UiText t;

    ExportsView(MainViewModel vm, Dialogs dialogs, SaveDialogs files, TimelineView timeline) {
        this.vm = vm;
        this.dialogs = dialogs;
        this.files = files;
        this.timeline = timeline;
        this.t = dialogs.text();
    }

    /** What an export does once it has a file and knows whether to keep to the filtered packets. */
    @FunctionalInterface
    private interface Exporter {
        void export(Path path, boolean filteredOnly, Consumer<String> done);
    }

    Menu menu() {
        ExportsViewModel ex = vm.exports();
        Menu menu = new Menu(t.get("menu.file.export"));
        menu.setId("menu-export-menu");
        menu.getItems().addAll(
                MainView.item(t.get("menu.export.csv"), "menu-export-csv", () -> chooseExport("dialog.filter.csv", "*.csv",
                        "packets.csv", ex::exportCsv)),
                MainView.item(t.get("menu.export.json"), "menu-export-json", () -> chooseExport("dialog.filter.json", "*.json",
                        "packets.json", ex::exportJson)),
                MainView.item(t.get("menu.export.markdown"), "menu-export-markdown", () -> chooseExport("dialog.filter.markdown",
                        "*.md", "connections.md", ex::exportReport)),
                MainView.item(t.get("menu.file.exportTimeline"), "menu-export", this::chooseAndExportTimeline));
        return menu;
    }

    private void chooseAndExportTimeline() {
        Path p = files.askImageTarget();
        if (p != null) {
            double plotW = TimelineRenderer.plotWidth(timeline.canvas().getWidth());
            double from = timeline.viewport().startNanos();
            vm.exports().exportTimeline(p, from, from + plotW * timeline.viewport().nanosPerPixel(), dialogs::info);
        }
    }

    private void chooseExport(String filterKey, String pattern, String name, Exporter exporter) {
        if (vm.packets().rowsProperty().get() == 0) {
            dialogs.info(t.get("timeline.empty"));
            return;
        }
        Path target = files.askExportTarget(filterKey, pattern, name);
        if (target == null) {
            return;
        }
        boolean filtered = false;
        RowFilter rf = vm.filter().rowFilterProperty().get();
        if (rf != null) {
            ButtonType only = new ButtonType(t.get("dialog.export.filtered.yes"), ButtonBar.ButtonData.YES);
            ButtonType all = new ButtonType(t.get("dialog.export.filtered.no"), ButtonBar.ButtonData.NO);
            ButtonType b = dialogs.ask(Alert.AlertType.CONFIRMATION, "dialog.export.filtered.title", null,
                    t.get("dialog.export.filtered", rf.rows().length, vm.packets().rowsProperty().get()), only, all,
                    ButtonType.CANCEL);
            if (b == ButtonType.CANCEL) {
                return;
            }
            filtered = b == only;
        }
        exporter.export(target, filtered, dialogs::info);
    }
}
