package org.layerscope.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.layerscope.analysis.PacketResult;

/**
 * Formats and writes released frames on a second thread, in batches, so that the analysis and the output
 * use two cores. The order of frames is kept. {@link #close()} waits until everything is written and
 * rethrows a write error.
 */
final class BackgroundFormatter implements Consumer<PacketResult>, AutoCloseable {
    private static final int BATCH = 512;
    private static final List<PacketResult> END = List.of();

    interface FrameSink {
        void frame(PacketResult r) throws IOException;
    }

    private final BlockingQueue<List<PacketResult>> queue = new ArrayBlockingQueue<>(4);
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
        } catch (IOException | RuntimeException e) {
            error = e;
            queue.clear(); // unblock the producer; later batches are dropped
            drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        try {
            while (queue.take() != END) {
                queue.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void accept(PacketResult r) {
        batch.add(r);
        if (batch.size() >= BATCH) {
            put(batch);
            batch = new ArrayList<>(BATCH);
        }
    }

    private void put(List<PacketResult> b) {
        try {
            queue.put(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
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
        if (error instanceof IOException io) {
            throw new UncheckedIOException(io);
        }
        if (error instanceof RuntimeException re) {
            throw re;
        }
    }
}
