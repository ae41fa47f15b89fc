package org.layerscope.ui;

import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.layerscope.analysis.Messages;
import org.layerscope.analysis.PacketResult;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Phase;
import org.layerscope.session.LayerBreakdown;
import org.layerscope.session.UiText;
import org.layerscope.render.TimelineRenderer;

/**
 * The selected packet in plain language: its phase (colour, shape and name), its label, the explanation
 * from the analysis bundle, and its layers drawn as nested boxes with their byte counts.
 */
final class ExplanationView {
    private final MainViewModel vm;
    private final VBox box = new VBox(8);
    private final ScrollPane root = new ScrollPane(box);

    ExplanationView(MainViewModel vm, Disposer d) {
        this.vm = vm;
        box.setPadding(new Insets(10));
        box.getStyleClass().add("explanation");
        box.setId("explanation");
        root.setFitToWidth(true);
        d.listen(vm.selection().selectedProperty(), (o, a, b) -> {
            long t0 = System.nanoTime();
            show(b);
            vm.selection().spent(SelectionViewModel.Stage.EXPLANATION, System.nanoTime() - t0);
        });
        show(vm.selection().selectedProperty().get());
    }

    ScrollPane root() {
        return root;
    }

    VBox box() {
        return box;
    }

    private void show(PacketResult r) {
        UiText t = vm.text();
        box.getChildren().clear();
        int row = vm.selection().selectedRowProperty().get();
        if (r == null || row < 0 || row >= vm.packets().table().size()) {
            Label none = new Label(t.get("explanation.none"));
            none.setWrapText(true);
            none.getStyleClass().add("hint");
            box.getChildren().add(none);
            return;
        }
        Phase phase = vm.packets().table().phase(row);
        Canvas swatch = new Canvas(14, 14);
        FxGfx g = new FxGfx(swatch.getGraphicsContext2D());
        g.color(vm.palette().phase(phase));
        TimelineRenderer.drawShape(g, phase, 7, 7, 11);
        Label ph = new Label(t.get("explanation.phase", t.phase(phase)
                + (vm.packets().table().phaseInferred(row) ? " " + t.get("phase.inferred") : "")));
        ph.getStyleClass().addAll("phase-chip", "phase-" + phase.id());
        ph.setId("explanation-phase");
        HBox phaseLine = new HBox(6, swatch, ph);
        phaseLine.setAlignment(Pos.CENTER_LEFT);
        Label label = new Label(t.get("explanation.label", vm.packets().table().label(row)));
        label.getStyleClass().add("explanation-label");
        label.setWrapText(true);
        Label text = new Label(Messages.explanation(t.locale(), r));
        text.setWrapText(true);
        text.setId("explanation-text");
        text.getStyleClass().add("explanation-text");
        box.getChildren().addAll(phaseLine, label, text);

        Label layersTitle = new Label(t.get("explanation.layers"));
        layersTitle.getStyleClass().add("section-title");
        box.getChildren().addAll(layersTitle, nested(LayerBreakdown.of(r, t)));

        List<ExpertItem> expert = r.expert();
        if (!expert.isEmpty()) {
            Label et = new Label(t.get("explanation.expert"));
            et.getStyleClass().add("section-title");
            box.getChildren().add(et);
            for (ExpertItem e : expert) {
                Label l = new Label("[" + e.severity().id() + "] " + e.text());
                l.setWrapText(true);
                l.getStyleClass().add("expert-" + e.severity().id());
                box.getChildren().add(l);
            }
        }
    }

    /** Boxes nested by depth: each layer's box holds the boxes of the layers inside it. */
    private static VBox nested(List<LayerBreakdown.Layer> layers) {
        VBox outer = null;
        VBox[] open = new VBox[16];
        for (LayerBreakdown.Layer l : layers) {
            VBox b = new VBox(4);
            b.getStyleClass().addAll("layer-box", "layer-" + l.kind());
            b.setPadding(new Insets(4, 6, 6, 6));
            Label c = new Label(l.caption());
            c.getStyleClass().add("layer-caption");
            c.setWrapText(true);
            b.getChildren().add(c);
            int depth = Math.min(l.depth(), 15);
            if (depth == 0 || outer == null) {
                outer = b;
            } else {
                VBox parent = null;
                for (int p = depth - 1; p >= 0 && parent == null; p--) {
                    parent = open[p];
                }
                (parent == null ? outer : parent).getChildren().add(b);
            }
            open[depth] = b;
            for (int k = depth + 1; k < open.length; k++) {
                open[k] = null;
            }
        }
        return outer == null ? new VBox() : outer;
    }
}
