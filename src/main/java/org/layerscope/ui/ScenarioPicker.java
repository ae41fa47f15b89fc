package org.layerscope.ui;

import java.util.List;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import org.layerscope.session.UiText;

/**
 * The scenario lab's picker beside Run &amp; Capture: "What should go wrong?" and a button that stages the chosen
 * failure on the embedded broker, captures it and shows it in one click (the Connections panel gives the verdict,
 * the timeline marks the deciding packet). Shown only when the capture engine can stage scenarios.
 */
final class ScenarioPicker {
    private final LiveCaptureViewModel cap;
    private final UiText t;
    private final BooleanSupplier confirmDiscard;

    ScenarioPicker(LiveCaptureViewModel cap, UiText t, BooleanSupplier confirmDiscard) {
        this.cap = cap;
        this.t = t;
        this.confirmDiscard = confirmDiscard;
    }

    /** The label, the list of scenarios and the Stage button; nothing when the engine has no scenarios. */
    List<Node> nodes() {
        List<String> names = cap.service().scenarios();
        if (names.isEmpty()) {
            return List.of();
        }
        Label label = new Label(t.get("scenario.picker.label"));
        label.getStyleClass().add("toolbar-label");
        ComboBox<String> list = new ComboBox<>();
        list.setId("scenario");
        list.getItems().setAll(names);
        list.valueProperty().bindBidirectional(cap.scenarioProperty());
        list.setButtonCell(new Cell(false));
        list.setCellFactory(v -> new Cell(true));
        // as wide as a name: the open list shows the descriptions, the toolbar stays short (a projector's 1024 px)
        list.setPrefWidth(200);
        list.setMaxWidth(200);
        list.setTooltip(new Tooltip(t.get("scenario.picker.tip")));
        label.setLabelFor(list);
        Button stage = new Button(t.get("scenario.picker.stage"));
        stage.setId("stage-scenario");
        stage.setTooltip(new Tooltip(t.get("scenario.picker.tip")));
        stage.disableProperty().bind(cap.capturingProperty());
        list.disableProperty().bind(cap.capturingProperty());
        stage.setOnAction(e -> {
            if (confirmDiscard.getAsBoolean()) {
                cap.stage(list.getValue());
            }
        });
        return List.of(label, list, stage);
    }

    /** A scenario's name; in the open list also its one-line description. */
    private final class Cell extends ListCell<String> {
        private final boolean described;

        Cell(boolean described) {
            this.described = described;
        }

        @Override
        protected void updateItem(String name, boolean empty) {
            super.updateItem(name, empty);
            if (empty || name == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            String description = t.get("scenario." + name);
            setText(described ? name + " \u2014 " + description : name);
            setTooltip(new Tooltip(description));
        }
    }
}
