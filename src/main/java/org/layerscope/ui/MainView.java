package org.layerscope.ui;

import java.util.Locale;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.layerscope.model.Field;
import org.layerscope.render.TimelineRenderer;
import org.layerscope.session.UiText;

/**
 * The main window's content, composed of one view per feature: menus and toolbar (Run &amp; Capture first,
 * from {@link LiveCaptureView}; files from {@link DocumentView}; exports from {@link ExportsView}), the
 * timeline across the top, packet list with its {@link FilterBar}, details tree and hex view, the
 * explanation / connections / ladder / annotations / log tabs, and the {@link StatusBar}. Built from the view
 * model in the current language; rebuilt when the language changes.
 */
public final class MainView {
    private final MainViewModel vm;
    private final Disposer disposer = new Disposer();
    private final BorderPane root = new BorderPane();
    private final Dialogs dialogs;
    private final TimelineView timeline;
    private final PacketListView list;
    private final DetailsView details;
    private final HexView hex;
    private final ExplanationView explanation;
    private final LadderView ladder;
    private final FilterBar filterBar;
    private final ConnectionsView connections;
    private final AnnotationsView annotations;
    private final DocumentView document;
    private final LiveCaptureView capture;
    private final ExportsView exports;
    private final TabPane tabs = new TabPane();
    private final UiText t;
    private javafx.scene.Node top;
    private javafx.scene.Node bottom;
    private javafx.scene.Node normal;
    private final org.layerscope.ui.LessonView lesson;

    public MainView(MainViewModel vm) {
        this.vm = vm;
        this.t = vm.text();
        root.getStyleClass().add("main");
        root.setId("main");
        dialogs = new Dialogs(t, this::window);
        SaveDialogs files = new SaveDialogs(vm, dialogs);
        timeline = new TimelineView(vm, disposer);
        list = new PacketListView(vm, disposer);
        details = new DetailsView(vm, disposer);
        hex = new HexView(t.get("hex.title"), t.get("hex.frame"), t.get("hex.decrypted"));
        explanation = new ExplanationView(vm, disposer);
        ladder = new LadderView(vm, disposer);
        filterBar = new FilterBar(vm, disposer);
        connections = new ConnectionsView(vm, disposer);
        annotations = new AnnotationsView(vm, disposer, this::window);
        document = new DocumentView(vm, dialogs, files, disposer);
        capture = new LiveCaptureView(vm, dialogs, document, disposer);
        new InterruptedCaptureView(vm, dialogs, disposer);
        exports = new ExportsView(vm, dialogs, files, timeline);
        hex.palette(vm.palette());
        packetMenu();
        wireHex();

        top = new VBox(menuBar(), toolBar());
        root.setTop(top);

        SplitPane detailsHex = new SplitPane(details.root(), hex.root());
        detailsHex.setOrientation(Orientation.HORIZONTAL);
        detailsHex.setDividerPositions(0.42);
        VBox.setVgrow(list.node(), Priority.ALWAYS);
        VBox filteredList = new VBox(filterBar.root(), list.node());
        SplitPane listDetails = new SplitPane(filteredList, detailsHex);
        listDetails.setOrientation(Orientation.VERTICAL);
        listDetails.setDividerPositions(0.55);

        Tab explTab = tab("explanation.title", "tab-explanation", explanation.root());
        Tab ladderTab = tab("ladder.title", "tab-ladder", ladder.root());
        ladderTab.selectedProperty().addListener((o, a, b) -> ladder.shown(b));
        Tab logTab = tab("log.title", "tab-log", capture.log());
        Tab connTab = tab("connections.title", "tab-connections", connections.root());
        Tab notesTab = tab("annotations.title", "tab-annotations", annotations.root());
        tabs.getTabs().addAll(explTab, connTab, ladderTab, notesTab, logTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        ladder.shown(ladderTab.isSelected());
        connTab.selectedProperty().addListener((o, a, b) -> connections.shown(b));
        connections.shown(connTab.isSelected());
        disposer.invalidated(vm.capture().capturingProperty(), o -> {
            if (vm.capture().capturingProperty().get()) {
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
        disposer.invalidated(vm.packets().fitRequestsProperty(), o -> fitTimelineHeight(main));
        root.setCenter(main);
        bottom = StatusBar.create(vm, disposer);
        root.setBottom(bottom);
        normal = main;
        lesson = new org.layerscope.ui.LessonView(vm.lesson());
        lesson.onExit(vm.lesson()::leave);
        disposer.invalidated(vm.lesson().activeProperty(), o -> lessonMode(vm.lesson().activeProperty().get()));
        if (vm.lesson().activeProperty().get()) {
            lessonMode(true);
        }

        document.acceptDrops(root);
        disposer.listen(vm.messageProperty(), (o, a, b) -> {
            if (b != null && !b.isEmpty()) {
                vm.messageProperty().set(null);
                dialogs.info(b);
            }
        });
        disposer.invalidated(vm.themeProperty(), o -> hex.palette(vm.palette()));
    }

    private Tab tab(String titleKey, String id, Node content) {
        Tab tab = new Tab(t.get(titleKey), content);
        tab.setId(id);
        return tab;
    }

    /**
     * When there are unsaved annotations, asks whether to save them first: true when the caller may go on
     * (saved, or the user chose to discard them), false to stay.
     */
    public boolean confirmDiscard() {
        return document.confirmDiscard();
    }

    /** The context menu of a packet, on the packet list and on the timeline (for the packet under the mouse). */
    private void packetMenu() {
        ContextMenu menu = PacketContextMenu.create(vm, dialogs);
        list.table().setContextMenu(menu);
        timeline.canvas().setOnContextMenuRequested(e -> {
            int row = timeline.renderer().hit(timeline.viewport(), e.getX(), e.getY(), timeline.canvas().getWidth());
            if (row >= 0) {
                vm.selection().select(row);
                menu.show(timeline.canvas(), e.getScreenX(), e.getScreenY());
            }
            e.consume();
        });
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
        SelectionViewModel sel = vm.selection();
        disposer.listen(sel.selectedProperty(), (o, a, b) -> {
            long t0 = System.nanoTime();
            hex.setData(b == null ? null : b.frame().data(), b == null ? null : b.decrypted());
            hex.highlight(-1, 0);
            sel.spent(SelectionViewModel.Stage.HEX, System.nanoTime() - t0);
        });
        disposer.listen(sel.selectedFieldProperty(), (o, a, b) -> {
            if (b == null || b.offset() < 0) {
                hex.highlight(-1, 0);
            } else {
                hex.highlight(b.offset(), Math.max(1, b.length()));
            }
        });
        hex.onByteClicked(off -> {
            Field f = details.fieldAt(off);
            if (f != null) {
                sel.selectedFieldProperty().set(f);
            }
        });
        if (sel.selectedProperty().get() != null) {
            hex.setData(sel.selectedProperty().get().frame().data(), sel.selectedProperty().get().decrypted());
        }
    }

    public BorderPane root() {
        return root;
    }

    /** Removes this view's listeners from the view model (before a rebuild). */
    public void dispose() {
        disposer.dispose();
        lesson.dispose();
    }

    /** Lesson mode fills the window (no menus, toolbar or status bar); leaving it shows the normal view again. */
    private void lessonMode(boolean on) {
        root.setCenter(on ? lesson.root() : normal);
        root.setTop(on ? null : top);
        root.setBottom(on ? null : bottom);
        if (on) {
            lesson.focus();
        }
    }

    /** The lesson mode's view. */
    public org.layerscope.ui.LessonView lessonView() {
        return lesson;
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

    // ---------------------------------------------------------------- menus and toolbar

    private MenuBar menuBar() {
        Menu edit = new Menu(t.get("menu.edit"));
        edit.setId("menu-edit");
        MenuItem addComment = item(t.get("menu.packet.addComment"), "menu-add-comment",
                () -> CommentDialogs.add(vm, window(), vm.selection().selectedRowProperty().get()));
        addComment.setAccelerator(new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN, KeyCombination.ALT_DOWN));
        MenuItem editComments = item(t.get("menu.packet.editComments"), "menu-edit-comments",
                () -> CommentDialogs.edit(vm, window(), vm.selection().selectedRowProperty().get()));
        MenuItem captureComment = item(t.get("menu.edit.captureComment"), "menu-capture-comment",
                () -> CommentDialogs.capture(vm, window()));
        MenuItem filterFocus = item(t.get("menu.edit.filter"), "menu-filter", () -> filterBar.box().getEditor().requestFocus());
        filterFocus.setAccelerator(new KeyCodeCombination(KeyCode.SLASH, KeyCombination.SHORTCUT_DOWN));
        MenuItem deciding = item(t.get("menu.packet.deciding"), "menu-deciding", vm.selection()::goToDeciding);
        edit.getItems().addAll(addComment, editComments, captureComment, new SeparatorMenuItem(), filterFocus, deciding);

        Menu help = new Menu(t.get("menu.help"));
        help.getItems().add(item(t.get("menu.help.about"), null, () -> dialogs.info(t.get("about.text"))));
        MenuBar bar = new MenuBar(document.menu(exports.menu()), edit, viewMenu(), capture.menu(), help);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    /** View: zoom, theme, language. */
    private Menu viewMenu() {
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
        MenuItem lessonItem = item(org.layerscope.session.lesson.LessonText.of(t.locale()).get("lesson.mode"), "menu-lesson",
                () -> vm.lesson().enter());
        lessonItem.setAccelerator(new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN));
        view.getItems().addAll(zin, zout, fit, new SeparatorMenuItem(), lessonItem, new SeparatorMenuItem(), theme, lang);
        return view;
    }

    static MenuItem item(String text, String id, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (id != null) {
            m.setId(id);
        }
        m.setMnemonicParsing(true);
        m.setOnAction(e -> action.run());
        return m;
    }

    /**
     * Two rows, so that nothing is cut from 1024×768 (a projector) up, in English or Japanese: the capture row (Run
     * &amp; Capture, Start, Stop, Open, Save, interface and capture filter) and the row of what Run &amp; Capture
     * talks to and stages (target profile, TLS version, the scenario picker, lesson mode).
     */
    private VBox toolBar() {
        ToolBar bar = new ToolBar();
        bar.getItems().addAll(capture.buttons());
        bar.getItems().addAll(new Separator(Orientation.VERTICAL), document.openButton(), document.saveButton(),
                new Separator(Orientation.VERTICAL));
        bar.getItems().addAll(capture.captureSettings());
        bar.setId("toolbar");
        ToolBar classroom = new ToolBar();
        classroom.getItems().addAll(capture.targetSettings());
        classroom.getItems().add(new Separator(Orientation.VERTICAL));
        classroom.getItems().addAll(capture.scenarioPicker());
        javafx.scene.control.Button lessonButton = new javafx.scene.control.Button(
                org.layerscope.session.lesson.LessonText.of(t.locale()).get("lesson.mode"));
        lessonButton.setId("lesson-button");
        lessonButton.setOnAction(e -> vm.lesson().enter()); // after Run & Capture: one click to its lesson
        classroom.getItems().addAll(new Separator(Orientation.VERTICAL), lessonButton);
        classroom.setId("classroom-bar");
        VBox rows = new VBox(bar, classroom);
        rows.setId("toolbars");
        return rows;
    }

    // ---------------------------------------------------------------- automation (app.Automation)

    /** Shows the tab {@code explanation|connections|ladder|annotations|log}. */
    public void showTab(String name) {
        tabs.getTabs().stream().filter(x -> ("tab-" + name).equals(x.getId())).findFirst()
                .ifPresent(x -> tabs.getSelectionModel().select(x));
    }

    /** Puts a display filter's text in the filter bar (as if typed; {@code vm.filter()} applies it). */
    public void showFilterText(String expression) {
        filterBar.box().getEditor().setText(expression);
    }

    /** Rows the packet list holds now. */
    public int listedRows() {
        return list.shownRows();
    }

    /** Scrolls the packet list to a row and lays it out (the benchmark's list jump). */
    public void jumpList(int row) {
        list.jump(row);
    }

    /** Lays out the packet list now. */
    public void layoutList() {
        list.table().layout();
    }

    /** Fits the whole capture into the timeline. */
    public void fitTimeline() {
        timeline.fit();
    }

    /** Zooms the timeline by a factor. */
    public void zoomTimeline(double factor) {
        timeline.zoom(factor);
    }

    /** Repaints the timeline now. */
    public void redrawTimeline() {
        timeline.redraw();
    }

    /** Pans the timeline by a fraction of its plot width (negative: towards earlier packets) and repaints. */
    public void panTimeline(double fraction) {
        timeline.viewport().pan(fraction * TimelineRenderer.plotWidth(timeline.canvas().getWidth()));
        timeline.redraw();
    }
}
