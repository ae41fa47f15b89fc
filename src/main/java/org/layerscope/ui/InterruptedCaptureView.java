package org.layerscope.ui;

import java.io.File;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import org.layerscope.session.CaptureJournal;
import org.layerscope.session.UiText;

/**
 * Offers, one at a time, the captures a crash of the window interrupted (found at start by
 * {@link LiveCaptureViewModel#checkInterrupted()}): open it, save it somewhere else, discard it, or decide later
 * (then it is offered again at the next start). Not modal, like the capture problem dialog.
 */
final class InterruptedCaptureView {
    private final LiveCaptureViewModel cap;
    private final Dialogs dialogs;
    private final UiText t;
    private final java.util.function.Supplier<java.util.Locale> locale;
    private Alert showing;

    InterruptedCaptureView(MainViewModel vm, Dialogs dialogs, Disposer disposer) {
        this.cap = vm.capture();
        this.dialogs = dialogs;
        this.t = dialogs.text();
        this.locale = () -> vm.localeProperty().get();
        disposer.invalidated(cap.interruptedCaptures(), o -> offerNext());
        offerNext();
    }

    private void offerNext() {
        if (showing != null || cap.interruptedCaptures().isEmpty()) {
            return;
        }
        CaptureJournal.Entry e = cap.interruptedCaptures().get(0);
        String when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale.get())
                .format(LocalDateTime.ofInstant(e.started(), ZoneId.systemDefault()));
        ButtonType open = new ButtonType(t.get("dialog.interrupted.open"), ButtonBar.ButtonData.YES);
        ButtonType save = new ButtonType(t.get("dialog.interrupted.save"), ButtonBar.ButtonData.OTHER);
        ButtonType discard = new ButtonType(t.get("dialog.interrupted.discard"), ButtonBar.ButtonData.NO);
        ButtonType later = new ButtonType(t.get("dialog.interrupted.later"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, t.get("dialog.interrupted.text", when,
                String.format(locale.get(), "%,d", e.size()), e.file()), open, save, discard, later);
        a.initOwner(dialogs.owner());
        a.setTitle(t.get("dialog.interrupted.title"));
        a.setHeaderText(t.get("dialog.interrupted.title"));
        a.getDialogPane().setId("interrupted-capture");
        showing = a;
        a.setOnHidden(x -> {
            showing = null;
            ButtonType b = a.getResult();
            if (b == open) {
                cap.openInterrupted(e);
            } else if (b == save) {
                FileChooser fc = new FileChooser();
                fc.setTitle(t.get("dialog.save.title"));
                fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(t.get("dialog.filter.pcapng"), "*.pcapng"));
                fc.setInitialFileName(e.file().getFileName().toString());
                File f = fc.showSaveDialog(dialogs.owner());
                if (f != null) {
                    cap.saveInterrupted(e, f.toPath(), dialogs::info);
                } else {
                    cap.interruptedCaptures().remove(e); // offered again at the next start
                }
            } else if (b == discard) {
                cap.discardInterrupted(e);
            } else {
                cap.interruptedCaptures().remove(e); // offered again at the next start
            }
            offerNext();
        });
        a.show();
    }
}
