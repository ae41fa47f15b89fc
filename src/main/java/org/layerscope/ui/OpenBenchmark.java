package org.layerscope.ui;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.layerscope.render.TimelineRenderer;

/**
 * {@code -Dlayerscope.bench=true}: opens the capture given on the command line in the real window and
 * prints how long the first rows take to show, how long the whole load takes, and how long timeline
 * repaints (fit, zoomed, panned) and packet-list jumps take; then exits. Run by {@code bench/gui-open.sh}.
 */
final class OpenBenchmark {
    private final MainViewModel vm;
    private final MainView view;
    private final Stage stage;
    private long t0;
    private long firstRows = -1;
    private volatile long firstAnalysed = -1;
    private long firstRefresh = -1;

    OpenBenchmark(MainViewModel vm, MainView view, Stage stage) {
        this.vm = vm;
        this.view = view;
        this.stage = stage;
    }

    void start(Path file) {
        Runnable pulse = new Runnable() {
            @Override
            public void run() {
                if (firstRows < 0 && view.list().table().getItems().size() > 0) {
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
        // open once the window is up and idle, as a user would
        javafx.animation.PauseTransition idle = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(5));
        idle.setOnFinished(e -> {
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
            });
            probe.setDaemon(true);
            probe.start();
            if (Boolean.getBoolean("layerscope.bench.sample")) {
                Thread fx = Thread.currentThread();
                Thread sampler = new Thread(() -> {
                    java.util.Map<String, Integer> hist = new java.util.TreeMap<>();
                    for (int k = 0; k < 60; k++) {
                        StackTraceElement[] st = fx.getStackTrace();
                        StringBuilder b = new StringBuilder();
                        int shown = 0;
                        for (StackTraceElement el : st) {
                            if (el.getClassName().startsWith("org.layerscope") || shown < 3) {
                                b.append(el.getClassName().replaceAll(".*\\.", "")).append('.').append(el.getMethodName()).append(" < ");
                                shown++;
                            }
                            if (shown > 9) {
                                break;
                            }
                        }
                        hist.merge(b.toString(), 1, Integer::sum);
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException ex) {
                            return;
                        }
                    }
                    hist.forEach((k, v) -> System.out.println("bench.sample " + v + " " + k));
                });
                sampler.setDaemon(true);
                sampler.start();
            }
        });
        vm.packets().rowsProperty().addListener((o, a, b) -> {
            if (firstRefresh < 0 && b.intValue() > 0) {
                firstRefresh = System.nanoTime() - t0;
            }
        });
        idle.play();
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private void afterLoad() {
        long load = System.nanoTime() - t0;
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long heap = rt.totalMemory() - rt.freeMemory();
        int rows = vm.packets().table().size();
        TimelineView tl = view.timeline();
        long fit = time(() -> {
            tl.fit();
        }, 5);
        tl.zoom(64);
        long zoomed = time(tl::redraw, 5);
        long zoomSteps = time(() -> tl.zoom(1.25), 10);
        long pan = time(() -> {
            tl.viewport().pan(-TimelineRenderer.plotWidth(tl.canvas().getWidth()) / 3);
            tl.redraw();
        }, 10);
        Random rnd = new Random(1);
        long jump = time(() -> {
            int r = rnd.nextInt(rows);
            view.list().table().scrollTo(r);
            view.list().table().layout();
        }, 20);
        long select = time(() -> vm.selection().select(rnd.nextInt(rows)), 20);
        System.out.println("bench.rows=" + rows);
        System.out.println("bench.first_rows_ms=" + ms(firstRows));
        System.out.println("bench.first_row_analysed_ms=" + ms(firstAnalysed));
        System.out.println("bench.first_row_published_ms=" + ms(firstRefresh));
        System.out.println("bench.load_ms=" + ms(load));
        System.out.println("bench.heap_mb=" + heap / (1 << 20));
        System.out.println("bench.table_memory_mb=" + vm.packets().table().memoryBytes() / (1 << 20));
        System.out.println("bench.timeline_fit_redraw_ms=" + ms(fit));
        System.out.println("bench.timeline_zoomed_redraw_ms=" + ms(zoomed));
        System.out.println("bench.timeline_zoom_step_ms=" + ms(zoomSteps));
        System.out.println("bench.timeline_pan_ms=" + ms(pan));
        System.out.println("bench.list_jump_ms=" + ms(jump));
        System.out.println("bench.select_call_ms=" + ms(select));
        long reanalyse = time(() -> org.layerscope.session.Reanalyzer.analyse(vm.packets().table(), rnd.nextInt(rows)), 10);
        System.out.println("bench.details_reanalysis_ms=" + ms(reanalyse));
        filterAndAnnotate(rows);
    }

    /** A display filter over the whole capture (background), then a comment and its autosave copy. */
    private void filterAndAnnotate(int rows) {
        long start = System.nanoTime();
        vm.filter().rowFilterProperty().addListener((o, a, b) -> {
            if (b == null) {
                return;
            }
            long filtered = System.nanoTime() - start;
            long layout = time(() -> view.list().table().layout(), 1);
            System.out.println("bench.filter_ms=" + ms(filtered) + " (" + b.rows().length + " of " + rows + " rows)");
            System.out.println("bench.filter_list_layout_ms=" + ms(layout));
            long comment = time(() -> vm.annotations().addComment(b.rows().length > 0 ? b.rows()[0] : 0, "benchmark note"), 1);
            System.out.println("bench.add_comment_ms=" + ms(comment));
            long saveStart = System.nanoTime();
            Path copy = AnnotationsViewModel.autosavePath(vm.document().fileProperty().get());
            Thread wait = new Thread(() -> {
                while (copy != null && !java.nio.file.Files.exists(copy)
                        && System.nanoTime() - saveStart < 120_000_000_000L) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                long ns = System.nanoTime() - saveStart - AnnotationsViewModel.AUTOSAVE_DELAY_MILLIS * 1_000_000L;
                System.out.println("bench.autosave_copy_ms=" + ms(ns) + " (after the " + AnnotationsViewModel.AUTOSAVE_DELAY_MILLIS
                        + " ms delay)");
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
