package org.layerscope.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.layerscope.analysis.PacketResult;

/**
 * Formats and writes released frames on a second thread, in batches, so that the analysis and the output
 * use two cores. The order of frames is kept. {@link #close()} waits until everything is written and
 * rethrows any failure of the output thread (a write error, or an {@code Error} such as running out of
 * memory); {@link #accept} rethrows it as soon as it is known, so the analysis stops instead of blocking.
 */
final class BackgroundFormatter implements Consumer<PacketResult>, AutoCloseable {
    private static final int BATCH = 512;
    private static final List<PacketResult> END = List.of();

    interface FrameSink {
        void frame(PacketResult r) throws IOException;
    }

    private final BlockingQueue<List<PacketResult>> queue = new ArrayBlockingQueue<>(16);
    private final Thread thread;
    private final FrameSink sink;
    private volatile Throwable error;
    private List<PacketResult> batch = new ArrayList<>(BATCH);

    BackgroundFormatter(FrameSink sink) {
        this.sink = sink;
        this.thread = new Thread(this::run, "layerscope-output");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                List<PacketResult> b = queue.take();
                if (b == END) {
                    return;
                }
                if (error == null) {
                    for (PacketResult r : b) {
                        sink.frame(r);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) { // any failure (an Error too) goes to the producer, which stops; never a silent death
            error = e;
            queue.clear(); // unblock the producer; later batches are dropped
        }
    }

    @Override
    public void accept(PacketResult r) {
        rethrow();
        batch.add(r);
        if (batch.size() >= BATCH) {
            put(batch);
            batch = new ArrayList<>(BATCH);
        }
    }

    /** Hands a batch to the output thread; gives up (without blocking) once that thread has ended. */
    private void put(List<PacketResult> b) {
        try {
            while (!queue.offer(b, 100, TimeUnit.MILLISECONDS)) {
                if (!thread.isAlive()) {
                    return; // it failed (close() rethrows its error) or was interrupted
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Rethrows the output thread's failure on the calling thread (so the analysis stops early). */
    private void rethrow() {
        Throwable e = error;
        if (e instanceof IOException io) {
            throw new UncheckedIOException(io);
        }
        if (e instanceof RuntimeException re) {
            throw re;
        }
        if (e instanceof Error er) {
            throw er;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (!batch.isEmpty()) {
            put(batch);
            batch = new ArrayList<>();
        }
        put(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt(); // only when the join above was interrupted
        }
        rethrow();
    }
}
