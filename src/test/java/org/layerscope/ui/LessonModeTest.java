package org.layerscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.shape.Line;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.layerscope.model.Phase;
import org.layerscope.session.UiText;
import org.layerscope.session.lesson.Lesson;
import org.layerscope.testutil.Tools;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Lesson mode in the window, headless on Monocle: keys, selection both ways, play, phases, views, scaling. */
@ExtendWith(ApplicationExtension.class)
class LessonModeTest {
    private LayerScopeApp app;
    private Stage stage;

    @BeforeAll
    static void toolkit() {
        FxTestSupport.requireToolkit();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new LayerScopeApp();
        Path replay = Tools2.sampleOrNull(Samples.TLS13);
        Settings s = Settings.inMemory();
        s.put("language", UiText.ENGLISH.toLanguageTag());
        app.createWindow(stage, s, replay == null ? new UnavailableRunCaptureService()
                : new ReplayRunCaptureService(replay, 20));
        stage.show();
    }

    private MainViewModel vm() {
        return app.viewModel();
    }

    private LessonViewModel lesson() {
        return vm().lesson();
    }

    private void open(String sample, boolean keys) {
        Path p = Samples.require(sample);
        Path k = p.resolveSibling(sample.replace(".pcapng", ".keylog"));
        FxTestSupport.fx(() -> {
            if (keys) {
                vm().document().open(p, k);
            } else {
                vm().document().open(p);
            }
        });
        FxTestSupport.waitUntil(() -> !vm().document().loadingProperty().get() && vm().packets().rowsProperty().get() > 0,
                "the capture to load");
    }

    private void enter(FxRobot robot) {
        FxTestSupport.fireMenu(app.view().root(), "menu-view", "menu-lesson");
        waitForLesson();
    }

    private void waitForLesson() {
        FxTestSupport.waitUntil(() -> lesson().lessonProperty().get() != null && lesson().indexProperty().get() >= 0,
                "the lesson to be built");
    }

    private void key(FxRobot robot, KeyCode code) {
        FxTestSupport.fx(() -> app.view().lessonView().focus());
        robot.type(code);
        FxTestSupport.fx(() -> { });
    }

    private Lesson.Step step() {
        return lesson().lessonProperty().get().steps().get(lesson().indexProperty().get());
    }

    @Test
    void keysStepThroughTheLessonAndTheSelectionFollowsBothWays(FxRobot robot) {
        open(Samples.TLS13, true);
        enter(robot);
        assertTrue(lesson().activeProperty().get());
        assertNotNull(robot.lookup("#lesson-ladder").tryQuery().orElse(null), "lesson mode fills the window");
        assertFalse(robot.lookup("#toolbar").tryQuery().isPresent(), "no toolbar in lesson mode");
        Lesson l = lesson().lessonProperty().get();
        assertEquals(16, l.steps().size());
        assertTrue(l.decrypted());
        assertEquals(0, lesson().indexProperty().get());
        assertEquals("TCP SYN", robot.lookup("#lesson-title").queryAs(Label.class).getText());

        key(robot, KeyCode.RIGHT);
        key(robot, KeyCode.RIGHT);
        assertEquals(2, lesson().indexProperty().get());
        key(robot, KeyCode.SPACE);
        assertEquals(3, lesson().indexProperty().get());
        assertEquals("Client Hello", robot.lookup("#lesson-title").queryAs(Label.class).getText());
        // the step selects its frame in the normal view
        FxTestSupport.waitUntil(() -> vm().selection().selectedRowProperty().get() >= 0, "the selection");
        assertEquals(4, vm().packets().table().number(vm().selection().selectedRowProperty().get()));
        key(robot, KeyCode.LEFT);
        assertEquals(2, lesson().indexProperty().get());
        key(robot, KeyCode.END);
        assertEquals(15, lesson().indexProperty().get());
        key(robot, KeyCode.HOME);
        assertEquals(0, lesson().indexProperty().get());

        // choosing a frame elsewhere moves the lesson to its step (frame 14 is the ACK folded into CONNACK)
        FxTestSupport.fx(() -> vm().selection().select(vm().packets().table().rowOfFrame(14)));
        FxTestSupport.waitUntil(() -> lesson().indexProperty().get() == 9, "the lesson to follow the selection");
        assertEquals("MQTT CONNACK", robot.lookup("#lesson-title").queryAs(Label.class).getText());
        Line arrow = robot.lookup("#lesson-current-arrow").queryAs(Line.class);
        FxTestSupport.waitUntil(() -> arrow.getEndX() < arrow.getStartX() - 50, "the arrow to travel to the device");

        // jump to a phase
        FxTestSupport.fx(() -> robot.lookup("#lesson-phase-teardown").queryButton().fire());
        assertEquals(l.firstStepOf(Phase.TEARDOWN), lesson().indexProperty().get());

        // Esc leaves lesson mode
        key(robot, KeyCode.ESCAPE);
        assertFalse(lesson().activeProperty().get());
        assertTrue(robot.lookup("#toolbar").tryQuery().isPresent());
    }

    @Test
    void playStepsOnByItselfAndStopsAtTheEnd(FxRobot robot) {
        open(Samples.TLS13, true);
        enter(robot);
        FxTestSupport.fx(() -> {
            lesson().secondsPerStepProperty().set(0.2);
            lesson().go(12);
            lesson().togglePlay();
        });
        FxTestSupport.waitUntil(() -> lesson().indexProperty().get() == 15 && !lesson().playingProperty().get(),
                "play to reach the last step and stop");
    }

    @Test
    void theEavesdropperViewShowsTheStepWithoutKeysNextToTheEnds(FxRobot robot) throws Exception {
        open(Samples.TLS13, true);
        enter(robot);
        FxTestSupport.fx(() -> {
            stage.setWidth(1280);
            stage.setHeight(720);
            lesson().go(7);
            lesson().eavesdropperProperty().set(true);
        });
        FxTestSupport.waitUntil(() -> robot.lookup(".lesson-subtitle").queryAll().size() == 2, "two columns");
        String text = robot.lookup(".lesson-subtitle").queryAll().stream().map(n -> ((Label) n).getText()).toList()
                .toString();
        assertTrue(text.contains("Encrypted record (probably MQTT CONNECT)"), text);
        assertTrue(text.contains("MQTT CONNECT]") || text.endsWith("MQTT CONNECT]"), text);
        shot("target/lesson-window-eavesdropper-1280x720.png");
    }

    @Test
    void typeScalesWithTheWindowAndTwoCapturesCompareByPhase(FxRobot robot) throws Exception {
        open(Samples.TLS13, true);
        enter(robot);
        FxTestSupport.fx(() -> {
            stage.setWidth(1024);
            stage.setHeight(768);
        });
        FxTestSupport.waitUntil(() -> Math.abs(app.view().lessonView().fontSize() - 17.6) < 1.5, "type for 1024x768");
        shot("target/lesson-window-1024x768.png");
        FxTestSupport.fx(() -> {
            stage.setWidth(1280);
            stage.setHeight(720);
        });
        FxTestSupport.waitUntil(() -> Math.abs(app.view().lessonView().fontSize() - 20) < 1.5, "type for 1280x720");
        double small = app.view().lessonView().fontSize();
        FxTestSupport.fx(() -> {
            stage.setWidth(1920);
            stage.setHeight(1080);
        });
        FxTestSupport.waitUntil(() -> app.view().lessonView().fontSize() > small + 5, "larger type on a larger screen");

        Path tls12 = Samples.require(Samples.TLS12);
        FxTestSupport.fx(() -> lesson().compareWith(tls12));
        FxTestSupport.waitUntil(() -> lesson().compareProperty().get() != null
                && robot.lookup("#lesson-compare-grid").tryQuery().isPresent(), "the comparison");
        Lesson other = lesson().compareProperty().get();
        assertEquals("TLS 1.2", other.connection().tls().version());
        assertTrue(other.decrypted(), "the key log next to the file is used");
        String headers = robot.lookup("#lesson-compare-grid .lesson-heading").queryAll().stream()
                .map(n -> ((Label) n).getText()).toList().toString();
        assertTrue(headers.contains("1 server flight in the TLS handshake \u00B7 certificate encrypted"), headers);
        assertTrue(headers.contains("2 server flights in the TLS handshake \u00B7 certificate in the clear"), headers);
        FxTestSupport.fx(() -> {
            stage.setWidth(1280);
            stage.setHeight(720);
        });
        shot("target/lesson-window-compare-1280x720.png");
        FxTestSupport.fx(() -> robot.lookup("#lesson-compare-close").queryButton().fire());
        assertEquals(null, lesson().compareProperty().get());
    }

    @Test
    void afterRunAndCaptureOneClickOpensTheLessonOfTheRun(FxRobot robot) {
        Samples.require(Samples.TLS13);
        FxTestSupport.fx(() -> robot.lookup("#run-capture").queryButton().fire());
        FxTestSupport.waitUntil(() -> vm().capture().capturingProperty().get() || vm().packets().rowsProperty().get() > 0,
                "the capture to start");
        FxTestSupport.waitUntil(() -> !vm().capture().capturingProperty().get(), "the capture to end");
        FxTestSupport.fx(() -> robot.lookup("#lesson-button").queryButton().fire()); // in the toolbar, next to Run
        waitForLesson();
        Lesson l = lesson().lessonProperty().get();
        assertTrue(l.steps().size() > 10, "a lesson of the run: " + l.steps().size());
        assertEquals("TCP SYN", robot.lookup("#lesson-title").queryAs(Label.class).getText());
    }

    private void shot(String file) throws Exception {
        FxTestSupport.fx(() -> { });
        Thread.sleep(900); // the arrow's travel and the envelope's wrapping
        WritableImage[] img = new WritableImage[1];
        FxTestSupport.fx(() -> img[0] = stage.getScene().snapshot(null));
        Path out = Tools.repoRoot().resolve(file);
        Files.createDirectories(out.getParent());
        int w = (int) img[0].getWidth();
        int h = (int) img[0].getHeight();
        java.awt.image.BufferedImage b = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                b.setRGB(x, y, img[0].getPixelReader().getArgb(x, y));
            }
        }
        javax.imageio.ImageIO.write(b, "png", out.toFile());
    }
}
