package org.layerscope.ui;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.util.Callback;
import org.layerscope.model.Phase;
import org.layerscope.session.PacketTable;
import org.layerscope.session.UiText;

/**
 * The packet list: a virtualised table over the row numbers of the compact {@link PacketTable} (cells
 * read the columns on demand), rows tinted by phase through CSS pseudo-classes and looked-up colours.
 */
final class PacketListView {
    private static final PseudoClass[] PHASES = new PseudoClass[Phase.values().length];
    private static final PseudoClass INFERRED = PseudoClass.getPseudoClass("inferred");
    private static final PseudoClass WARN = PseudoClass.getPseudoClass("warn");
    private static final PseudoClass ANNOTATED = PseudoClass.getPseudoClass("annotated");

    static {
        for (Phase p : Phase.values()) {
            PHASES[p.ordinal()] = PseudoClass.getPseudoClass(p.id());
        }
    }

    private final MainViewModel vm;
    private final TableView<Integer> table = new TableView<>();
    private final RowList rows = new RowList();
    private boolean updating;

    PacketListView(MainViewModel vm, Disposer d) {
        this.vm = vm;
        UiText t = vm.text();
        table.setId("packet-list");
        table.getStyleClass().add("packet-list");
        table.setItems(rows);
        table.setFixedCellSize(22);
        table.setSkin(new SteadySkin(table));
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.getColumns().add(column(t.get("column.no"), 70, r -> String.valueOf(tbl().number(r)), "col-number"));
        table.getColumns().add(column("\u270e", 30, r -> {
            int n = tbl().comments(r).size();
            return n == 0 ? "" : n == 1 ? "\u270e" : "\u270e" + n;
        }, "col-note"));
        table.getColumns().get(1).setId("col-note");
        table.getColumns().add(column(t.get("column.time"), 95,
                r -> String.format(java.util.Locale.ROOT, "%.6f", tbl().time(r) / 1e9), "col-number"));
        table.getColumns().add(column(t.get("column.source"), 150, r -> endpoint(tbl().source(r), tbl().sourcePort(r)), null));
        table.getColumns().add(column(t.get("column.destination"), 150,
                r -> endpoint(tbl().destination(r), tbl().destinationPort(r)), null));
        table.getColumns().add(column(t.get("column.protocol"), 80, r -> tbl().protocol(r), null));
        table.getColumns().add(column(t.get("column.length"), 65, r -> String.valueOf(tbl().length(r)), "col-number"));
        table.getColumns().add(column(t.get("column.phase"), 150, r -> vm.text().phase(tbl().phase(r))
                + (tbl().phaseInferred(r) ? " ?" : ""), null));
        table.getColumns().add(column(t.get("column.info"), 520, r -> tbl().info(r), null));
        for (TableColumn<Integer, ?> c : table.getColumns()) {
            c.setSortable(false);
        }
        table.setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(Integer item, boolean empty) {
                super.updateItem(item, empty);
                int ph = -1;
                boolean inferred = false;
                boolean warn = false;
                boolean note = false;
                if (!empty && item != null && item < tbl().size()) {
                    ph = tbl().phaseOrdinal(item);
                    inferred = tbl().phaseInferred(item);
                    warn = (tbl().flags(item) & PacketTable.F_WARN) != 0;
                    note = tbl().hasComments(item);
                }
                pseudoClassStateChanged(ANNOTATED, note);
                for (int i = 0; i < PHASES.length; i++) {
                    pseudoClassStateChanged(PHASES[i], i == ph);
                }
                pseudoClassStateChanged(INFERRED, inferred);
                pseudoClassStateChanged(WARN, warn);
            }
        });
        table.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            int i = b.intValue();
            if (!updating && (i >= 0 || !rows.filtered())) {
                vm.selection().select(i < 0 || i >= rows.size() ? -1 : rows.get(i));
            }
        });
        d.invalidated(vm.packets().rowsProperty(), o -> rows.setSize(vm.packets().rowsProperty().get()));
        d.invalidated(vm.packets().tableProperty(), o -> {
            updating = true;
            rows.setRows(null);
            rows.setSize(0);
            updating = false;
        });
        d.invalidated(vm.filter().rowFilterProperty(), o -> {
            updating = true;
            try {
                RowFilter f = vm.filter().rowFilterProperty().get();
                rows.setRows(f == null ? null : f.rows());
                if (f == null) {
                    rows.setSize(vm.packets().rowsProperty().get());
                }
            } finally {
                updating = false;
            }
            showSelection(vm.selection().selectedRowProperty().get());
        });
        d.invalidated(vm.packets().annotationsProperty(), o -> table.refresh());
        d.listen(vm.selection().selectedRowProperty(), (o, a, b) -> showSelection(b.intValue()));
        rows.setSize(vm.packets().rowsProperty().get());
        showSelection(vm.selection().selectedRowProperty().get());
    }

    private void showSelection(int row) {
        int index = rows.indexOf(row);
        if (table.getSelectionModel().getSelectedIndex() == index && index >= 0) {
            return;
        }
        updating = true;
        try {
            if (index < 0 || index >= rows.size()) {
                table.getSelectionModel().clearSelection();
            } else {
                table.getSelectionModel().clearAndSelect(index);
                if (!inView(index)) {
                    table.scrollTo(Math.max(0, index - 5)); // costs 0.1-0.3 s with a million rows (VirtualFlow)
                }
            }
        } finally {
            updating = false;
        }
    }

    /** Whether row {@code index} of the list is shown whole (then selecting it needs no scrolling). */
    private boolean inView(int index) {
        if (table.lookup(".virtual-flow") instanceof javafx.scene.control.skin.VirtualFlow<?> flow) {
            javafx.scene.control.IndexedCell<?> first = flow.getFirstVisibleCell();
            javafx.scene.control.IndexedCell<?> last = flow.getLastVisibleCell();
            return first != null && last != null && index > first.getIndex() && index < last.getIndex();
        }
        return false;
    }

    private PacketTable tbl() {
        return vm.packets().table();
    }

    private static String endpoint(String addr, int port) {
        if (port < 0) {
            return addr;
        }
        return (addr.indexOf(':') >= 0 ? "[" + addr + "]" : addr) + ":" + port;
    }

    private TableColumn<Integer, String> column(String title, double width,
                                                java.util.function.IntFunction<String> value, String styleClass) {
        TableColumn<Integer, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        Callback<TableColumn.CellDataFeatures<Integer, String>, javafx.beans.value.ObservableValue<String>> f =
                cd -> new ReadOnlyObjectWrapper<>(cd.getValue() == null || cd.getValue() >= tbl().size() ? ""
                        : value.apply(cd.getValue()));
        c.setCellValueFactory(f);
        if (styleClass != null) {
            c.getStyleClass().add(styleClass);
        }
        return c;
    }

    /**
     * The table's skin with a {@link SteadyFlow}: JavaFX 21's flow gives the first row of each rebuild the
     * viewport's width (its widest-row memo is reset just before), then the rows' width, so when the columns are
     * wider than the list that row's width changes twice in every layout and asks for the next one: the list was
     * laid out again on every pulse, walking its rows up to the one shown (tens of ms with a million rows).
     */
    private static final class SteadySkin extends javafx.scene.control.skin.TableViewSkin<Integer> {
        SteadySkin(TableView<Integer> t) {
            super(t);
        }

        @Override
        protected javafx.scene.control.skin.VirtualFlow<TableRow<Integer>> createVirtualFlow() {
            return new SteadyFlow();
        }
    }

    /** A flow that gives every row the same width: its columns' width, or the viewport's when that is wider. */
    static final class SteadyFlow extends javafx.scene.control.skin.VirtualFlow<TableRow<Integer>> {
        @Override
        protected void resizeCell(TableRow<Integer> cell) {
            if (cell == null || getFixedCellSize() <= 0) {
                super.resizeCell(cell);
                return;
            }
            double viewport = getWidth() - (getVbar().isVisible() ? getVbar().getWidth() : 0);
            cell.resize(Math.max(cell.prefWidth(-1), viewport), getFixedCellSize());
        }
    }

    /** The number of rows the list shows (all, or those the filter lets through). */
    int shownRows() {
        return rows.size();
    }

    TableView<Integer> table() {
        return table;
    }
}
