package org.layerscope.pcapio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports go through a temporary file: the target is replaced only by a complete file. */
class AtomicFileTest {
    @Test
    void aCompleteWriteReplacesTheTargetAndAFailedOneLeavesIt(@TempDir Path tmp) throws IOException {
        Path target = tmp.resolve("sub/report.md");
        AtomicFile.write(target, out -> out.write("first".getBytes(StandardCharsets.UTF_8)));
        assertEquals("first", Files.readString(target));
        IOException boom = assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
            out.write("half of a second ver".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", boom.getMessage());
        assertEquals("first", Files.readString(target), "the old file is untouched");
        try (var files = Files.list(target.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left");
        }
        AtomicFile.write(target, out -> out.write('x'));
        assertEquals("x", Files.readString(target));
    }

    @Test
    void anOwnerOnlyFileIs0600FromItsCreation(@TempDir Path tmp) throws IOException {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs a POSIX file system");
        Path target = tmp.resolve("copy.pcapng");
        Files.writeString(target, "old, world-readable");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        AtomicFile f = AtomicFile.openOwnerOnly(target);
        try {
            // before a single byte is written: the temporary file exists, next to the target, owner-only
            assertTrue(Files.exists(f.temporaryFile()));
            assertEquals(target.getParent(), f.temporaryFile().getParent());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.temporaryFile())));
            f.out().write("secret".getBytes(StandardCharsets.US_ASCII));
            f.out().flush();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.temporaryFile())));
            assertEquals("old, world-readable", Files.readString(target), "the target is untouched until commit");
            f.commit();
        } finally {
            f.abort();
        }
        assertEquals("secret", Files.readString(target));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(List.of(target), list(tmp), "no temporary file is left");
    }

    @Test
    void writeOwnerOnlyAndAnAbortedFile(@TempDir Path tmp) throws IOException {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs a POSIX file system");
        Path target = tmp.resolve("new/keys.txt");
        AtomicFile.writeOwnerOnly(target, out -> {
            Path temporary = list(target.getParent()).get(0);
            assertTrue(temporary.getFileName().toString().endsWith(".tmp"), temporary.toString());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(temporary)));
            out.write('k');
        });
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        Path other = tmp.resolve("other.txt");
        try (AtomicFile f = AtomicFile.openOwnerOnly(other)) {
            f.out().write('x');
            // closed without commit: thrown away
        }
        assertFalse(Files.exists(other));
        assertEquals(List.of(tmp.resolve("new")), list(tmp));
        // the default stays the default: not narrowed
        Path plain = tmp.resolve("plain.txt");
        AtomicFile.write(plain, out -> out.write('p'));
        assertTrue(Files.getPosixFilePermissions(plain).contains(java.nio.file.attribute.PosixFilePermission.OWNER_READ));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
