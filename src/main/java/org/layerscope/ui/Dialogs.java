package org.layerscope.ui;

import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;
import org.layerscope.session.UiText;

/** The window's modal questions and one-line messages, in the window's language, owned by the window. */
final class Dialogs {
    private final UiText t;
    private final Supplier<Window> owner;

    Dialogs(UiText t, Supplier<Window> owner) {
        this.t = t;
        this.owner = owner;
    }

    Window owner() {
        return owner.get();
    }

    UiText text() {
        return t;
    }

    /** Asks a question in a modal alert titled by {@code titleKey}; the button pressed, or CANCEL when closed. */
    ButtonType ask(Alert.AlertType type, String titleKey, String paneId, String text, ButtonType... buttons) {
        Alert a = new Alert(type, text, buttons);
        a.initOwner(owner.get());
        a.setTitle(t.get(titleKey));
        a.setHeaderText(t.get(titleKey));
        if (paneId != null) {
            a.getDialogPane().setId(paneId);
        }
        return a.showAndWait().orElse(ButtonType.CANCEL);
    }

    /** Shows a one-line message (not modal). */
    void info(String text) {
        Alert a = new Alert(Alert.AlertType.INFORMATION, text, ButtonType.OK);
        a.initOwner(owner.get());
        a.setTitle(t.get("dialog.error.title"));
        a.setHeaderText(null);
        a.show();
    }
}
