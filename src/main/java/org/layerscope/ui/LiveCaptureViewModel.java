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
import org.layerscope.session.CaptureJournal;
import org.layerscope.session.LiveIngest;
import org.layerscope.tls.keys.KeyLog;

/**
 * Live capture and Run &amp; Capture: the interface, capture filter, target profile and TLS version chosen in
 * the toolbar, whether a capture runs, its console log, dropped packets and the problem that stopped it.
 * Frames go through {@link LiveIngest} into the table the window shows while they arrive.
 *
 * <p>The file a capture writes is noted in a {@link CaptureJournal} while it is written; a capture interrupted by
 * a crash of the window is in {@link #interruptedCaptures()} after {@link #checkInterrupted()} at the next start,
 * to be opened, saved elsewhere or discarded.
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
    private final ObservableList<CaptureJournal.Entry> interrupted = FXCollections.observableArrayList();
    private final CaptureJournal journal;
    private final java.util.concurrent.atomic.AtomicReference<LiveIngest> crashReported =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile LiveIngest live;
    private volatile RunCaptureService.Session session;

    LiveCaptureViewModel(MainViewModel main, RunCaptureService service) {
        this(main, service, new CaptureJournal(journalFolder()));
    }

    LiveCaptureViewModel(MainViewModel main, RunCaptureService service, CaptureJournal journal) {
        this.main = main;
        this.service = service;
        this.journal = journal;
        List<String> ifaces = service.interfaces();
        captureInterface.set(ifaces.isEmpty() ? "lo" : ifaces.get(0));
    }

    public RunCaptureService service() {
        return service;
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
        CaptureJournal.Entry[] written = new CaptureJournal.Entry[1];
        RunCaptureService.Listener listener = new RunCaptureService.Listener() {
            @Override
            public void writing(Path file) {
                try {
                    CaptureJournal.Entry e = journal.begin(file);
                    synchronized (written) {
                        written[0] = e;
                    }
                } catch (IOException | RuntimeException e) {
                    console(main.text().get("log.journalFailed", journal.folder(),
                            e.getMessage() == null ? e.toString() : e.getMessage()));
                }
            }

            private void ended() {
                synchronized (written) {
                    if (written[0] != null) {
                        written[0].end();
                        written[0] = null;
                    }
                }
            }

            @Override
            public void console(String line) {
                synchronized (pendingLog) {
                    pendingLog.add(line);
                }
            }

            @Override
            public void frame(RawFrame frame) {
                try {
                    ingest.accept(frame);
                } catch (Throwable e) {
                    crashed(ingest, e);
                }
            }

            @Override
            public void secrets(KeyLog keys) {
                try {
                    ingest.useKeys(keys);
                } catch (Throwable e) {
                    crashed(ingest, e);
                }
            }

            @Override
            public void drops(long dropped) {
                main.tasks("task.capture").ui(() -> drops.set(dropped));
            }

            @Override
            public void finished(Path savedFile) {
                ended();
                try {
                    ingest.finish();
                } catch (Throwable e) {
                    crashed(ingest, e);
                    return;
                }
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
                ended();
                try {
                    ingest.finish();
                } catch (Throwable e) {
                    crashed(ingest, e);
                }
                main.tasks().ui(() -> liveEnded(ingest, problem));
            }
        };
        try {
            RunCaptureService.Session s = publish ? service.runCapture(req, listener) : service.startCapture(req, listener);
            if (crashReported.get() == ingest) {
                main.tasks("task.background").background(s::stop); // it died while starting: stop what runs
            } else {
                session = s;
            }
        } catch (Throwable e) {
            crashed(ingest, e);
        }
    }

    /**
     * Showing the capture died of {@code e} (on the engine's thread: out of memory, a bug): the capture is stopped
     * (its file keeps what was written), the window says so and is usable again (see {@link MainViewModel#failed}).
     */
    private void crashed(LiveIngest ingest, Throwable e) {
        if (live != ingest || crashReported.getAndSet(ingest) == ingest) {
            return; // reported once
        }
        main.failed("task.capture", e);
    }

    /** The capture died (see {@link MainViewModel#failed}): stop it in the background, the buttons come back. */
    void failed() {
        RunCaptureService.Session s = session;
        session = null;
        if (s != null) {
            main.tasks("task.background").background(s::stop);
        }
        if (live != null && capturing.get()) {
            liveEnded(live, null);
        }
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
            captureProblem.set(problem);
        }
    }

    public void stopCapture() {
        if (session != null) {
            session.stop();
        }
        if (live != null && capturing.get()) {
            LiveIngest l = live;
            main.tasks("task.capture").background(() -> {
                l.finish();
                main.tasks().ui(() -> liveEnded(l, null));
            });
        }
    }

    /** The journal's folder: {@code layerscope.recovery}, or {@code recovery} in the LayerScope folder. */
    static Path journalFolder() {
        String dir = System.getProperty("layerscope.recovery");
        return dir != null && !dir.isBlank() ? Path.of(dir)
                : org.layerscope.demo.LayerScopeHome.resolve().resolve("recovery");
    }

    /**
     * Looks in the background for captures a crash of the window interrupted (their process is gone); they go to
     * {@link #interruptedCaptures()} for the window to offer.
     */
    public void checkInterrupted() {
        main.tasks().background(() -> {
            List<CaptureJournal.Entry> found = journal.interrupted();
            main.tasks().ui(() -> interrupted.setAll(found));
        });
    }

    /** Captures interrupted by a crash, oldest first (each leaves the list when opened, saved or discarded). */
    public ObservableList<CaptureJournal.Entry> interruptedCaptures() {
        return interrupted;
    }

    /** Opens an interrupted capture where it is (it stays in the captures folder). */
    public void openInterrupted(CaptureJournal.Entry e) {
        interrupted.remove(e);
        main.tasks().background(e::end);
        main.document().open(e.file());
    }

    /** Moves an interrupted capture to {@code target} in the background; {@code done} gets the message (FX thread). */
    public void saveInterrupted(CaptureJournal.Entry e, Path target, java.util.function.Consumer<String> done) {
        interrupted.remove(e);
        main.tasks().background(() -> {
            String msg;
            try {
                e.saveTo(target);
                msg = main.text().get("dialog.interrupted.saved", target);
            } catch (IOException | RuntimeException x) {
                msg = main.text().get("dialog.error.save", target, x.getMessage() == null ? x.toString() : x.getMessage());
            }
            String m = msg;
            main.tasks().ui(() -> done.accept(m));
        });
    }

    /** Deletes an interrupted capture (in the background). */
    public void discardInterrupted(CaptureJournal.Entry e) {
        interrupted.remove(e);
        main.tasks().background(() -> {
            try {
                e.discard();
            } catch (RuntimeException x) {
                String m = x.getMessage() == null ? x.toString() : x.getMessage();
                main.tasks().ui(() -> main.statusProperty().set(main.text().get("status.discardFailed", e.file(), m)));
            }
        });
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
