package org.layerscope.pcapio;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where a writer's bytes go: a temporary file renamed over the target on commit, the target itself (live
 * capture), or a caller's stream.
 */
final class CaptureOutput implements Closeable {
    private static final int BUFFER_SIZE = 1 << 16;

    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final OutputStream out;
    private boolean closed;

    private CaptureOutput(Path target, Path temporary, FileChannel channel, OutputStream out) {
        this.target = target;
        this.temporary = temporary;
        this.channel = channel;
        this.out = out;
    }

    /** Writes to a new temporary file in the target's folder; {@link #commit()} renames it into place. */
    static CaptureOutput atomic(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        String name = absolute.getFileName().toString();
        for (int attempt = 0; ; attempt++) {
            Path temporary = folder.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            try {
                FileChannel channel = FileChannel.open(temporary, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE), privateIn(folder));
                OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel),
                        BUFFER_SIZE);
                return new CaptureOutput(absolute, temporary, channel, out);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /** Writes straight to the target (created or truncated), for live captures. */
    static CaptureOutput live(Path target) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        FileChannel channel = FileChannel.open(target, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), privateIn(folder));
        if (privateIn(folder).length > 0) {
            Files.setPosixFilePermissions(target, OWNER_ONLY); // an existing file, or a umask that removed bits
        }
        OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), BUFFER_SIZE);
        return new CaptureOutput(target, null, channel, out);
    }

    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY =
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");

    /**
     * A file created in an owner-only folder (such as {@code ~/.layerscope/captures}, whose captures may hold
     * passwords and secrets) is owner-only too ({@code rw-------}), whatever the umask; elsewhere the umask decides.
     */
    private static java.nio.file.attribute.FileAttribute<?>[] privateIn(Path folder) throws IOException {
        if (folder == null || Files.getFileAttributeView(folder, java.nio.file.attribute.PosixFileAttributeView.class) == null) {
            return new java.nio.file.attribute.FileAttribute<?>[0];
        }
        java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(folder);
        for (java.nio.file.attribute.PosixFilePermission p : perms) {
            if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                return new java.nio.file.attribute.FileAttribute<?>[0];
            }
        }
        return new java.nio.file.attribute.FileAttribute<?>[] {java.nio.file.attribute.PosixFilePermissions.asFileAttribute(OWNER_ONLY)};
    }

    static CaptureOutput stream(OutputStream out) {
        return new CaptureOutput(null, null, null, out instanceof BufferedOutputStream ? out
                : new BufferedOutputStream(out, BUFFER_SIZE));
    }

    void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    void flush() throws IOException {
        out.flush();
    }

    /** Flushes and closes; a temporary file is synced to disk and renamed over the target. */
    void commit() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.flush();
            if (temporary != null) {
                channel.force(true);
            }
        } catch (IOException | RuntimeException e) {
            discard();
            throw e;
        }
        out.close();
        if (temporary != null) {
            try {
                try {
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temporary);
                throw e;
            }
        }
    }

    /** Closes without committing: a temporary file is deleted and the target left as it was. */
    void abort() {
        if (closed) {
            return;
        }
        closed = true;
        discard();
    }

    private void discard() {
        try {
            out.close();
        } catch (IOException | RuntimeException ignored) {
            // the output is being thrown away
        }
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException | RuntimeException ignored) {
                // nothing more can be done; the target is untouched either way
            }
        }
    }

    boolean closed() {
        return closed;
    }

    /** The temporary file being written, or null. */
    Path temporaryFile() {
        return temporary;
    }

    @Override
    public void close() throws IOException {
        commit();
    }
}
