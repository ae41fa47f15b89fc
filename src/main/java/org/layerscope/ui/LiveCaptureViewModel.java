package org.layerscope.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.session.LiveIngest;
import org.layerscope.tls.keys.KeyLog;

/**
 * Live capture and Run &amp; Capture: the interface, capture filter, target profile and TLS version chosen in
 * the toolbar, whether a capture runs, its console log, dropped packets and the problem that stopped it.
 * Frames go through {@link LiveIngest} into the table the window shows while they arrive.
 */
public final class LiveCaptureViewModel {
    private final MainViewModel main;
    private final RunCaptureService service;
    private final BooleanProperty capturing = new SimpleBooleanProperty();
    private final LongProperty drops = new SimpleLongProperty();
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ObjectProperty<RunCaptureService.Problem> captureProblem = new SimpleObjectProperty<>();
    private final StringProperty captureInterface = new SimpleStringProperty();
    private final StringProperty captureFilter = new SimpleStringProperty("");
    private final StringProperty profile = new SimpleStringProperty("embedded");
    private final StringProperty tlsVersion = new SimpleStringProperty("auto");
    private final StringProperty scenario = new SimpleStringProperty("ok");
    private final List<String> pendingLog = new ArrayList<>();
    private LiveIngest live;
    private RunCaptureService.Session session;
    private final CaptureSetupViewModel setup;
    private boolean lastPublish;
    private String lastStaged = "ok";

    LiveCaptureViewModel(MainViewModel main, RunCaptureService service) {
        this.main = main;
        this.service = service;
        this.setup = new CaptureSetupViewModel(main, service);
        List<String> ifaces = service.interfaces();
        captureInterface.set(ifaces.isEmpty() ? "lo" : ifaces.get(0));
    }

    public RunCaptureService service() {
        return service;
    }

    /** What the capture-problem dialog offers when capturing is not permitted (the one-time set-up, the retry). */
    public CaptureSetupViewModel setup() {
        return setup;
    }

    /** Run &amp; Capture: captures while the chosen profile's client publishes one message. */
    public void runCapture() {
        startLive(true, "ok");
    }

    /**
     * Stages {@code name} (a scenario of {@link RunCaptureService#scenarios()}) on the embedded broker with Run
     * &amp; Capture, capturing and showing it as it happens; the Connections panel then gives its verdict.
     */
    public void stage(String name) {
        scenario.set(name == null ? "ok" : name);
        startLive(true, scenario.get());
    }

    /** The scenario chosen in the picker ("What should go wrong?"). */
    public StringProperty scenarioProperty() {
        return scenario;
    }

    /** Captures on the chosen interface until stopped. */
    public void startCapture() {
        startLive(false, "ok");
    }

    private void startLive(boolean publish, String staged) {
        if (capturing.get()) {
            return;
        }
        main.document().close();
        lastPublish = publish;
        lastStaged = staged;
        LiveIngest ingest = new LiveIngest();
        live = ingest;
        main.show(ingest.table());
        main.annotations().reset(null, false);
        log.clear();
        drops.set(0);
        capturing.set(true);
        main.startRefresh();
        boolean scenario = publish && !"ok".equals(staged);
        // a scenario runs on the embedded broker: loopback (chosen by the engine), the broker's port
        RunCaptureService.Request req = new RunCaptureService.Request(scenario ? null : captureInterface.get(),
                scenario || captureFilter.get() == null ? "" : captureFilter.get(), scenario ? "embedded" : profile.get(),
                tlsVersion.get(), publish ? staged : "ok");
        RunCaptureService.Listener listener = new RunCaptureService.Listener() {
            @Override
            public void console(String line) {
                synchronized (pendingLog) {
                    pendingLog.add(line);
                }
            }

            @Override
            public void frame(RawFrame frame) {
                ingest.accept(frame);
            }

            @Override
            public void secrets(KeyLog keys) {
                ingest.useKeys(keys);
            }

            @Override
            public void drops(long dropped) {
                main.tasks().ui(() -> drops.set(dropped));
            }

            @Override
            public void finished(Path savedFile) {
                ingest.finish();
                if (savedFile != null) {
                    // the file's interface descriptions and capture comment, so a Save keeps them
                    try (CaptureReader r = CaptureFiles.open(savedFile)) {
                        r.next();
                        ingest.table().interfaces(r.interfaces());
                        ingest.table().sectionComments(r.sectionComments());
                    } catch (IOException | RuntimeException e) {
                        // then a Save describes the interfaces from the frames
                    }
                }
                main.tasks().ui(() -> {
                    if (live == ingest && savedFile != null && Files.isRegularFile(savedFile)) {
                        main.document().adopt(savedFile);
                    }
                    liveEnded(ingest, null);
                });
            }

            @Override
            public void failed(RunCaptureService.Problem problem) {
                ingest.finish();
                main.tasks().ui(() -> liveEnded(ingest, problem));
            }
        };
        session = publish ? service.runCapture(req, listener) : service.startCapture(req, listener);
    }

    private void liveEnded(LiveIngest ingest, RunCaptureService.Problem problem) {
        if (live != ingest) {
            return;
        }
        capturing.set(false);
        session = null;
        main.settled();
        main.statusProperty().set(main.text().get("status.captureDone", main.packets().rowsProperty().get()));
        main.packets().requestFit();
        if (problem != null) {
            boolean publish = lastPublish;
            String staged = lastStaged;
            setup.prepare(problem, publish ? "run" : "start", () -> startLive(publish, staged));
            captureProblem.set(problem);
        }
    }

    public void stopCapture() {
        if (session != null) {
            session.stop();
        }
        if (live != null && capturing.get()) {
            LiveIngest l = live;
            main.tasks().background(() -> {
                l.finish();
                main.tasks().ui(() -> liveEnded(l, null));
            });
        }
    }

    /** A file is opened instead: what the last capture reports from now on is ignored. */
    void detach() {
        live = null;
    }

    /** Moves the console lines received since the last refresh to {@link #log()} (FX thread). */
    void drainLog() {
        synchronized (pendingLog) {
            if (!pendingLog.isEmpty()) {
                log.addAll(pendingLog);
                pendingLog.clear();
            }
        }
    }

    public BooleanProperty capturingProperty() {
        return capturing;
    }

    public LongProperty dropsProperty() {
        return drops;
    }

    public ObservableList<String> log() {
        return log;
    }

    public ObjectProperty<RunCaptureService.Problem> captureProblemProperty() {
        return captureProblem;
    }

    public StringProperty captureInterfaceProperty() {
        return captureInterface;
    }

    public StringProperty captureFilterProperty() {
        return captureFilter;
    }

    public StringProperty profileProperty() {
        return profile;
    }

    public StringProperty tlsVersionProperty() {
        return tlsVersion;
    }
}
