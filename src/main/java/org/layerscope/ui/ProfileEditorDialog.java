package org.layerscope.ui;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.FileChooser;
import org.layerscope.demo.TargetProfile;
import org.layerscope.session.UiText;

/**
 * The Run &amp; Capture profile editor: the keys of a target profile file ({@link TargetProfile#EDITOR_TEMPLATE})
 * with the selected profile's values or the defaults, saved by {@link TargetProfile#save} into the profile
 * folder and checked by the capture service; the new profile is selected.
 */
final class ProfileEditorDialog {
    private final RunCaptureService svc;
    private final Dialogs dialogs;
    private final UiText t;

    ProfileEditorDialog(RunCaptureService svc, Dialogs dialogs) {
        this.svc = svc;
        this.dialogs = dialogs;
        this.t = dialogs.text();
    }

    /** Edits the profile selected in {@code profiles} (or a new one) and selects what was saved. */
    void show(ComboBox<String> profiles) {
        Properties current = new Properties();
        String selected = profiles.getValue();
        String name = "my-device";
        if (selected != null && !"embedded".equals(selected) && Files.isRegularFile(Path.of(selected))) {
            try {
                current = TargetProfile.properties(Path.of(selected));
                name = TargetProfile.nameOf(Path.of(selected));
            } catch (IOException e) {
                // start from the defaults
            }
        }
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(dialogs.owner());
        d.setTitle(t.get("dialog.profile.title"));
        d.setHeaderText(t.get("dialog.profile.header", svc.profileFolder()));
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        g.setPadding(new Insets(10));
        TextField nameField = new TextField(name);
        g.add(new Label(t.get("dialog.profile.name")), 0, 0);
        g.add(nameField, 1, 0);
        Map<String, TextField> fields = new LinkedHashMap<>();
        int row = 1;
        for (Map.Entry<String, String> e : TargetProfile.EDITOR_TEMPLATE.entrySet()) {
            String key = e.getKey();
            g.add(new Label(t.get("dialog.profile." + key)), 0, row);
            TextField f = new TextField(current.getProperty(key, e.getValue()));
            f.setPrefColumnCount(32);
            fields.put(key, f);
            g.add(f, 1, row);
            if (TargetProfile.FILE_KEYS.contains(key)) {
                Button browse = new Button(t.get("dialog.profile.browse"));
                browse.setOnAction(x -> {
                    File file = new FileChooser().showOpenDialog(d.getDialogPane().getScene().getWindow());
                    if (file != null) {
                        f.setText(file.getAbsolutePath());
                    }
                });
                g.add(browse, 2, row);
            }
            row++;
        }
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> {
            Map<String, String> values = new LinkedHashMap<>();
            fields.forEach((k, f) -> values.put(k, f.getText()));
            Path file;
            try {
                file = TargetProfile.save(svc.profileFolder(), nameField.getText(), values);
            } catch (IOException e) {
                dialogs.info(t.get("dialog.error.save", svc.profileFolder(), e.getMessage()));
                return;
            }
            if (file == null) {
                return;
            }
            svc.validateProfile(file).ifPresent(problem -> dialogs.info(t.get("dialog.profile.invalid", file, problem)));
            if (!profiles.getItems().contains(file.toString())) {
                profiles.getItems().add(file.toString());
            }
            profiles.setValue(file.toString());
        });
    }
}
