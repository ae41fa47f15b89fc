package org.layerscope.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.layerscope.model.Field;
import org.layerscope.model.Phase;
import org.layerscope.session.UiText;
import org.layerscope.render.TimelineRenderer;

/**
 * The main window's content: menus, toolbar (Run &amp; Capture first), timeline across the top, packet
 * list, details tree and hex view, and explanation / ladder / log tabs, status bar with packets per
 * phase. Built from the view model in the current language; rebuilt when the language changes.
 */
public final class MainView {
    private final MainViewModel vm;
    private final Disposer disposer = new Disposer();
    private final BorderPane root = new BorderPane();
    private final TimelineView timeline;
    private final PacketListView list;
    private final DetailsView details;
    private final HexView hex;
    private final ExplanationView explanation;
    private final LadderView ladder;
    private final FilterBar filterBar;
    private final ConnectionsView connections;
    private final AnnotationsView annotations;
    private final TabPane tabs = new TabPane();
    private final UiText t;

    public MainView(MainViewModel vm) {
        this.vm = vm;
        this.t = vm.text();
        root.getStyleClass().add("main");
        root.setId("main");
        timeline = new TimelineView(vm, disposer);
        list = new PacketListView(vm, disposer);
        details = new DetailsView(vm, disposer);
        hex = new HexView(t.get("hex.title"), t.get("hex.frame"), t.get("hex.decrypted"));
        explanation = new ExplanationView(vm, disposer);
        ladder = new LadderView(vm, disposer);
        filterBar = new FilterBar(vm, disposer);
        connections = new ConnectionsView(vm, disposer);
        annotations = new AnnotationsView(vm, disposer, this::window);
        hex.palette(vm.palette());
        listMenu();
        wireHex();

        VBox top = new VBox(menuBar(), toolBar());
        root.setTop(top);

        SplitPane detailsHex = new SplitPane(details.root(), hex.root());
        detailsHex.setOrientation(Orientation.HORIZONTAL);
        detailsHex.setDividerPositions(0.42);
        VBox.setVgrow(list.table(), Priority.ALWAYS);
        VBox filteredList = new VBox(filterBar.root(), list.table());
        SplitPane listDetails = new SplitPane(filteredList, detailsHex);
        listDetails.setOrientation(Orientation.VERTICAL);
        listDetails.setDividerPositions(0.55);

        Tab explTab = new Tab(t.get("explanation.title"), explanation.root());
        explTab.setId("tab-explanation");
        Tab ladderTab = new Tab(t.get("ladder.title"), ladder.root());
        ladderTab.setId("tab-ladder");
        ListView<String> log = new ListView<>(vm.log());
        log.setId("capture-log");
        log.getStyleClass().add("capture-log");
        vm.log().addListener((javafx.collections.ListChangeListener<String>) c -> {
            if (!vm.log().isEmpty()) {
                log.scrollTo(vm.log().size() - 1);
            }
        });
        Tab logTab = new Tab(t.get("log.title"), log);
        logTab.setId("tab-log");
        Tab connTab = new Tab(t.get("connections.title"), connections.root());
        connTab.setId("tab-connections");
        Tab notesTab = new Tab(t.get("annotations.title"), annotations.root());
        notesTab.setId("tab-annotations");
        tabs.getTabs().addAll(explTab, connTab, ladderTab, notesTab, logTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        disposer.invalidated(vm.capturingProperty(), o -> {
            if (vm.capturingProperty().get()) {
                tabs.getSelectionModel().select(logTab);
            }
        });

        SplitPane lower = new SplitPane(listDetails, tabs);
        lower.setOrientation(Orientation.HORIZONTAL);
        lower.setDividerPositions(0.68);
        SplitPane main = new SplitPane(timeline.root(), lower);
        main.setOrientation(Orientation.VERTICAL);
        main.setDividerPositions(0.34);
        // after a load or capture, give the timeline the height its bands need (within 18%..45%)
        disposer.invalidated(vm.fitRequestsProperty(), o -> fitTimelineHeight(main));
        root.setCenter(main);
        root.setBottom(statusBar());

        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        root.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            boolean ok = files != null && !files.isEmpty();
            if (ok) {
                Path p = files.get(0).toPath();
                javafx.application.Platform.runLater(() -> {
                    if (confirmDiscard()) {
                        vm.open(p);
                    }
                });
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        disposer.listen(vm.messageProperty(), (o, a, b) -> {
            if (b != null && !b.isEmpty()) {
                vm.messageProperty().set(null);
                info(b);
            }
        });
        disposer.listen(vm.captureProblemProperty(), (o, a, b) -> {
            if (b != null) {
                vm.captureProblemProperty().set(null);
                captureProblem(b);
            }
        });
        disposer.invalidated(vm.themeProperty(), o -> hex.palette(vm.palette()));
        disposer.listen(vm.recoverableProperty(), (o, a, b) -> {
            if (b != null) {
                vm.recoverableProperty().set(null);
                javafx.application.Platform.runLater(() -> offerRecovery(vm.fileProperty().get(), b));
            }
        });
    }

    /** Offers the autosave copy of a file that had unsaved annotations when the app last ended. */
    private void offerRecovery(Path original, Path copy) {
        if (original == null || !java.nio.file.Files.isRegularFile(copy)) {
            return;
        }
        ButtonType recover = new ButtonType(t.get("dialog.recover.yes"), ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType(t.get("dialog.recover.discard"), ButtonBar.ButtonData.NO);
        ButtonType later = new ButtonType(t.get("dialog.recover.later"), ButtonBar.ButtonData.CANCEL_CLOSE);
        String when;
        try {
            when = java.time.format.DateTimeFormatter.ofLocalizedDateTime(java.time.format.FormatStyle.MEDIUM)
                    .withLocale(vm.localeProperty().get()).format(java.time.LocalDateTime.ofInstant(
                            java.nio.file.Files.getLastModifiedTime(copy).toInstant(), java.time.ZoneId.systemDefault()));
        } catch (java.io.IOException e) {
            when = "?";
        }
        ButtonType b = ask(Alert.AlertType.CONFIRMATION, "dialog.recover.title", null,
                t.get("dialog.recover.text", original.getFileName(), when, copy), recover, discard, later);
        if (b == recover) {
            vm.recover(original, copy);
        } else if (b == discard) {
            vm.discardAutosave(copy);
        }
    }

    /**
     * When there are unsaved annotations, asks whether to save them first: true when the caller may go on
     * (saved, or the user chose to discard them), false to stay.
     */
    public boolean confirmDiscard() {
        if (!vm.dirtyProperty().get()) {
            return true;
        }
        ButtonType save = new ButtonType(t.get("dialog.unsaved.save"), ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType(t.get("dialog.unsaved.discard"), ButtonBar.ButtonData.NO);
        ButtonType b = ask(Alert.AlertType.CONFIRMATION, "dialog.unsaved.title", "unsaved-dialog", t.get("dialog.unsaved.text"),
                save, discard, ButtonType.CANCEL);
        if (b == discard) {
            vm.discardChanges();
            return true;
        }
        if (b == save) {
            return saveAndWait();
        }
        return false;
    }

    /** Saves (asking for a name when needed) and waits for the write to finish; true when it succeeded. */
    private boolean saveAndWait() {
        Path target = vm.canSaveInPlace() ? vm.fileProperty().get() : askSaveTarget();
        if (target == null) {
            return false;
        }
        boolean[] done = {false};
        Object key = new Object();
        vm.saveAs(target, false, (ok, msg) -> {
            done[0] = true;
            if (!ok) {
                info(msg);
            }
            javafx.application.Platform.exitNestedEventLoop(key, null);
        });
        if (!done[0]) {
            javafx.application.Platform.enterNestedEventLoop(key);
        }
        return !vm.dirtyProperty().get();
    }

    /** The context menu of the packet list: comments on the packet under the mouse. */
    private void listMenu() {
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu();
        MenuItem add = item(t.get("menu.packet.addComment"), "ctx-add-comment",
                () -> CommentDialogs.add(vm, window(), vm.selectedRowProperty().get()));
        MenuItem edit = item(t.get("menu.packet.editComments"), "ctx-edit-comments",
                () -> CommentDialogs.edit(vm, window(), vm.selectedRowProperty().get()));
        MenuItem delete = item(t.get("menu.packet.deleteComments"), "ctx-delete-comments", () -> {
            int row = vm.selectedRowProperty().get();
            if (row >= 0) {
                for (int i = vm.table().comments(row).size() - 1; i >= 0; i--) {
                    vm.deleteComment(row, i);
                }
            }
        });
        MenuItem deciding = item(t.get("menu.packet.deciding"), "ctx-deciding", this::goToDeciding);
        menu.setOnShowing(e -> {
            int row = vm.selectedRowProperty().get();
            boolean has = row >= 0 && row < vm.table().size() && vm.table().hasComments(row);
            add.setDisable(row < 0);
            edit.setDisable(!has);
            delete.setDisable(!has);
            deciding.setDisable(row < 0 || vm.table().stream(row) < 0 || vm.table().decidingRow(vm.table().stream(row)) < 0);
        });
        menu.getItems().addAll(add, edit, delete, new SeparatorMenuItem(), deciding);
        list.table().setContextMenu(menu);
        // the same on the timeline, for the packet under the mouse
        timeline.canvas().setOnContextMenuRequested(e -> {
            int row = timeline.renderer().hit(timeline.viewport(), e.getX(), e.getY(), timeline.canvas().getWidth());
            if (row >= 0) {
                vm.select(row);
                menu.show(timeline.canvas(), e.getScreenX(), e.getScreenY());
            }
            e.consume();
        });
    }

    /** Selects the packet that decided the verdict of the selected packet's connection. */
    private void goToDeciding() {
        int row = vm.selectedRowProperty().get();
        if (row >= 0 && row < vm.table().size() && vm.table().stream(row) >= 0) {
            int d = vm.table().decidingRow(vm.table().stream(row));
            if (d >= 0) {
                vm.select(d);
            }
        }
    }

    private void fitTimelineHeight(SplitPane main) {
        double total = main.getHeight();
        if (total <= 0) {
            return;
        }
        double needed = 34 + timeline.renderer().top() + timeline.renderer().bandCount() * TimelineRenderer.BAND_H + 6;
        main.setDividerPositions(Math.max(0.18, Math.min(0.45, needed / total)));
    }

    private void wireHex() {
        disposer.listen(vm.selectedProperty(), (o, a, b) -> {
            hex.setData(b == null ? null : b.frame().data(), b == null ? null : b.decrypted());
            hex.highlight(-1, 0);
        });
        disposer.listen(vm.selectedFieldProperty(), (o, a, b) -> {
            if (b == null || b.offset() < 0) {
                hex.highlight(-1, 0);
            } else {
                hex.highlight(b.offset(), Math.max(1, b.length()));
            }
        });
        hex.onByteClicked(off -> {
            Field f = details.fieldAt(off);
            if (f != null) {
                vm.selectedFieldProperty().set(f);
            }
        });
        if (vm.selectedProperty().get() != null) {
            hex.setData(vm.selectedProperty().get().frame().data(), vm.selectedProperty().get().decrypted());
        }
    }

    public BorderPane root() {
        return root;
    }

    /** Removes this view's listeners from the view model (before a rebuild). */
    public void dispose() {
        disposer.dispose();
    }

    TimelineView timeline() {
        return timeline;
    }

    PacketListView list() {
        return list;
    }

    DetailsView details() {
        return details;
    }

    HexView hex() {
        return hex;
    }

    AnnotationsView annotations() {
        return annotations;
    }

    ConnectionsView connections() {
        return connections;
    }

    FilterBar filterBar() {
        return filterBar;
    }

    TabPane tabs() {
        return tabs;
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    // ---------------------------------------------------------------- menus

    private MenuBar menuBar() {
        Menu file = new Menu(t.get("menu.file"));
        file.setId("menu-file");
        MenuItem open = item(t.get("menu.file.open"), "menu-open", () -> {
            if (confirmDiscard()) {
                chooseAndOpen();
            }
        });
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        Menu recent = new Menu(t.get("menu.file.recent"));
        recent.setId("menu-recent");
        Runnable fillRecent = () -> {
            recent.getItems().clear();
            if (vm.recentFiles().isEmpty()) {
                MenuItem none = new MenuItem(t.get("menu.file.recent.none"));
                none.setDisable(true);
                recent.getItems().add(none);
            } else {
                for (String p : vm.recentFiles()) {
                    recent.getItems().add(item(p, null, () -> {
                        if (confirmDiscard()) {
                            vm.open(Path.of(p));
                        }
                    }));
                }
                recent.getItems().addAll(new SeparatorMenuItem(), item(t.get("menu.file.recent.clear"), null, vm::clearRecent));
            }
        };
        fillRecent.run();
        vm.recentFiles().addListener((javafx.collections.ListChangeListener<String>) c -> fillRecent.run());
        MenuItem keylog = item(t.get("menu.file.keylog"), "menu-keylog", this::chooseKeyLog);
        MenuItem save = item(t.get("menu.file.save"), "menu-save", this::save);
        save.setAccelerator(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN));
        MenuItem saveAs = item(t.get("menu.file.saveAs"), "menu-save-as", this::chooseAndSave);
        saveAs.setAccelerator(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        Menu exportMenu = new Menu(t.get("menu.file.export"));
        exportMenu.setId("menu-export-menu");
        MenuItem export = item(t.get("menu.file.exportTimeline"), "menu-export", this::chooseAndExport);
        exportMenu.getItems().addAll(exports());
        exportMenu.getItems().add(export);
        MenuItem sample = item(t.get("menu.file.openSample"), "menu-sample", () -> {
            if (confirmDiscard()) {
                openSample();
            }
        });
        MenuItem quit = item(t.get("menu.file.quit"), "menu-quit", () -> {
            Window w = window();
            if (w != null && confirmDiscard()) {
                w.hide();
            }
        });
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        file.getItems().addAll(open, recent, sample, keylog, new SeparatorMenuItem(), save, saveAs, exportMenu,
                new SeparatorMenuItem(), quit);

        Menu edit = new Menu(t.get("menu.edit"));
        edit.setId("menu-edit");
        MenuItem addComment = item(t.get("menu.packet.addComment"), "menu-add-comment",
                () -> CommentDialogs.add(vm, window(), vm.selectedRowProperty().get()));
        addComment.setAccelerator(new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN, KeyCombination.ALT_DOWN));
        MenuItem editComments = item(t.get("menu.packet.editComments"), "menu-edit-comments",
                () -> CommentDialogs.edit(vm, window(), vm.selectedRowProperty().get()));
        MenuItem captureComment = item(t.get("menu.edit.captureComment"), "menu-capture-comment",
                () -> CommentDialogs.capture(vm, window()));
        MenuItem filterFocus = item(t.get("menu.edit.filter"), "menu-filter", () -> filterBar.box().getEditor().requestFocus());
        filterFocus.setAccelerator(new KeyCodeCombination(KeyCode.SLASH, KeyCombination.SHORTCUT_DOWN));
        MenuItem deciding = item(t.get("menu.packet.deciding"), "menu-deciding", this::goToDeciding);
        edit.getItems().addAll(addComment, editComments, captureComment, new SeparatorMenuItem(), filterFocus, deciding);

        Menu view = new Menu(t.get("menu.view"));
        view.setId("menu-view");
        MenuItem zin = item(t.get("menu.view.zoomIn"), null, () -> timeline.zoom(2));
        zin.setAccelerator(new KeyCodeCombination(KeyCode.PLUS, KeyCombination.SHORTCUT_DOWN));
        MenuItem zout = item(t.get("menu.view.zoomOut"), null, () -> timeline.zoom(0.5));
        zout.setAccelerator(new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN));
        MenuItem fit = item(t.get("menu.view.fit"), null, timeline::fit);
        fit.setAccelerator(new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN));
        Menu theme = new Menu(t.get("menu.view.theme"));
        ToggleGroup themes = new ToggleGroup();
        for (String th : new String[] {"light", "dark"}) {
            RadioMenuItem r = new RadioMenuItem(t.get("menu.view.theme." + th));
            r.setId("menu-theme-" + th);
            r.setToggleGroup(themes);
            r.setSelected(th.equals(vm.themeProperty().get()));
            r.setOnAction(e -> vm.themeProperty().set(th));
            theme.getItems().add(r);
        }
        Menu lang = new Menu(t.get("menu.view.language"));
        lang.setId("menu-language");
        ToggleGroup langs = new ToggleGroup();
        for (Locale l : new Locale[] {UiText.ENGLISH, UiText.JAPANESE}) {
            RadioMenuItem r = new RadioMenuItem(l.getDisplayLanguage(l).isEmpty() ? l.toString()
                    : l == UiText.JAPANESE ? "日本語" : "English");
            r.setId("menu-lang-" + l.getLanguage());
            r.setToggleGroup(langs);
            r.setSelected(l.equals(vm.localeProperty().get()));
            r.setOnAction(e -> vm.localeProperty().set(l));
            lang.getItems().add(r);
        }
        view.getItems().addAll(zin, zout, fit, new SeparatorMenuItem(), theme, lang);

        Menu cap = new Menu(t.get("menu.capture"));
        cap.getItems().addAll(item(t.get("toolbar.runCapture"), null, vm::runCapture),
                item(t.get("toolbar.start"), null, vm::startCapture), item(t.get("toolbar.stop"), null, vm::stopCapture));
        Menu help = new Menu(t.get("menu.help"));
        help.getItems().add(item(t.get("menu.help.about"), null, () -> info(t.get("about.text"))));
        MenuBar bar = new MenuBar(file, edit, view, cap, help);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private static MenuItem item(String text, String id, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (id != null) {
            m.setId(id);
        }
        m.setMnemonicParsing(true);
        m.setOnAction(e -> action.run());
        return m;
    }

    // ---------------------------------------------------------------- toolbar

    private ToolBar toolBar() {
        RunCaptureService svc = vm.captureService();
        Button run = new Button(t.get("toolbar.runCapture"));
        run.setId("run-capture");
        run.getStyleClass().add("run-capture");
        run.setTooltip(new Tooltip(t.get("toolbar.runCapture.tip")));
        run.setOnAction(e -> {
            if (confirmDiscard()) {
                vm.runCapture();
            }
        });
        Button start = new Button(t.get("toolbar.start"));
        start.setId("start-capture");
        start.setOnAction(e -> {
            if (confirmDiscard()) {
                vm.startCapture();
            }
        });
        Button stop = new Button(t.get("toolbar.stop"));
        stop.setId("stop-capture");
        stop.setOnAction(e -> vm.stopCapture());
        run.disableProperty().bind(vm.capturingProperty());
        start.disableProperty().bind(vm.capturingProperty());
        stop.disableProperty().bind(vm.capturingProperty().not());
        Button open = new Button(t.get("toolbar.open"));
        open.setId("open");
        open.setOnAction(e -> {
            if (confirmDiscard()) {
                chooseAndOpen();
            }
        });
        Button save = new Button(t.get("toolbar.save"));
        save.setId("save");
        save.setOnAction(e -> save());
        save.disableProperty().bind(vm.rowsProperty().isEqualTo(0).or(vm.loadingProperty()).or(vm.capturingProperty()));

        ComboBox<String> iface = new ComboBox<>();
        iface.setId("interface");
        iface.getItems().setAll(svc.interfaces());
        iface.valueProperty().bindBidirectional(vm.captureInterfaceProperty());
        iface.setTooltip(new Tooltip(t.get("toolbar.interface")));
        ComboBox<String> filter = new ComboBox<>();
        filter.setId("capture-filter");
        filter.setEditable(true);
        filter.setPromptText(t.get("toolbar.filter"));
        filter.getItems().setAll(svc.filterPresets());
        filter.setPrefWidth(170);
        filter.setTooltip(new Tooltip(t.get("toolbar.filter")));
        filter.valueProperty().addListener((o, a, b) -> {
            String expr = b == null ? "" : b.contains(": ") ? b.substring(b.indexOf(": ") + 2) : b;
            var problem = svc.validateFilter(expr);
            filter.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("invalid"), problem.isPresent());
            filter.setTooltip(new Tooltip(problem.map(p -> t.get("toolbar.filter.invalid", p)).orElse(t.get("toolbar.filter"))));
            if (problem.isEmpty()) {
                vm.captureFilterProperty().set(expr);
            }
        });
        ComboBox<String> profile = new ComboBox<>();
        profile.setId("profile");
        profile.getItems().setAll(svc.profiles());
        profile.valueProperty().bindBidirectional(vm.profileProperty());
        profile.setTooltip(new Tooltip(t.get("toolbar.profile")));
        Button editProfile = new Button(t.get("toolbar.profile.edit"));
        editProfile.setOnAction(e -> editProfile(profile));
        ComboBox<String> tls = new ComboBox<>();
        tls.setId("tls-version");
        tls.getItems().setAll("auto", "1.2", "1.3");
        tls.valueProperty().bindBidirectional(vm.tlsVersionProperty());
        tls.setTooltip(new Tooltip(t.get("toolbar.tls")));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToolBar bar = new ToolBar(run, start, stop, sep(), open, save, sep(), label("toolbar.interface"), iface,
                label("toolbar.filter"), filter, label("toolbar.profile"), profile, editProfile, label("toolbar.tls"), tls);
        bar.setId("toolbar");
        return bar;
    }

    private Label label(String key) {
        Label l = new Label(t.get(key));
        l.getStyleClass().add("toolbar-label");
        return l;
    }

    private static Node sep() {
        return new javafx.scene.control.Separator(Orientation.VERTICAL);
    }

    /** Keys of a profile file (as {@code demo.TargetProfile} reads them) and their defaults. */
    private static final String[][] PROFILE_KEYS = {
        {"endpoint", "127.0.0.1"}, {"port", "8883"}, {"client-id", "basicPubSub"}, {"topic", "sdk/test/python"},
        {"message", "test message"}, {"ca", "AmazonRootCA1.pem"}, {"cert", "device.pem.crt"},
        {"key", "private.pem.key"}, {"tls-version", "auto"}};

    private void editProfile(ComboBox<String> profiles) {
        RunCaptureService svc = vm.captureService();
        java.util.Properties current = new java.util.Properties();
        String selected = profiles.getValue();
        String name = "my-device";
        if (selected != null && !"embedded".equals(selected) && java.nio.file.Files.isRegularFile(Path.of(selected))) {
            try (var in = java.nio.file.Files.newBufferedReader(Path.of(selected), java.nio.charset.StandardCharsets.UTF_8)) {
                current.load(in);
                name = Path.of(selected).getFileName().toString().replaceFirst("\\.properties$", "");
            } catch (java.io.IOException e) {
                // start from the defaults
            }
        }
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(window());
        d.setTitle(t.get("dialog.profile.title"));
        d.setHeaderText(t.get("dialog.profile.header", svc.profileFolder()));
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        g.setPadding(new Insets(10));
        TextField nameField = new TextField(name);
        g.add(new Label(t.get("dialog.profile.name")), 0, 0);
        g.add(nameField, 1, 0);
        TextField[] fields = new TextField[PROFILE_KEYS.length];
        for (int i = 0; i < PROFILE_KEYS.length; i++) {
            String key = PROFILE_KEYS[i][0];
            g.add(new Label(t.get("dialog.profile." + key)), 0, i + 1);
            fields[i] = new TextField(current.getProperty(key, PROFILE_KEYS[i][1]));
            fields[i].setPrefColumnCount(32);
            g.add(fields[i], 1, i + 1);
            if (key.equals("ca") || key.equals("cert") || key.equals("key")) {
                TextField f = fields[i];
                Button browse = new Button(t.get("dialog.profile.browse"));
                browse.setOnAction(e -> {
                    File file = new FileChooser().showOpenDialog(d.getDialogPane().getScene().getWindow());
                    if (file != null) {
                        f.setText(file.getAbsolutePath());
                    }
                });
                g.add(browse, 2, i + 1);
            }
        }
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> {
            String n = nameField.getText().trim().replaceAll("[^A-Za-z0-9._-]", "_");
            if (n.isEmpty()) {
                return;
            }
            java.util.Properties p = new java.util.Properties();
            for (int i = 0; i < PROFILE_KEYS.length; i++) {
                String v = fields[i].getText().trim();
                if (!v.isEmpty()) {
                    p.setProperty(PROFILE_KEYS[i][0], v);
                }
            }
            Path file = svc.profileFolder().resolve(n + ".properties");
            try {
                java.nio.file.Files.createDirectories(file.getParent());
                try (var out = java.nio.file.Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8)) {
                    p.store(out, "LayerScope target profile");
                }
            } catch (java.io.IOException e) {
                info(t.get("dialog.error.save", file, e.getMessage()));
                return;
            }
            svc.validateProfile(file).ifPresent(problem -> info(t.get("dialog.profile.invalid", file, problem)));
            if (!profiles.getItems().contains(file.toString())) {
                profiles.getItems().add(file.toString());
            }
            profiles.setValue(file.toString());
        });
    }

    // ---------------------------------------------------------------- status bar

    private Node statusBar() {
        Label status = new Label();
        status.setId("status");
        status.textProperty().bind(vm.statusProperty());
        ProgressBar progress = new ProgressBar();
        progress.setId("load-progress");
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.loadingProperty());
        progress.managedProperty().bind(vm.loadingProperty());
        progress.setPrefWidth(160);
        Button cancel = new Button(t.get("status.cancel"));
        cancel.setId("load-cancel");
        cancel.setOnAction(e -> vm.cancelLoad());
        cancel.visibleProperty().bind(vm.loadingProperty());
        cancel.managedProperty().bind(vm.loadingProperty());
        HBox phases = new HBox(10);
        phases.setId("phase-counts");
        phases.setAlignment(Pos.CENTER_LEFT);
        Label title = new Label(t.get("status.phases"));
        Label[] counts = new Label[Phase.values().length];
        phases.getChildren().add(title);
        for (Phase p : Phase.values()) {
            Canvas c = new Canvas(12, 12);
            FxGfx g = new FxGfx(c.getGraphicsContext2D());
            g.color(vm.palette().phase(p));
            TimelineRenderer.drawShape(g, p, 6, 6, 10);
            Label l = new Label();
            l.setId("count-" + p.id());
            counts[p.ordinal()] = l;
            HBox one = new HBox(3, c, l);
            one.setAlignment(Pos.CENTER_LEFT);
            phases.getChildren().add(one);
        }
        Label drops = new Label();
        drops.setId("drops");
        Runnable update = () -> {
            long[] n = vm.table().phaseCounts();
            for (Phase p : Phase.values()) {
                counts[p.ordinal()].setText(t.phase(p) + " " + n[p.ordinal()]);
            }
            drops.setText(vm.dropsProperty().get() > 0 ? t.get("status.drops", vm.dropsProperty().get()) : "");
        };
        update.run();
        disposer.invalidated(vm.revisionProperty(), o -> update.run());
        disposer.invalidated(vm.dropsProperty(), o -> update.run());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(10, status, progress, cancel, spacer, phases, drops);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(3, 8, 3, 8));
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    // ---------------------------------------------------------------- dialogs

    private FileChooser captureChooser(String titleKey) {
        FileChooser fc = new FileChooser();
        fc.setTitle(t.get(titleKey));
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter(t.get("dialog.filter.captures"), "*.pcap", "*.pcapng", "*.cap", "*.gz"),
                new FileChooser.ExtensionFilter(t.get("dialog.filter.all"), "*"));
        if (!vm.recentFiles().isEmpty()) {
            File dir = new File(vm.recentFiles().get(0)).getParentFile();
            if (dir != null && dir.isDirectory()) {
                fc.setInitialDirectory(dir);
            }
        }
        return fc;
    }

    private void chooseAndOpen() {
        File f = captureChooser("dialog.open.title").showOpenDialog(window());
        if (f != null) {
            vm.open(f.toPath());
        }
    }

    private void openSample() {
        FileChooser fc = captureChooser("dialog.open.title");
        Path samples = MainViewModel.sampleFolder();
        if (samples != null) {
            fc.setInitialDirectory(samples.toFile());
        }
        File f = fc.showOpenDialog(window());
        if (f != null) {
            vm.open(f.toPath());
        }
    }

    private void chooseKeyLog() {
        Path current = vm.fileProperty().get();
        if (current == null) {
            info(t.get("dialog.keylog.nofile"));
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle(t.get("dialog.keylog.title"));
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter(t.get("dialog.filter.keylog"), "*.keylog", "*.txt", "*.log"),
                new FileChooser.ExtensionFilter(t.get("dialog.filter.all"), "*"));
        if (current.getParent() != null) {
            fc.setInitialDirectory(current.toAbsolutePath().getParent().toFile());
        }
        File f = fc.showOpenDialog(window());
        if (f != null && confirmDiscard()) {
            vm.open(current, f.toPath());
        }
    }

    /** Save: in place when the open file is a whole pcapng file, else Save As. */
    private void save() {
        if (vm.canSaveInPlace()) {
            vm.save(this::saveDone);
        } else {
            chooseAndSave();
        }
    }

    private void saveDone(boolean ok, String message) {
        if (!ok) {
            info(message);
        } else {
            vm.statusProperty().set(message);
        }
    }

    /**
     * Asks for the name to save to: pcapng keeps everything; pcap warns that comments cannot be kept
     * there (and offers pcapng instead). Null when the user cancelled.
     */
    private Path askSaveTarget() {
        FileChooser fc = new FileChooser();
        fc.setTitle(t.get("dialog.save.title"));
        FileChooser.ExtensionFilter pcapng = new FileChooser.ExtensionFilter(t.get("dialog.filter.pcapng"), "*.pcapng");
        FileChooser.ExtensionFilter pcap = new FileChooser.ExtensionFilter(t.get("dialog.filter.pcap"), "*.pcap");
        fc.getExtensionFilters().addAll(pcapng, pcap);
        Path current = vm.fileProperty().get();
        String base = current == null ? "capture" : current.getFileName().toString()
                .replaceFirst("\\.gz$", "").replaceFirst("\\.(pcapng|pcap|cap)$", "");
        fc.setInitialFileName(base + ".pcapng");
        if (current != null && current.toAbsolutePath().getParent() != null) {
            fc.setInitialDirectory(current.toAbsolutePath().getParent().toFile());
        }
        File f = fc.showSaveDialog(window());
        if (f == null) {
            return null;
        }
        Path p = f.toPath();
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            // LayerScope reads gzip but writes plain files: do not give a plain file a .gz name
            p = p.resolveSibling(p.getFileName().toString().substring(0, p.getFileName().toString().length() - 3));
            name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        }
        if (!name.contains(".")) {
            p = p.resolveSibling(p.getFileName() + (fc.getSelectedExtensionFilter() == pcap ? ".pcap" : ".pcapng"));
        }
        if (org.layerscope.session.CaptureSaver.isPcap(p) && org.layerscope.session.CaptureSaver.hasComments(vm.table())) {
            ButtonType asPcapng = new ButtonType(t.get("dialog.pcap.pcapng"), ButtonBar.ButtonData.YES);
            ButtonType anyway = new ButtonType(t.get("dialog.pcap.anyway"), ButtonBar.ButtonData.NO);
            ButtonType b = ask(Alert.AlertType.WARNING, "dialog.pcap.title", null, t.get("dialog.pcap.text"), asPcapng, anyway,
                    ButtonType.CANCEL);
            if (b == ButtonType.CANCEL) {
                return null;
            }
            if (b == asPcapng) {
                p = p.resolveSibling(p.getFileName().toString().replaceFirst("\\.(pcap|cap)$", "") + ".pcapng");
            }
        }
        return p;
    }

    private void chooseAndSave() {
        Path p = askSaveTarget();
        if (p != null) {
            boolean embed = false;
            if (vm.hasSecrets() && !org.layerscope.session.CaptureSaver.isPcap(p)) {
                // secrets are embedded only when the user says so
                ButtonType yes = new ButtonType(t.get("dialog.embed.yes"), ButtonBar.ButtonData.YES);
                ButtonType no = new ButtonType(t.get("dialog.embed.no"), ButtonBar.ButtonData.NO);
                embed = ask(Alert.AlertType.CONFIRMATION, "dialog.embed.title", null, t.get("dialog.embed.text"), no, yes) == yes;
            }
            vm.saveAs(p, embed, this::saveDone);
        }
    }

    private void chooseAndExport() {
        FileChooser fc = new FileChooser();
        fc.setTitle(t.get("dialog.export.title"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(t.get("dialog.filter.image"), "*.png", "*.svg"));
        fc.setInitialFileName("timeline.png");
        File f = fc.showSaveDialog(window());
        if (f != null) {
            double plotW = TimelineRenderer.plotWidth(timeline.canvas().getWidth());
            double from = timeline.viewport().startNanos();
            vm.exportTimeline(f.toPath(), from, from + plotW * timeline.viewport().nanosPerPixel(), this::info);
        }
    }

    /** File ▸ Export: the packet list, the analysis and the connection report (filled in by {@link #exports()}). */
    private List<MenuItem> exports() {
        return List.of(
                item(t.get("menu.export.csv"), "menu-export-csv", () -> chooseExport("dialog.filter.csv", "*.csv",
                        "packets.csv", vm::exportCsv)),
                item(t.get("menu.export.json"), "menu-export-json", () -> chooseExport("dialog.filter.json", "*.json",
                        "packets.json", vm::exportJson)),
                item(t.get("menu.export.markdown"), "menu-export-markdown", () -> chooseExport("dialog.filter.markdown",
                        "*.md", "connections.md", vm::exportReport)));
    }

    /** What an export does once it has a file and knows whether to keep to the filtered packets. */
    @FunctionalInterface
    private interface Exporter {
        void export(Path path, boolean filteredOnly, java.util.function.Consumer<String> done);
    }

    private void chooseExport(String filterKey, String pattern, String name, Exporter exporter) {
        if (vm.rowsProperty().get() == 0) {
            info(t.get("timeline.empty"));
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle(t.get("dialog.export.title"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(t.get(filterKey), pattern));
        Path current = vm.fileProperty().get();
        String base = current == null ? "" : current.getFileName().toString()
                .replaceFirst("\\.gz$", "").replaceFirst("\\.(pcapng|pcap|cap)$", "") + "-";
        fc.setInitialFileName(base + name);
        if (current != null && current.toAbsolutePath().getParent() != null) {
            fc.setInitialDirectory(current.toAbsolutePath().getParent().toFile());
        }
        File f = fc.showSaveDialog(window());
        if (f == null) {
            return;
        }
        boolean filtered = false;
        MainViewModel.RowFilter rf = vm.rowFilterProperty().get();
        if (rf != null) {
            ButtonType only = new ButtonType(t.get("dialog.export.filtered.yes"), ButtonBar.ButtonData.YES);
            ButtonType all = new ButtonType(t.get("dialog.export.filtered.no"), ButtonBar.ButtonData.NO);
            ButtonType b = ask(Alert.AlertType.CONFIRMATION, "dialog.export.filtered.title", null,
                    t.get("dialog.export.filtered", rf.rows().length, vm.rowsProperty().get()), only, all, ButtonType.CANCEL);
            if (b == ButtonType.CANCEL) {
                return;
            }
            filtered = b == only;
        }
        exporter.export(f.toPath(), filtered, this::info);
    }

    /** Asks a question in a modal alert titled by {@code titleKey}; the button pressed, or CANCEL when closed. */
    private ButtonType ask(Alert.AlertType type, String titleKey, String paneId, String text, ButtonType... buttons) {
        Alert a = new Alert(type, text, buttons);
        a.initOwner(window());
        a.setTitle(t.get(titleKey));
        a.setHeaderText(t.get(titleKey));
        if (paneId != null) {
            a.getDialogPane().setId(paneId);
        }
        return a.showAndWait().orElse(ButtonType.CANCEL);
    }

    private void info(String text) {
        Alert a = new Alert(Alert.AlertType.INFORMATION, text, ButtonType.OK);
        a.initOwner(window());
        a.setTitle(t.get("dialog.error.title"));
        a.setHeaderText(null);
        a.show();
    }

    private void captureProblem(RunCaptureService.Problem p) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(window());
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
        d.getDialogPane().setContent(content);
        ButtonType sample = new ButtonType(t.get("dialog.capture.openSample"), ButtonBar.ButtonData.OTHER);
        ButtonType close = new ButtonType(t.get("dialog.capture.close"), ButtonBar.ButtonData.CANCEL_CLOSE);
        d.getDialogPane().getButtonTypes().addAll(sample, close);
        d.setResultConverter(b -> b);
        d.show();
        d.setOnHidden(e -> {
            if (d.getResult() == sample) {
                openSample();
            }
        });
    }
}
