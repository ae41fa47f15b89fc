package org.layerscope.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A {@link TaskExecutor} for unit tests of the view models (JabRef's pattern): background and UI tasks run
 * at once on the calling thread; delayed tasks wait in a queue until {@link #runDelayed()}; the refresh
 * timer only records whether it runs.
 */
final class CurrentThreadTaskExecutor implements TaskExecutor {
    private final List<Runnable> delayed = new ArrayList<>();
    private boolean ticking;

    @Override
    public void background(Runnable task) {
        task.run();
    }

    @Override
    public void ui(Runnable task) {
        task.run();
    }

    @Override
    public void later(long millis, Runnable task) {
        delayed.add(task);
    }

    /** Serial tasks held until {@link #runSerial()} (a re-analysis that takes a while), when on. */
    private boolean holdSerial;
    private final List<Runnable> serialTasks = new ArrayList<>();

    @Override
    public Executor serial(String name) {
        return task -> {
            if (holdSerial) {
                serialTasks.add(task);
            } else {
                task.run();
            }
        };
    }

    /** From now on, serial tasks wait for {@link #runSerial()}. */
    void holdSerial() {
        holdSerial = true;
    }

    /** Runs the serial tasks held so far, in order; how many ran. */
    int runSerial() {
        return runQueued(serialTasks);
    }

    @Override
    public Ticker ticker(long millis, Runnable tick) {
        return new Ticker() {
            @Override
            public void start() {
                ticking = true;
            }

            @Override
            public void stop() {
                ticking = false;
            }
        };
    }

    /** Runs the delayed tasks queued so far; how many ran. */
    int runDelayed() {
        return runQueued(delayed);
    }

    /** Runs the tasks queued in {@code queue} so far (not those they queue), in order; how many ran. */
    private static int runQueued(List<Runnable> queue) {
        List<Runnable> now = new ArrayList<>(queue);
        queue.clear();
        now.forEach(Runnable::run);
        return now.size();
    }

    boolean ticking() {
        return ticking;
    }
}
