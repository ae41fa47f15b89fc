package org.layerscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.model.Phase;
import org.layerscope.testutil.Tools;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Run &amp; Capture from the window against the embedded broker on {@code lo} (root and libpcap, as on CI).
 *
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS) // a hung window or toolkit fails the test instead of the build
class RunCaptureWindowTest {
    @TempDir
    static Path home;
    private LayerScopeApp app;

    @BeforeAll
    static void toolkit() {
        FxTestSupport.requireRunCaptureWindow(home);
    }

    @Start
    void start(Stage stage) {
        app = FxTestSupport.openWithRunCaptureEngine(stage);
    }

    @Test
    void runAndCaptureAgainstTheEmbeddedBrokerFillsTheTimeline(FxRobot robot) {
        MainViewModel vm = app.viewModel();
        FxTestSupport.fx(() -> robot.lookup("#run-capture").queryButton().fire());
        FxTestSupport.waitUntil(() -> vm.capture().capturingProperty().get() || vm.capture().captureProblemProperty().get() != null,
                "the capture to start");
        if (vm.capture().captureProblemProperty().get() != null) {
            Tools.missing("the capture cannot start here: " + vm.capture().captureProblemProperty().get().message());
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (vm.capture().capturingProperty().get() && System.nanoTime() < deadline) {
            FxTestSupport.waitUntil(() -> true, "");
        }
        assertFalse(vm.capture().capturingProperty().get(), "the run ended");
        assertTrue(vm.packets().rowsProperty().get() > 5, "packets appeared: " + vm.packets().rowsProperty().get());
        assertFalse(vm.capture().log().isEmpty(), "the publisher's lines are in the log pane");
        assertEquals(vm.packets().table().connectionCount(), app.view().timeline().renderer().bandCount());
        long[] counts = vm.packets().table().phaseCounts();
        for (Phase p : new Phase[] {Phase.TCP_HANDSHAKE, Phase.TLS_HANDSHAKE, Phase.APPLICATION_DATA, Phase.TEARDOWN}) {
            assertTrue(counts[p.ordinal()] > 0, "the exchange shows " + p.id());
        }
    }
}
