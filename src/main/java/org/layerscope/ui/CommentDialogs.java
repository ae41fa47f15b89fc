package org.layerscope.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.layerscope.session.PacketTable;
import org.layerscope.session.UiText;

/**
 * The dialogs that add and edit comments: on a packet (several per packet: one text area each, an
 * empty one deletes that comment) and on the whole capture. They are stored as pcapng {@code opt_comment},
 * so Wireshark shows them too.
 */
final class CommentDialogs {
    private CommentDialogs() {
    }

    /** Asks for a new comment on {@code row} and adds it. */
    static void add(MainViewModel vm, Window owner, int row) {
        PacketTable t = vm.packets().table();
        if (row < 0 || row >= t.size()) {
            return;
        }
        UiText tx = vm.text();
        TextArea area = area("");
        area.setId("comment-text");
        Dialog<ButtonType> d = dialog(owner, tx.get("comment.add.title", t.number(row)), tx.get("comment.add.header",
                t.number(row), t.label(row)), new VBox(6, area));
        d.setOnShown(e -> area.requestFocus());
        d.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.annotations().addComment(row, area.getText()));
    }

    /** Shows every comment of {@code row} for editing (clear a text to delete that comment). */
    static void edit(MainViewModel vm, Window owner, int row) {
        PacketTable t = vm.packets().table();
        if (row < 0 || row >= t.size()) {
            return;
        }
        List<String> current = t.comments(row);
        if (current.isEmpty()) {
            add(vm, owner, row);
            return;
        }
        UiText tx = vm.text();
        VBox box = new VBox(6);
        List<TextArea> areas = new ArrayList<>();
        for (String c : current) {
            TextArea a = area(c);
            areas.add(a);
            box.getChildren().add(a);
        }
        TextArea extra = area("");
        extra.setPromptText(tx.get("comment.edit.another"));
        box.getChildren().addAll(new Label(tx.get("comment.edit.hint")), extra);
        Dialog<ButtonType> d = dialog(owner, tx.get("comment.edit.title", t.number(row)),
                tx.get("comment.add.header", t.number(row), t.label(row)), box);
        d.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> {
            // apply from the last so indexes stay valid while comments are removed
            for (int i = areas.size() - 1; i >= 0; i--) {
                vm.annotations().editComment(row, i, areas.get(i).getText());
            }
            vm.annotations().addComment(row, extra.getText());
        });
    }

    /** Edits the comment on the whole capture. */
    static void capture(MainViewModel vm, Window owner) {
        UiText tx = vm.text();
        List<String> current = vm.packets().table().sectionComments();
        TextArea area = area(String.join("\n", current));
        area.setId("capture-comment-text");
        Dialog<ButtonType> d = dialog(owner, tx.get("comment.capture.title"), tx.get("comment.capture.header"), new VBox(6, area));
        d.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.annotations().captureComment(area.getText()));
    }

    private static TextArea area(String text) {
        TextArea a = new TextArea(text);
        a.setPrefRowCount(3);
        a.setPrefColumnCount(48);
        a.setWrapText(true);
        return a;
    }

    private static Dialog<ButtonType> dialog(Window owner, String title, String header, VBox content) {
        Dialog<ButtonType> d = new Dialog<>();
        if (owner != null) {
            d.initOwner(owner);
        }
        d.setTitle(title);
        d.setHeaderText(header);
        content.setPadding(new Insets(8));
        d.getDialogPane().setContent(content);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.setResizable(true);
        // Enter makes a new line in a comment; Ctrl+Enter (Cmd+Enter) saves it
        d.getDialogPane().addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && e.isShortcutDown()) {
                ((javafx.scene.control.Button) d.getDialogPane().lookupButton(ButtonType.OK)).fire();
                e.consume();
            }
        });
        return d;
    }
}
