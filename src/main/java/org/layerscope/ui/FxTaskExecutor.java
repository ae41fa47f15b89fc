package org.layerscope.ui;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.util.Duration;

/** The window's {@link TaskExecutor}: daemon background threads, {@code Platform.runLater}, an FX timeline. */
public final class FxTaskExecutor implements TaskExecutor {
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "layerscope-background");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void background(Runnable task) {
        pool.execute(task);
    }

    @Override
    public void ui(Runnable task) {
        Platform.runLater(task);
    }

    @Override
    public void later(long millis, Runnable task) {
        pool.execute(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            task.run();
        });
    }

    @Override
    public Executor serial(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Ticker ticker(long millis, Runnable tick) {
        Timeline timeline = new Timeline(new KeyFrame(Duration.millis(millis), e -> tick.run()));
        timeline.setCycleCount(Timeline.INDEFINITE);
        return new Ticker() {
            @Override
            public void start() {
                timeline.play();
            }

            @Override
            public void stop() {
                timeline.stop();
            }
        };
    }

    /** Stops the background threads (the window closed). */
    public void shutdown() {
        pool.shutdownNow();
    }
}
