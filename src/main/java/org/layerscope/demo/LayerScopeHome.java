package org.layerscope.demo;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The user's LayerScope folder: {@code $LAYERSCOPE_HOME}, or the system property {@code layerscope.home}, or
 * {@code ~/.layerscope}. Everything Run &amp; Capture writes by default (certificates, captures) goes in it. Folders
 * are created owner-only (0700) and key files owner-readable only (0600) where the file system has POSIX
 * permissions.
 */
public final class LayerScopeHome {
    public static final String ENV = "LAYERSCOPE_HOME";
    public static final String PROPERTY = "layerscope.home";
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

    private LayerScopeHome() {
    }

    /** The folder (not created). */
    public static Path resolve() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENV);
        }
        if (p == null || p.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".layerscope");
        }
        return Path.of(p).toAbsolutePath();
    }

    /** Creates {@code dir} (and missing parents) owner-only; an existing folder keeps its permissions. */
    public static Path privateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            privateDirectory(parent);
        }
        try {
            if (posix(dir)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
                Files.setPosixFilePermissions(dir, DIR); // the umask may have removed bits; make it exact
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
        return dir;
    }

    /** Creates a new file readable and writable by its owner only (0600) and writes {@code content}. */
    public static void writePrivateFile(Path file, byte[] content) throws IOException {
        Files.deleteIfExists(file);
        if (posix(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
        } else {
            Files.createFile(file);
        }
        Files.write(file, content);
    }

    private static boolean posix(Path p) {
        Path existing = p.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && Files.getFileAttributeView(existing,
                java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }
}
