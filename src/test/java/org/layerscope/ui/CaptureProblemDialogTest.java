package org.layerscope.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.layerscope.model.RawFrame;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A capture that cannot start shows what happened, the exact fix and "Open a sample capture" — no stack trace. */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hung window or toolkit fails the test instead of the build
class CaptureProblemDialogTest {
    private LayerScopeApp app;

    @BeforeAll
    static void toolkit() {
        FxTestSupport.requireToolkit();
    }

    /** Fails like a machine without libpcap. */
    static final class NoLibpcap implements RunCaptureService {
        private final RunCaptureService base = new UnavailableRunCaptureService();

        @Override
        public List<String> interfaces() {
            return base.interfaces();
        }

        @Override
        public List<String> filterPresets() {
            return base.filterPresets();
        }

        @Override
        public java.util.Optional<String> validateFilter(String filter) {
            return java.util.Optional.empty();
        }

        @Override
        public List<String> profiles() {
            return base.profiles();
        }

        @Override
        public Session runCapture(Request request, Listener listener) {
            listener.failed(new Problem("libpcap is not installed, so LayerScope cannot capture.",
                    "sudo apt-get install libpcap0.8"));
            return () -> { };
        }

        @Override
        public Session startCapture(Request request, Listener listener) {
            return runCapture(request, listener);
        }
    }

    @Start
    void start(Stage stage) {
        app = new LayerScopeApp();
        Settings s = Settings.inMemory();
        s.put("language", "en");
        app.createWindow(stage, s, new NoLibpcap());
        stage.show();
    }

    @Test
    void aCaptureProblemOpensADialogWithTheFix(FxRobot robot) {
        FxTestSupport.fx(() -> robot.lookup("#run-capture").queryButton().fire());
        FxTestSupport.waitUntil(() -> Window.getWindows().size() > 1, "the problem dialog");
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        List<String> texts = robot.from(pane).lookup(".label").queryAll().stream()
                .map(n -> ((javafx.scene.control.Label) n).getText()).toList();
        assertTrue(texts.stream().anyMatch(t -> t != null && t.contains("libpcap is not installed")), texts.toString());
        assertTrue(robot.from(pane).lookup(".text-field").queryTextInputControl().getText().contains("apt-get install libpcap0.8"));
        java.util.function.Predicate<javafx.scene.Node> isSample =
                b -> b instanceof Button && "Open a sample capture".equals(((Button) b).getText());
        Button sample = robot.from(pane).lookup(isSample).queryButton();
        assertTrue(sample.isVisible());
        assertFalse(texts.stream().anyMatch(t -> t != null && t.contains("Exception")), "no stack trace");
        FxTestSupport.fx(() -> ((Stage) pane.getScene().getWindow()).close());
        assertFalse(app.viewModel().capture().capturingProperty().get(), "the window is not left capturing");
    }

    @SuppressWarnings("unused")
    private static RawFrame unused() {
        return null;
    }
}
