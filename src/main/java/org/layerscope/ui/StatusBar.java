package org.layerscope.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.layerscope.model.Phase;
import org.layerscope.render.TimelineRenderer;
import org.layerscope.session.UiText;

/** The status bar: the status line, loading progress with Cancel, packets per phase, dropped packets. */
final class StatusBar {
    private StatusBar() {
    }

    static Node create(MainViewModel vm, Disposer disposer) {
        UiText t = vm.text();
        DocumentViewModel doc = vm.document();
        Label status = new Label();
        status.setId("status");
        status.textProperty().bind(vm.statusProperty());
        ProgressBar progress = new ProgressBar();
        progress.setId("load-progress");
        progress.progressProperty().bind(doc.progressProperty());
        progress.visibleProperty().bind(doc.loadingProperty());
        progress.managedProperty().bind(doc.loadingProperty());
        progress.setPrefWidth(160);
        Button cancel = new Button(t.get("status.cancel"));
        cancel.setId("load-cancel");
        cancel.setOnAction(e -> doc.cancelLoad());
        cancel.visibleProperty().bind(doc.loadingProperty());
        cancel.managedProperty().bind(doc.loadingProperty());
        HBox phases = new HBox(10);
        phases.setId("phase-counts");
        phases.setAlignment(Pos.CENTER_LEFT);
        Label title = new Label(t.get("status.phases"));
        Label[] counts = new Label[Phase.values().length];
        phases.getChildren().add(title);
        for (Phase p : Phase.values()) {
            Canvas c = new Canvas(12, 12);
            FxGfx g = new FxGfx(c.getGraphicsContext2D());
            g.color(vm.palette().phase(p));
            TimelineRenderer.drawShape(g, p, 6, 6, 10);
            Label l = new Label();
            l.setId("count-" + p.id());
            counts[p.ordinal()] = l;
            HBox one = new HBox(3, c, l);
            one.setAlignment(Pos.CENTER_LEFT);
            phases.getChildren().add(one);
        }
        Label memory = new Label();
        memory.setId("memory-notice");
        memory.getStyleClass().add("memory-notice");
        memory.setWrapText(true);
        memory.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> java.util.Objects.requireNonNullElse(doc.memoryNoticeProperty().get(), ""),
                doc.memoryNoticeProperty())); // never null: code that reads every label's text expects one
        memory.visibleProperty().bind(doc.memoryNoticeProperty().isNotNull());
        memory.managedProperty().bind(memory.visibleProperty());
        Label drops = new Label();
        drops.setId("drops");
        Runnable update = () -> {
            long[] n = vm.packets().table().phaseCounts();
            for (Phase p : Phase.values()) {
                counts[p.ordinal()].setText(t.phase(p) + " " + n[p.ordinal()]);
            }
            long dropped = vm.capture().dropsProperty().get();
            drops.setText(dropped > 0 ? t.get("status.drops", dropped) : "");
        };
        update.run();
        disposer.invalidated(vm.packets().revisionProperty(), o -> update.run());
        disposer.invalidated(vm.capture().dropsProperty(), o -> update.run());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        status.visibleProperty().bind(doc.memoryNoticeProperty().isNull());
        status.managedProperty().bind(status.visibleProperty());
        HBox bar = new HBox(10, memory, status, progress, cancel, spacer, phases, drops);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(3, 8, 3, 8));
        bar.getStyleClass().add("status-bar");
        return bar;
    }
}
