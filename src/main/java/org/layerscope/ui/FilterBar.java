package org.layerscope.ui;

import java.util.List;
import javafx.css.PseudoClass;
import javafx.geometry.Side;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.layerscope.analysis.filter.DisplayFilter;
import org.layerscope.analysis.filter.FilterSyntaxException;
import org.layerscope.session.UiText;

/**
 * The display filter bar above the packet list, like Wireshark's: type an expression (checked as you
 * type: red when it does not parse, green when it does), Enter applies it, the drop-down holds the
 * history, and field names complete from a pop-up (Tab or Ctrl+Space takes the first). The filter
 * only hides packets.
 */
final class FilterBar {
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");
    private static final PseudoClass VALID = PseudoClass.getPseudoClass("valid");
    private static final int MAX_SUGGESTIONS = 14;

    private final MainViewModel vm;
    private final HBox root = new HBox();
    private final ComboBox<String> box = new ComboBox<>();
    private final Label state = new Label();
    private final ContextMenu completion = new ContextMenu();
    private final UiText t;

    FilterBar(MainViewModel vm, Disposer d) {
        this.vm = vm;
        this.t = vm.text();
        root.getStyleClass().add("filter-bar");
        root.setId("filter-bar");
        Label title = new Label(t.get("filter.title"));
        box.setId("display-filter");
        box.setEditable(true);
        box.setPromptText(t.get("filter.prompt"));
        box.setItems(vm.filter().filterHistory());
        box.setMaxWidth(Double.MAX_VALUE);
        box.setTooltip(new Tooltip(t.get("filter.tip")));
        HBox.setHgrow(box, Priority.ALWAYS);
        box.getEditor().setText(vm.filter().filterProperty().get());
        Button apply = new Button(t.get("filter.apply"));
        apply.setId("filter-apply");
        apply.setDefaultButton(false);
        apply.setOnAction(e -> apply());
        Button clear = new Button(t.get("filter.clear"));
        clear.setId("filter-clear");
        clear.setOnAction(e -> {
            box.getEditor().setText("");
            apply();
        });
        state.setId("filter-state");
        state.setMinWidth(120);
        root.getChildren().addAll(title, box, apply, clear, state);

        TextField editor = box.getEditor();
        box.setOnAction(e -> {
            // picking a history entry applies it
            if (box.getValue() != null && !box.getValue().equals(vm.filter().filterProperty().get()) && box.isShowing()) {
                editor.setText(box.getValue());
                apply();
            }
        });
        editor.textProperty().addListener((o, a, b) -> {
            check(b);
            suggest();
        });
        editor.caretPositionProperty().addListener(o -> {
            if (!editor.isFocused()) {
                completion.hide();
            }
        });
        box.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER) {
                apply();
                e.consume();
            }
        });
        editor.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if ((e.getCode() == KeyCode.TAB || (e.getCode() == KeyCode.SPACE && e.isControlDown()))
                    && completion.isShowing() && !completion.getItems().isEmpty()) {
                completion.getItems().get(0).fire();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                completion.hide();
            }
        });
        editor.focusedProperty().addListener((o, a, b) -> {
            if (!b) {
                completion.hide();
            }
        });
        d.invalidated(vm.filter().filterErrorProperty(), o -> showState());
        d.invalidated(vm.filter().filteringProperty(), o -> showState());
        d.invalidated(vm.filter().rowFilterProperty(), o -> showState());
        d.invalidated(vm.packets().rowsProperty(), o -> showState());
        showState();
    }

    HBox root() {
        return root;
    }

    ComboBox<String> box() {
        return box;
    }

    private void apply() {
        completion.hide();
        String text = box.getEditor().getText();
        boolean ok = vm.filter().applyFilter(text);
        box.getEditor().setText(text);
        box.getEditor().positionCaret(text.length());
        if (!ok) {
            // select what is wrong, so the user sees where
            try {
                DisplayFilter.compile(text);
            } catch (FilterSyntaxException e) {
                int from = Math.min(e.position(), text.length());
                int to = Math.min(text.length(), from + e.length());
                if (from == to && from > 0) {
                    from--;
                }
                box.getEditor().selectRange(from, to);
            }
        }
    }

    /** Colours the field as the expression is typed. */
    private void check(String text) {
        boolean valid = true;
        String problem = null;
        try {
            DisplayFilter.compile(text);
        } catch (FilterSyntaxException e) {
            valid = false;
            problem = e.getMessage() + "\n" + e.pointer("");
        }
        boolean empty = text == null || text.isBlank();
        box.pseudoClassStateChanged(INVALID, !valid);
        box.pseudoClassStateChanged(VALID, valid && !empty);
        box.getTooltip().setText(problem != null ? problem : t.get("filter.tip"));
    }

    private void showState() {
        String err = vm.filter().filterErrorProperty().get();
        state.getStyleClass().remove("filter-error");
        if (err != null) {
            state.setText(err.lines().findFirst().orElse(err));
            state.setTooltip(new Tooltip(err));
            state.getStyleClass().add("filter-error");
        } else if (vm.filter().filteringProperty().get()) {
            state.setText(t.get("filter.running"));
        } else if (vm.filter().rowFilterProperty().get() != null) {
            state.setText(t.get("filter.shown", vm.filter().rowFilterProperty().get().rows().length, vm.packets().rowsProperty().get()));
        } else {
            state.setText("");
        }
    }

    /** Offers the field names that complete the word at the caret. */
    private void suggest() {
        TextField editor = box.getEditor();
        if (!editor.isFocused()) {
            return;
        }
        String text = editor.getText();
        // the caret moves after the text changes: take the whole word around (or just before) the caret
        int end = Math.min(editor.getCaretPosition(), text.length());
        while (end < text.length() && isWord(text.charAt(end))) {
            end++;
        }
        int start = end;
        while (start > 0 && isWord(text.charAt(start - 1))) {
            start--;
        }
        String prefix = text.substring(start, end);
        if (prefix.isEmpty() || Character.isDigit(prefix.charAt(0))) {
            completion.hide();
            return;
        }
        List<String> fields = DisplayFilter.complete(prefix);
        if (fields.isEmpty() || (fields.size() == 1 && fields.get(0).equals(prefix))) {
            completion.hide();
            return;
        }
        completion.getItems().clear();
        int s = start;
        int e = end;
        for (String f : fields.subList(0, Math.min(MAX_SUGGESTIONS, fields.size()))) {
            Label l = new Label(f + DisplayFilter.describe(f).map(x -> "   \u2014 " + x).orElse(""));
            CustomMenuItem item = new CustomMenuItem(l, true);
            item.setId("complete-" + f);
            item.setOnAction(ev -> {
                String now = editor.getText();
                int to = Math.min(e, now.length());
                String next = now.substring(0, Math.min(s, to)) + f + now.substring(to);
                editor.setText(next);
                editor.positionCaret(Math.min(s, to) + f.length());
                completion.hide();
            });
            completion.getItems().add(item);
        }
        if (!completion.isShowing()) {
            completion.show(editor, Side.BOTTOM, 0, 0);
        }
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_';
    }
}
