package org.layerscope.ui;

import javafx.geometry.Orientation;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.ScrollBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import org.layerscope.render.LadderRenderer;

/** The ladder diagram of the selected packet's connection; click an arrow to select its packet. */
final class LadderView {
    private final MainViewModel vm;
    private final BorderPane root = new BorderPane();
    private final Canvas canvas = new Canvas(300, 200);
    private boolean shown = true;
    private boolean stale;
    private final ScrollBar bar = new ScrollBar();
    private LadderRenderer renderer;

    LadderView(MainViewModel vm, Disposer d) {
        this.vm = vm;
        Pane holder = new Pane(canvas);
        holder.setMinSize(50, 50);
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        canvas.widthProperty().addListener(o -> redraw());
        canvas.heightProperty().addListener(o -> {
            updateBar();
            redraw();
        });
        canvas.setId("ladder-canvas");
        root.setCenter(holder);
        bar.setOrientation(Orientation.VERTICAL);
        bar.valueProperty().addListener(o -> redraw());
        root.setRight(bar);
        canvas.setOnScroll(e -> bar.setValue(Math.max(0, Math.min(bar.getMax(), bar.getValue() - e.getDeltaY()))));
        canvas.setOnMouseClicked(e -> {
            int row = renderer().rowAt(e.getY() + bar.getValue());
            if (row >= 0) {
                vm.selection().select(row);
            }
        });
        d.invalidated(vm.packets().tableProperty(), o -> {
            renderer = null;
            redraw();
        });
        d.invalidated(vm.themeProperty(), o -> {
            renderer = null;
            redraw();
        });
        d.invalidated(vm.selection().selectedRowProperty(), o -> update());
        d.invalidated(vm.filter().rowFilterProperty(), o -> {
            renderer = null;
            update();
        });
        d.invalidated(vm.packets().annotationsProperty(), o -> {
            renderer = null;
            update();
        });
        d.invalidated(vm.packets().revisionProperty(), o -> {
            if (vm.busy()) {
                update();
            }
        });
        update();
    }

    BorderPane root() {
        return root;
    }

    LadderRenderer renderer() {
        if (renderer == null) {
            renderer = new LadderRenderer(vm.packets().table(), vm.palette(), vm.text());
            RowFilter f = vm.filter().rowFilterProperty().get();
            renderer.visible(f == null ? null : f.set());
        }
        return renderer;
    }

    /** Whether the ladder's tab is shown: the ladder follows the selection only then (or when it is shown again). */
    void shown(boolean on) {
        shown = on;
        if (on && stale) {
            update();
        }
    }

    private void update() {
        if (!shown) {
            stale = true; // a connection's rows are looked up when the ladder is seen, not at every selection
            return;
        }
        stale = false;
        int row = vm.selection().selectedRowProperty().get();
        int stream = row >= 0 && row < vm.packets().table().size() ? vm.packets().table().stream(row) : -1;
        if (stream != renderer().stream() || vm.busy()) {
            renderer().connection(stream);
            bar.setValue(0);
        }
        updateBar();
        int idx = renderer().indexOf(row);
        if (idx >= 0) {
            double y = idx * LadderRenderer.ROW_H;
            double visible = canvas.getHeight() - LadderRenderer.TOP;
            if (y < bar.getValue() || y > bar.getValue() + visible - LadderRenderer.ROW_H) {
                bar.setValue(Math.max(0, Math.min(bar.getMax(), y - visible / 3)));
            }
        }
        redraw();
    }

    private void updateBar() {
        double max = Math.max(0, renderer().contentHeight() - canvas.getHeight());
        bar.setMax(max);
        bar.setVisibleAmount(Math.max(1, canvas.getHeight()));
        bar.setDisable(max == 0);
    }

    void redraw() {
        if (canvas.getWidth() <= 0 || canvas.getHeight() <= 0) {
            return;
        }
        renderer().render(new FxGfx(canvas.getGraphicsContext2D()), canvas.getWidth(), canvas.getHeight(), bar.getValue(),
                vm.selection().selectedRowProperty().get());
    }
}
