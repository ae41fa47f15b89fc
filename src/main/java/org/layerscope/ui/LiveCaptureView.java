package org.layerscope.ui;

import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import org.layerscope.session.UiText;

/**
 * The live-capture feature of the window: Run &amp; Capture, Start and Stop (toolbar and menu), the
 * interface, capture filter, target profile and TLS version, the console log, and the dialog that says
 * why a capture could not run and how to fix it.
 */
final class LiveCaptureView {
    private final LiveCaptureViewModel cap;
    private final Dialogs dialogs;
    private final DocumentView document;
    private final UiText t;

    LiveCaptureView(MainViewModel vm, Dialogs dialogs, DocumentView document, Disposer disposer) {
        this.cap = vm.capture();
        this.dialogs = dialogs;
        this.document = document;
        this.t = dialogs.text();
        disposer.listen(cap.captureProblemProperty(), (o, a, b) -> {
            if (b != null) {
                cap.captureProblemProperty().set(null);
                captureProblem(b);
            }
        });
    }

    /** Run &amp; Capture, Start, Stop. */
    List<Node> buttons() {
        Button run = new Button(t.get("toolbar.runCapture"));
        run.setId("run-capture");
        run.getStyleClass().add("run-capture");
        run.setTooltip(new Tooltip(t.get("toolbar.runCapture.tip")));
        run.setOnAction(e -> {
            if (document.confirmDiscard()) {
                cap.runCapture();
            }
        });
        Button start = new Button(t.get("toolbar.start"));
        start.setId("start-capture");
        start.setOnAction(e -> {
            if (document.confirmDiscard()) {
                cap.startCapture();
            }
        });
        Button stop = new Button(t.get("toolbar.stop"));
        stop.setId("stop-capture");
        stop.setOnAction(e -> cap.stopCapture());
        run.disableProperty().bind(cap.capturingProperty());
        start.disableProperty().bind(cap.capturingProperty());
        stop.disableProperty().bind(cap.capturingProperty().not());
        return List.of(run, start, stop);
    }

    /** The scenario lab's picker ("What should go wrong?") and its Stage button. */
    List<Node> scenarioPicker() {
        return new ScenarioPicker(cap, t, document::confirmDiscard).nodes();
    }

    /** What to capture: interface and capture filter, with their labels (the first toolbar row). */
    List<Node> captureSettings() {
        return settings().subList(0, 4);
    }

    /**
     * Where Run &amp; Capture publishes: target profile (with its editor) and TLS version, with their labels (the
     * second toolbar row, so that the first fits 1024 pixels).
     */
    List<Node> targetSettings() {
        return settings().subList(4, 9);
    }

    /** Interface, capture filter, profile (with its editor) and TLS version, with their labels. */
    private List<Node> settings() {
        RunCaptureService svc = cap.service();
        ComboBox<String> iface = new ComboBox<>();
        iface.setId("interface");
        iface.getItems().setAll(svc.interfaces());
        iface.valueProperty().bindBidirectional(cap.captureInterfaceProperty());
        iface.setTooltip(new Tooltip(t.get("toolbar.interface")));
        ComboBox<String> filter = new ComboBox<>();
        filter.setId("capture-filter");
        filter.setEditable(true);
        filter.setPromptText(t.get("toolbar.filter"));
        filter.getItems().setAll(svc.filterPresets());
        filter.setPrefWidth(190);
        filter.setTooltip(new Tooltip(t.get("toolbar.filter")));
        filter.valueProperty().addListener((o, a, b) -> {
            String expr = b == null ? "" : b.contains(": ") ? b.substring(b.indexOf(": ") + 2) : b;
            var problem = svc.validateFilter(expr);
            filter.pseudoClassStateChanged(PseudoClass.getPseudoClass("invalid"), problem.isPresent());
            filter.setTooltip(new Tooltip(problem.map(p -> t.get("toolbar.filter.invalid", p)).orElse(t.get("toolbar.filter"))));
            if (problem.isEmpty()) {
                cap.captureFilterProperty().set(expr);
            }
        });
        ComboBox<String> profile = new ComboBox<>();
        profile.setId("profile");
        profile.getItems().setAll(svc.profiles());
        profile.valueProperty().bindBidirectional(cap.profileProperty());
        profile.setTooltip(new Tooltip(t.get("toolbar.profile")));
        Button editProfile = new Button(t.get("toolbar.profile.edit"));
        editProfile.setOnAction(e -> new ProfileEditorDialog(svc, dialogs).show(profile));
        ComboBox<String> tls = new ComboBox<>();
        tls.setId("tls-version");
        tls.getItems().setAll("auto", "1.2", "1.3");
        tls.valueProperty().bindBidirectional(cap.tlsVersionProperty());
        tls.setTooltip(new Tooltip(t.get("toolbar.tls")));
        return List.of(label("toolbar.interface"), iface, label("toolbar.filter"), filter, label("toolbar.profile"), profile,
                editProfile, label("toolbar.tls"), tls);
    }

    private Label label(String key) {
        Label l = new Label(t.get(key));
        l.getStyleClass().add("toolbar-label");
        return l;
    }

    /** The Capture menu. */
    Menu menu() {
        Menu menu = new Menu(t.get("menu.capture"));
        menu.getItems().addAll(MainView.item(t.get("toolbar.runCapture"), null, cap::runCapture),
                MainView.item(t.get("toolbar.start"), null, cap::startCapture),
                MainView.item(t.get("toolbar.stop"), null, cap::stopCapture));
        return menu;
    }

    /** The console log of Run &amp; Capture, scrolled to its last line. */
    ListView<String> log() {
        ListView<String> log = new ListView<>(cap.log());
        log.setId("capture-log");
        log.getStyleClass().add("capture-log");
        cap.log().addListener((ListChangeListener<String>) c -> {
            if (!cap.log().isEmpty()) {
                log.scrollTo(cap.log().size() - 1);
            }
        });
        return log;
    }

    private void captureProblem(RunCaptureService.Problem p) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(dialogs.owner());
        d.setTitle(t.get("dialog.capture.title"));
        d.setHeaderText(t.get("dialog.capture.header"));
        Label msg = new Label(p.message());
        msg.setWrapText(true);
        Label fixTitle = new Label(t.get("dialog.capture.fix"));
        fixTitle.getStyleClass().add("section-title");
        TextField fix = new TextField(p.fix());
        fix.setEditable(false);
        fix.setPrefColumnCount(50);
        VBox content = new VBox(8, msg, fixTitle, fix);
        content.setPadding(new Insets(10));
        setupOffer(d, content);
        d.getDialogPane().setContent(content);
        ButtonType sample = new ButtonType(t.get("dialog.capture.openSample"), ButtonBar.ButtonData.OTHER);
        ButtonType close = new ButtonType(t.get("dialog.capture.close"), ButtonBar.ButtonData.CANCEL_CLOSE);
        d.getDialogPane().getButtonTypes().addAll(sample, close);
        d.setResultConverter(b -> b);
        d.getDialogPane().setId("capture-problem");
        d.show();
        d.setOnHidden(e -> {
            if (d.getResult() == sample) {
                document.openSample();
            }
        });
    }

    /**
     * When capturing is not permitted and the one-time step can be offered: "Allow capture…" (the step through the
     * graphical privilege prompt, then the retry), "Copy command" (the exact {@code sudo} command) and "Try again".
     */
    private void setupOffer(Dialog<ButtonType> d, VBox content) {
        CaptureSetupViewModel setup = cap.setup();
        CaptureSetupViewModel.Offer offer = setup.offerProperty().get();
        if (offer == CaptureSetupViewModel.Offer.NONE) {
            return;
        }
        Label title = new Label(t.get("dialog.capture.setup.title"));
        title.getStyleClass().add("section-title");
        Label intro = new Label(t.get(offer == CaptureSetupViewModel.Offer.PROMPT ? "dialog.capture.setup.intro"
                : "dialog.capture.setup.noPrompt"));
        intro.setWrapText(true);
        TextField command = new TextField(setup.manualCommand());
        command.setId("setup-command");
        command.setEditable(false);
        Button copy = new Button(t.get("dialog.capture.copy"));
        copy.setId("copy-setup-command");
        copy.setOnAction(e -> {
            javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
            c.putString(setup.manualCommand());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
            setup.resultProperty().set(t.get("dialog.capture.copied"));
        });
        Button retry = new Button(t.get("dialog.capture.retry"));
        retry.setId("retry-capture");
        retry.setOnAction(e -> {
            if (setup.quitRequestedProperty().get()) {
                return;
            }
            if (!setup.retriesInNewProcess()) {
                d.close(); // the capture starts again here; a new problem opens a new dialog
            }
            setup.retry();
        });
        javafx.scene.layout.HBox buttons = new javafx.scene.layout.HBox(8);
        if (offer == CaptureSetupViewModel.Offer.PROMPT) {
            Button allow = new Button(t.get("dialog.capture.allow"));
            allow.setId("allow-capture");
            allow.setDefaultButton(true);
            allow.setTooltip(new Tooltip(t.get("dialog.capture.allow.tip", String.join(" ", setup.promptedCommand()))));
            allow.disableProperty().bind(setup.runningProperty().or(setup.doneProperty()));
            allow.setOnAction(e -> setup.allow());
            buttons.getChildren().add(allow);
        }
        retry.disableProperty().bind(setup.runningProperty());
        buttons.getChildren().addAll(copy, retry);
        Label result = new Label();
        result.setId("capture-setup-result");
        result.setWrapText(true);
        result.textProperty().bind(setup.resultProperty());
        content.getChildren().addAll(title, intro, command, buttons, result);
        javafx.beans.value.ChangeListener<Boolean> quit = (o, a, b) -> {
            if (b) {
                d.close();
                if (dialogs.owner() != null) {
                    dialogs.owner().hide(); // the new LayerScope captures: this window gives way
                }
            }
        };
        setup.quitRequestedProperty().addListener(quit);
        d.setOnCloseRequest(e -> setup.quitRequestedProperty().removeListener(quit));
        d.getDialogPane().setPrefWidth(640);
    }
}
