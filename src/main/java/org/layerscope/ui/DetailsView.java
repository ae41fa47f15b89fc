package org.layerscope.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import org.layerscope.analysis.PacketResult;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.session.UiText;

/**
 * The details tree of the selected packet: one node per layer (Frame, link, IP, TCP, TLS records and
 * messages, MQTT), Wireshark-style field names on hover. Selecting a field highlights its bytes.
 */
final class DetailsView {
    private final MainViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TreeView<Field> tree = new TreeView<>();
    private boolean updating;

    DetailsView(MainViewModel vm, Disposer d) {
        this.vm = vm;
        UiText t = vm.text();
        Label title = new Label(t.get("details.title"));
        title.getStyleClass().addAll("pane-title", "pane-header");
        title.setMaxWidth(Double.MAX_VALUE);
        root.setTop(title);
        tree.setId("details-tree");
        tree.setShowRoot(false);
        tree.setCellFactory(tv -> new TreeCell<>() {
            /** The cell's one tooltip, its text changed with the item (a new one per item made a popup each time). */
            private Tooltip tooltip;

            @Override
            protected void updateItem(Field item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                    setTooltip(null);
                } else {
                    setText(item.display());
                    String tip = item.name().isEmpty() ? null : item.name()
                            + (org.layerscope.model.Field.inDecrypted(item.offset()) && item.length() > 0
                                    ? "  [" + vm.text().get("hex.decrypted") + " " + (item.offset() - org.layerscope.model.Field.DECRYPTED)
                                            + "+" + item.length() + "]"
                                    : item.offset() >= 0 && item.length() > 0 ? "  [" + item.offset() + "+" + item.length() + "]" : "");
                    if (tip == null) {
                        setTooltip(null);
                    } else {
                        if (tooltip == null) {
                            tooltip = new Tooltip();
                        }
                        tooltip.setText(tip);
                        setTooltip(tooltip);
                    }
                }
            }
        });
        // a re-analysis that takes a while: say so, rather than show the packet selected before
        Label analysing = new Label();
        analysing.setId("details-analysing");
        analysing.setWrapText(true);
        analysing.getStyleClass().add("hint");
        analysing.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        analysing.setAlignment(javafx.geometry.Pos.TOP_LEFT);
        analysing.setPadding(new javafx.geometry.Insets(8));
        analysing.setVisible(false);
        root.setCenter(new javafx.scene.layout.StackPane(tree, analysing));
        d.listen(vm.selection().slowRowProperty(), (o, a, b) -> {
            int row = b.intValue();
            boolean on = row >= 0 && row < vm.packets().table().size();
            analysing.setText(on ? t.get("details.analysing", vm.packets().table().number(row)) : "");
            analysing.setVisible(on);
            tree.setVisible(!on);
        });
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!updating) {
                vm.selection().selectedFieldProperty().set(b == null ? null : b.getValue());
            }
        });
        d.listen(vm.selection().selectedProperty(), (o, a, b) -> {
            long t0 = System.nanoTime();
            show(b);
            vm.selection().spent(SelectionViewModel.Stage.DETAILS, System.nanoTime() - t0);
        });
        d.invalidated(vm.packets().annotationsProperty(), o -> show(vm.selection().selectedProperty().get()));
        d.listen(vm.selection().selectedFieldProperty(), (o, a, b) -> reveal(b));
        show(vm.selection().selectedProperty().get());
    }

    BorderPane root() {
        return root;
    }

    TreeView<Field> tree() {
        return tree;
    }

    private void show(PacketResult r) {
        updating = true;
        try {
            if (r == null) {
                tree.setRoot(null);
                return;
            }
            UiText t = vm.text();
            TreeItem<Field> root = new TreeItem<>(r.tree());
            int selRow = vm.selection().selectedRowProperty().get();
            java.util.List<String> notes = selRow >= 0 && selRow < vm.packets().table().size() ? vm.packets().table().comments(selRow)
                    : r.frame().comments();
            if (!notes.isEmpty()) {
                // like Wireshark: the packet comments first
                Field pc = new Field("frame.comment", null, t.get("details.comments", notes.size()), -1, 0);
                for (String n : notes) {
                    pc.add("frame.comment", -1, 0, n, "\u270e " + n);
                }
                root.getChildren().add(item(pc, true));
            }
            int captured = r.frame().capturedLength();
            Field frame = new Field("frame", String.valueOf(r.number()),
                    t.get("details.frame", r.number(), r.frame().originalLength(), captured), 0, captured);
            int row = vm.selection().selectedRowProperty().get();
            if (row >= 0 && row < vm.packets().table().size()) {
                frame.add("frame.time_relative", -1, 0, vm.packets().table().time(row),
                        t.get("details.frame.time", t.millis(vm.packets().table().time(row))));
            }
            root.getChildren().add(item(frame, false));
            for (Field c : r.tree().children()) {
                root.getChildren().add(item(c, true));
            }
            if (!r.expert().isEmpty()) {
                Field ex = new Field("_ws.expert", null, t.get("details.expert"), -1, 0);
                for (ExpertItem e : r.expert()) {
                    ex.add(e.key(), e.offset(), e.length(), e.severity().id(), "[" + e.severity().id() + "] " + e.text());
                }
                root.getChildren().add(item(ex, true));
            }
            tree.setRoot(root);
        } finally {
            updating = false;
        }
    }

    private static TreeItem<Field> item(Field f, boolean expanded) {
        TreeItem<Field> it = new LazyItem(f);
        it.setExpanded(expanded);
        return it;
    }

    /**
     * A node whose child nodes are made when they are first asked for (the tree asks when the node is
     * expanded): a packet with many TLS records or MQTT messages has thousands of fields, most never shown.
     */
    private static final class LazyItem extends TreeItem<Field> {
        private boolean built;

        LazyItem(Field f) {
            super(f);
        }

        @Override
        public boolean isLeaf() {
            return getValue().children().isEmpty();
        }

        @Override
        public javafx.collections.ObservableList<TreeItem<Field>> getChildren() {
            javafx.collections.ObservableList<TreeItem<Field>> children = super.getChildren();
            if (!built) {
                built = true;
                List<Field> fields = getValue().children();
                if (!fields.isEmpty()) {
                    List<TreeItem<Field>> items = new ArrayList<>(fields.size());
                    for (Field c : fields) {
                        items.add(new LazyItem(c));
                    }
                    children.setAll(items);
                }
            }
            return children;
        }
    }

    private void reveal(Field f) {
        if (f == null || tree.getRoot() == null) {
            return;
        }
        TreeItem<Field> sel = tree.getSelectionModel().getSelectedItem();
        if (sel != null && sel.getValue() == f) {
            return;
        }
        TreeItem<Field> it = find(tree.getRoot(), f);
        if (it != null) {
            for (TreeItem<Field> p = it.getParent(); p != null; p = p.getParent()) {
                p.setExpanded(true);
            }
            updating = true;
            try {
                tree.getSelectionModel().select(it);
                int idx = tree.getRow(it);
                if (idx >= 0) {
                    tree.scrollTo(Math.max(0, idx - 3));
                }
            } finally {
                updating = false;
            }
        }
    }

    /** The node of field {@code f} (making only the nodes on its path), or null. */
    private static TreeItem<Field> find(TreeItem<Field> root, Field f) {
        for (TreeItem<Field> top : root.getChildren()) {
            List<Field> path = new ArrayList<>();
            if (path(top.getValue(), f, path)) {
                TreeItem<Field> it = top;
                for (int k = path.size() - 2; k >= 0 && it != null; k--) {
                    Field want = path.get(k);
                    TreeItem<Field> next = null;
                    for (TreeItem<Field> c : it.getChildren()) {
                        if (c.getValue() == want) {
                            next = c;
                            break;
                        }
                    }
                    it = next;
                }
                if (it != null) {
                    return it;
                }
            }
        }
        return null;
    }

    /** Whether {@code f} is {@code at} or below it; if so {@code path} holds f up to {@code at}. */
    private static boolean path(Field at, Field f, List<Field> path) {
        if (at == f) {
            path.add(at);
            return true;
        }
        for (Field c : at.children()) {
            if (path(c, f, path)) {
                path.add(at);
                return true;
            }
        }
        return false;
    }

    /** The deepest field of the shown tree whose bytes contain frame offset {@code offset}, or null. */
    Field fieldAt(int offset) {
        if (tree.getRoot() == null) {
            return null;
        }
        List<Field> best = new ArrayList<>(1);
        best.add(null);
        for (TreeItem<Field> c : tree.getRoot().getChildren()) {
            deepest(c.getValue(), offset, best);
        }
        return best.get(0);
    }

    private static void deepest(Field f, int offset, List<Field> best) {
        if (f.offset() >= 0 && f.length() > 0 && offset >= f.offset() && offset < f.offset() + f.length()) {
            Field b = best.get(0);
            if (b == null || f.length() <= b.length()) {
                best.set(0, f);
            }
        }
        for (Field c : f.children()) {
            deepest(c, offset, best);
        }
    }
}
