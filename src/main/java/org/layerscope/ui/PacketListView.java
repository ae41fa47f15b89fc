package org.layerscope.ui;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Region;
import javafx.util.Callback;
import org.layerscope.model.Phase;
import org.layerscope.session.PacketTable;
import org.layerscope.session.UiText;

/**
 * The packet list: a virtualised table over the row numbers of the compact {@link PacketTable} (cells
 * read the columns on demand), rows tinted by phase through CSS pseudo-classes and looked-up colours.
 *
 * <p>The table holds at most {@link #windowRows} rows at a time ({@link RowList}): with more, a scroll bar of
 * ours over the table's own one covers all the rows, and the window moves when the view nears one of its ends,
 * when that bar is moved, and when a row outside it is selected (from the timeline, a filter, Home/End).
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

    private static final PseudoClass WINDOWED = PseudoClass.getPseudoClass("windowed");

    /** The most rows the table holds at a time (tests make it small). */
    static int windowRows = 20_000;

    private final MainViewModel vm;
    private final TableView<Integer> table = new TableView<>();
    private final RowList rows = new RowList(windowRows);
    /** All the rows shown, when they do not fit in the window: its value is the position of the top row. */
    private final ScrollBar bar = new ScrollBar();
    private final ListPane pane = new ListPane();
    private final SteadyFlow flow;
    private boolean updating;
    private boolean syncing;
    private boolean movePending;

    PacketListView(MainViewModel vm, Disposer d) {
        this.vm = vm;
        UiText t = vm.text();
        table.setId("packet-list");
        table.getStyleClass().add("packet-list");
        table.setItems(rows);
        table.setFixedCellSize(22);
        SteadySkin skin = new SteadySkin(table);
        table.setSkin(skin);
        flow = skin.flow();
        flow.afterLayout = this::afterFlowLayout;
        bar.setId("packet-list-all-rows");
        bar.setOrientation(Orientation.VERTICAL);
        bar.setManaged(false);
        bar.setVisible(false);
        bar.setUnitIncrement(1);
        bar.valueProperty().addListener((o, a, b) -> {
            if (!syncing) {
                scrollToPosition((int) Math.round(b.doubleValue()));
            }
        });
        table.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (rows.windowed() && (e.getCode() == KeyCode.HOME || e.getCode() == KeyCode.END) && rows.total() > 0) {
                vm.selection().select(rows.rowAt(e.getCode() == KeyCode.HOME ? 0 : rows.total() - 1));
                e.consume();
            }
        });
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
        d.invalidated(vm.packets().rowsProperty(), o -> {
            rows.setSize(vm.packets().rowsProperty().get());
            updateBar();
        });
        d.invalidated(vm.packets().tableProperty(), o -> {
            updating = true;
            rows.setRows(null);
            rows.setSize(0);
            updating = false;
            updateBar();
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
            updateBar();
            showSelection(vm.selection().selectedRowProperty().get());
        });
        d.invalidated(vm.packets().annotationsProperty(), o -> table.refresh());
        d.listen(vm.selection().selectedRowProperty(), (o, a, b) -> showSelection(b.intValue()));
        rows.setSize(vm.packets().rowsProperty().get());
        updateBar();
        showSelection(vm.selection().selectedRowProperty().get());
    }

    private void showSelection(int row) {
        int position = row < 0 ? -1 : rows.positionOf(row);
        int index = position < 0 ? -1 : position - rows.base();
        boolean inWindow = index >= 0 && index < rows.size();
        if (inWindow && table.getSelectionModel().getSelectedIndex() == index) {
            return;
        }
        updating = true;
        try {
            if (position < 0) {
                table.getSelectionModel().clearSelection();
                return;
            }
            boolean shown = inWindow && inView(index);
            if (!inWindow || (!shown && nearEdge(index))) {
                rows.setBase(baseAround(position));
                index = position - rows.base();
            }
            table.getSelectionModel().clearAndSelect(index);
            if (!shown) {
                table.scrollTo(Math.max(0, index - Math.min(5, (visibleRows() - 1) / 2))); // a few rows of context above
            }
        } finally {
            updating = false;
        }
    }

    /** Whether row {@code index} of the list is shown whole (then selecting it needs no scrolling). */
    private boolean inView(int index) {
        IndexedCell<?> first = flow.getFirstVisibleCell();
        IndexedCell<?> last = flow.getLastVisibleCell();
        return first != null && last != null && index > first.getIndex() && index < last.getIndex();
    }

    /** Whether list index {@code index} is in the first or last quarter of a window that can still move that way. */
    private boolean nearEdge(int index) {
        int slack = rows.window() / 4;
        return (index < slack && rows.base() > 0) || (index >= rows.size() - slack && rows.base() + rows.size() < rows.total());
    }

    /** The window's start that puts {@code position} (among all rows shown) in the middle of it. */
    private int baseAround(int position) {
        return position - (rows.window() - visibleRows()) / 2;
    }

    /** Whether the rows in view are near an end of the window that can still move that way. */
    private boolean viewNearEdge() {
        IndexedCell<?> first = flow.getFirstVisibleCell();
        IndexedCell<?> last = flow.getLastVisibleCell();
        return rows.windowed() && first != null && last != null && first.getIndex() >= 0
                && (nearEdge(first.getIndex()) || nearEdge(last.getIndex()));
    }

    /** Scrolls the list so that the row at {@code position} (among all shown) is at its top, moving the window if need be. */
    private void scrollToPosition(int position) {
        if (rows.total() == 0) {
            return;
        }
        int p = Math.max(0, Math.min(position, rows.total() - 1));
        int index = p - rows.base();
        if (index < 0 || index + visibleRows() > rows.size() || nearEdge(index)) {
            moveWindow(baseAround(p));
            index = p - rows.base();
        }
        flow.scrollToTop(index);
    }

    /** Moves the window to start at {@code position}, keeping the selected row selected if it is still inside. */
    private void moveWindow(int position) {
        int selected = vm.selection().selectedRowProperty().get();
        updating = true;
        try {
            if (rows.setBase(position)) {
                int index = selected < 0 ? -1 : rows.indexOf(selected);
                if (index >= 0) {
                    table.getSelectionModel().clearAndSelect(index);
                } else {
                    table.getSelectionModel().clearSelection();
                }
            }
        } finally {
            updating = false;
        }
    }

    /** After each layout of the rows: places our scroll bar, shows where the view is, moves the window near its ends. */
    private void afterFlowLayout() {
        if (!rows.windowed()) {
            return;
        }
        placeBar();
        IndexedCell<?> first = flow.getFirstVisibleCell();
        IndexedCell<?> last = flow.getLastVisibleCell();
        if (first == null || last == null || first.getIndex() < 0) {
            return;
        }
        syncing = true;
        try {
            bar.setMax(Math.max(0, rows.total() - visibleRows()));
            bar.setValue(Math.min(bar.getMax(), rows.base() + first.getIndex()));
        } finally {
            syncing = false;
        }
        if (!movePending && viewNearEdge()) {
            // not during the layout: after it, keeping the row at the top where it is
            movePending = true;
            Platform.runLater(() -> {
                movePending = false;
                if (viewNearEdge()) {
                    int top = rows.base() + flow.getFirstVisibleCell().getIndex();
                    moveWindow(baseAround(top));
                    flow.scrollToTop(top - rows.base());
                }
            });
        }
    }

    /** Shows our scroll bar (all the rows) over the table's own one (the window) when the rows do not fit in it. */
    private void updateBar() {
        boolean on = rows.windowed();
        table.pseudoClassStateChanged(WINDOWED, on);
        bar.setVisible(on);
        if (on) {
            int visible = visibleRows();
            bar.setMax(Math.max(0, rows.total() - visible));
            bar.setVisibleAmount(visible);
            bar.setBlockIncrement(Math.max(1, visible - 1));
            placeBar();
        }
    }

    private void placeBar() {
        ScrollBar own = flow.vbar();
        if (!bar.isVisible() || own.getScene() == null || pane.getScene() == null) {
            return;
        }
        Bounds b = pane.sceneToLocal(own.localToScene(own.getLayoutBounds()));
        bar.resizeRelocate(b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight());
    }

    /** About how many rows the list shows at once. */
    private int visibleRows() {
        double h = flow.getHeight();
        return Math.max(1, (int) (h / table.getFixedCellSize()));
    }

    /** Scrolls the list to a table row and lays it out (the benchmark's list jump). */
    void jump(int row) {
        int position = rows.positionOf(row);
        if (position >= 0) {
            scrollToPosition(position);
            table.layout();
        }
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

        SteadyFlow flow() {
            return (SteadyFlow) getVirtualFlow();
        }
    }

    /**
     * A flow that gives every row the same width (its columns' width, or the viewport's when that is wider), and
     * tells the list when it has laid its rows out.
     */
    static final class SteadyFlow extends javafx.scene.control.skin.VirtualFlow<TableRow<Integer>> {
        private Runnable afterLayout;
        private long layouts;

        @Override
        protected void layoutChildren() {
            layouts++;
            super.layoutChildren();
            if (afterLayout != null) {
                afterLayout.run();
            }
        }

        ScrollBar vbar() {
            return getVbar();
        }

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

    /** The number of rows the list shows (all, or those the filter lets through), in and out of its window. */
    int shownRows() {
        return rows.total();
    }

    /** How many times the rows were laid out so far. */
    long rowLayouts() {
        return flow.layouts;
    }

    /** The position among all rows shown of the table's first item. */
    int windowStart() {
        return rows.base();
    }

    ScrollBar allRowsBar() {
        return bar;
    }

    TableView<Integer> table() {
        return table;
    }

    /** The list as laid out in the window: the table, and our scroll bar over its own one. */
    Region node() {
        return pane;
    }

    /** The table filling the pane, and our scroll bar where it puts it ({@link #placeBar}). */
    private final class ListPane extends Region {
        ListPane() {
            getChildren().addAll(table, bar);
        }

        @Override
        protected void layoutChildren() {
            table.resizeRelocate(0, 0, getWidth(), getHeight());
        }

        @Override
        protected double computePrefWidth(double height) {
            return table.prefWidth(height);
        }

        @Override
        protected double computePrefHeight(double width) {
            return table.prefHeight(width);
        }
    }
}
