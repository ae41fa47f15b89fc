package org.layerscope.ui;

import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import org.layerscope.analysis.ConnectionSummary;
import org.layerscope.session.UiText;

/**
 * The Connections tab: one row per TCP connection with how far it got, its verdict (the stable code, for
 * scripts and bug reports) and the frame that decided it; below, the whole summary of the selected
 * connection in plain language: TLS facts, certificates, MQTT client id, timings, bytes per layer.
 * Selecting a connection selects its deciding packet (marked on the timeline and the ladder).
 */
final class ConnectionsView {
    private final MainViewModel vm;
    private final SplitPane root = new SplitPane();
    private final TableView<ConnectionSummary> table = new TableView<>();
    private final TextArea details = new TextArea();
    private boolean updating;

    ConnectionsView(MainViewModel vm, Disposer d) {
        this.vm = vm;
        UiText t = vm.text();
        table.setId("connections-table");
        table.setPlaceholder(new Label(t.get("connections.empty")));
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.getColumns().add(column("#", 30, c -> String.valueOf(c.stream())));
        TableColumn<ConnectionSummary, String> verdict = column(t.get("connections.verdict"), 285, ConnectionSummary::verdict);
        verdict.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String v, boolean empty) {
                super.updateItem(v, empty);
                getStyleClass().removeAll("verdict-ok", "verdict-bad", "hint");
                setText(empty ? null : v);
                if (!empty && v != null) {
                    getStyleClass().add(v.equals("ok") ? "verdict-ok" : v.equals("incomplete") ? "hint" : "verdict-bad");
                }
            }
        });
        table.getColumns().add(verdict);
        table.getColumns().add(column(t.get("connections.frame"), 75, c -> c.verdictFrame() > 0 ? "#" + c.verdictFrame() : ""));
        table.getColumns().add(column(t.get("connections.reached"), 110, c -> vm.text().phase(c.reached())));
        table.getColumns().add(column(t.get("connections.client"), 130, ConnectionSummary::client));
        table.getColumns().add(column(t.get("connections.server"), 130, ConnectionSummary::server));
        table.setRowFactory(tv -> new javafx.scene.control.TableRow<>() {
            /** The row's one tooltip, its text changed with the item (a new one per item made a popup each time). */
            private final javafx.scene.control.Tooltip tooltip = new javafx.scene.control.Tooltip();

            @Override
            protected void updateItem(ConnectionSummary c, boolean empty) {
                super.updateItem(c, empty);
                if (!empty && c != null) {
                    tooltip.setText(c.verdict() + "\n" + vm.connections().verdictText(c));
                }
                setTooltip(empty || c == null ? null : tooltip);
            }
        });
        for (TableColumn<ConnectionSummary, ?> c : table.getColumns()) {
            c.setSortable(false);
        }
        details.setId("connection-details");
        details.setEditable(false);
        details.setWrapText(true);
        details.getStyleClass().add("connection-details");
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            details.setText(b == null ? "" : describe(b));
            if (b != null && !updating) {
                vm.connections().show(b);
            }
        });
        root.setOrientation(Orientation.VERTICAL);
        root.getItems().addAll(table, new BorderPane(details));
        root.setDividerPositions(0.45);
        d.invalidated(vm.packets().annotationsProperty(), o -> fill());
        d.invalidated(vm.packets().tableProperty(), o -> fill());
        d.invalidated(vm.selection().selectedRowProperty(), o -> follow());
        fill();
    }

    SplitPane root() {
        return root;
    }

    TableView<ConnectionSummary> table() {
        return table;
    }

    private void fill() {
        List<ConnectionSummary> l = vm.connections().summaries();
        updating = true;
        try {
            table.setItems(FXCollections.observableArrayList(l));
        } finally {
            updating = false;
        }
        follow();
    }

    /** Shows the connection of the selected packet. */
    /** Whether the panel's tab is shown; while it is not, the selected packet's connection is selected later. */
    private boolean shown = true;
    private boolean stale;

    /** The panel's tab was shown ({@code on}) or hidden: a hidden panel follows the selection once shown again. */
    void shown(boolean on) {
        shown = on;
        if (on && stale) {
            follow();
        }
    }

    private void follow() {
        if (!shown) {
            stale = true; // no selection (and no description of a connection) in a panel nobody sees
            return;
        }
        stale = false;
        int s = vm.connections().selectedStream();
        if (s < 0) {
            return;
        }
        for (ConnectionSummary c : table.getItems()) {
            if (c.stream() == s && table.getSelectionModel().getSelectedItem() != c) {
                updating = true;
                try {
                    table.getSelectionModel().select(c);
                    table.scrollTo(c); // among hundreds of connections, the one selected is in view
                } finally {
                    updating = false;
                }
            }
        }
    }

    /** The plain-language summary of one connection. */
    String describe(ConnectionSummary c) {
        return vm.connections().describe(c);
    }

    private static TableColumn<ConnectionSummary, String> column(String title, double width,
                                                                 java.util.function.Function<ConnectionSummary, String> f) {
        TableColumn<ConnectionSummary, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue() == null ? "" : f.apply(cd.getValue())));
        return c;
    }
}
