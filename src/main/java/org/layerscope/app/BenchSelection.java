package org.layerscope.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.scene.Scene;
import org.layerscope.analysis.PacketResult;
import org.layerscope.session.PacketTable;
import org.layerscope.session.TableConnection;
import org.layerscope.ui.MainView;
import org.layerscope.ui.MainViewModel;
import org.layerscope.ui.SelectionViewModel;

/**
 * The selection part of the window's benchmark mode: selects packets one after the other as a user would (the
 * row everywhere, then its details tree and bytes, rebuilt in the background) and prints, for each, the time
 * from the select call until the views are laid out on the next pulse, and where it went. In this order, right
 * after the load: the last frame of the connection nearest 30,000 frames (the first selection), the frame before
 * it (a second one, same connection), the last frame of the longest connection (another connection), a random
 * packet.
 */
final class BenchSelection {
    private final MainViewModel vm;
    private final Scene scene;
    private final MainView view;
    private final List<Step> steps = new ArrayList<>();

    /** {@code listFirst}: the list shows the row before it is selected (a click in the list), else it scrolls. */
    private record Step(String name, int row, String what, boolean listFirst) {
    }

    BenchSelection(MainViewModel vm, MainView view, Scene scene) {
        this.vm = vm;
        this.view = view;
        this.scene = scene;
        PacketTable t = vm.packets().table();
        int near = connection(t, false);
        int longest = connection(t, true);
        if (near >= 0) {
            TableConnection c = t.connection(near);
            steps.add(new Step("end_of_connection_nearest_30000_frames", c.lastRow(), "the last of a " + c.frameCount()
                    + "-frame connection; the first selection", true));
            int prev = c.lastRow() - 1;
            while (prev >= c.firstRow() && t.stream(prev) != near) {
                prev--;
            }
            if (prev >= c.firstRow()) {
                steps.add(new Step("second_same_connection", prev, "the one before, same connection", true));
            }
        }
        if (longest >= 0) {
            TableConnection c = t.connection(longest);
            steps.add(new Step("end_of_longest_connection", c.lastRow(), "the last of a " + c.frameCount()
                    + "-frame connection; another connection", true));
        }
        if (t.size() > 0) {
            java.util.Random rnd = new java.util.Random(7);
            steps.add(new Step("random_packet", rnd.nextInt(t.size()), "a random packet", true));
            steps.add(new Step("random_packet_list_scrolls", rnd.nextInt(t.size()),
                    "a random packet out of the list's view, as from the timeline: the list scrolls to it", false));
        }
    }

    /** The connection with the most frames, or the one nearest 30,000 frames; -1 when there is none. */
    private static int connection(PacketTable t, boolean longest) {
        int best = -1;
        for (int c = 0; c < t.connectionCount(); c++) {
            int n = t.connection(c).frameCount();
            if (best < 0 || (longest ? n > t.connection(best).frameCount()
                    : Math.abs(n - 30_000) < Math.abs(t.connection(best).frameCount() - 30_000))) {
                best = c;
            }
        }
        return best;
    }

    /** Runs the selections one after the other on the FX thread, then {@code next}. */
    void run(Runnable next) {
        step(0, next);
    }

    private void step(int i, Runnable next) {
        if (i >= steps.size()) {
            next.run();
            return;
        }
        Step s = steps.get(i);
        vm.selection().select(-1);
        if (s.listFirst) {
            // the user scrolled the list to the row (not timed), then clicks it
            view.jumpList(Math.max(0, s.row - 5));
            afterPulse(() -> Platform.runLater(() -> timed(s, i, next)));
        } else {
            timed(s, i, next);
        }
    }

    /** Runs {@code r} after the next pulse's layout. */
    private void afterPulse(Runnable r) {
        scene.addPostLayoutPulseListener(new Runnable() {
            @Override
            public void run() {
                scene.removePostLayoutPulseListener(this);
                r.run();
            }
        });
        Platform.requestNextPulse();
    }

    private void timed(Step s, int i, Runnable next) {
        PacketTable t = vm.packets().table();
        double cpuStart = Automation.cpuSeconds();
        ThreadTimes threads = ThreadTimes.now();
        long start = System.nanoTime();
        ChangeListener<PacketResult> shown = new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends PacketResult> o, PacketResult a, PacketResult b) {
                if (b == null) {
                    return;
                }
                vm.selection().selectedProperty().removeListener(this);
                // the views updated in this change (their listeners come first); the time ends when the next
                // pulse has laid them out (CSS and layout of the new tree cells), as the user sees them
                afterPulse(() -> {
                    long end = System.nanoTime();
                    print(s, t, start, end, cpuStart);
                    System.out.println("bench.select_" + s.name + "_threads=" + threads.since(6));
                    // let the frame be rendered before the next selection
                    Platform.runLater(() -> step(i + 1, next));
                });
            }
        };
        vm.selection().selectedProperty().addListener(shown);
        vm.selection().select(s.row);
    }

    private void print(Step s, PacketTable t, long start, long end, double cpuStart) {
        String p = "bench.select_" + s.name;
        System.out.println(p + "_ms=" + Automation.ms(end - start) + " (frame " + t.number(s.row) + ", " + s.what
                + "; tree and bytes shown)");
        System.out.println(p + "_process_cpu_s=" + Automation.cpu(cpuStart));
        SelectionViewModel.Timing m = vm.selection().lastTiming();
        if (m != null && m.row() == s.row) {
            System.out.println(String.format(Locale.ROOT, "%s_breakdown=select call (the row shown in the list and"
                            + " timeline, FX thread) %s ms; re-analysis (its own thread, from %s ms after the call) %s ms"
                            + " (%s ms of that thread's CPU, the read-ahead thread's not counted); FX thread still busy"
                            + " after it %s ms; views %s ms (%s ms of CPU; details %s, bytes %s, explanation %s);"
                            + " layout pulse %s ms",
                    p, Automation.ms(m.rowShown() - m.requested()), Automation.ms(m.analysisStart() - m.requested()),
                    Automation.ms(m.analysisEnd() - m.analysisStart()), Automation.ms(m.analysisCpu()),
                    Automation.ms(m.fxStart() - m.analysisEnd()), Automation.ms(m.shown() - m.fxStart()),
                    Automation.ms(m.viewsCpu()), Automation.ms(m.details()), Automation.ms(m.hex()),
                    Automation.ms(m.explanation()), Automation.ms(end - m.shown())));
        }
    }
}
