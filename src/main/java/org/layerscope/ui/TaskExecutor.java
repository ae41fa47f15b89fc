package org.layerscope.ui;

import java.util.concurrent.Executor;

/**
 * Where the view models run their work (JabRef's pattern): file reading, analysis and writing in the
 * background, results back on the UI thread, a periodic refresh while rows arrive. The window uses
 * {@link FxTaskExecutor}; unit tests of the view models use one that runs everything on the calling
 * thread, so no window and no FX toolkit are needed.
 */
public interface TaskExecutor {
    /** Runs a task off the UI thread. */
    void background(Runnable task);

    /** Runs a task on the UI thread (later, or at once when it is the calling thread). */
    void ui(Runnable task);

    /** Runs a task in the background after {@code millis} milliseconds. */
    void later(long millis, Runnable task);

    /** One background thread that runs tasks in order (the details of the selected packet). */
    Executor serial(String name);

    /** A timer calling {@code tick} on the UI thread every {@code millis} ms while started. */
    Ticker ticker(long millis, Runnable tick);

    /** A periodic task on the UI thread. */
    interface Ticker {
        void start();

        void stop();
    }
}
