package org.layerscope.pcapio;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.layerscope.model.RawFrame;

/**
 * Reads a capture on a background thread, a few hundred frames ahead of its consumer, so that reading and
 * analysing use two cores. Behaves like the wrapped reader: same frames, then the same end, warning or
 * exception; the lists ({@link #warnings()}, {@link #secrets()}, ...) are snapshots as of the last frame
 * handed out. Optionally the reading thread also does a first, stateless step of the work on each frame (an
 * "attachment" made by a function, such as decoding its headers), handed out with the frame by
 * {@link #attachment()}. Memory is bounded by {@code BATCHES * BATCH} frames. Any failure of the reading thread (an
 * {@code Error} too) is rethrown by {@link #next()} on the consumer's thread; it never hangs it.
 *
 * <p>A consumer that is done with each frame's bytes before it asks for the next frame (an analysis that lets them go,
 * {@code Analyzer#keepsFrameBytes()} false) may let the reader reuse its memory: the frames are then slices of a few
 * {@link FrameBlocks blocks}, filled again once the consumer has moved past their batch, instead of an array each.
 */
public final class ReadAheadReader implements CaptureReader {
    private static final int BATCH = 256;
    private static final int BATCHES = 8;

    private record Batch(List<RawFrame> frames, List<Object> attachments, Throwable error, boolean end, List<String> warnings,
                         List<String> sectionComments, List<CaptureInterface> interfaces, List<DecryptionSecrets> secrets,
                         List<byte[]> blocks) {
    }

    private final CaptureReader inner;
    private final Function<RawFrame, Object> ahead;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES);
    private final Thread thread;
    /** The blocks the frames' bytes are read into, or null (an array per frame). */
    private final FrameBlocks blocks;
    private volatile boolean closed;
    private volatile Throwable died;
    private Batch current;
    private int index;
    /** Whether the blocks of {@link #current} went back to the reading thread (its frames were all handed out). */
    private boolean givenBack;
    private boolean done;

    public ReadAheadReader(CaptureReader inner) {
        this(inner, null);
    }

    /**
     * @param ahead made on the reading thread for every frame, in order (stateless: it must not depend on
     *              other frames); null for none
     */
    public ReadAheadReader(CaptureReader inner, Function<RawFrame, Object> ahead) {
        this(inner, ahead, false);
    }

    /**
     * @param ahead       made on the reading thread for every frame, in order (stateless: it must not depend on
     *                    other frames); null for none
     * @param reuseMemory true: the consumer keeps neither a frame nor its bytes (nor {@code ahead}'s view of them)
     *                    once it asks for the next frame, so the frames are slices of {@link FrameBlocks} that are
     *                    filled again; false: each frame owns its bytes
     */
    public ReadAheadReader(CaptureReader inner, Function<RawFrame, Object> ahead, boolean reuseMemory) {
        this.inner = inner;
        this.ahead = ahead;
        this.blocks = reuseMemory && FrameBlocks.ENABLED ? new FrameBlocks() : null;
        if (blocks != null) {
            inner.useBlocks(blocks);
        }
        this.thread = new Thread(this::run, "layerscope-read-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!closed) {
                List<RawFrame> frames = new ArrayList<>(BATCH);
                List<Object> attachments = ahead == null ? null : new ArrayList<>(BATCH);
                Throwable error = null;
                boolean end = false;
                try {
                    for (int i = 0; i < BATCH; i++) {
                        RawFrame f = inner.next();
                        if (f == null) {
                            end = true;
                            break;
                        }
                        if (attachments != null) {
                            attachments.add(ahead.apply(f));
                        }
                        frames.add(f);
                        if (blocks != null && blocks.batchFull()) {
                            break;
                        }
                    }
                } catch (Throwable e) { // an Error too (out of memory): the consumer rethrows it
                    error = e;
                }
                Batch batch = new Batch(frames, attachments, error, end || error != null, List.copyOf(inner.warnings()),
                        List.copyOf(inner.sectionComments()), List.copyOf(inner.interfaces()), List.copyOf(inner.secrets()),
                        blocks == null ? null : blocks.endBatch());
                while (!queue.offer(batch, 50, TimeUnit.MILLISECONDS)) {
                    if (closed) {
                        return;
                    }
                }
                if (end || error != null) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) { // failed outside the reader (building a batch): the consumer sees it, never a hang
            died = e;
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
                rethrow(current.error());
                return null;
            }
            if (current != null && current.blocks() != null && !givenBack) {
                blocks.giveBack(current.blocks()); // every frame of that batch was handed out and let go
                givenBack = true;
            }
            try {
                Batch b = queue.poll(100, TimeUnit.MILLISECONDS);
                if (b == null) {
                    if (!thread.isAlive() && queue.isEmpty()) {
                        done = true;
                        rethrow(died != null ? died : new IllegalStateException("the read-ahead thread ended early"));
                    }
                    continue;
                }
                current = b;
                givenBack = false;
                index = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("reading was interrupted");
            }
        }
        return null;
    }

    private static void rethrow(Throwable e) throws IOException {
        if (e instanceof IOException io) {
            throw io;
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

    /** What the {@code ahead} function made of the frame {@link #next()} returned last (null without one). */
    public Object attachment() {
        return current == null || current.attachments() == null || index == 0 ? null
                : current.attachments().get(index - 1);
    }

    /** Blocks the frames' bytes were read into so far (0 without {@code reuseMemory}; for tests). */
    int blocksMade() {
        return blocks == null ? 0 : blocks.made();
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

    /**
     * Stops the reading thread (after the batch it is reading) and closes the wrapped reader. Never by an interrupt:
     * an interrupt in the middle of a read closes a file channel for good, and the channel may be one that others
     * keep reading (a table's frame store).
     */
    @Override
    public void close() throws IOException {
        closed = true;
        queue.clear();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        inner.close();
    }
}
