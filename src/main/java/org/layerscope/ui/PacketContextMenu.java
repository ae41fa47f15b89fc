package org.layerscope.ui;

import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import org.layerscope.session.PacketTable;
import org.layerscope.session.UiText;

/**
 * The context menu of a packet (packet list and timeline): add, edit and delete its comments, and go to the
 * packet that decided its connection's verdict.
 */
final class PacketContextMenu {
    private PacketContextMenu() {
    }

    static ContextMenu create(MainViewModel vm, Dialogs dialogs) {
        UiText t = dialogs.text();
        SelectionViewModel sel = vm.selection();
        ContextMenu menu = new ContextMenu();
        MenuItem add = MainView.item(t.get("menu.packet.addComment"), "ctx-add-comment",
                () -> CommentDialogs.add(vm, dialogs.owner(), sel.selectedRowProperty().get()));
        MenuItem edit = MainView.item(t.get("menu.packet.editComments"), "ctx-edit-comments",
                () -> CommentDialogs.edit(vm, dialogs.owner(), sel.selectedRowProperty().get()));
        MenuItem delete = MainView.item(t.get("menu.packet.deleteComments"), "ctx-delete-comments",
                () -> vm.annotations().deleteComments(sel.selectedRowProperty().get()));
        MenuItem deciding = MainView.item(t.get("menu.packet.deciding"), "ctx-deciding", sel::goToDeciding);
        menu.setOnShowing(e -> {
            int row = sel.selectedRowProperty().get();
            PacketTable table = vm.packets().table();
            boolean has = row >= 0 && row < table.size() && table.hasComments(row);
            add.setDisable(row < 0);
            edit.setDisable(!has);
            delete.setDisable(!has);
            deciding.setDisable(sel.decidingRow() < 0);
        });
        menu.getItems().addAll(add, edit, delete, new SeparatorMenuItem(), deciding);
        return menu;
    }
}
