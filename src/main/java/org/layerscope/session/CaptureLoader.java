package org.layerscope.session;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.PacketResult;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.pcapio.ReadAheadReader;
import org.layerscope.model.RawFrame;
import org.layerscope.tls.keys.KeyLog;

/**
 * Reads a capture file into a {@link PacketTable}, analysing it on the calling thread (a background thread in the
 * app): the analysis runs without trees and every released frame becomes a row as it goes, so a view polling
 * {@link PacketTable#size()} shows the first packets while the rest loads. Thread-safe progress and
 * cancellation.
 *
 * <p>Three threads share the work: the reading thread (below), the calling thread's analysis, and a thread that
 * adds the released results to the table (its columns, Info texts and connection index: about half of what the
 * calling thread did before, see {@code RowAdder}). When the load ends, fails or stops, every row released until
 * then is in the table before this returns.
 *
 * <p>The file is read, and the frames' headers decoded, on a second thread a few hundred frames ahead of the
 * analysis ({@link ReadAheadReader}, as {@code analyze} does): two cores. (Tried before with the JVM's
 * optimising compiler on the analysis, G1 grew the heap to 1.4–1.8 GB; the window now runs LayerScope's code on
 * the quick compiler, see {@code app.QuickJit}, and the peak RSS stays within its budget: bench/README.md.)
 */
public final class CaptureLoader {
    private final Path file;
    private final PacketTable table;
    /** Also called with every released result (with its tree when {@link #trees} is on). */
    private java.util.function.Consumer<org.layerscope.analysis.PacketResult> also;
    private boolean trees;
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile long fileSize = -1;
    private volatile List<String> warnings = List.of();
    private volatile boolean done;
    private volatile Runnable onFirstRows = () -> { };
    private final boolean keepBytes;
    /** Null: no budget, and an OutOfMemoryError goes to the caller (the command line reports it). */
    private MemoryBudget budget;
    private volatile boolean memoryLimited;
    /** File offsets of the frames read but not yet released by the analysis, by frame number. */
    private final long[] offsets = new long[OFFSET_RING];
    private static final int OFFSET_RING = 1 << 17; // more than the read-ahead and the analysis ever hold back

    /** {@code -Dlayerscope.rowThread=false}: the loading thread adds the rows itself (to compare). */
    private boolean rowThread = !"false".equals(System.getProperty("layerscope.rowThread"));
    /** The thread that adds the rows of this load to the table, or null. */
    private RowAdder adder;

    /** Whether the reader may read the frames into blocks it reuses (when the analysis lets their bytes go). */
    private boolean frameBlocks = true;

    /** For tests: false gives every frame an array of its own. */
    CaptureLoader frameBlocks(boolean reuse) {
        this.frameBlocks = reuse;
        return this;
    }

    /** For tests: whether the rows are added on a thread of their own (the default) or by the loading thread. */
    CaptureLoader rowThread(boolean own) {
        this.rowThread = own;
        return this;
    }

    /**
     * Adds the analysis's released results to the table on a thread of its own, in order, so that the loading
     * thread only analyses: adding the rows took about as much CPU as the analysis (1.3–1.7 s of the 1.48M-frame
     * benchmark capture's 2.4–3.3 s; bench/README.md, session 14), and the reading thread's core has time to
     * spare. Batches of up to {@value #BATCH} rows; the table stays the only writer's (this thread's) until
     * {@link #finish}.
     */
    private static final class RowAdder {
        private static final int BATCH = 512;
        /** A batch: the results and their file offsets, the first {@code n} of each. */
        private record Rows(PacketResult[] results, long[] offsets, int n) {
        }

        private static final Rows END = new Rows(null, null, -1);
        private final PacketTable table;
        private final java.util.concurrent.BlockingQueue<Rows> queue = new java.util.concurrent.ArrayBlockingQueue<>(8);
        private final Thread thread;
        private PacketResult[] results = new PacketResult[BATCH];
        private long[] offsets = new long[BATCH];
        private int n;
        /** Rows in the next batch: the first ones few, so that the first rows show at once. */
        private int limit = 16;
        private volatile Throwable failed;
        private volatile boolean stopped;

        RowAdder(PacketTable table) {
            this.table = table;
            this.thread = new Thread(this::run, "layerscope-rows");
            thread.setDaemon(true);
            thread.start();
        }

        void add(PacketResult r, long offset) {
            results[n] = r;
            offsets[n] = offset;
            if (++n == limit) {
                flush();
                limit = Math.min(BATCH, 2 * limit);
            }
        }

        /** Hands over the rows added since the last batch. */
        void flush() {
            if (n == 0) {
                return;
            }
            hand(new Rows(results, offsets, n));
            results = new PacketResult[BATCH];
            offsets = new long[BATCH];
            n = 0;
        }

        private void hand(Rows batch) {
            try {
                while (!queue.offer(batch, 50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    rethrow();
                    if (stopped || !thread.isAlive()) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
            rethrow();
        }

        private void rethrow() {
            Throwable e = failed;
            if (e instanceof Error er) {
                throw er;
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
        }

        private void run() {
            try {
                while (true) {
                    Rows batch = queue.take();
                    if (batch == END || stopped) {
                        return;
                    }
                    for (int i = 0; i < batch.n(); i++) {
                        table.add(batch.results()[i], batch.offsets()[i]);
                    }
                }
            } catch (Throwable e) { // out of memory too: the loading thread rethrows it
                failed = e;
                queue.clear();
            }
        }

        /** Adds what is left and waits until every row is in the table. */
        void finish() {
            flush();
            hand(END);
            join();
            rethrow();
        }

        /**
         * Adds what was handed over and waits for the thread, if it still runs (a load that failed); never throws:
         * a failure of the rows thread was seen by the loading thread already, or is the lesser one.
         */
        void close() {
            if (!thread.isAlive()) {
                return;
            }
            try {
                finish();
            } catch (RuntimeException | Error e) {
                stop();
            }
        }

        /** Stops adding (the rows added so far stay) and waits for the thread. */
        void stop() {
            stopped = true;
            queue.clear();
            queue.offer(END);
            join();
        }

        private void join() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Frames between the resume points of a TLS or MQTT connection (see {@link Analyzer#RESUME_POINT_EVERY}). */
    private int resumePointsEvery = Analyzer.RESUME_POINT_EVERY;

    /** For tests: resume points every {@code frames} frames (1: wherever one can be). */
    CaptureLoader resumePointsEvery(int frames) {
        this.resumePointsEvery = frames;
        return this;
    }

    /** Called once (on the loading thread) as soon as the first rows are in the table. */
    public void onFirstRows(Runnable r) {
        onFirstRows = r;
    }

    public CaptureLoader(Path file) {
        this(file, null);
    }

    /**
     * @param keys TLS secrets to decrypt with (an NSS key log), or null; the capture's own Decryption
     *             Secrets Blocks are added as they are met
     */
    public CaptureLoader(Path file, KeyLog keys) {
        this(file, keys, true);
    }

    /**
     * @param keepBytes false: the table keeps no captured bytes (memory for the rows only), for a command
     *                  that never re-analyses or saves a row
     */
    public CaptureLoader(Path file, KeyLog keys, boolean keepBytes) {
        this.file = file;
        this.keepBytes = keepBytes;
        this.table = new PacketTable(keepBytes);
        table.keyLog(keys == null ? new KeyLog() : keys);
    }

    /**
     * The key log next to a capture, by the samples' convention: {@code NAME.keylog} beside
     * {@code NAME.pcapng} (or {@code .pcap}, {@code .pcapng.gz}); null when there is none.
     */
    public static Path siblingKeyLog(Path capture) {
        String name = capture.getFileName().toString();
        String base = name.replaceFirst("\\.gz$", "").replaceFirst("\\.(pcapng|pcap|cap)$", "");
        Path p = capture.resolveSibling(base + ".keylog");
        return Files.isRegularFile(p) ? p : null;
    }

    /**
     * Also hands every released result to {@code each}, during the one pass that fills the table (with its
     * field tree when {@code trees}): a command matches a display filter there instead of analysing again.
     */
    public CaptureLoader alsoEach(java.util.function.Consumer<org.layerscope.analysis.PacketResult> each,
                                  boolean trees) {
        this.also = each;
        this.trees = trees;
        return this;
    }

    /**
     * Keeps the table within {@code b} (the window: {@link MemoryBudget#heap()}): loading stops when it is
     * exceeded, or when the heap runs out anyway, and the rows read until then stay ({@link #memoryLimited()}).
     * Without a budget (the default, for the commands) an {@code OutOfMemoryError} goes to the caller.
     */
    public CaptureLoader memoryBudget(MemoryBudget b) {
        this.budget = b;
        return this;
    }

    /**
     * True when loading stopped before the end of the file because the memory budget was reached (or the
     * heap ran out): the table holds the frames read until then, complete and consistent.
     */
    public boolean memoryLimited() {
        return memoryLimited;
    }

    public Path file() {
        return file;
    }

    public PacketTable table() {
        return table;
    }

    /** Reads and analyses the whole file (or until {@link #cancel()}); true when it got to the end. */
    public boolean run() throws IOException {
        try {
            fileSize = Files.size(file);
            String name = file.getFileName().toString();
            // a plain file is read through the file's channel, and its progress is the reader's offset; a compressed
            // one through a stream that counts the compressed bytes
            CaptureReader plain = CaptureFiles.openUncompressed(file, name);
            CaptureReader source = plain != null ? plain : CaptureFiles.open(countingStream(), name);
            long[] at = offsets;
            boolean decode = !trees;
            // the rows need the frames' bytes only when they keep them in memory (a compressed file), and a consumer
            // of every result or a tree may keep them too: else each frame lets them go once analysed, and the frames
            // waiting to be released (thousands, behind a record spread over segments) keep none, which keeps the young
            // collections' survivors small, and the reader reads the frames into a few blocks it reuses
            boolean keepFrames = also != null || (keepBytes && plain == null);
            // the reading thread notes each frame's file offset (before the frame is handed over) and decodes its
            // headers when the analysis builds no trees
            try (ReadAheadReader reader = new ReadAheadReader(source, f -> {
                at[(int) (f.number() & (OFFSET_RING - 1))] = source.lastDataOffset();
                // the progress every 256 frames: a write per frame kept the loading thread's cache line (its flags
                // sit next to the counter) moving between the two cores
                if (plain != null && (f.number() & 255) == 0) {
                    bytesRead.lazySet(source.position());
                }
                return decode ? Analyzer.decodeHeaders(f, false) : null;
            }, frameBlocks && !keepFrames && !trees)) {
                if (keepBytes) {
                    table.frameSource(file); // the bytes of a plain file stay there
                }
                java.util.function.Consumer<org.layerscope.analysis.PacketResult> each = also;
                long[] where = offsets;
                RowAdder rows = each == null && rowThread ? new RowAdder(table) : null;
                adder = rows; // (readAll and finish hand over through the field; the lambda keeps its own copy)
                Analyzer analyzer = new Analyzer(trees, rows != null
                        ? r -> rows.add(r, where[(int) (r.number() & (OFFSET_RING - 1))])
                        : each == null
                        ? r -> table.add(r, where[(int) (r.number() & (OFFSET_RING - 1))])
                        : r -> {
                            table.add(r, where[(int) (r.number() & (OFFSET_RING - 1))]);
                            each.accept(r);
                        }, table.keyLog());
                analyzer.resumePointsEvery(resumePointsEvery);
                analyzer.keepFrameBytes(keepFrames);
                table.sectionComments(reader.sectionComments());
                try {
                    if (!readAll(reader, analyzer)) {
                        return false;
                    }
                    if (plain != null) {
                        bytesRead.set(plain.position()); // (the reading thread is done: it handed over the end)
                    }
                    finish(analyzer, reader);
                    return true;
                } catch (OutOfMemoryError e) {
                    if (adder != null) {
                        adder.stop();
                    }
                    if (budget == null) {
                        throw e;
                    }
                    // the heap ran out before the budget said so: drop the analysis (its state is what frees
                    // the memory) and keep the rows read so far, without connection summaries
                    analyzer = null;
                    memoryLimited = true;
                    table.interfaces(reader.interfaces());
                    table.fileSecrets(reader.secrets());
                    warnings = List.copyOf(reader.warnings());
                    return false;
                } finally {
                    if (adder != null) {
                        adder.close(); // (a failed read: the rows released before it are in the table too)
                    }
                }
            }
        } finally {
            done = true;
        }
    }

    /** The file as a stream that counts the bytes read (the progress of a compressed file). */
    private InputStream countingStream() throws IOException {
        return new FilterInputStream(Files.newInputStream(file)) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytesRead.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    bytesRead.addAndGet(n);
                }
                return n;
            }
        };
    }

    /** Feeds the frames to the analysis; false when it stopped early (cancelled, or the memory budget). */
    private boolean readAll(ReadAheadReader reader, Analyzer analyzer) throws IOException {
        int secrets = 0;
        RawFrame f;
        boolean announced = false;
        while ((f = reader.next()) != null) {
            if (!announced && table.size() >= 64) {
                announced = true;
                onFirstRows.run();
            }
            if (cancelled.get()) {
                finish(analyzer, reader);
                return false;
            }
            if (reader.secrets().size() != secrets) {
                secrets = reader.secrets().size();
                analyzer.addSecrets(reader.secrets());
            }
            if ((f.number() & 4095) == 0 && budget != null && budget.exceeded(table)) {
                memoryLimited = true;
                finish(analyzer, reader);
                return false;
            }
            Object decoded = reader.attachment();
            if (decoded != null) {
                analyzer.accept((org.layerscope.analysis.PacketResult) decoded);
            } else {
                analyzer.accept(f);
            }
            if (!announced && adder != null) {
                adder.flush(); // the first rows without waiting for a batch
            }
        }
        return true;
    }

    private void finish(Analyzer analyzer, CaptureReader reader) {
        analyzer.finish();
        if (adder != null) {
            adder.finish(); // every row is in the table before the summaries that point at rows
        }
        table.interfaces(reader.interfaces());
        if (table.sectionComments().isEmpty()) {
            table.sectionComments(reader.sectionComments());
        }
        table.fileSecrets(reader.secrets());
        table.summaries(analyzer.connections());
        warnings = List.copyOf(reader.warnings());
    }

    /** {@link #run()} and the table (tests, warm-up). */
    public PacketTable runAndGet() throws IOException {
        run();
        return table;
    }

    public void cancel() {
        cancelled.set(true);
    }

    public boolean cancelled() {
        return cancelled.get();
    }

    public boolean done() {
        return done;
    }

    /** Fraction of the file read, 0..1 (of the compressed bytes for gzip files), or -1 when unknown. */
    public double progress() {
        long size = fileSize;
        return size <= 0 ? -1 : Math.min(1.0, bytesRead.get() / (double) size);
    }

    /** Non-fatal problems of the reader (truncated last packet, ...), once done. */
    public List<String> warnings() {
        return warnings;
    }
}
