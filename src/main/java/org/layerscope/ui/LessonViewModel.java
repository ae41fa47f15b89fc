package org.layerscope.ui;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.layerscope.model.Phase;
import org.layerscope.session.PacketTable;
import org.layerscope.session.lesson.FileLessons;
import org.layerscope.session.lesson.Lesson;
import org.layerscope.session.lesson.LessonText;
import org.layerscope.session.lesson.TableLessons;

/**
 * Lesson mode's state, without any {@code Node}: the lesson of one connection of the open capture (with its keys,
 * and as an eavesdropper sees it), the current step, play and its speed, the eavesdropper toggle, and a second
 * lesson to compare with. Lessons are built in the background. The current step follows the window's selection
 * and selects its frame there (both ways).
 */
public final class LessonViewModel {
    private final MainViewModel main;
    private final TaskExecutor tasks;
    private final ObjectProperty<Lesson> lesson = new SimpleObjectProperty<>();
    private final ObjectProperty<Lesson> eavesdropperLesson = new SimpleObjectProperty<>();
    private final ObjectProperty<Lesson> compare = new SimpleObjectProperty<>();
    private final IntegerProperty index = new SimpleIntegerProperty(-1);
    private final BooleanProperty active = new SimpleBooleanProperty();
    private final BooleanProperty playing = new SimpleBooleanProperty();
    private final DoubleProperty secondsPerStep = new SimpleDoubleProperty(4);
    private final BooleanProperty eavesdropper = new SimpleBooleanProperty();
    private final BooleanProperty building = new SimpleBooleanProperty();
    private final StringProperty problem = new SimpleStringProperty();
    private final AtomicLong generation = new AtomicLong();
    private TaskExecutor.Ticker player;
    private long lastTick;
    private boolean selecting;

    public LessonViewModel(MainViewModel main, TaskExecutor tasks) {
        this.main = main;
        this.tasks = tasks;
        main.selection().selectedRowProperty().addListener((o, a, b) -> followSelection(b.intValue()));
        main.packets().tableProperty().addListener((o, a, b) -> {
            generation.incrementAndGet();
            lesson.set(null);
            eavesdropperLesson.set(null);
            index.set(-1);
        });
        index.addListener((o, a, b) -> selectStep());
    }

    /** Enters lesson mode on the selected packet's connection (or the capture's first TLS or MQTT connection). */
    public void enter() {
        active.set(true);
        PacketTable t = main.packets().table();
        int row = main.selection().selectedRowProperty().get();
        int stream = row >= 0 && row < t.size() ? t.stream(row) : -1;
        Lesson l = lesson.get();
        if (l == null || (stream >= 0 && l.connection().stream() != stream)) {
            build(stream, row);
        }
    }

    public void leave() {
        playing.set(false);
        stopPlayer();
        active.set(false);
    }

    /** Builds the lessons of {@code stream} (-1: the default connection) and shows the step of {@code row}. */
    void build(int stream, int row) {
        PacketTable t = main.packets().table();
        if (t == null || t.size() == 0) {
            problem.set(text().get("lesson.none"));
            return;
        }
        long gen = generation.incrementAndGet();
        Path file = main.document().fileProperty().get();
        String name = file == null ? "" : file.getFileName().toString();
        long frame = row >= 0 && row < t.size() ? t.number(row) : -1;
        building.set(true);
        tasks.background(() -> {
            Lesson keyed;
            Lesson plain;
            try {
                keyed = TableLessons.of(t, name, stream, true);
                plain = keyed != null && keyed.decrypted() ? TableLessons.of(t, name, keyed.connection().stream(), false)
                        : keyed;
            } catch (RuntimeException e) {
                keyed = null;
                plain = null;
            }
            Lesson k = keyed;
            Lesson p = plain;
            tasks.ui(() -> {
                if (generation.get() != gen) {
                    return;
                }
                building.set(false);
                problem.set(k == null ? text().get("lesson.none") : null);
                lesson.set(k);
                eavesdropperLesson.set(p);
                int at = k == null ? -1 : frame >= 0 ? k.stepOfFrame(frame) : 0;
                index.set(-1);
                index.set(k == null ? -1 : Math.max(0, at));
            });
        });
    }

    /** Reads a second capture to show next to this one, aligned by phase (TLS 1.2 next to TLS 1.3). */
    public void compareWith(Path file) {
        tasks.background(() -> {
            Lesson l;
            String error = null;
            try {
                l = FileLessons.read(file);
                if (l == null) {
                    error = text().get("lesson.none");
                }
            } catch (java.io.IOException | RuntimeException e) {
                l = null;
                error = text().get("lesson.compare.failed", file.getFileName(), e.getMessage());
            }
            Lesson r = l;
            String err = error;
            tasks.ui(() -> {
                compare.set(r);
                problem.set(err);
            });
        });
    }

    public void closeCompare() {
        compare.set(null);
    }

    // ------------------------------------------------------------------ stepping

    public void next() {
        go(index.get() + 1);
    }

    public void back() {
        go(index.get() - 1);
    }

    public void first() {
        go(0);
    }

    public void last() {
        Lesson l = lesson.get();
        if (l != null) {
            go(l.steps().size() - 1);
        }
    }

    public void go(int i) {
        Lesson l = lesson.get();
        if (l == null || l.steps().isEmpty()) {
            return;
        }
        index.set(Math.max(0, Math.min(l.steps().size() - 1, i)));
    }

    /** Jumps to the first step of a phase. */
    public void jumpTo(Phase phase) {
        Lesson l = lesson.get();
        if (l != null) {
            int i = l.firstStepOf(phase);
            if (i >= 0) {
                go(i);
            }
        }
    }

    /** Starts or stops playing: one step every {@link #secondsPerStepProperty()} seconds. */
    public void togglePlay() {
        playing.set(!playing.get());
        if (playing.get()) {
            lastTick = System.nanoTime();
            if (player == null) {
                player = tasks.ticker(100, this::tick);
            }
            player.start();
        } else {
            stopPlayer();
        }
    }

    private void tick() {
        if (!playing.get()) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastTick >= (long) (secondsPerStep.get() * 1e9)) {
            lastTick = now;
            Lesson l = lesson.get();
            if (l == null || index.get() >= l.steps().size() - 1) {
                playing.set(false);
                stopPlayer();
            } else {
                next();
            }
        }
    }

    private void stopPlayer() {
        if (player != null) {
            player.stop();
        }
    }

    // ------------------------------------------------------------------ following the selection both ways

    private void selectStep() {
        Lesson l = lesson.get();
        int i = index.get();
        if (!active.get() || l == null || i < 0 || i >= l.steps().size()) {
            return;
        }
        long frame = l.steps().get(i).main();
        PacketTable t = main.packets().table();
        int row = frame > 0 ? t.rowOfFrame(frame) : -1;
        if (row >= 0 && row != main.selection().selectedRowProperty().get()) {
            selecting = true;
            try {
                main.selection().select(row);
            } finally {
                selecting = false;
            }
        }
    }

    private void followSelection(int row) {
        if (selecting || !active.get()) {
            return;
        }
        PacketTable t = main.packets().table();
        Lesson l = lesson.get();
        if (row < 0 || row >= t.size() || t.stream(row) < 0) {
            return;
        }
        if (l == null || l.connection().stream() != t.stream(row)) {
            build(t.stream(row), row);
            return;
        }
        int step = l.stepOfFrame(t.number(row));
        if (step >= 0 && step != index.get()) {
            index.set(step);
        }
    }

    /** The eavesdropper's version of step {@code i} of the lesson (the step holding the same frame), or null. */
    public Lesson.Step eavesdropperStep(int i) {
        Lesson l = lesson.get();
        Lesson e = eavesdropperLesson.get();
        if (l == null || e == null || i < 0 || i >= l.steps().size()) {
            return null;
        }
        Lesson.Step s = l.steps().get(i);
        if (s.kind() == Lesson.Kind.VERDICT) {
            return e.steps().get(e.steps().size() - 1);
        }
        int j = e.stepOfFrame(s.main());
        return j < 0 ? null : e.steps().get(j);
    }

    private LessonText text() {
        return LessonText.of(main.localeProperty().get());
    }

    public MainViewModel main() {
        return main;
    }

    public ObjectProperty<Lesson> lessonProperty() {
        return lesson;
    }

    public ObjectProperty<Lesson> eavesdropperLessonProperty() {
        return eavesdropperLesson;
    }

    public ObjectProperty<Lesson> compareProperty() {
        return compare;
    }

    public IntegerProperty indexProperty() {
        return index;
    }

    public BooleanProperty activeProperty() {
        return active;
    }

    public BooleanProperty playingProperty() {
        return playing;
    }

    public DoubleProperty secondsPerStepProperty() {
        return secondsPerStep;
    }

    public BooleanProperty eavesdropperProperty() {
        return eavesdropper;
    }

    /** Building the lesson died of an Error (see {@link MainViewModel#failed}). */
    void failed() {
        generation.incrementAndGet();
        building.set(false);
    }

    public BooleanProperty buildingProperty() {
        return building;
    }

    public StringProperty problemProperty() {
        return problem;
    }
}
