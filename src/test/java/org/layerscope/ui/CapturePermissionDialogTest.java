package org.layerscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The window (headless) when capturing is not permitted: the problem dialog offers "Allow capture…" (the one-time
 * set-up through the privilege prompt) and "Copy command", in English and Japanese; pressing Allow runs the prompted
 * command through the (injected) runner and shows the result in the dialog.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CapturePermissionDialogTest {
    private static final List<String> PROMPTED = List.of("/usr/bin/pkexec", "/usr/lib/jvm/x/bin/java", "-jar",
            "/home/u/layerscope.jar", "setup-capture", "--program", "/usr/lib/jvm/x/bin/java");
    private static final String MANUAL = "sudo /usr/lib/jvm/x/bin/java -jar /home/u/layerscope.jar setup-capture --program /usr/lib/jvm/x/bin/java";
    private LayerScopeApp app;
    private Stage stage;
    private final CaptureSetupViewModelTest.Recorder runner = new CaptureSetupViewModelTest.Recorder();

    @BeforeAll
    static void toolkit() {
        FxTestSupport.requireToolkit();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private void open(String lang) {
        FxTestSupport.fx(() -> {
            app = new LayerScopeApp();
            Settings s = Settings.inMemory();
            s.put("language", lang);
            app.createWindow(stage, s, new NotPermittedService(new CaptureSetupStep(PROMPTED, MANUAL,
                    List.of("/usr/lib/jvm/x/bin/java", "-jar", "/home/u/layerscope.jar")),
                    RunCaptureService.Problem.Kind.NO_PERMISSION));
            app.viewModel().capture().setup().runner(runner);
            stage.show();
        });
    }

    private DialogPane pressAndWaitForTheDialog(FxRobot robot, String button) {
        FxTestSupport.fx(() -> robot.lookup(button).queryButton().fire());
        FxTestSupport.waitUntil(() -> Window.getWindows().size() > 1, "the problem dialog");
        return robot.lookup("#capture-problem").queryAs(DialogPane.class);
    }

    @Test
    void runAndCaptureNotPermittedOffersAllowCaptureAndTheCommandToCopy(FxRobot robot) {
        open("en");
        DialogPane pane = pressAndWaitForTheDialog(robot, "#run-capture");
        Button allow = robot.from(pane).lookup("#allow-capture").queryButton();
        assertEquals("Allow capture\u2026", allow.getText());
        assertTrue(allow.isVisible() && !allow.isDisabled());
        assertEquals("Copy command", robot.from(pane).lookup("#copy-setup-command").queryButton().getText());
        assertEquals(MANUAL, robot.from(pane).lookup("#setup-command").queryAs(TextField.class).getText());
        assertTrue(robot.from(pane).lookup("#retry-capture").queryButton().isVisible());

        FxTestSupport.fx(() -> robot.from(pane).lookup("#copy-setup-command").queryButton().fire());
        String[] clip = new String[1];
        FxTestSupport.fx(() -> clip[0] = javafx.scene.input.Clipboard.getSystemClipboard().getString());
        assertEquals(MANUAL, clip[0], "Copy command puts the exact sudo command on the clipboard");

        runner.output = "Done: /usr/lib/jvm/x/bin/java may capture now (cap_net_admin,cap_net_raw=eip)";
        runner.startOutcome = Optional.of(new CommandRunner.Result(3, "")); // the new LayerScope dies: this one stays
        FxTestSupport.fx(allow::fire);
        Label result = robot.from(pane).lookup("#capture-setup-result").queryAs(Label.class);
        FxTestSupport.waitUntil(() -> result.getText().contains("could not start again"), "the restart's result");
        assertEquals(List.of(PROMPTED), runner.ran);
        assertTrue(result.getText().contains("may capture now"), result.getText());
        assertTrue(allow.isDisabled(), "done once");
        FxTestSupport.fx(() -> ((Stage) pane.getScene().getWindow()).close());
    }

    @Test
    void inJapaneseToo(FxRobot robot) {
        open("ja");
        DialogPane pane = pressAndWaitForTheDialog(robot, "#start-capture");
        assertEquals("キャプチャを許可…", robot.from(pane).lookup("#allow-capture").queryButton().getText());
        assertEquals("コマンドをコピー", robot.from(pane).lookup("#copy-setup-command").queryButton().getText());
        FxTestSupport.fx(() -> ((Stage) pane.getScene().getWindow()).close());
    }
}
