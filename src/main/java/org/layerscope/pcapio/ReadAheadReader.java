package org.layerscope.pcapio;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.layerscope.model.RawFrame;

/**
 * Reads a capture on a background thread, a few hundred frames ahead of its consumer, so that reading and
 * analysing use two cores. Behaves like the wrapped reader: same frames, then the same end, warning or
 * exception; the lists ({@link #warnings()}, {@link #secrets()}, ...) are snapshots as of the last frame
 * handed out. Memory is bounded by {@code BATCHES * BATCH} frames.
 */
public final class ReadAheadReader implements CaptureReader {
    private static final int BATCH = 256;
    private static final int BATCHES = 32;

    private record Batch(List<RawFrame> frames, Throwable error, boolean end, List<String> warnings,
                         List<String> sectionComments, List<CaptureInterface> interfaces, List<DecryptionSecrets> secrets) {
    }

    private final CaptureReader inner;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES);
    private final Thread thread;
    private volatile boolean closed;
    private Batch current;
    private int index;
    private boolean done;

    public ReadAheadReader(CaptureReader inner) {
        this.inner = inner;
        this.thread = new Thread(this::run, "layerscope-read-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!closed) {
                List<RawFrame> frames = new ArrayList<>(BATCH);
                Throwable error = null;
                boolean end = false;
                try {
                    for (int i = 0; i < BATCH; i++) {
                        RawFrame f = inner.next();
                        if (f == null) {
                            end = true;
                            break;
                        }
                        frames.add(f);
                    }
                } catch (IOException | RuntimeException e) {
                    error = e;
                }
                queue.put(new Batch(frames, error, end || error != null, List.copyOf(inner.warnings()),
                        List.copyOf(inner.sectionComments()), List.copyOf(inner.interfaces()), List.copyOf(inner.secrets())));
                if (end || error != null) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public RawFrame next() throws IOException {
        while (!done) {
            if (current != null && index < current.frames().size()) {
                return current.frames().get(index++);
            }
            if (current != null && current.end()) {
                done = true;
                Throwable e = current.error();
                if (e instanceof IOException io) {
                    throw io;
                }
                if (e instanceof RuntimeException re) {
                    throw re;
                }
                return null;
            }
            try {
                current = queue.take();
                index = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("reading was interrupted");
            }
        }
        return null;
    }

    @Override
    public String format() {
        return inner.format();
    }

    @Override
    public List<String> warnings() {
        return current == null ? List.of() : current.warnings();
    }

    @Override
    public List<String> sectionComments() {
        return current == null ? List.of() : current.sectionComments();
    }

    @Override
    public List<CaptureInterface> interfaces() {
        return current == null ? List.of() : current.interfaces();
    }

    @Override
    public List<DecryptionSecrets> secrets() {
        return current == null ? List.of() : current.secrets();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        inner.close();
    }
}
