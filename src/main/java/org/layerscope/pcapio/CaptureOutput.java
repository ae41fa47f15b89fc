package org.layerscope.pcapio;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where a writer's bytes go: an {@link AtomicFile} renamed over the target on commit, the target itself (live
 * capture, put in place with its header at the first flush), or a caller's stream.
 *
 * <p>A live output hands bytes to the file only at block boundaries ({@link #endBlock()}, {@link #flush()}), so a
 * capture whose process is killed ({@code kill -9}, a crash of the window or of {@code run-capture}) leaves a file
 * made of whole blocks: what was flushed reads, at most what came after the last flush is lost.
 */
final class CaptureOutput implements Closeable {
    private static final int BUFFER_SIZE = 1 << 16;

    private final AtomicFile atomic;
    private final OutputStream out;
    private boolean closed;

    private CaptureOutput(AtomicFile atomic, OutputStream out) {
        this.atomic = atomic;
        this.out = out;
    }

    /** Writes to a new temporary file in the target's folder; {@link #commit()} renames it into place. */
    static CaptureOutput atomic(Path target) throws IOException {
        AtomicFile f = privateIn(target.toAbsolutePath().getParent()).length > 0
                ? AtomicFile.openOwnerOnly(target) : AtomicFile.open(target);
        return new CaptureOutput(f, f.out());
    }

    /** Like {@link #atomic}, the file readable and writable by its owner only from its creation on. */
    static CaptureOutput atomicOwnerOnly(Path target) throws IOException {
        AtomicFile f = AtomicFile.openOwnerOnly(target);
        return new CaptureOutput(f, f.out());
    }

    /**
     * Writes straight to the target, for live captures. The file first gets a hidden temporary name in the
     * target's folder and is renamed over the target at the first flush, so the target never exists without its
     * header: a process killed before that leaves no empty capture behind (at worst a hidden temporary file).
     * Later flushes go to the same file under its final name.
     */
    static CaptureOutput live(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        FileAttribute<?>[] owner = privateIn(absolute.getParent());
        AtomicFile.Temporary t = AtomicFile.newTemporary(absolute, path -> FileChannel.open(path,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), owner));
        Path temporary = t.path();
        FileChannel channel = t.channel();
        if (owner.length > 0) {
            try {
                Files.setPosixFilePermissions(temporary, OWNER_ONLY); // a umask that removed bits
            } catch (IOException | RuntimeException e) {
                AtomicFile.closeAndDelete(channel, temporary);
                throw e;
            }
        }
        return new CaptureOutput(null, new BlockStream(channel, temporary, absolute));
    }

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /**
     * A file created in an owner-only folder (such as {@code ~/.layerscope/captures}, whose captures may hold
     * passwords and secrets) is owner-only too ({@code rw-------}), whatever the umask; elsewhere the umask decides.
     */
    private static FileAttribute<?>[] privateIn(Path folder) throws IOException {
        if (folder == null || Files.getFileAttributeView(folder, PosixFileAttributeView.class) == null) {
            return new FileAttribute<?>[0];
        }
        for (PosixFilePermission p : Files.getPosixFilePermissions(folder)) {
            if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                return new FileAttribute<?>[0];
            }
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)};
    }

    static CaptureOutput stream(OutputStream out) {
        return new CaptureOutput(null, out instanceof BufferedOutputStream ? out
                : new BufferedOutputStream(out, BUFFER_SIZE));
    }

    void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    void flush() throws IOException {
        out.flush();
    }

    /**
     * The writer finished a whole block: a live output passes its buffered blocks to the file once they fill the
     * buffer (never part of a block); the other outputs are not read while written and ignore it.
     */
    void endBlock() throws IOException {
        if (out instanceof BlockStream b) {
            b.endBlock();
        }
    }

    /**
     * Buffers everything written and writes it to the channel only when told that a block ended (once
     * {@value #BUFFER_SIZE} bytes are buffered) or on flush, which the writer calls between blocks.
     */
    private static final class BlockStream extends OutputStream {
        private final FileChannel channel;
        private final Path target;
        /** The temporary name until the first drain renames it to {@link #target}; then null. */
        private Path temporary;
        private byte[] buf = new byte[BUFFER_SIZE];
        private int count;

        BlockStream(FileChannel channel, Path temporary, Path target) {
            this.channel = channel;
            this.temporary = temporary;
            this.target = target;
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        private void ensure(int more) {
            if ((long) count + more > buf.length) {
                long size = Math.max((long) count + more, 2L * buf.length);
                buf = java.util.Arrays.copyOf(buf, (int) Math.min(size, Integer.MAX_VALUE - 8));
            }
        }

        void endBlock() throws IOException {
            if (count >= BUFFER_SIZE) {
                drain();
            }
        }

        /** One write of whole blocks (repeated only if the system writes less). */
        private void drain() throws IOException {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf, 0, count);
            while (b.hasRemaining()) {
                channel.write(b);
            }
            count = 0;
            if (temporary != null) {
                publish();
            }
            if (buf.length > 4 * BUFFER_SIZE) {
                buf = new byte[BUFFER_SIZE]; // after a huge block, give the memory back
            }
        }

        /** Renames the file, header and all, over the target (the open channel keeps writing to it). */
        private void publish() throws IOException {
            AtomicFile.moveIntoPlace(temporary, target);
            temporary = null;
        }

        @Override
        public void flush() throws IOException {
            drain();
        }

        @Override
        public void close() throws IOException {
            try {
                drain();
            } finally {
                channel.close();
            }
        }

        /**
         * Closes without committing: a file not yet renamed over the target is deleted; one already in place keeps
         * what was written (best effort: a live capture loses nothing it can still write).
         */
        void discard() {
            if (temporary == null) {
                try {
                    close();
                } catch (IOException | RuntimeException ignored) {
                    // the output is being thrown away
                }
                return;
            }
            AtomicFile.closeAndDelete(channel, temporary);
        }
    }

    /** Flushes and closes; a temporary file is synced to disk and renamed over the target. */
    void commit() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (atomic != null) {
            atomic.commit();
            return;
        }
        try {
            out.flush();
        } catch (IOException | RuntimeException e) {
            discard();
            throw e;
        }
        out.close();
    }

    /** Closes without committing: a temporary file is deleted and the target left as it was. */
    void abort() {
        if (closed) {
            return;
        }
        closed = true;
        if (atomic != null) {
            atomic.abort();
            return;
        }
        discard();
    }

    private void discard() {
        if (out instanceof BlockStream b) {
            b.discard();
            return;
        }
        try {
            out.close();
        } catch (IOException | RuntimeException ignored) {
            // the output is being thrown away
        }
    }

    boolean closed() {
        return closed;
    }

    @Override
    public void close() throws IOException {
        commit();
    }
}
