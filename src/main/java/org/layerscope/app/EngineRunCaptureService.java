package org.layerscope.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.layerscope.capture.CaptureException;
import org.layerscope.capture.CaptureFilters;
import org.layerscope.capture.CaptureStats;
import org.layerscope.capture.Interfaces;
import org.layerscope.capture.LiveCapture;
import org.layerscope.capture.NetworkInterfaceInfo;
import org.layerscope.demo.LayerScopeHome;
import org.layerscope.demo.RunCapture;
import org.layerscope.demo.TlsVersion;
import org.layerscope.ui.RunCaptureService;

/**
 * The window's {@link RunCaptureService} on the real engine ({@code capture} + {@code demo}).
 *
 * <p>Picked by {@code Main.captureService()}.
 */
public final class EngineRunCaptureService implements RunCaptureService {
    private final Locale locale;

    public EngineRunCaptureService() {
        this(Locale.getDefault());
    }

    public EngineRunCaptureService(Locale locale) {
        this.locale = locale;
    }

    @Override
    public List<String> interfaces() {
        List<String> names = new ArrayList<>();
        try {
            Interfaces.loopback().ifPresent(i -> names.add(i.name()));
            for (NetworkInterfaceInfo i : Interfaces.list()) {
                if (!names.contains(i.name())) {
                    names.add(i.name());
                }
            }
        } catch (CaptureException | LinkageError e) {
            // no libpcap or no rights: the capture itself reports the fix
        }
        if (names.isEmpty()) {
            names.add("lo");
        }
        return names;
    }

    @Override
    public List<String> filterPresets() {
        List<String> out = new ArrayList<>();
        for (CaptureFilters.Preset p : CaptureFilters.all()) {
            out.add(p.name() + ": " + p.expression());
        }
        return out;
    }

    @Override
    public Optional<String> validateFilter(String filter) {
        if (filter == null || filter.isBlank()) {
            return Optional.empty();
        }
        try {
            LiveCapture.checkFilter(CaptureFilters.resolve(filter));
            return Optional.empty();
        } catch (CaptureException e) {
            return Optional.of(e.describe(locale));
        } catch (LinkageError e) {
            return Optional.empty(); // cannot check without libpcap; the capture reports it
        }
    }

    @Override
    public Path profileFolder() {
        return LayerScopeHome.resolve().resolve("profiles");
    }

    @Override
    public Optional<String> validateProfile(Path file) {
        try {
            org.layerscope.demo.TargetProfile.load(file);
            return Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public List<String> profiles() {
        List<String> out = new ArrayList<>();
        out.add("embedded");
        Path dir = profileFolder();
        try (var files = java.nio.file.Files.list(dir)) {
            files.filter(f -> f.toString().endsWith(".properties")).sorted().forEach(f -> out.add(f.toString()));
        } catch (java.io.IOException e) {
            // no profile folder yet
        }
        return out;
    }

    @Override
    public List<String> scenarios() {
        return java.util.Arrays.stream(org.layerscope.demo.Scenario.values()).map(org.layerscope.demo.Scenario::id)
                .toList();
    }

    @Override
    public Session runCapture(Request request, Listener listener) {
        RunCapture.Request r = new RunCapture.Request(
                "embedded".equals(request.profile()) ? null : Path.of(request.profile()),
                TlsVersion.parse(request.tlsVersion()), request.iface(),
                request.filter() == null || request.filter().isBlank() ? null : request.filter(),
                null, 8883, null, locale,
                org.layerscope.demo.Scenario.byId(request.scenario()).orElse(org.layerscope.demo.Scenario.OK));
        RunCapture run = new RunCapture(r, new RunCapture.Listener() {
            @Override
            public void progress(String line) {
                listener.console(line);
            }

            @Override
            public void status(String line) {
                listener.console(line);
            }

            @Override
            public void frame(org.layerscope.model.RawFrame frame) {
                listener.frame(frame);
            }

            @Override
            public void output(Path file) {
                listener.writing(file);
            }
        });
        listener.secrets(run.keyLog()); // the window decrypts the run's own sessions live
        Thread t = new Thread(() -> {
            try {
                RunCapture.Result result = run.run();
                CaptureStats s = result.stats();
                listener.drops(s.kernelDropped() + s.interfaceDropped() + s.queueDropped());
                listener.finished(s.file());
            } catch (RunCapture.SetupException e) {
                listener.failed(new Problem(e.getMessage(), e.fix()));
            } catch (Throwable e) {
                // nothing dies silently (issue 13 item 4): out of memory, a bug — the window says what happened
                listener.failed(new Problem(org.layerscope.ui.TaskFailure.describe(
                        org.layerscope.session.UiText.of(locale), "task.capture", e), ""));
            }
        }, "layerscope-run-capture");
        t.setDaemon(true);
        t.start();
        return run::cancel;
    }

    @Override
    public Session startCapture(Request request, Listener listener) {
        try {
            String filter = request.filter() == null || request.filter().isBlank() ? "tcp"
                    : CaptureFilters.resolve(request.filter());
            Path out = LayerScopeHome.resolve().resolve("captures")
                    .resolve("capture-" + System.currentTimeMillis() + ".pcapng");
            LayerScopeHome.privateDirectory(out.getParent());
            listener.writing(out);
            LiveCapture c = LiveCapture.start(new LiveCapture.Options(request.iface(), filter, out, List.of()),
                    listener::frame);
            listener.console("capturing on " + c.interfaceName() + " (" + filter + ") into " + out);
            return () -> {
                CaptureStats s = c.stop();
                listener.drops(s.kernelDropped() + s.interfaceDropped() + s.queueDropped());
                listener.console("capture saved: " + s.file() + " (" + s.frames() + " packets)");
                listener.finished(s.file());
            };
        } catch (CaptureException e) {
            listener.failed(new Problem(e.describe(locale), e.fix(locale)));
        } catch (java.io.IOException e) {
            listener.failed(new Problem(String.valueOf(e.getMessage()), ""));
        } catch (Throwable e) {
            listener.failed(new Problem(org.layerscope.ui.TaskFailure.describe(org.layerscope.session.UiText.of(locale),
                    "task.capture", e), ""));
        }
        return () -> { };
    }
}
