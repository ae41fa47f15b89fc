package org.layerscope.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.layerscope.ui.CaptureSetupViewModel;
import org.layerscope.ui.LayerScopeApp;
import org.layerscope.ui.Settings;

/**
 * The window as an unprivileged user (started by {@link UnprivilegedCaptureOfferTest} as uid 65534, headless on
 * Monocle, with the real capture engine): presses Run &amp; Capture, and when the capture-problem dialog offers
 * "Allow capture…" reports what it shows and presses it. Started again by the dialog after the set-up (with
 * {@value CaptureSetupViewModel#RETRY_ENV}), it lets {@link Automation} retry the capture and reports how it went.
 * Report lines {@code key=value} go to {@code REPORT} (the first run) or {@code REPORT.retry} (the restarted one).
 */
public final class UnprivilegedWindowProbe {
    private static Path report;

    private UnprivilegedWindowProbe() {
    }

    public static void main(String[] args) throws Exception {
        boolean retry = System.getenv(CaptureSetupViewModel.RETRY_ENV) != null;
        report = Path.of(args[0] + (retry ? ".retry" : ""));
        line("pid", Long.toString(ProcessHandle.current().pid()));
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("Uid:") || l.startsWith("CapEff:")) {
                line(l.substring(0, l.indexOf(':')), l.substring(l.indexOf(':') + 1).strip());
            }
        }
        Platform.startup(() -> {
            Stage stage = new Stage();
            LayerScopeApp app = new LayerScopeApp();
            Settings s = Settings.inMemory();
            s.put("language", "en");
            app.createWindow(stage, s, new EngineRunCaptureService(Locale.ENGLISH));
            stage.show();
            if (retry) {
                Automation.start(app, stage, null); // what the shipped window does at start
                watchTheRetry(app);
            } else {
                ((Button) stage.getScene().lookup("#run-capture")).fire();
                waitForTheDialog(app, stage, System.nanoTime());
            }
        });
        Thread.sleep(150_000);
        line("timeout", "true");
        System.exit(3);
    }

    private static void waitForTheDialog(LayerScopeApp app, Stage main, long started) {
        Window dialog = Window.getWindows().stream().filter(w -> w != main && w.getScene() != null
                && w.getScene().lookup("#capture-problem") != null).findFirst().orElse(null);
        if (dialog == null) {
            if (System.nanoTime() - started > 90_000_000_000L) {
                line("dialog", "none");
                System.exit(4);
            }
            later(() -> waitForTheDialog(app, main, started));
            return;
        }
        var scene = dialog.getScene();
        line("dialog", "shown");
        line("offer", app.viewModel().capture().setup().offerProperty().get().name());
        Button allow = (Button) scene.lookup("#allow-capture");
        line("allow", allow == null ? "" : allow.getText());
        Button copy = (Button) scene.lookup("#copy-setup-command");
        line("copy", copy == null ? "" : copy.getText());
        TextField cmd = (TextField) scene.lookup("#setup-command");
        line("command", cmd == null ? "" : cmd.getText());
        if (allow == null) {
            System.exit(5);
        }
        app.viewModel().capture().setup().quitRequestedProperty().addListener((o, a, b) -> {
            if (b) {
                line("quit", "true");
                exit(0);
            }
        });
        Label result = (Label) scene.lookup("#capture-setup-result");
        result.textProperty().addListener((o, a, b) -> line("result", b.replace('\n', ' ')));
        allow.fire();
    }

    private static void watchTheRetry(LayerScopeApp app) {
        var cap = app.viewModel().capture();
        line("capturing", Boolean.toString(cap.capturingProperty().get()));
        cap.capturingProperty().addListener((o, a, b) -> {
            if (!b) {
                later(() -> {
                    boolean problem = Window.getWindows().stream().anyMatch(w -> w.getScene() != null
                            && w.getScene().lookup("#capture-problem") != null);
                    line("problemDialog", Boolean.toString(problem));
                    line("rows", Integer.toString(app.viewModel().packets().rowsProperty().get()));
                    line("log", String.join(" | ", cap.log()));
                    exit(0);
                });
            }
        });
    }

    /** Exits from a thread of its own (not the FX thread, which shutdown may wait for). */
    private static void exit(int status) {
        new Thread(() -> System.exit(status)).start();
    }

    private static void later(Runnable r) {
        javafx.animation.PauseTransition p = new javafx.animation.PauseTransition(javafx.util.Duration.millis(200));
        p.setOnFinished(e -> r.run());
        p.play();
    }

    private static synchronized void line(String key, String value) {
        try {
            Files.writeString(report, key + "=" + value + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            System.err.println("probe: cannot write " + report + ": " + e);
        }
    }
}
