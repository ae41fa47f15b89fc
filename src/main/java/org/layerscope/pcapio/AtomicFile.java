package org.layerscope.pcapio;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way LayerScope writes a file: into a temporary file in the target's folder, synced and renamed over
 * the target only when complete, so a failed write never leaves a partial file or destroys the one that was
 * there (captures, exports, key logs, autosave copies).
 *
 * <p>An owner-only file ({@link #openOwnerOnly}, {@link #writeOwnerOnly}) is readable and writable by its owner
 * alone from the moment it exists: on a POSIX file system the temporary file is created with mode 0600 (the
 * rename keeps it); elsewhere its ACL (or, failing that, {@link File}'s flags) is narrowed to the owner before
 * the first byte is written, as far as the file system allows.
 *
 * <pre>{@code
 * AtomicFile f = AtomicFile.openOwnerOnly(target);
 * try {
 *     f.out().write(bytes);
 *     f.commit();          // synced, renamed over target
 * } finally {
 *     f.abort();           // no-op after commit; else the temporary file is deleted
 * }
 * }</pre>
 *
 * Not thread safe.
 */
public final class AtomicFile implements Closeable {
    /** What to write. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    private static final int BUFFER_SIZE = 1 << 16;
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final OutputStream out;
    private boolean closed;

    private AtomicFile(Path target, Path temporary, FileChannel channel) {
        this.target = target;
        this.temporary = temporary;
        this.channel = channel;
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_SIZE);
    }

    /** A new temporary file next to {@code target} (whose folder must exist), with the default permissions. */
    public static AtomicFile open(Path target) throws IOException {
        return open(target, false);
    }

    /** Like {@link #open} but readable and writable by the owner only, from its creation on. */
    public static AtomicFile openOwnerOnly(Path target) throws IOException {
        return open(target, true);
    }

    private static AtomicFile open(Path target, boolean ownerOnly) throws IOException {
        Path absolute = target.toAbsolutePath();
        Temporary t = newTemporary(absolute, path -> create(path, ownerOnly));
        return new AtomicFile(absolute, t.path(), t.channel());
    }

    /** How a temporary file is created (new, never an existing one). */
    @FunctionalInterface
    interface Creator {
        FileChannel create(Path temporary) throws IOException;
    }

    /** A hidden temporary file next to a target, open for writing. */
    record Temporary(Path path, FileChannel channel) {
    }

    /** A new hidden temporary file next to {@code absolute}, under a fresh name (another one if it is taken). */
    static Temporary newTemporary(Path absolute, Creator creator) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path temporary = temporaryName(absolute);
            try {
                return new Temporary(temporary, creator.create(temporary));
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    private static FileChannel create(Path temporary, boolean ownerOnly) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (!ownerOnly) {
            return FileChannel.open(temporary, options);
        }
        if (temporary.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            try {
                return FileChannel.open(temporary, options, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
            } catch (UnsupportedOperationException e) {
                // this file store has no POSIX modes after all: narrow it below
            }
        }
        FileChannel channel = FileChannel.open(temporary, options);
        try {
            restrictToOwner(temporary);
        } catch (RuntimeException e) {
            channel.close();
            Files.deleteIfExists(temporary);
            throw e;
        }
        return channel;
    }

    /** Best effort where there are no POSIX modes: an ACL with the owner alone, else {@link File}'s flags. */
    private static void restrictToOwner(Path file) {
        AclFileAttributeView acl = Files.getFileAttributeView(file, AclFileAttributeView.class);
        if (acl != null) {
            try {
                AclEntry owner = AclEntry.newBuilder()
                        .setType(AclEntryType.ALLOW)
                        .setPrincipal(acl.getOwner())
                        .setPermissions(EnumSet.of(AclEntryPermission.READ_DATA, AclEntryPermission.WRITE_DATA,
                                AclEntryPermission.APPEND_DATA, AclEntryPermission.READ_ATTRIBUTES,
                                AclEntryPermission.WRITE_ATTRIBUTES, AclEntryPermission.READ_NAMED_ATTRS,
                                AclEntryPermission.WRITE_NAMED_ATTRS, AclEntryPermission.READ_ACL,
                                AclEntryPermission.WRITE_ACL, AclEntryPermission.DELETE,
                                AclEntryPermission.SYNCHRONIZE))
                        .build();
                acl.setAcl(List.of(owner));
                return;
            } catch (IOException | RuntimeException e) {
                // fall back to the coarse flags
            }
        }
        File f = file.toFile();
        f.setReadable(false, false);
        f.setReadable(true, true);
        f.setWritable(false, false);
        f.setWritable(true, true);
    }

    /** Where to write (buffered); closing it does not commit. */
    public OutputStream out() {
        return out;
    }

    /** The temporary file being written (renamed to the target by {@link #commit}). */
    public Path temporaryFile() {
        return temporary;
    }

    /** The file that {@link #commit} replaces. */
    public Path target() {
        return target;
    }

    /** Flushes, syncs to disk and renames the temporary file over the target; on failure the target is untouched. */
    public void commit() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.flush();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            discard();
            throw e;
        }
        out.close();
        try {
            moveIntoPlace(temporary, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** Closes without committing: the temporary file is deleted and the target left as it was. No-op once closed. */
    public void abort() {
        if (closed) {
            return;
        }
        closed = true;
        discard();
    }

    /** Whether {@link #commit} or {@link #abort} was called. */
    public boolean closed() {
        return closed;
    }

    /** Aborts unless committed: a file left open by an exception never replaces the target. */
    @Override
    public void close() {
        abort();
    }

    private void discard() {
        closeAndDelete(out, temporary);
    }

    /** Closes {@code out} and deletes {@code temporary}, quietly: what was being written is thrown away. */
    static void closeAndDelete(Closeable out, Path temporary) {
        try {
            out.close();
        } catch (IOException | RuntimeException ignored) {
            // the output is being thrown away
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException | RuntimeException ignored) {
            // nothing more can be done; the target is untouched either way
        }
    }

    /**
     * Deletes the hidden temporary files that a writer of {@code target} left next to it when it was killed before
     * it put its file in place (quietly; only for a writer known to be gone).
     */
    public static void deleteLeftovers(Path target) {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            return;
        }
        String prefix = "." + absolute.getFileName() + ".";
        try (java.nio.file.DirectoryStream<Path> left = Files.newDirectoryStream(folder, f -> {
            String n = f.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp");
        })) {
            for (Path f : left) {
                Files.deleteIfExists(f);
            }
        } catch (IOException | RuntimeException ignored) {
            // left for another time; it is hidden and holds nothing that was offered
        }
    }

    /** Renames {@code temporary} over {@code target}, atomically where the file system can. */
    static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A new, unused name for a hidden temporary file next to {@code absolute} (try again if it is taken). */
    private static Path temporaryName(Path absolute) {
        return absolute.resolveSibling("." + absolute.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    }

    /** Writes {@code target} (its folder is created when missing); on any failure the target is untouched. */
    public static void write(Path target, Body body) throws IOException {
        write(target, false, body);
    }

    /** Like {@link #write} for a file readable and writable by its owner only, from its creation on. */
    public static void writeOwnerOnly(Path target, Body body) throws IOException {
        write(target, true, body);
    }

    private static void write(Path target, boolean ownerOnly, Body body) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        AtomicFile f = open(target, ownerOnly);
        try {
            body.write(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    f.out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    f.out.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    f.out.flush();
                }

                @Override
                public void close() {
                    // committed by AtomicFile
                }
            });
            f.commit();
        } catch (IOException | RuntimeException | Error e) {
            f.abort();
            throw e;
        }
    }
}
