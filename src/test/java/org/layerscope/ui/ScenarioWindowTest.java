package org.layerscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.analysis.ConnectionSummary;
import org.layerscope.testutil.Tools;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The scenario picker beside Run &amp; Capture ("What should go wrong?"): one click stages the chosen failure on the
 * embedded broker on {@code lo} (root and libpcap, as on CI), captures and shows it; the Connections panel gives the
 * verdict of connection 0 and its deciding packet.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS) // a hung window or toolkit fails the test instead of the build
class ScenarioWindowTest {
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
    void oneClickStagesCapturesAndDiagnoses(FxRobot robot) {
        MainViewModel vm = app.viewModel();
        ComboBox<String> picker = robot.lookup("#scenario").queryComboBox();
        assertEquals("ok", picker.getValue());
        assertEquals(List.of("ok", "broker-down", "wrong-server-ca", "untrusted-client-cert", "no-client-cert",
                "expired-server-cert", "wrong-hostname", "tls-version-mismatch", "connect-not-authorized",
                "publish-not-authorized", "client-id-conflict", "keepalive-timeout"), picker.getItems());
        assertTrue(robot.lookup(".toolbar-label").queryAll().stream()
                .anyMatch(n -> n instanceof Label l && "What should go wrong?".equals(l.getText())));
        FxTestSupport.fx(() -> picker.setValue("publish-not-authorized"));
        FxTestSupport.fx(() -> robot.lookup("#stage-scenario").queryButton().fire());
        FxTestSupport.waitUntil(() -> vm.capture().capturingProperty().get()
                || vm.capture().captureProblemProperty().get() != null, "the capture to start");
        if (vm.capture().captureProblemProperty().get() != null) {
            Tools.missing("the capture cannot start here: " + vm.capture().captureProblemProperty().get().message());
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (vm.capture().capturingProperty().get() && System.nanoTime() < deadline) {
            FxTestSupport.waitUntil(() -> true, "");
        }
        assertFalse(vm.capture().capturingProperty().get(), "the run ended");
        assertTrue(vm.capture().log().stream().anyMatch(l -> l.contains("Staging the scenario 'publish-not-authorized'")),
                "the console says what is staged: " + vm.capture().log());
        ConnectionSummary c0 = vm.connections().summaries().get(0);
        assertEquals("closed-by-server-after-publish", c0.verdict(), vm.connections().verdictText(c0));
        assertTrue(vm.connections().verdictText(c0).contains("iot:Publish"), vm.connections().verdictText(c0));
        FxTestSupport.fx(() -> vm.connections().show(c0));
        assertEquals(c0.verdictFrame(), vm.packets().table().number(vm.selection().selectedRowProperty().get()),
                "the deciding packet is selected");
    }
}
