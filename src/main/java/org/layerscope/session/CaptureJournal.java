package org.layerscope.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.layerscope.pcapio.AtomicFile;

/**
 * Which live captures are being written right now, so a capture interrupted by a crash of the window (or a
 * {@code kill -9}) is found at the next start (issue 13 item 6).
 *
 * <p>When a capture starts writing its pcapng file, {@link #begin} puts a small marker in the journal's folder
 * naming the file and the process; {@link Entry#end()} removes it when the capture ends normally (finished,
 * failed or stopped). A marker left by a process that no longer runs is an {@linkplain #interrupted() interrupted
 * capture}: its file holds the packets written up to the last flush (live files are written whole blocks at a
 * time and flushed every second), and the window offers to open it, save it elsewhere or discard it.
 *
 * <p>The folder is created owner-only ({@code rwx------}) and markers are owner-only ({@code rw-------}), like the
 * captures they name. JavaFX-free, so it is tested without a window.
 */
public final class CaptureJournal {
    private static final String SUFFIX = ".capture.properties";
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final AtomicLong COUNTER = new AtomicLong();

    private final Path folder;

    /** A journal kept in {@code folder} (created when the first capture begins). */
    public CaptureJournal(Path folder) {
        this.folder = folder.toAbsolutePath();
    }

    public Path folder() {
        return folder;
    }

    /** Notes that this process is writing {@code capture} (before its first packet). */
    public Entry begin(Path capture) throws IOException {
        createPrivateFolder(folder);
        long pid = ProcessHandle.current().pid();
        Path marker = folder.resolve("capture-" + pid + "-" + System.currentTimeMillis() + "-"
                + COUNTER.incrementAndGet() + SUFFIX);
        Properties p = new Properties();
        p.setProperty("file", capture.toAbsolutePath().normalize().toString());
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("started", Instant.now().toString());
        AtomicFile.writeOwnerOnly(marker, out -> p.store(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8),
                "LayerScope: a live capture being written (removed when it ends)"));
        return new Entry(marker, capture.toAbsolutePath().normalize(), pid, Instant.now(), 0);
    }

    /**
     * The captures whose process ended without ending them (oldest first). Markers of captures that never wrote a
     * block (no file, or an empty one, which is deleted too, as is a hidden temporary file the capture left before
     * its first flush), and unreadable markers, are removed on the way.
     */
    public List<Entry> interrupted() {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (DirectoryStream<Path> markers = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path m : markers) {
                Entry e = read(m);
                if (e == null) {
                    deleteQuietly(m);
                } else if (!alive(e.pid())) {
                    long bytes = Files.isRegularFile(e.file()) ? sizeOf(e.file()) : -1;
                    if (bytes > 0) {
                        out.add(new Entry(e.marker(), e.file(), e.pid(), e.started(), bytes));
                    } else {
                        // the capture never wrote its first block: nothing to offer
                        if (bytes == 0) {
                            deleteQuietly(e.file());
                        }
                        // a live capture killed before its first flush: its file under a hidden temporary name
                        org.layerscope.pcapio.AtomicFile.deleteLeftovers(e.file());
                        deleteQuietly(m);
                    }
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparing(Entry::started));
        return out;
    }

    private static Entry read(Path marker) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(marker)) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return new Entry(marker, Path.of(p.getProperty("file")), Long.parseLong(p.getProperty("pid")),
                    Instant.parse(p.getProperty("started")), 0);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean alive(long pid) {
        return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a marker that cannot be removed is offered again next time
        }
    }

    private static void createPrivateFolder(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createPrivateFolder(parent);
        }
        boolean posix = parent != null && Files.getFileAttributeView(parent, PosixFileAttributeView.class) != null;
        try {
            if (posix) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
                Files.setPosixFilePermissions(dir, DIR); // exact, whatever the umask
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    /**
     * One capture in the journal.
     *
     * @param marker  the journal's marker file
     * @param file    the pcapng file the capture writes
     * @param pid     the process that writes it
     * @param started when it started
     * @param size    the file's size in bytes when the journal was read ({@link #interrupted()}; 0 from {@link #begin})
     */
    public record Entry(Path marker, Path file, long pid, Instant started, long size) {
        /** The capture ended normally (or was opened, saved or discarded after a crash): the marker goes. */
        public void end() {
            deleteQuietly(marker);
        }

        /** Moves the interrupted capture to {@code target} (replacing it) and ends the entry. */
        public void saveTo(Path target) throws IOException {
            Path t = target.toAbsolutePath();
            if (t.normalize().equals(file)) {
                end();
                return;
            }
            try {
                Files.move(file, t, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                // another file system: copy through a temporary file, then remove the original
                AtomicFile.writeOwnerOnly(t, out -> Files.copy(file, out)); // it may hold secrets
                Files.delete(file);
            }
            end();
        }

        /** Deletes the interrupted capture and ends the entry. */
        public void discard() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            end();
        }
    }
}
