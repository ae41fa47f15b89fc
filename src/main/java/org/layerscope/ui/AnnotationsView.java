package org.layerscope.ui;

import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.layerscope.session.PacketTable;
import org.layerscope.session.UiText;

/**
 * The Annotations tab: the capture's comment and every packet comment in frame order; click one to jump
 * to its packet; buttons add, edit and delete.
 */
final class AnnotationsView {
    /** One comment of one row. */
    record Entry(int row, long frame, int index, String text) {
    }

    private final MainViewModel vm;
    private final BorderPane root = new BorderPane();
    private final ListView<Entry> list = new ListView<>();
    private final ObservableList<Entry> entries = FXCollections.observableArrayList();
    private final Label captureComment = new Label();
    private final java.util.function.Supplier<Window> owner;

    AnnotationsView(MainViewModel vm, Disposer d, java.util.function.Supplier<Window> owner) {
        this.vm = vm;
        this.owner = owner;
        UiText t = vm.text();
        list.setId("annotations-list");
        list.setItems(entries);
        list.setPlaceholder(new Label(t.get("annotations.empty")));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Entry e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : "#" + e.frame() + "   " + e.text());
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && b.row() < vm.packets().table().size()) {
                vm.selection().select(b.row());
            }
        });
        list.setOnMouseClicked(e -> {
            Entry sel = list.getSelectionModel().getSelectedItem();
            if (sel != null && e.getClickCount() == 2) {
                CommentDialogs.edit(vm, owner.get(), sel.row());
            }
        });
        list.setOnKeyPressed(e -> {
            Entry sel = list.getSelectionModel().getSelectedItem();
            if (sel == null) {
                return;
            }
            if (e.getCode() == javafx.scene.input.KeyCode.DELETE || e.getCode() == javafx.scene.input.KeyCode.BACK_SPACE) {
                vm.annotations().deleteComment(sel.row(), sel.index());
                e.consume();
            } else if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                CommentDialogs.edit(vm, owner.get(), sel.row());
                e.consume();
            }
        });
        captureComment.setId("capture-comment");
        captureComment.setWrapText(true);
        Button editCapture = new Button(t.get("annotations.capture.edit"));
        editCapture.setId("edit-capture-comment");
        editCapture.setOnAction(e -> CommentDialogs.capture(vm, owner.get()));
        Label captureTitle = new Label(t.get("annotations.capture"));
        captureTitle.getStyleClass().add("section-title");
        VBox top = new VBox(4, new HBox(8, captureTitle, editCapture), captureComment, sectionTitle(t.get("annotations.packets")));
        top.setPadding(new Insets(6));
        Button add = new Button(t.get("annotations.add"));
        add.setId("annotation-add");
        add.setOnAction(e -> CommentDialogs.add(vm, owner.get(), vm.selection().selectedRowProperty().get()));
        add.disableProperty().bind(vm.selection().selectedRowProperty().lessThan(0));
        Button edit = new Button(t.get("annotations.edit"));
        edit.setId("annotation-edit");
        edit.setOnAction(e -> {
            Entry sel = list.getSelectionModel().getSelectedItem();
            if (sel != null) {
                CommentDialogs.edit(vm, owner.get(), sel.row());
            }
        });
        Button delete = new Button(t.get("annotations.delete"));
        delete.setId("annotation-delete");
        delete.setOnAction(e -> {
            Entry sel = list.getSelectionModel().getSelectedItem();
            if (sel != null) {
                vm.annotations().deleteComment(sel.row(), sel.index());
            }
        });
        edit.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        delete.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        HBox buttons = new HBox(6, add, edit, delete);
        buttons.setPadding(new Insets(6));
        root.setTop(top);
        root.setCenter(list);
        root.setBottom(buttons);
        d.invalidated(vm.packets().annotationsProperty(), o -> fill());
        d.invalidated(vm.packets().tableProperty(), o -> fill());
        fill();
    }

    private static Label sectionTitle(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("section-title");
        return l;
    }

    BorderPane root() {
        return root;
    }

    ListView<Entry> list() {
        return list;
    }

    private void fill() {
        PacketTable t = vm.packets().table();
        List<String> section = t.sectionComments();
        captureComment.setText(section.isEmpty() ? vm.text().get("annotations.capture.none") : String.join("\n", section));
        java.util.List<Entry> l = new java.util.ArrayList<>();
        for (int row : t.commentedRows()) {
            if (row >= t.size()) {
                continue;
            }
            List<String> cs = t.comments(row);
            for (int i = 0; i < cs.size(); i++) {
                l.add(new Entry(row, t.number(row), i, cs.get(i)));
            }
        }
        l.sort(java.util.Comparator.comparingLong(Entry::frame).thenComparingInt(Entry::index));
        entries.setAll(l);
    }
}
