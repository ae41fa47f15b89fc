package org.layerscope.pcapio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.model.RawFrame;

/**
 * Issue #16 item 7: a capture written in an owner-only folder (such as {@code ~/.layerscope/captures}) is
 * owner-only whatever the umask, written atomically or live, new or overwritten; elsewhere the umask decides.
 */
class PrivateFolderTest {
    @TempDir
    Path tmp;

    private static void write(PcapngWriter w) throws IOException {
        try (w) {
            w.writeFrame(new RawFrame(1, 0, 1, 14, new byte[14], 0, List.of()));
        }
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void privateFolderPrivateFiles() throws IOException {
        assumeTrue(Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null, "POSIX permissions");
        Path priv = Files.createDirectory(tmp.resolve("private"));
        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rwx------"));
        Path atomic = priv.resolve("a.pcapng");
        write(PcapngWriter.create(atomic));
        assertEquals("rw-------", perms(atomic));
        Path live = priv.resolve("live.pcapng");
        Files.writeString(live, "old");
        Files.setPosixFilePermissions(live, PosixFilePermissions.fromString("rw-r--r--"));
        write(PcapngWriter.createLive(live, List.of()));
        assertEquals("rw-------", perms(live), "an existing file becomes private too");

        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path shared = open.resolve("s.pcapng");
        write(PcapngWriter.create(shared));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
        write(PcapngWriter.create(shared));
        assertNotEquals("rw-------", perms(shared), "outside private folders the umask decides");
    }
}
