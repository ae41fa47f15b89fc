package org.layerscope.ui;

import java.util.List;
import java.util.Locale;
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
import org.layerscope.analysis.Messages;
import org.layerscope.session.PacketTable;
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
            @Override
            protected void updateItem(ConnectionSummary c, boolean empty) {
                super.updateItem(c, empty);
                setTooltip(empty || c == null ? null
                        : new javafx.scene.control.Tooltip(c.verdict() + "\n" + Messages.verdict(vm.localeProperty().get(), c)));
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
                int row = vm.table().decidingRow(b.stream());
                if (row < 0) {
                    row = vm.table().connection(b.stream()).firstRow();
                }
                vm.select(row);
            }
        });
        root.setOrientation(Orientation.VERTICAL);
        root.getItems().addAll(table, new BorderPane(details));
        root.setDividerPositions(0.45);
        d.invalidated(vm.annotationsProperty(), o -> fill());
        d.invalidated(vm.tableProperty(), o -> fill());
        d.invalidated(vm.selectedRowProperty(), o -> follow());
        fill();
    }

    SplitPane root() {
        return root;
    }

    TableView<ConnectionSummary> table() {
        return table;
    }

    private void fill() {
        List<ConnectionSummary> l = vm.table().summaries();
        updating = true;
        try {
            table.setItems(FXCollections.observableArrayList(l));
        } finally {
            updating = false;
        }
        follow();
    }

    /** Shows the connection of the selected packet. */
    private void follow() {
        PacketTable t = vm.table();
        int row = vm.selectedRowProperty().get();
        if (row < 0 || row >= t.size()) {
            return;
        }
        int s = t.stream(row);
        for (ConnectionSummary c : table.getItems()) {
            if (c.stream() == s && table.getSelectionModel().getSelectedItem() != c) {
                updating = true;
                try {
                    table.getSelectionModel().select(c);
                } finally {
                    updating = false;
                }
            }
        }
    }

    /** The plain-language summary of one connection. */
    String describe(ConnectionSummary c) {
        UiText t = vm.text();
        Locale l = vm.localeProperty().get();
        StringBuilder sb = new StringBuilder();
        sb.append(t.get("connections.d.title", c.stream(), c.client(), c.server())).append('\n');
        if (c.clientInferred()) {
            sb.append(t.get("connections.d.inferred")).append('\n');
        }
        sb.append(t.get("connections.d.verdict", c.verdict(), c.verdictFrame())).append('\n');
        sb.append(Messages.verdict(l, c)).append("\n\n");
        sb.append(t.get("connections.d.frames", c.firstFrame(), c.lastFrame(), c.frames(), t.phase(c.reached()))).append('\n');
        if (c.tls() != null) {
            ConnectionSummary.TlsFacts f = c.tls();
            sb.append(t.get("connections.d.tls", nz(f.version()), nz(f.cipherSuite()), nz(f.sni()),
                    f.alpn().isEmpty() ? "-" : String.join(", ", f.alpn()))).append('\n');
            for (String s : f.serverCertificates()) {
                sb.append(t.get("connections.d.serverCert", s)).append('\n');
            }
            for (String s : f.clientCertificates()) {
                sb.append(t.get("connections.d.clientCert", s)).append('\n');
            }
        }
        if (c.mqttClientId() != null) {
            sb.append(t.get("connections.d.mqtt", c.mqttClientId(), c.connackCode() >= 0 ? String.valueOf(c.connackCode()) : "-"))
                    .append('\n');
        }
        ConnectionSummary.Timings tm = c.timings();
        sb.append(t.get("connections.d.timings", ms(tm.tcpHandshakeRtt()), ms(tm.tlsHandshake()), ms(tm.timeToConnack()),
                ms(tm.timeToPuback()), ms(tm.total()))).append('\n');
        ConnectionSummary.Bytes b = c.bytes();
        sb.append(t.get("connections.d.bytes", b.wire(), pct(b.headers(), b.wire()), pct(b.tls(), b.wire()),
                pct(b.mqttHeaders(), b.wire()), pct(b.payload(), b.wire())));
        return sb.toString();
    }

    private static String nz(String s) {
        return s == null ? "-" : s;
    }

    private static String ms(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    private static String pct(long part, long whole) {
        return whole <= 0 ? part + " B" : String.format(Locale.ROOT, "%d B (%.0f%%)", part, 100.0 * part / whole);
    }

    private static TableColumn<ConnectionSummary, String> column(String title, double width,
                                                                 java.util.function.Function<ConnectionSummary, String> f) {
        TableColumn<ConnectionSummary, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue() == null ? "" : f.apply(cd.getValue())));
        return c;
    }
}
