package org.layerscope.ui;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * What the capture-problem dialog offers when capturing is not permitted: on Linux, the one-time
 * {@code layerscope setup-capture} through the desktop's graphical privilege prompt ({@code pkexec}), its result, and
 * the retry (in a new LayerScope process, which holds the capabilities the step gave its runtime); where the desktop
 * has no such prompt, the exact {@code sudo} command to copy and a retry once it has been run.
 */
public final class CaptureSetupViewModel {
    /** The environment variable that asks a restarted window to capture at once: {@code run} or {@code start}. */
    public static final String RETRY_ENV = "LAYERSCOPE_CAPTURE_RETRY";
    /** How long a restarted LayerScope must keep running to count as started. */
    static final long RESTART_WATCH_MILLIS = 4000;

    /** What the dialog offers. */
    public enum Offer {
        /** Nothing to run: the problem's fix says what to install or do. */
        NONE,
        /** "Allow capture…" through the graphical privilege prompt (and the command to copy). */
        PROMPT,
        /** Only the command to copy into a terminal, then "Try again". */
        COPY
    }

    private final MainViewModel main;
    private final RunCaptureService service;
    private CommandRunner runner = CommandRunner.SYSTEM;
    private final ObjectProperty<Offer> offer = new SimpleObjectProperty<>(Offer.NONE);
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final BooleanProperty done = new SimpleBooleanProperty();
    private final BooleanProperty quitRequested = new SimpleBooleanProperty();
    private final StringProperty result = new SimpleStringProperty("");
    private CaptureSetupStep step;
    private String retryKind = "run";
    private Runnable retryHere = () -> { };

    CaptureSetupViewModel(MainViewModel main, RunCaptureService service) {
        this.main = main;
        this.service = service;
    }

    /** Tests: the runner of the privilege prompt and of the restart. */
    void runner(CommandRunner runner) {
        this.runner = runner;
    }

    /**
     * A capture ended with {@code problem}: prepares the offer. {@code kind} is {@code run} (Run &amp; Capture) or
     * {@code start} (Start capture), {@code retry} repeats that capture in this process.
     */
    void prepare(RunCaptureService.Problem problem, String kind, Runnable retry) {
        retryKind = kind;
        retryHere = retry;
        result.set("");
        done.set(false);
        step = null;
        Offer o = Offer.NONE;
        if (problem != null && problem.kind() == RunCaptureService.Problem.Kind.NO_PERMISSION) {
            Optional<CaptureSetupStep> s = service.captureSetup();
            if (s.isPresent()) {
                step = s.get();
                o = step.hasPrompt() ? Offer.PROMPT : Offer.COPY;
            }
        }
        offer.set(o);
    }

    /** The one-time step as a terminal command ({@code sudo …}), for the clipboard; empty when there is none. */
    public String manualCommand() {
        return step == null ? "" : step.manual();
    }

    /** True when {@link #retry()} captures in a new LayerScope process (which then replaces this window). */
    public boolean retriesInNewProcess() {
        return step != null && !step.restart().isEmpty();
    }

    /** The command the privilege prompt runs (empty when none). */
    public List<String> promptedCommand() {
        return step == null ? List.of() : step.prompted();
    }

    /**
     * Runs the step through the graphical privilege prompt in the background; on success shows the result and
     * retries the capture ({@link #retry()}).
     */
    public void allow() {
        if (step == null || !step.hasPrompt() || running.get()) {
            return;
        }
        running.set(true);
        result.set(main.text().get("dialog.capture.setup.running"));
        List<String> cmd = step.prompted();
        main.tasks().background(() -> {
            String text;
            boolean ok = false;
            try {
                CommandRunner.Result r = runner.run(cmd);
                ok = r.exitCode() == 0;
                text = switch (r.exitCode()) {
                    case 0 -> main.text().get("dialog.capture.setup.done", r.output());
                    case 126 -> main.text().get("dialog.capture.setup.cancelled");
                    case 127 -> main.text().get("dialog.capture.setup.denied", r.output());
                    default -> main.text().get("dialog.capture.setup.failed", r.exitCode(), r.output());
                };
            } catch (IOException e) {
                text = main.text().get("dialog.capture.setup.cannotRun", cmd.get(0), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                text = main.text().get("dialog.capture.setup.cancelled");
            }
            String shown = text;
            boolean succeeded = ok;
            main.tasks().ui(() -> {
                running.set(false);
                result.set(shown);
                done.set(succeeded);
                if (succeeded) {
                    retry();
                }
            });
        });
    }

    /**
     * Captures again now that the step is done: in a new LayerScope process when the step's runtime gets its
     * capabilities only from its next start (this window then closes: {@link #quitRequestedProperty()}), else here.
     */
    public void retry() {
        if (step == null || step.restart().isEmpty()) {
            retryHere.run();
            return;
        }
        List<String> cmd = step.restart();
        String before = result.get() == null || result.get().isEmpty() ? "" : result.get() + "\n";
        result.set(before + main.text().get("dialog.capture.restarting"));
        running.set(true);
        main.tasks().background(() -> {
            Optional<CommandRunner.Result> ended;
            String failure = null;
            try {
                ended = runner.start(cmd, Map.of(RETRY_ENV, retryKind), RESTART_WATCH_MILLIS);
                if (ended.isPresent()) {
                    failure = main.text().get("dialog.capture.restart.failed", ended.get().exitCode(), String.join(" ", cmd));
                }
            } catch (IOException e) {
                failure = main.text().get("dialog.capture.setup.cannotRun", cmd.get(0), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = main.text().get("dialog.capture.setup.cancelled");
            }
            String f = failure;
            main.tasks().ui(() -> {
                running.set(false);
                if (f == null) {
                    quitRequested.set(true);
                } else {
                    result.set(before + f);
                }
            });
        });
    }

    public ObjectProperty<Offer> offerProperty() {
        return offer;
    }

    /** True while the privilege prompt or the restart runs. */
    public BooleanProperty runningProperty() {
        return running;
    }

    /** True once the step succeeded. */
    public BooleanProperty doneProperty() {
        return done;
    }

    /** What the step (and the retry) did, for the dialog. */
    public StringProperty resultProperty() {
        return result;
    }

    /** True once a new LayerScope took over the capture: this window closes. */
    public BooleanProperty quitRequestedProperty() {
        return quitRequested;
    }
}
