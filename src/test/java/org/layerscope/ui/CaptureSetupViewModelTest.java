package org.layerscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The capture-problem dialog's offer when capturing is not permitted, without a window: an injected capture failure
 * ({@link NotPermittedService}) and an injected command runner that records what the window would run (the
 * privilege prompt, then LayerScope again with the retry).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CaptureSetupViewModelTest {
    private static final List<String> PROMPTED = List.of("/usr/bin/pkexec", "/opt/layerscope/bin/LayerScope",
            "setup-capture", "--program", "/opt/layerscope/bin/LayerScope");
    private static final String MANUAL = "sudo /opt/layerscope/bin/LayerScope setup-capture --program /opt/layerscope/bin/LayerScope";
    private static final List<String> RESTART = List.of("/opt/layerscope/bin/LayerScope");

    /** Records the commands; answers with the given exit status and output. */
    static final class Recorder implements CommandRunner {
        final List<List<String>> ran = new ArrayList<>();
        final List<List<String>> started = new ArrayList<>();
        final List<Map<String, String>> envs = new ArrayList<>();
        int exit;
        String output = "";
        Optional<Result> startOutcome = Optional.empty();

        @Override
        public Result run(List<String> command) {
            ran.add(command);
            return new Result(exit, output);
        }

        @Override
        public Optional<Result> start(List<String> command, Map<String, String> env, long watchMillis) {
            started.add(command);
            envs.add(env);
            return startOutcome;
        }
    }

    private MainViewModel window(RunCaptureService service, Recorder runner) {
        Settings settings = Settings.inMemory();
        settings.put("language", "en");
        MainViewModel vm = new MainViewModel(new CurrentThreadTaskExecutor(), settings, service);
        vm.capture().setup().runner(runner);
        return vm;
    }

    @Test
    void runAndCaptureNotPermittedOffersTheStepThroughThePromptThenRestartsToCapture() {
        NotPermittedService svc = new NotPermittedService(new CaptureSetupStep(PROMPTED, MANUAL, RESTART),
                RunCaptureService.Problem.Kind.NO_PERMISSION);
        Recorder runner = new Recorder();
        runner.output = "Done: /opt/layerscope/bin/LayerScope may capture now (cap_net_admin,cap_net_raw=eip)";
        MainViewModel vm = window(svc, runner);
        vm.capture().runCapture();
        assertNotNull(vm.capture().captureProblemProperty().get(), "the dialog opens");
        CaptureSetupViewModel setup = vm.capture().setup();
        assertEquals(CaptureSetupViewModel.Offer.PROMPT, setup.offerProperty().get());
        assertEquals(MANUAL, setup.manualCommand(), "Copy command gives the exact sudo command");
        setup.allow();
        assertEquals(List.of(PROMPTED), runner.ran, "setup-capture runs once, through pkexec, for the runtime");
        assertTrue(setup.doneProperty().get());
        assertTrue(setup.resultProperty().get().contains("may capture now"), setup.resultProperty().get());
        assertEquals(List.of(RESTART), runner.started, "then LayerScope starts again (it holds the capabilities)");
        assertEquals(Map.of(CaptureSetupViewModel.RETRY_ENV, "run"), runner.envs.get(0), "and retries Run & Capture");
        assertTrue(setup.quitRequestedProperty().get(), "this window gives way to the new one");
        assertEquals(List.of("run"), svc.attempts, "no capture is retried in this process (it cannot capture)");
    }

    @Test
    void startCaptureRetriesAsStartCapture() {
        NotPermittedService svc = new NotPermittedService(new CaptureSetupStep(PROMPTED, MANUAL, RESTART),
                RunCaptureService.Problem.Kind.NO_PERMISSION);
        Recorder runner = new Recorder();
        MainViewModel vm = window(svc, runner);
        vm.capture().startCapture();
        vm.capture().setup().allow();
        assertEquals(Map.of(CaptureSetupViewModel.RETRY_ENV, "start"), runner.envs.get(0));
    }

    @Test
    void aClosedPromptChangesNothingAndRetriesNothing() {
        NotPermittedService svc = new NotPermittedService(new CaptureSetupStep(PROMPTED, MANUAL, RESTART),
                RunCaptureService.Problem.Kind.NO_PERMISSION);
        Recorder runner = new Recorder();
        runner.exit = 126; // pkexec: the user dismissed the authentication dialog
        MainViewModel vm = window(svc, runner);
        vm.capture().runCapture();
        CaptureSetupViewModel setup = vm.capture().setup();
        setup.allow();
        assertFalse(setup.doneProperty().get());
        assertTrue(setup.resultProperty().get().contains("closed"), setup.resultProperty().get());
        assertTrue(runner.started.isEmpty(), "no restart");
        assertFalse(setup.quitRequestedProperty().get());
        assertFalse(setup.runningProperty().get());
        runner.exit = 127;
        runner.output = "Error executing command as another user: No authentication agent found.";
        setup.allow();
        assertTrue(setup.resultProperty().get().contains("Not authorised") && setup.resultProperty().get()
                .contains("No authentication agent found"), setup.resultProperty().get());
        runner.exit = 2;
        runner.output = "layerscope: capture set-up failed: cannot run setcap (sudo apt-get install libcap2-bin)";
        setup.allow();
        assertTrue(setup.resultProperty().get().contains("libcap2-bin"), "the step's own one-line reason is shown");
    }

    @Test
    void withoutAGraphicalPromptTheCommandIsOfferedToCopyAndTryAgainRestarts() {
        NotPermittedService svc = new NotPermittedService(new CaptureSetupStep(List.of(), MANUAL, RESTART),
                RunCaptureService.Problem.Kind.NO_PERMISSION);
        Recorder runner = new Recorder();
        MainViewModel vm = window(svc, runner);
        vm.capture().runCapture();
        CaptureSetupViewModel setup = vm.capture().setup();
        assertEquals(CaptureSetupViewModel.Offer.COPY, setup.offerProperty().get());
        assertEquals(MANUAL, setup.manualCommand());
        setup.allow(); // nothing to prompt with
        assertTrue(runner.ran.isEmpty());
        setup.retry(); // after running the command in a terminal
        assertEquals(List.of(RESTART), runner.started);
        assertTrue(setup.quitRequestedProperty().get());
    }

    @Test
    void aRestartThatDiesAtOnceKeepsThisWindowAndSaysSo() {
        NotPermittedService svc = new NotPermittedService(new CaptureSetupStep(PROMPTED, MANUAL, RESTART),
                RunCaptureService.Problem.Kind.NO_PERMISSION);
        Recorder runner = new Recorder();
        runner.startOutcome = Optional.of(new CommandRunner.Result(1, ""));
        MainViewModel vm = window(svc, runner);
        vm.capture().runCapture();
        vm.capture().setup().allow();
        assertFalse(vm.capture().setup().quitRequestedProperty().get());
        assertTrue(vm.capture().setup().resultProperty().get().contains("could not start again"),
                vm.capture().setup().resultProperty().get());
    }

    @Test
    void withoutARestartCommandTheCaptureIsRetriedHere() {
        NotPermittedService svc = new NotPermittedService(new CaptureSetupStep(PROMPTED, MANUAL, List.of()),
                RunCaptureService.Problem.Kind.NO_PERMISSION);
        Recorder runner = new Recorder();
        MainViewModel vm = window(svc, runner);
        vm.capture().runCapture();
        vm.capture().setup().allow();
        assertEquals(List.of("run", "run"), svc.attempts);
        assertTrue(runner.started.isEmpty());
    }

    @Test
    void otherProblemsAndOtherSystemsOfferNoStep() {
        Recorder runner = new Recorder();
        MainViewModel other = window(new NotPermittedService(new CaptureSetupStep(PROMPTED, MANUAL, RESTART),
                RunCaptureService.Problem.Kind.LIBRARY_MISSING), runner);
        other.capture().runCapture();
        assertEquals(CaptureSetupViewModel.Offer.NONE, other.capture().setup().offerProperty().get());
        MainViewModel macOrWindows = window(new NotPermittedService(null, RunCaptureService.Problem.Kind.NO_PERMISSION),
                runner);
        macOrWindows.capture().runCapture();
        assertEquals(CaptureSetupViewModel.Offer.NONE, macOrWindows.capture().setup().offerProperty().get());
        assertNotNull(macOrWindows.capture().captureProblemProperty().get().fix());
    }
}
