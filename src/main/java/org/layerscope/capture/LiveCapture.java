package org.layerscope.capture;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.layerscope.model.LinkType;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureInterface;
import org.layerscope.pcapio.PcapngWriter;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * A live capture on one interface with pcap4j's raw API.
 *
 * <p>A light capture thread only copies each packet's bytes, time stamp and original length into a {@link RawFrame}
 * and queues it; a second thread (the "analysis thread") writes the frames to a pcapng file as they arrive,
 * flushing at least once a second, and hands them to the listener. {@link #start} returns once the interface is
 * open, the filter installed and the capture thread reading, so traffic started afterwards is captured.
 * {@link #stop()} may be called from any thread; it returns the counts, kernel drops included.
 */
public final class LiveCapture implements AutoCloseable {
    /** Snap length: whole frames (TSO on loopback can produce 64 KiB frames). */
    public static final int SNAP_LENGTH = 262_144;
    private static final int READ_TIMEOUT_MILLIS = 100;
    private static final int BUFFER_BYTES = 8 << 20;
    private static final int MAX_QUEUED = 200_000;
    private static final long FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);
    private static final RawFrame END = new RawFrame(0, 0, 0, 0, new byte[0], 0, List.of());

    /**
     * What to capture.
     *
     * @param interfaceName the interface (see {@link Interfaces#list()})
     * @param filter        a BPF capture filter, or null/blank for everything
     * @param output        the pcapng file to write (created or truncated)
     * @param comments      comments for the pcapng section header
     */
    public record Options(String interfaceName, String filter, Path output, List<String> comments) {
        public Options {
            Objects.requireNonNull(interfaceName, "interfaceName");
            Objects.requireNonNull(output, "output");
            comments = comments == null ? List.of() : List.copyOf(comments);
        }
    }

    private final Options options;
    private final PcapHandle handle;
    private final int linkType;
    private final PcapngWriter writer;
    private final int interfaceId;
    private final Consumer<RawFrame> listener;
    private final BlockingQueue<RawFrame> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final CountDownLatch reading = new CountDownLatch(1);
    private final AtomicLong written = new AtomicLong();
    private final Thread captureThread;
    private final Thread writerThread;
    private volatile boolean running = true;
    private volatile CaptureException error;
    private long queueDropped;
    private CaptureStats stats;

    private LiveCapture(Options options, PcapHandle handle, int linkType, PcapngWriter writer, int interfaceId,
                        Consumer<RawFrame> listener) {
        this.options = options;
        this.handle = handle;
        this.linkType = linkType;
        this.writer = writer;
        this.interfaceId = interfaceId;
        this.listener = listener == null ? f -> { } : listener;
        this.captureThread = new Thread(this::captureLoop, "layerscope-capture-" + options.interfaceName());
        this.writerThread = new Thread(this::writerLoop, "layerscope-capture-writer");
        captureThread.setDaemon(true);
        writerThread.setDaemon(true);
    }

    /**
     * Checks a capture filter without opening an interface (libpcap compiles it for Ethernet).
     *
     * @throws CaptureException {@code BAD_FILTER} with libpcap's message, or {@code LIBPCAP_MISSING}
     */
    public static void checkFilter(String filter) throws CaptureException {
        if (filter == null || filter.isBlank()) {
            return;
        }
        try {
            BpfProgram p = Pcaps.compileFilter(SNAP_LENGTH, DataLinkType.EN10MB, filter,
                    BpfProgram.BpfCompileMode.OPTIMIZE, PcapHandle.PCAP_NETMASK_UNKNOWN);
            p.free();
        } catch (PcapNativeException e) {
            throw new CaptureException(CaptureException.Reason.BAD_FILTER, filter, e.getMessage());
        } catch (LinkageError e) {
            throw Interfaces.libpcapMissing(e);
        }
    }

    /**
     * Opens the interface, compiles and installs the filter, creates the pcapng file and starts capturing; returns
     * once the capture thread is reading.
     *
     * @param listener called on the capture's analysis thread with every frame, in order, after it was written
     * @throws CaptureException when the capture cannot start: no libpcap, no such interface, no permission, bad
     *                          filter, unwritable file
     */
    public static LiveCapture start(Options options, Consumer<RawFrame> listener) throws CaptureException {
        checkFilter(options.filter());
        PcapNetworkInterface device;
        try {
            device = Pcaps.getDevByName(options.interfaceName());
        } catch (PcapNativeException e) {
            throw new CaptureException(CaptureException.classifyOpenError(e.getMessage()), options.interfaceName(),
                    e.getMessage());
        } catch (LinkageError e) {
            throw Interfaces.libpcapMissing(e);
        }
        if (device == null) {
            throw new CaptureException(CaptureException.Reason.NO_SUCH_INTERFACE, options.interfaceName(),
                    "libpcap lists no interface of that name");
        }
        PcapHandle handle = open(options.interfaceName());
        PcapngWriter writer = null;
        try {
            if (options.filter() != null && !options.filter().isBlank()) {
                try {
                    handle.setFilter(options.filter(), BpfProgram.BpfCompileMode.OPTIMIZE);
                } catch (PcapNativeException e) {
                    throw new CaptureException(CaptureException.Reason.BAD_FILTER, options.filter(), e.getMessage());
                }
            }
            int linkType = linkTypeOf(handle.getDlt().value());
            try {
                writer = PcapngWriter.createLive(options.output(), options.comments());
                long units = handle.getTimestampPrecision() == PcapHandle.TimestampPrecision.NANO ? 1_000_000_000L
                        : 1_000_000L;
                int id = writer.addInterface(new CaptureInterface(linkType, SNAP_LENGTH, device.getName(),
                        device.getDescription(), units, 0));
                writer.flush();
                LiveCapture c = new LiveCapture(options, handle, linkType, writer, id, listener);
                c.writerThread.start();
                c.captureThread.start();
                c.reading.await();
                return c;
            } catch (IOException e) {
                throw new CaptureException(CaptureException.Reason.OUTPUT, options.output().toString(),
                        e.getMessage() == null ? e.toString() : e.getMessage());
            }
        } catch (CaptureException | RuntimeException e) {
            if (writer != null) {
                writer.abort();
            }
            handle.close();
            throw e;
        } catch (NotOpenException e) {
            handle.close();
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.close();
            throw new CaptureException(CaptureException.Reason.FAILED, options.interfaceName(), "interrupted");
        }
    }

    private static PcapHandle open(String name) throws CaptureException {
        PcapNativeException last = null;
        for (PcapHandle.TimestampPrecision precision : new PcapHandle.TimestampPrecision[] {
                PcapHandle.TimestampPrecision.NANO, PcapHandle.TimestampPrecision.MICRO}) {
            try {
                return new PcapHandle.Builder(name)
                        .snaplen(SNAP_LENGTH)
                        .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                        .timeoutMillis(READ_TIMEOUT_MILLIS)
                        .bufferSize(BUFFER_BYTES)
                        .immediateMode(true)
                        .timestampPrecision(precision)
                        .build();
            } catch (PcapNativeException e) {
                last = e;
                CaptureException.Reason reason = CaptureException.classifyOpenError(e.getMessage());
                if (reason != CaptureException.Reason.FAILED) {
                    throw new CaptureException(reason, name, e.getMessage());
                }
                // some platforms refuse nanosecond time stamps: try microseconds
            } catch (LinkageError e) {
                throw Interfaces.libpcapMissing(e);
            }
        }
        throw new CaptureException(CaptureException.Reason.FAILED, name, last == null ? "" : last.getMessage());
    }

    /** libpcap's DLT_ value as the LINKTYPE_ value files use. */
    static int linkTypeOf(int dlt) {
        return switch (dlt) {
            case 12, 14 -> LinkType.RAW;
            default -> dlt;
        };
    }

    private void captureLoop() {
        long number = 0;
        reading.countDown();
        try {
            while (running) {
                byte[] data;
                try {
                    data = handle.getNextRawPacketEx();
                } catch (TimeoutException e) {
                    continue;
                } catch (EOFException e) {
                    break; // pcap_breakloop (or the end of a savefile)
                }
                Timestamp ts = handle.getTimestamp();
                Integer original = handle.getOriginalLength();
                long nanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
                RawFrame f = new RawFrame(++number, nanos, linkType, original == null ? data.length : original,
                        data, 0, List.of());
                if (!queue.offer(f)) {
                    queueDropped++;
                    number--;
                }
            }
        } catch (PcapNativeException e) {
            error = new CaptureException(CaptureException.classifyOpenError(e.getMessage()),
                    options.interfaceName(), e.getMessage());
        } catch (NotOpenException | RuntimeException e) {
            error = new CaptureException(CaptureException.Reason.FAILED, options.interfaceName(), e.toString());
        } finally {
            running = false;
            try {
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void writerLoop() {
        long lastFlush = System.nanoTime();
        boolean dirty = false;
        try {
            while (true) {
                RawFrame f = queue.poll(250, TimeUnit.MILLISECONDS);
                if (f == END) {
                    break;
                }
                if (f != null) {
                    writer.writeFrame(interfaceId, f);
                    written.incrementAndGet();
                    dirty = true;
                    try {
                        listener.accept(f);
                    } catch (RuntimeException e) {
                        // a listener's bug must not stop the capture or lose frames from the file
                        System.getLogger(LiveCapture.class.getName()).log(System.Logger.Level.WARNING,
                                "capture listener failed", e);
                    }
                }
                long now = System.nanoTime();
                if (dirty && (queue.isEmpty() || now - lastFlush >= FLUSH_NANOS)) {
                    writer.flush();
                    lastFlush = now;
                    dirty = false;
                }
            }
        } catch (IOException e) {
            error = new CaptureException(CaptureException.Reason.OUTPUT, options.output().toString(),
                    e.getMessage() == null ? e.toString() : e.getMessage());
            running = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The interface captured on. */
    public String interfaceName() {
        return options.interfaceName();
    }

    /** The LINKTYPE_ of the frames. */
    public int linkType() {
        return linkType;
    }

    /** The pcapng file being written. */
    public Path output() {
        return options.output();
    }

    /** Frames written so far. */
    public long framesWritten() {
        return written.get();
    }

    /** Whether the capture is still running (false after {@link #stop()} or an error). */
    public boolean isCapturing() {
        return running;
    }

    /**
     * Stops the capture, writes what is queued, closes the file and returns the counts. Idempotent.
     */
    public synchronized CaptureStats stop() {
        if (stats != null) {
            return stats;
        }
        running = false;
        long kernelDropped = -1;
        long interfaceDropped = -1;
        try {
            // libpcap may block in poll() without a time-out (immediate mode, TPACKET_V3): pcap_breakloop wakes it
            try {
                handle.breakLoop();
            } catch (NotOpenException | RuntimeException ignored) {
                // already closed
            }
            captureThread.join(2_000);
            for (int i = 0; i < 5 && captureThread.isAlive(); i++) {
                try {
                    handle.breakLoop();
                } catch (NotOpenException | RuntimeException ignored) {
                    // already closed
                }
                captureThread.join(1_000);
            }
            try {
                PcapStat s = handle.getStats();
                kernelDropped = s.getNumPacketsDropped();
                interfaceDropped = s.getNumPacketsDroppedByIf();
            } catch (PcapNativeException | NotOpenException | RuntimeException e) {
                // statistics are not available on every platform
            }
            writerThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!captureThread.isAlive()) {
                handle.close();
            }
        }
        try {
            writer.close();
        } catch (IOException e) {
            if (error == null) {
                error = new CaptureException(CaptureException.Reason.OUTPUT, options.output().toString(),
                        e.getMessage());
            }
        }
        stats = new CaptureStats(written.get(), kernelDropped, interfaceDropped, queueDropped, options.output(),
                error);
        return stats;
    }

    @Override
    public void close() {
        stop();
    }
}
