package org.layerscope.app;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.util.Duration;
import javax.imageio.ImageIO;
import org.layerscope.session.Reanalyzer;
import org.layerscope.ui.AnnotationsViewModel;
import org.layerscope.ui.LayerScopeApp;
import org.layerscope.ui.MainView;
import org.layerscope.ui.MainViewModel;

/**
 * What the shipped window does for scripts, set by system properties (the only automation in the product;
 * used by the docs' screenshots, the desktop smoke test and {@code bench/gui-open.sh}):
 * <ul>
 * <li>{@code layerscope.screenshot=FILE.png}: once the capture has loaded, writes a snapshot of the window and
 * exits with status 0, or 1 when the window shows an error or no packets. Before the snapshot:
 * {@code layerscope.filter=EXPR} applies a display filter, {@code layerscope.select=N} selects frame N,
 * {@code layerscope.tab=explanation|connections|ladder|annotations|log} shows that tab and
 * {@code layerscope.field=NAME} selects that field of the selected packet; {@code layerscope.lesson=true} shows
 * lesson mode (see {@link #lessonThenShoot}).</li>
 * <li>{@code layerscope.autorun=true}: presses Run &amp; Capture at start. The environment variable
 * {@code LAYERSCOPE_CAPTURE_RETRY=run|start} does the same for Run &amp; Capture or Start capture: the capture-problem
 * dialog starts LayerScope again with it after the one-time capture set-up ({@code ui.CaptureSetupViewModel}).</li>
 * <li>{@code layerscope.autostage=SCENARIO}: stages a scenario of the lab with Run &amp; Capture at start.</li>
 * <li>{@code layerscope.autostart=true}: presses Start (capture on the first interface until stopped).</li>
 * <li>{@code layerscope.bench=true}: opens the capture given on the command line once the window is idle and
 * prints {@code bench.NAME=VALUE} lines: time to the first rows, the whole load, timeline repaints (fit,
 * zoomed, zoom step, pan), packet-list jumps, re-analysis of a selected packet, a display filter over the whole
 * capture ({@code layerscope.bench.filter}) and a comment with its autosave copy; then exits.</li>
 * </ul>
 * The window's own options ({@code layerscope.lang}, {@code layerscope.theme}, {@code layerscope.settings=memory})
 * are read by {@link LayerScopeApp}.
 */
final class Automation {
    private static volatile int exitStatus;

    private final LayerScopeApp app;
    private final Stage stage;
    private volatile boolean errorShown;

    private Automation(LayerScopeApp app, Stage stage) {
        this.app = app;
        this.stage = stage;
    }

    /** Status for the process once the window closed: 1 when an automated screenshot check failed. */
    static int exitStatus() {
        return exitStatus;
    }

    /** The window is up: opens {@code file} and runs what the system properties ask for. */
    static void start(LayerScopeApp app, Stage stage, Path file) {
        new Automation(app, stage).run(file);
    }

    private MainViewModel vm() {
        return app.viewModel();
    }

    private MainView view() {
        return app.view();
    }

    private void run(Path file) {
        MainViewModel vm = vm();
        vm.messageProperty().addListener((o, a, b) -> {
            if (b != null) {
                errorShown = true;
            }
        });
        vm.capture().captureProblemProperty().addListener((o, a, b) -> {
            if (b != null) {
                errorShown = true;
                System.err.println("layerscope: capture problem: " + b.message() + " / fix: " + b.fix());
            }
        });
        if (Boolean.getBoolean("layerscope.bench") && file != null) {
            benchmark(file);
            return;
        }
        if (file != null) {
            vm.document().open(file);
        }
        String retry = System.getenv(org.layerscope.ui.CaptureSetupViewModel.RETRY_ENV);
        if (Boolean.getBoolean("layerscope.autorun") || "run".equals(retry)) {
            vm.capture().runCapture();
        } else if ("start".equals(retry)) {
            vm.capture().startCapture();
        }
        String stage = System.getProperty("layerscope.autostage");
        if (stage != null) {
            vm.capture().stage(stage);
        }
        if (Boolean.getBoolean("layerscope.autostart")) {
            vm.capture().startCapture();
        }
        String shot = System.getProperty("layerscope.screenshot");
        if (shot != null) {
            screenshot(Path.of(shot));
        }
    }

    // ---------------------------------------------------------------- screenshot

    private void screenshot(Path out) {
        MainViewModel vm = vm();
        String size = System.getProperty("layerscope.size"); // WIDTHxHEIGHT of the window, e.g. 1280x720
        if (size != null && size.matches("\\d+x\\d+")) {
            stage.setWidth(Integer.parseInt(size.substring(0, size.indexOf('x'))));
            stage.setHeight(Integer.parseInt(size.substring(size.indexOf('x') + 1)));
        }
        PauseTransition poll = new PauseTransition(Duration.millis(200));
        long started = System.nanoTime();
        poll.setOnFinished(e -> {
            boolean timeout = System.nanoTime() - started > 60_000_000_000L;
            if ((vm.busy() || vm.packets().rowsProperty().get() == 0) && !timeout && !errorShown) {
                poll.playFromStart();
                return;
            }
            String filter = System.getProperty("layerscope.filter");
            if (filter != null && !filter.equals(vm.filter().filterProperty().get()) && !timeout) {
                vm.filter().applyFilter(filter);
                view().showFilterText(filter);
            }
            if (filter != null && vm.filter().filteringProperty().get() && !timeout) {
                poll.playFromStart();
                return;
            }
            String sel = System.getProperty("layerscope.select");
            if (sel != null && vm.packets().table().size() > 0) {
                int row = vm.packets().table().rowOfFrame(Long.parseLong(sel));
                vm.selection().select(row >= 0 ? row
                        : Math.min(vm.packets().table().size() - 1, Math.max(0, Integer.parseInt(sel) - 1)));
            }
            String tab = System.getProperty("layerscope.tab");
            if (tab != null) {
                view().showTab(tab);
            }
            later(900, () -> {
                String field = System.getProperty("layerscope.field");
                var selected = vm.selection().selectedProperty().get();
                if (field != null && selected != null) {
                    var f = selected.tree().find(field);
                    if (f != null) {
                        vm.selection().selectedFieldProperty().set(f);
                    }
                }
                if (Boolean.getBoolean("layerscope.lesson")) {
                    lessonThenShoot(out, System.nanoTime());
                } else {
                    later(400, () -> shoot(out));
                }
            });
        });
        poll.play();
    }

    /**
     * Lesson mode for the screenshot ({@code layerscope.lesson=true}): on the selected packet's connection, at step
     * {@code layerscope.lesson.step} (1-based; default: the selected packet's), with the eavesdropper view when
     * {@code layerscope.lesson.eavesdropper=true}; shot once the arrow has travelled.
     */
    private void lessonThenShoot(Path out, long started) {
        var lesson = vm().lesson();
        if (!lesson.activeProperty().get()) {
            lesson.enter();
        }
        if (lesson.lessonProperty().get() == null && System.nanoTime() - started < 30_000_000_000L) {
            later(200, () -> lessonThenShoot(out, started));
            return;
        }
        String step = System.getProperty("layerscope.lesson.step");
        if (step != null) {
            lesson.go(Integer.parseInt(step) - 1);
        }
        lesson.eavesdropperProperty().set(Boolean.getBoolean("layerscope.lesson.eavesdropper"));
        later(1500, () -> shoot(out));
    }

    private static void later(long millis, Runnable r) {
        PauseTransition p = new PauseTransition(Duration.millis(millis));
        p.setOnFinished(e -> r.run());
        p.play();
    }

    private void shoot(Path out) {
        int status = 0;
        int rows = vm().packets().rowsProperty().get();
        try {
            writePng(stage.getScene().snapshot(null), out);
            if (Boolean.getBoolean("layerscope.screenshot.screen")) {
                screen(out);
            }
            List<String> problems = new ArrayList<>();
            if (errorShown) {
                problems.add("the window shows an error");
            }
            if (rows == 0) {
                problems.add("the window shows no packets");
            }
            if (!problems.isEmpty()) {
                System.err.println("layerscope: screenshot check failed: " + String.join(", ", problems));
                status = 1;
            } else {
                System.out.println("layerscope: screenshot " + out + " (" + rows + " packets)");
                describeShown();
            }
        } catch (IOException | RuntimeException ex) {
            System.err.println("layerscope: screenshot failed: " + ex);
            status = 1;
        }
        exitStatus = status;
        if (Boolean.getBoolean("layerscope.screenshot.screen")) {
            later(5000, Platform::exit); // the window stays 5 s on screen for the X server's screenshot
        } else {
            Platform.exit();
        }
    }

    /**
     * {@code layerscope.screenshot.screen=true}: the window stays 5 s longer, and one line gives the window's bounds, the screen's visible area (logical
     * pixels) and its scale, for a check of the window on a HiDPI screen (whose device pixels a test reads from the X
     * server: JavaFX's own screen capture returns only part of a scaled GTK screen).
     */
    private void screen(Path out) {
        javafx.stage.Screen screen = javafx.stage.Screen.getScreensForRectangle(stage.getX(), stage.getY(),
                stage.getWidth(), stage.getHeight()).stream().findFirst().orElse(javafx.stage.Screen.getPrimary());
        javafx.geometry.Rectangle2D b = screen.getBounds();
        javafx.geometry.Rectangle2D v = screen.getVisualBounds();
        System.out.println(String.format(Locale.ROOT, "layerscope: window %.0f,%.0f %.0fx%.0f; screen %.0fx%.0f, "
                + "visible %.0f,%.0f %.0fx%.0f, scale %.2f", stage.getX(), stage.getY(), stage.getWidth(),
                stage.getHeight(), b.getWidth(), b.getHeight(), v.getMinX(), v.getMinY(), v.getWidth(), v.getHeight(),
                screen.getOutputScaleX()));
    }

    /** What the snapshot shows besides the rows, for scripts: the memory notice, the filter, the selection. */
    private void describeShown() {
        MainViewModel vm = vm();
        String notice = vm.document().memoryNoticeProperty().get();
        if (notice != null) {
            System.out.println("layerscope: memory notice: " + notice);
        }
        var filtered = vm.filter().rowFilterProperty().get();
        if (filtered != null) {
            System.out.println("layerscope: the filter shows " + filtered.rows().length + " packets");
        }
        var selected = vm.selection().selectedProperty().get();
        if (selected != null) {
            System.out.println("layerscope: selected frame " + selected.number() + " with "
                    + selected.tree().children().size() + " layers of details and " + selected.frame().data().length
                    + " bytes");
        }
    }

    /** Writes a JavaFX image as PNG (without the javafx-swing module). */
    static void writePng(WritableImage img, Path out) throws IOException {
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        PixelReader r = img.getPixelReader();
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] line = new int[w];
        for (int y = 0; y < h; y++) {
            r.getPixels(0, y, w, 1, PixelFormat.getIntArgbInstance(), line, 0, w);
            b.setRGB(0, y, w, 1, line, 0, w);
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(b, "png", out.toFile());
    }

    // ---------------------------------------------------------------- open benchmark

    private long t0;
    private double cpu0;
    private ThreadTimes loadThreads;
    private long firstRows = -1;
    private volatile long firstAnalysed = -1;
    private long firstRefresh = -1;

    private void benchmark(Path file) {
        MainViewModel vm = vm();
        Runnable pulse = new Runnable() {
            @Override
            public void run() {
                if (firstRows < 0 && view().listedRows() > 0) {
                    firstRows = System.nanoTime() - t0;
                    stage.getScene().removePostLayoutPulseListener(this);
                }
            }
        };
        stage.getScene().addPostLayoutPulseListener(pulse);
        vm.document().loadingProperty().addListener((o, a, b) -> {
            if (!b) {
                Platform.runLater(this::afterLoad);
            }
        });
        vm.packets().rowsProperty().addListener((o, a, b) -> {
            if (firstRefresh < 0 && b.intValue() > 0) {
                firstRefresh = System.nanoTime() - t0;
            }
        });
        // open once the window is up and idle, as a user would
        later(5000, () -> {
            cpu0 = cpuSeconds();
            loadThreads = ThreadTimes.now();
            t0 = System.nanoTime();
            vm.document().open(file);
            Thread probe = new Thread(() -> {
                while (vm.packets().table().size() == 0) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException ex) {
                        return;
                    }
                }
                firstAnalysed = System.nanoTime() - t0;
                // threads that end before the load does (the read-ahead thread) are counted as last seen, at most
                // 250 ms before they ended (a sample costs about a millisecond of CPU)
                ThreadTimes times = loadThreads;
                while (vm.document().loadingProperty().get() || vm.packets().table().size() == 0) {
                    times.sample();
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException ex) {
                        return;
                    }
                }
            });
            probe.setDaemon(true);
            probe.start();
        });
    }

    /**
     * CPU seconds the whole process used so far (all threads, collector included; Linux's /proc/self/stat,
     * -1 elsewhere): on a loaded machine the wall times above say more about the load than about the window.
     */
    static double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, in clock ticks
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static String cpu(double from) {
        return String.format(Locale.ROOT, "%.2f", cpuSeconds() - from);
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private void afterLoad() {
        MainViewModel vm = vm();
        MainView view = view();
        long load = System.nanoTime() - t0;
        String loadCpu = cpu(cpu0);
        String threads = loadThreads == null ? "" : loadThreads.since(8);
        // no System.gc() here: a full collection shrinks the heap, and what follows (the selections, the display
        // filter) would then run in a heap a user's window does not have (bench.heap_mb is measured at the end)
        int rows = vm.packets().table().size();
        long fit = time(view::fitTimeline, 5);
        view.zoomTimeline(64);
        long zoomed = time(view::redrawTimeline, 5);
        long zoomSteps = time(() -> view.zoomTimeline(1.25), 10);
        long pan = time(() -> view.panTimeline(-1.0 / 3), 10);
        Random rnd = new Random(1);
        long jump = time(() -> view.jumpList(rnd.nextInt(rows)), 20);
        System.out.println("bench.rows=" + rows);
        System.out.println("bench.first_rows_ms=" + ms(firstRows));
        System.out.println("bench.first_row_analysed_ms=" + ms(firstAnalysed));
        System.out.println("bench.first_row_published_ms=" + ms(firstRefresh));
        System.out.println("bench.load_ms=" + ms(load));
        System.out.println("bench.load_process_cpu_s=" + loadCpu);
        System.out.println("bench.load_threads=" + threads);
        System.out.println("bench.table_memory_mb=" + vm.packets().table().memoryBytes() / (1 << 20));
        System.out.println("bench.timeline_fit_redraw_ms=" + ms(fit));
        System.out.println("bench.timeline_zoomed_redraw_ms=" + ms(zoomed));
        System.out.println("bench.timeline_zoom_step_ms=" + ms(zoomSteps));
        System.out.println("bench.timeline_pan_ms=" + ms(pan));
        System.out.println("bench.list_jump_ms=" + ms(jump));
        String notice = vm.document().memoryNoticeProperty().get();
        if (notice != null) {
            System.out.println("bench.memory_notice=" + notice);
        }
        BenchSelection s = new BenchSelection(vm, view, stage.getScene());
        s.run(() -> {
            long select = time(() -> vm.selection().select(rnd.nextInt(rows)), 20);
            System.out.println("bench.select_call_ms=" + ms(select));
            long reanalyse = time(() -> Reanalyzer.analyse(vm.packets().table(), rnd.nextInt(rows)), 10);
            System.out.println("bench.details_reanalysis_ms=" + ms(reanalyse));
            filterAndAnnotate(rows);
        });
    }

    /** A display filter over the whole capture (background), then a comment and its autosave copy. */
    private void filterAndAnnotate(int rows) {
        MainViewModel vm = vm();
        double cpuStart = cpuSeconds();
        long start = System.nanoTime();
        vm.filter().rowFilterProperty().addListener((o, a, b) -> {
            if (b == null) {
                return;
            }
            long filtered = System.nanoTime() - start;
            String filterCpu = cpu(cpuStart);
            long layout = time(view()::layoutList, 1);
            System.out.println("bench.filter_ms=" + ms(filtered) + " (" + b.rows().length + " of " + rows + " rows)");
            System.out.println("bench.filter_process_cpu_s=" + filterCpu);
            System.out.println("bench.filter_list_layout_ms=" + ms(layout));
            long comment = time(() -> vm.annotations().addComment(b.rows().length > 0 ? b.rows()[0] : 0, "benchmark note"), 1);
            System.out.println("bench.add_comment_ms=" + ms(comment));
            long saveStart = System.nanoTime();
            long delay = AnnotationsViewModel.autosaveDelayMillis();
            Path copy = AnnotationsViewModel.autosavePath(vm.document().fileProperty().get());
            Thread wait = new Thread(() -> {
                while (copy != null && !Files.exists(copy) && System.nanoTime() - saveStart < 120_000_000_000L) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                long ns = System.nanoTime() - saveStart - delay * 1_000_000L;
                System.out.println("bench.autosave_copy_ms=" + ms(ns) + " (after the " + delay + " ms delay)");
                System.gc();
                Runtime rt = Runtime.getRuntime();
                System.out.println("bench.heap_mb=" + (rt.totalMemory() - rt.freeMemory()) / (1 << 20)
                        + " (live heap at the end, after a full collection)");
                Platform.runLater(() -> {
                    vm.annotations().discardChanges();
                    Platform.exit();
                });
            });
            wait.setDaemon(true);
            wait.start();
        });
        vm.filter().applyFilter(System.getProperty("layerscope.bench.filter", "tls.handshake.type == 1"));
    }

    /** Average nanoseconds of {@code n} runs. */
    private static long time(Runnable r, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            r.run();
        }
        return (System.nanoTime() - start) / n;
    }
}
