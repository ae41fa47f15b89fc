package org.layerscope.ui;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A {@link TaskExecutor} that lets no task die silently (issue 13 item 4): any {@code Throwable} escaping a
 * background, delayed, serial or UI task (an {@code Error} such as {@code OutOfMemoryError} or
 * {@code StackOverflowError} included) goes to {@code failed}, which the {@link MainViewModel} turns into a message
 * in the window and a reset of what the task kept busy (no spinner forever, buttons enabled again). The periodic
 * refresh is not wrapped: it runs on the UI thread, where JavaFX reports its exceptions itself.
 */
final class GuardedTaskExecutor implements TaskExecutor {
    private final TaskExecutor inner;
    private final Consumer<Throwable> failed;

    GuardedTaskExecutor(TaskExecutor inner, Consumer<Throwable> failed) {
        this.inner = inner;
        this.failed = failed;
    }

    @Override
    public void background(Runnable task) {
        inner.background(guard(task));
    }

    @Override
    public void ui(Runnable task) {
        inner.ui(guard(task));
    }

    @Override
    public void later(long millis, Runnable task) {
        inner.later(millis, guard(task));
    }

    @Override
    public Executor serial(String name) {
        Executor e = inner.serial(name);
        return task -> e.execute(guard(task));
    }

    @Override
    public Ticker ticker(long millis, Runnable tick) {
        return inner.ticker(millis, tick);
    }

    private Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable e) {
                failed.accept(e);
            }
        };
    }
}
