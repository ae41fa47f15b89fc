package org.layerscope.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.animation.FadeTransition;
import javafx.animation.KeyFrame;
import javafx.animation.KeyValue;
import javafx.animation.SequentialTransition;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.text.Text;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.layerscope.model.Phase;
import org.layerscope.session.LayerBreakdown;
import org.layerscope.session.lesson.Lesson;
import org.layerscope.session.lesson.LessonText;

/**
 * Lesson mode: a projector-sized view of one connection, step by step. Type scales with the window (readable from
 * the back of a room at 1280×720 and 1024×768); a big ladder between the device and the broker with the current
 * arrow travelling from sender to receiver; the narration; the layer envelope wrapping up; Back / Play (with speed)
 * / Next and jump-to-phase; ←, →, space, Home, End, F5 (full screen) and Esc. The eavesdropper toggle shows the
 * step as the path sees it next to what the two ends see; Compare puts a second capture's lesson beside this one,
 * aligned by phase.
 */
public final class LessonView {
    private static final Phase[] PHASES = {Phase.TCP_HANDSHAKE, Phase.TLS_HANDSHAKE, Phase.APPLICATION_DATA,
        Phase.TEARDOWN};

    private final LessonViewModel vm;
    private final BorderPane root = new BorderPane();
    private final Label title = new Label();
    private final Label counter = new Label();
    private final LadderPane ladder = new LadderPane();
    private final VBox ends = new VBox();
    private final HBox sides = new HBox();
    private final HBox phases = new HBox();
    private final Button back = new Button();
    private final Button next = new Button();
    private final ToggleButton play = new ToggleButton();
    private final ComboBox<Double> speed = new ComboBox<>();
    private final ToggleButton eaves = new ToggleButton();
    private final Button compare = new Button();
    private final Button exit = new Button();
    private final StackPane center = new StackPane();
    private final HBox main = new HBox();
    private LessonText t;
    private Runnable onExit = () -> { };

    public LessonView(LessonViewModel vm) {
        this.vm = vm;
        root.setId("lesson");
        root.getStyleClass().add("lesson");
        root.getStylesheets().add(LessonView.class.getResource("lesson.css").toExternalForm());
        root.heightProperty().addListener((o, a, b) -> scale());
        root.widthProperty().addListener((o, a, b) -> scale());

        title.setId("lesson-title");
        title.getStyleClass().add("lesson-title");
        title.setWrapText(false); // one line; the full title is on the ladder and in the narration
        counter.getStyleClass().add("lesson-counter");
        counter.setMinWidth(Region.USE_PREF_SIZE);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(12, title, grow, counter);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(8, 16, 4, 16));
        root.setTop(top);

        ladder.setId("lesson-ladder");
        ladder.setMinSize(200, 200);
        sides.setSpacing(16);
        HBox.setHgrow(sides, Priority.ALWAYS);
        javafx.scene.control.ScrollPane sideScroll = new javafx.scene.control.ScrollPane(sides);
        sideScroll.setFitToWidth(true);
        sideScroll.getStyleClass().add("lesson-scroll");
        sideScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        HBox.setHgrow(sideScroll, Priority.ALWAYS);
        main.getChildren().addAll(ladder, sideScroll);
        main.setMinHeight(0);
        main.setSpacing(16);
        main.setPadding(new Insets(4, 16, 4, 16));
        ladder.minWidthProperty().bind(main.widthProperty().multiply(0.4));
        ladder.maxWidthProperty().bind(main.widthProperty().multiply(0.4));
        center.getChildren().add(main);
        root.setCenter(center);

        back.setId("lesson-back");
        next.setId("lesson-next");
        play.setId("lesson-play");
        speed.setId("lesson-speed");
        eaves.setId("lesson-eavesdropper");
        compare.setId("lesson-compare");
        exit.setId("lesson-exit");
        speed.getItems().addAll(1.0, 2.0, 4.0, 8.0);
        speed.setValue(vm.secondsPerStepProperty().get());
        speed.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.secondsPerStepProperty().set(b);
            }
        });
        back.setOnAction(e -> vm.back());
        next.setOnAction(e -> vm.next());
        play.setOnAction(e -> vm.togglePlay());
        listen(vm.playingProperty(), o -> play.setSelected(vm.playingProperty().get()));
        eaves.selectedProperty().bindBidirectional(vm.eavesdropperProperty());
        compare.setOnAction(e -> chooseCompare());
        exit.setOnAction(e -> onExit.run());
        phases.setId("lesson-phases");
        phases.setSpacing(6);
        HBox.setHgrow(phases, Priority.ALWAYS);
        HBox controls = new HBox(8, back, play, next, speed, eaves, compare, exit);
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.getStyleClass().add("lesson-controls");
        for (Node n : controls.getChildren()) {
            ((Region) n).setMinWidth(Region.USE_PREF_SIZE);
        }
        VBox bottom = new VBox(6, phases, controls);
        bottom.setPadding(new Insets(4, 16, 10, 16));
        root.setBottom(bottom);

        root.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
        listen(vm.lessonProperty(), o -> refresh(true));
        listen(vm.indexProperty(), o -> refresh(true));
        listen(vm.eavesdropperProperty(), o -> refresh(false));
        listen(vm.compareProperty(), o -> refresh(false));
        listen(vm.problemProperty(), o -> refresh(false));
        listen(vm.buildingProperty(), o -> refresh(false));
        listen(vm.main().localeProperty(), o -> texts());
        ladder.widthProperty().addListener((o, a, b) -> ladder.draw(false));
        ladder.heightProperty().addListener((o, a, b) -> ladder.draw(false));
        texts();
    }

    public Node root() {
        return root;
    }

    private final List<Runnable> removals = new ArrayList<>();

    private void listen(javafx.beans.Observable value, javafx.beans.InvalidationListener l) {
        value.addListener(l);
        removals.add(() -> value.removeListener(l));
    }

    /** Removes this view's listeners from the view model (the window rebuilds its views on a language change). */
    public void dispose() {
        removals.forEach(Runnable::run);
        removals.clear();
        eaves.selectedProperty().unbindBidirectional(vm.eavesdropperProperty());
    }

    /** Gives the keyboard to the lesson (its keys work at once). */
    public void focus() {
        next.requestFocus();
    }

    /** What Esc (when not full screen) and the exit button do: leave lesson mode. */
    public void onExit(Runnable r) {
        onExit = r;
    }

    private void texts() {
        t = LessonText.of(vm.main().localeProperty().get());
        LessonText u = t;
        back.setText(u.get("lesson.back"));
        next.setText(u.get("lesson.next"));
        play.setText(u.get("lesson.play"));
        eaves.setText(u.get("lesson.eavesdropper"));
        compare.setText(u.get("lesson.compare"));
        exit.setText(u.get("lesson.exit"));
        speed.setPromptText(u.get("lesson.speed"));
        speed.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Double d) {
                return d == null ? "" : u.get("lesson.speed.value", d.intValue());
            }

            @Override
            public Double fromString(String s) {
                return null;
            }
        });
        scale();
        refresh(false);
    }

    private void scale() {
        double h = root.getHeight();
        double w = root.getWidth();
        double size = Math.max(13, Math.min(40, Math.min(h / 720 * 20, w / 1280 * 22)));
        String family = family();
        root.setStyle("-fx-font-size: " + String.format(java.util.Locale.ROOT, "%.1f", size) + "px;"
                + (family == null ? "" : " -fx-font-family: \"" + family + "\";"));
        ladder.draw(false);
    }

    /** Font size in pixels the view uses now (it scales with the window). */
    public double fontSize() {
        String s = root.getStyle();
        int i = s.indexOf(':');
        return i < 0 ? 13 : Double.parseDouble(s.substring(i + 1, s.indexOf("px")).trim());
    }

    private static final String[] JAPANESE_FAMILIES = {"Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic UI", "Meiryo UI",
        "Meiryo", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "IPAexGothic", "IPAGothic", "TakaoPGothic",
        "VL PGothic", "MS UI Gothic"};
    private static String japaneseFamily;

    /**
     * For Japanese, a font family that has Japanese glyphs (the toolkit's default font may not fall back to one);
     * null for English or when none is installed.
     */
    private String family() {
        if (t == null || !"ja".equals(t.locale().getLanguage())) {
            return null;
        }
        if (japaneseFamily == null) {
            java.util.List<String> installed = javafx.scene.text.Font.getFamilies();
            japaneseFamily = "";
            for (String f : JAPANESE_FAMILIES) {
                if (installed.contains(f)) {
                    japaneseFamily = f;
                    break;
                }
            }
        }
        return japaneseFamily.isEmpty() ? null : japaneseFamily;
    }

    private void key(KeyEvent e) {
        switch (e.getCode()) {
            case LEFT, PAGE_UP -> vm.back();
            case RIGHT, SPACE, PAGE_DOWN -> vm.next();
            case HOME -> vm.first();
            case END -> vm.last();
            case F5 -> fullScreen(true);
            case ESCAPE -> {
                if (stage() != null && stage().isFullScreen()) {
                    fullScreen(false);
                } else {
                    onExit.run();
                }
            }
            default -> {
                return;
            }
        }
        e.consume();
    }

    private Stage stage() {
        return root.getScene() != null && root.getScene().getWindow() instanceof Stage s ? s : null;
    }

    private void fullScreen(boolean on) {
        Stage s = stage();
        if (s != null) {
            s.setFullScreenExitHint("");
            s.setFullScreen(on);
        }
    }

    private void chooseCompare() {
        FileChooser fc = new FileChooser();
        fc.setTitle(t.get("lesson.compare"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("pcap, pcapng", "*.pcap", "*.pcapng", "*.gz"));
        java.io.File f = fc.showOpenDialog(stage());
        if (f != null) {
            vm.compareWith(f.toPath());
        }
    }

    // ------------------------------------------------------------------ showing a step

    private void refresh(boolean animate) {
        Lesson l = vm.lessonProperty().get();
        int i = vm.indexProperty().get();
        sides.getChildren().clear();
        phases.getChildren().clear();
        if (vm.compareProperty().get() != null && l != null) {
            center.getChildren().setAll(LessonCompare.grid(l, vm.compareProperty().get(), i, t, vm::go,
                    t.get("lesson.compare.close"), vm::closeCompare));
        } else {
            center.getChildren().setAll(main);
        }
        if (l == null || i < 0 || i >= l.steps().size()) {
            String p = vm.problemProperty().get();
            title.setText(p != null ? p : vm.buildingProperty().get() ? t.get("lesson.building") : "");
            counter.setText("");
            ladder.show(null, -1, false);
            return;
        }
        Lesson.Step s = l.steps().get(i);
        title.setText(t.title(l, s));
        counter.setText(t.get("lesson.step", s.number(), l.steps().size()));
        ladder.show(l, i, animate);
        boolean split = vm.eavesdropperProperty().get() && l.decrypted();
        eaves.setDisable(!l.decrypted());
        if (split) {
            Lesson.Step e = vm.eavesdropperStep(i);
            Lesson el = vm.eavesdropperLessonProperty().get();
            sides.getChildren().add(column(t.get("lesson.view.eavesdropper"), el, e, false));
            sides.getChildren().add(column(t.get("lesson.view.ends"), l, s, false));
        } else {
            sides.getChildren().add(column(null, l, s, animate));
        }
        for (Phase p : PHASES) {
            Button b = new Button(t.phase(p));
            b.setId("lesson-phase-" + p.id());
            b.getStyleClass().add("lesson-phase");
            b.getStyleClass().add(p == s.phase() ? "now" : p.ordinal() < s.phase().ordinal() ? "done" : "todo");
            b.setMaxWidth(Double.MAX_VALUE);
            b.setFocusTraversable(false);
            HBox.setHgrow(b, Priority.ALWAYS);
            b.setOnAction(e -> vm.jumpTo(p));
            b.setDisable(l.firstStepOf(p) < 0);
            phases.getChildren().add(b);
        }
    }

    private VBox column(String heading, Lesson l, Lesson.Step s, boolean animate) {
        VBox box = new VBox(8);
        HBox.setHgrow(box, Priority.ALWAYS);
        box.setMaxWidth(Double.MAX_VALUE);
        if (heading != null) {
            box.getStyleClass().add("lesson-half"); // two equal columns with smaller type
            box.setPrefWidth(0);
            box.setMinWidth(0);
        }
        if (heading != null) {
            Label h = new Label(heading);
            h.getStyleClass().add("lesson-heading");
            box.getChildren().add(h);
            Label st = new Label(s == null ? "" : t.title(l, s));
            st.getStyleClass().add("lesson-subtitle");
            st.setWrapText(true);
            box.getChildren().add(st);
        }
        if (s == null) {
            return box;
        }
        Label from = new Label(t.get("lesson.from", t.sender(l, s), t.end(l, s.fromId().equals("client")))
                + " \u00B7 " + t.get("lesson.frames", s.frameList()));
        from.getStyleClass().add("lesson-from");
        Label narration = new Label(t.narration(l, s));
        narration.setId(heading == null ? "lesson-narration" : null);
        narration.getStyleClass().add("lesson-narration");
        if (narration.getText().length() > ("ja".equals(t.locale().getLanguage()) ? 110 : 230)) {
            narration.getStyleClass().add("long"); // a long narration in slightly smaller type, so it fits
        }
        narration.setWrapText(true);
        narration.setMinHeight(Region.USE_PREF_SIZE);
        box.getChildren().addAll(from, narration);
        List<LayerBreakdown.Layer> layers = s.layers(t.locale());
        if (!layers.isEmpty()) {
            Label cap = new Label(t.get("lesson.layers", s.main()));
            cap.getStyleClass().add("lesson-from");
            box.getChildren().addAll(cap, envelope(layers, animate));
        }
        return box;
    }

    /** The nested boxes of the layers; animated, they appear from the innermost out (the message is wrapped). */
    private Node envelope(List<LayerBreakdown.Layer> layers, boolean animate) {
        List<VBox> open = new ArrayList<>();
        List<Integer> depths = new ArrayList<>();
        List<VBox> all = new ArrayList<>();
        VBox outer = null;
        for (LayerBreakdown.Layer l : layers) {
            VBox b = new VBox(2);
            b.getStyleClass().addAll("lesson-box", "k-" + l.kind());
            Label c = new Label(l.caption());
            c.getStyleClass().add("lesson-box-caption");
            b.getChildren().add(c);
            while (!depths.isEmpty() && depths.get(depths.size() - 1) >= l.depth()) {
                depths.remove(depths.size() - 1);
                open.remove(open.size() - 1);
            }
            if (open.isEmpty()) {
                outer = outer == null ? b : outer;
            } else {
                open.get(open.size() - 1).getChildren().add(b);
            }
            open.add(b);
            depths.add(l.depth());
            all.add(b);
        }
        VBox env = new VBox(outer);
        env.setId("lesson-envelope");
        if (animate) {
            SequentialTransition seq = new SequentialTransition();
            for (int k = all.size() - 1; k >= 0; k--) {
                VBox b = all.get(k);
                b.setOpacity(0.15);
                FadeTransition f = new FadeTransition(Duration.millis(90), b);
                f.setToValue(1);
                seq.getChildren().add(f);
            }
            seq.play();
        }
        return env;
    }

    // ------------------------------------------------------------------ the ladder

    /** The ladder between the two ends: a window of steps around the current one, which travels when shown. */
    final class LadderPane extends Pane {
        private Lesson lesson;
        private int current = -1;
        private Timeline travel;

        void show(Lesson l, int index, boolean animate) {
            lesson = l;
            current = index;
            draw(animate);
        }

        void draw(boolean animate) {
            getChildren().clear();
            if (travel != null) {
                travel.stop();
            }
            double w = getWidth();
            double h = getHeight();
            if (lesson == null || w <= 0 || h <= 0) {
                return;
            }
            double font = fontSize();
            double xc = Math.max(40, w * 0.14);
            double xs = w - xc;
            double top = font * 2.6;
            double rowH = Math.max(font * 2.1, 26);
            int rows = Math.max(3, (int) ((h - top - 10) / rowH));
            int n = lesson.steps().size();
            int from = Math.max(0, Math.min(current - rows / 2, n - rows));
            int to = Math.min(n, from + rows);
            Text client = endLabel(t.end(lesson, false), xc, font * 1.4);
            Text server = endLabel(t.end(lesson, true), xs, font * 1.4);
            Line lc = new Line(xc, top - font * 0.6, xc, h - 4);
            Line ls = new Line(xs, top - font * 0.6, xs, h - 4);
            lc.getStyleClass().add("lesson-life");
            ls.getStyleClass().add("lesson-life");
            getChildren().addAll(client, server, lc, ls);
            for (int i = from; i < to; i++) {
                Lesson.Step s = lesson.steps().get(i);
                double y = top + (i - from) * rowH + rowH * 0.75;
                boolean cur = i == current;
                String state = cur ? "cur" : i < current ? "past" : "next";
                Text label = new Text(shorten(t.title(lesson, s), cur ? 40 : 34));
                label.getStyleClass().addAll("lesson-arrow-label", state);
                label.setFont(javafx.scene.text.Font.font(family(), font * (cur ? 0.85 : 0.7)));
                label.setX((xc + xs) / 2 - label.getLayoutBounds().getWidth() / 2);
                label.setY(y - font * 0.35);
                if (s.kind() == Lesson.Kind.VERDICT) {
                    Line stop = new Line(xc, y, xs, y);
                    stop.getStyleClass().addAll("lesson-stop", state);
                    label.getStyleClass().add("lesson-stop-label");
                    getChildren().addAll(stop, label);
                    continue;
                }
                boolean c2s = s.fromId().equals("client");
                double x1 = c2s ? xc : xs;
                double x2 = c2s ? xs : xc;
                double y2 = y + rowH * 0.3;
                Line arrow = new Line(x1, y, cur && animate ? x1 : x2, cur && animate ? y : y2);
                arrow.getStyleClass().addAll("lesson-arrow", state, "ph-" + s.phase().id());
                Circle head = new Circle(cur ? Math.max(5, font * 0.35) : Math.max(3, font * 0.2));
                head.getStyleClass().addAll("lesson-head", state, "ph-" + s.phase().id());
                head.centerXProperty().bind(arrow.endXProperty());
                head.centerYProperty().bind(arrow.endYProperty());
                if (cur) {
                    arrow.setId("lesson-current-arrow");
                }
                getChildren().addAll(arrow, head, label);
                if (cur && animate) {
                    travel = new Timeline(new KeyFrame(Duration.millis(700),
                            new KeyValue(arrow.endXProperty(), x2), new KeyValue(arrow.endYProperty(), y2)));
                    travel.play();
                }
            }
        }

        private Text endLabel(String s, double x, double y) {
            Text e = new Text(s);
            e.getStyleClass().add("lesson-end");
            e.setFont(javafx.scene.text.Font.font(family(), javafx.scene.text.FontWeight.BOLD, fontSize() * 1.15));
            e.setX(x - e.getLayoutBounds().getWidth() / 2);
            e.setY(y);
            return e;
        }
    }

    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }
}
