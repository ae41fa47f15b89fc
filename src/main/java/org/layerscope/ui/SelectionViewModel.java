package org.layerscope.ui;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.layerscope.analysis.PacketResult;
import org.layerscope.model.Field;
import org.layerscope.session.PacketTable;
import org.layerscope.session.Reanalyzer;

/**
 * The selected packet, everywhere at once (list, timeline, ladder, connections): its row, its re-analysis
 * with the details tree (built in the background) and the selected field of that tree.
 */
public final class SelectionViewModel {
    private final PacketsViewModel packets;
    private final TaskExecutor tasks;
    private final Executor worker;
    private final IntegerProperty selectedRow = new SimpleIntegerProperty(-1);
    private final ObjectProperty<PacketResult> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<Field> selectedField = new SimpleObjectProperty<>();
    /** The row whose re-analysis has taken longer than {@value #SLOW_MILLIS} ms so far, or -1. */
    private final IntegerProperty slowRow = new SimpleIntegerProperty(-1);
    /** The generation of the last selection whose details were shown (FX thread). */
    private long shownGeneration;
    /** After this long, a selection's re-analysis is said to be under way (the details show it). */
    static final long SLOW_MILLIS = 300;
    private final AtomicLong generation = new AtomicLong();
    private volatile Timing lastTiming;
    private final long[] stageNanos = new long[Stage.values().length];

    /**
     * Where the last selection's time went (System.nanoTime() stamps; for the window's benchmark mode): the
     * select call (its row shown in the list and timeline), the re-analysis on the worker thread, the hand-over
     * to the FX thread and the views' update (details tree, bytes, explanation).
     */
    public record Timing(int row, long requested, long rowShown, long analysisStart, long analysisEnd, long fxStart,
                         long shown, long details, long hex, long explanation, long analysisCpu, long viewsCpu) {
    }

    /** CPU nanoseconds of the calling thread so far (what a step cost, whatever the machine's load), or 0. */
    private static long threadCpu() {
        java.lang.management.ThreadMXBean b = java.lang.management.ManagementFactory.getThreadMXBean();
        return b.isCurrentThreadCpuTimeSupported() ? b.getCurrentThreadCpuTime() : 0;
    }

    /** The views that update on a selection, each timing its update (nanoseconds of the FX thread). */
    enum Stage { DETAILS, HEX, EXPLANATION }

    SelectionViewModel(PacketsViewModel packets, TaskExecutor tasks) {
        this.packets = packets;
        this.tasks = tasks;
        this.worker = tasks.serial("layerscope-selection");
    }

    /** Selects a row everywhere; its details tree is rebuilt in the background. */
    public void select(int row) {
        if (row == selectedRow.get()) {
            return;
        }
        long requested = System.nanoTime();
        selectedField.set(null);
        long gen = generation.incrementAndGet();
        slowRow.set(-1);
        if (row < 0) {
            selectedRow.set(row);
            selected.set(null);
            return;
        }
        PacketTable t = packets.table();
        long[] rowShown = new long[1];
        // the re-analysis starts first: it runs on its thread while this one shows the row in the list and the
        // timeline (two cores)
        worker.execute(() -> {
            if (generation.get() != gen) {
                return;
            }
            long analysisStart = System.nanoTime();
            long cpu0 = threadCpu();
            PacketResult r;
            try {
                r = Reanalyzer.analyse(t, row, () -> generation.get() != gen); // null: a newer selection came
            } catch (RuntimeException | OutOfMemoryError e) {
                r = null; // no details for this packet (file unreadable, or no memory left); the rows stay
            }
            long analysisEnd = System.nanoTime();
            long analysisCpu = threadCpu() - cpu0;
            PacketResult res = r;
            tasks.ui(() -> {
                if (generation.get() == gen) {
                    shownGeneration = gen;
                    slowRow.set(-1);
                    if (selectedRow.get() != row) {
                        selectedRow.set(row); // a same-thread executor (tests) ran the analysis before the row was set
                    }
                    long fxStart = System.nanoTime();
                    long fxCpu = threadCpu();
                    java.util.Arrays.fill(stageNanos, 0);
                    selected.set(res);
                    long viewsCpu = threadCpu() - fxCpu;
                    lastTiming = new Timing(row, requested, rowShown[0], analysisStart, analysisEnd, fxStart, System.nanoTime(),
                            stageNanos[Stage.DETAILS.ordinal()], stageNanos[Stage.HEX.ordinal()],
                            stageNanos[Stage.EXPLANATION.ordinal()], analysisCpu, viewsCpu);
                }
            });
        });
        selectedRow.set(row);
        rowShown[0] = System.nanoTime();
        // a re-analysis that takes a while (a decrypted connection of hours, a slow disk): the details say so
        // instead of showing the packet selected before
        tasks.later(SLOW_MILLIS, () -> tasks.ui(() -> {
            if (generation.get() == gen && shownGeneration != gen) {
                slowRow.set(row);
            }
        }));
    }

    /**
     * After a load: the code a selection runs, run once in the background (its results dropped), so that the
     * first selection is as quick as the next ones.
     */
    void warmUp() {
        PacketTable t = packets.table();
        if (t == null || t.size() == 0) {
            return;
        }
        tasks.background(() -> {
            try {
                Reanalyzer.warmUp(t);
            } catch (RuntimeException | OutOfMemoryError e) {
                // only a warm-up: a selection reports its own failure
            }
        });
    }

    /** Where the last shown selection's time went, or null. */
    public Timing lastTiming() {
        return lastTiming;
    }

    /** Adds the FX-thread time a view spent showing the selection (for {@link #lastTiming()}). */
    void spent(Stage stage, long nanos) {
        stageNanos[stage.ordinal()] += nanos;
    }

    /**
     * The row whose details are still being rebuilt {@value #SLOW_MILLIS} ms after it was selected, or -1 (the details
     * view shows that it is under way rather than the packet selected before).
     */
    public javafx.beans.property.ReadOnlyIntegerProperty slowRowProperty() {
        return slowRow;
    }

    /** Drops a re-analysis under way (another table is about to be shown). */
    void invalidate() {
        generation.incrementAndGet();
        slowRow.set(-1);
    }

    /** Nothing selected (another table is shown). */
    void clear() {
        selected.set(null);
        selectedField.set(null);
        selectedRow.set(-1);
    }

    /** Selects the packet that decided the verdict of the selected packet's connection, if there is one. */
    public void goToDeciding() {
        int d = decidingRow();
        if (d >= 0) {
            select(d);
        }
    }

    /** The row that decided the verdict of the selected packet's connection, or -1. */
    public int decidingRow() {
        int row = selectedRow.get();
        PacketTable t = packets.table();
        if (row < 0 || row >= t.size() || t.stream(row) < 0) {
            return -1;
        }
        return t.decidingRow(t.stream(row));
    }

    public IntegerProperty selectedRowProperty() {
        return selectedRow;
    }

    public ObjectProperty<PacketResult> selectedProperty() {
        return selected;
    }

    public ObjectProperty<Field> selectedFieldProperty() {
        return selectedField;
    }
}
