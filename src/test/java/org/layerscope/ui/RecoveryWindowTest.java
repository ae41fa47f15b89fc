package org.layerscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The window's side of issue 13 items 4 and 6 (headless, Monocle, the window's real task executor): at start the
 * window offers a capture a crash interrupted, in a dialog, and opens it; a capture engine that dies of an
 * {@code Error} gives a message dialog and the capture buttons back.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecoveryWindowTest {
    @TempDir
    static Path dir;

    private LayerScopeApp app;

    @BeforeAll
    static void toolkit() {
        FxTestSupport.requireToolkit();
    }

    @Start
    void start(Stage stage) {
        System.setProperty("layerscope.recovery", dir.resolve("recovery").toString());
        app = new LayerScopeApp();
        Settings s = Settings.inMemory();
        s.put("language", "en");
        BackgroundFailureTest.DyingCaptures.mode = "fine";
        app.createWindow(stage, s, new BackgroundFailureTest.DyingCaptures());
        stage.show();
    }

    @AfterEach
    void clear() {
        System.clearProperty("layerscope.recovery");
    }

    @Test
    void anInterruptedCaptureIsOfferedAtStartAndOpens(FxRobot robot) throws Exception {
        // what a window killed while capturing leaves: its capture file and the journal's marker of a dead process
        Path capture = dir.resolve("captures").resolve("capture-1.pcapng");
        Files.createDirectories(capture.getParent());
        Files.copy(Samples.require(Samples.TLS12), capture);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.createDirectories(dir.resolve("recovery"));
        Files.writeString(dir.resolve("recovery").resolve("capture-" + gone.pid() + "-1-1.capture.properties"),
                "file=" + capture.toString().replace("\\", "\\\\") + "\npid=" + gone.pid() + "\nstarted="
                        + Instant.now() + "\n");

        FxTestSupport.fx(() -> app.viewModel().capture().checkInterrupted()); // what LayerScopeApp.start does
        FxTestSupport.waitUntil(() -> robot.lookup("#interrupted-capture").tryQuery().isPresent(), "the offer");
        DialogPane pane = robot.lookup("#interrupted-capture").queryAs(DialogPane.class);
        assertTrue(pane.getContentText().contains(capture.toString()), pane.getContentText());
        assertTrue(pane.getContentText().startsWith("LayerScope ended while it was capturing"), pane.getContentText());
        Button open = (Button) pane.lookupButton(pane.getButtonTypes().stream()
                .filter(b -> b.getButtonData() == javafx.scene.control.ButtonBar.ButtonData.YES).findFirst().orElseThrow());
        assertEquals("Open it", open.getText());
        FxTestSupport.fx(open::fire);
        FxTestSupport.waitUntil(() -> capture.equals(app.viewModel().document().fileProperty().get())
                && !app.viewModel().document().loadingProperty().get(), "the interrupted capture opens");
        assertTrue(app.viewModel().packets().table().size() > 0);
        FxTestSupport.waitUntil(() -> {
            try (var files = Files.list(dir.resolve("recovery"))) {
                return files.findAny().isEmpty();
            } catch (java.io.IOException e) {
                return false;
            }
        }, "the marker is gone once the capture was opened");
        assertFalse(robot.lookup("#interrupted-capture").tryQuery().isPresent(), "offered once");
    }

    @Test
    void aCaptureEngineThatDiesGivesAMessageAndTheButtonsBack(FxRobot robot) {
        BackgroundFailureTest.DyingCaptures.mode = "error-at-start";
        FxTestSupport.fx(() -> robot.lookup("#run-capture").queryButton().fire());
        FxTestSupport.waitUntil(() -> Window.getWindows().size() > 1, "the message");
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertTrue(pane.getContentText().startsWith("The capture ran out of memory") && pane.getContentText()
                .contains("-Xmx4g"), pane.getContentText());
        FxTestSupport.waitUntil(() -> !robot.lookup("#run-capture").queryButton().isDisabled()
                && !robot.lookup("#start-capture").queryButton().isDisabled()
                && robot.lookup("#stop-capture").queryButton().isDisabled(), "the capture buttons come back");
        FxTestSupport.fx(() -> ((Stage) pane.getScene().getWindow()).close());
        assertFalse(app.viewModel().capture().capturingProperty().get());
        // still usable: a capture that works runs and shows its packets
        BackgroundFailureTest.DyingCaptures.mode = "fine";
        FxTestSupport.fx(() -> robot.lookup("#start-capture").queryButton().fire());
        FxTestSupport.fx(() -> robot.lookup("#stop-capture").queryButton().fire());
        FxTestSupport.waitUntil(() -> !app.viewModel().capture().capturingProperty().get()
                && app.viewModel().packets().rowsProperty().get() > 0, "the next capture shows its packets");
    }
}
