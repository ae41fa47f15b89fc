package org.layerscope.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal of captures being written (issue 13 item 6): a capture of a running process is never offered, one
 * whose process is gone is; markers of captures that never wrote a block go; everything is owner-only.
 */
class CaptureJournalTest {
    @TempDir
    Path tmp;

    @Test
    void onlyCapturesOfProcessesThatAreGoneAreOffered() throws Exception {
        CaptureJournal journal = new CaptureJournal(tmp.resolve("home").resolve("recovery"));
        assertEquals(List.of(), journal.interrupted(), "no folder yet: nothing");
        Path mine = Files.write(tmp.resolve("mine.pcapng"), new byte[] {1, 2, 3, 4});
        CaptureJournal.Entry running = journal.begin(mine);
        assertEquals("rwx------", perms(journal.folder()));
        assertEquals("rwx------", perms(journal.folder().getParent()), "missing parents are made owner-only too");
        assertEquals("rw-------", perms(running.marker()));
        assertEquals(List.of(), journal.interrupted(), "this process still writes it");

        long dead = deadPid();
        Path left = Files.write(tmp.resolve("left.pcapng"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Path empty = Files.createFile(tmp.resolve("empty.pcapng"));
        marker(journal, dead, left, "2026-12-03T07:00:00Z", "a");
        marker(journal, dead, empty, "2026-12-03T06:00:00Z", "b");
        marker(journal, dead, tmp.resolve("never-written.pcapng"), "2026-12-03T05:00:00Z", "c");
        // killed between creating its file under a hidden name and the first flush that puts it in place
        Path hidden = Files.createFile(tmp.resolve(".never-written.pcapng.5eed.tmp"));
        Path other = Files.createFile(tmp.resolve(".another.pcapng.5eed.tmp"));
        Files.writeString(journal.folder().resolve("capture-garbage.capture.properties"), "pid=oops\n");
        List<CaptureJournal.Entry> found = journal.interrupted();
        assertEquals(1, found.size(), found.toString());
        assertEquals(left, found.get(0).file());
        assertEquals(dead, found.get(0).pid());
        assertEquals(Instant.parse("2026-12-03T07:00:00Z"), found.get(0).started());
        assertEquals(8, found.get(0).size());
        assertFalse(Files.exists(empty), "an empty capture (killed before its first block) is removed");
        assertFalse(Files.exists(hidden), "so is a capture's hidden file from before its first flush");
        assertTrue(Files.exists(other), "another file's is left alone");
        try (var files = Files.list(journal.folder())) {
            assertEquals(2, files.count(), "only the running capture's and the interrupted one's markers are left");
        }

        Path target = tmp.resolve("kept").resolve("saved.pcapng");
        Files.createDirectories(target.getParent());
        found.get(0).saveTo(target);
        assertTrue(Files.exists(target) && !Files.exists(left));
        assertEquals(List.of(), journal.interrupted());
        running.end();
        try (var files = Files.list(journal.folder())) {
            assertEquals(0, files.count(), "a capture that ended leaves no marker");
        }
        assertTrue(Files.exists(mine), "ending a capture keeps its file");
    }

    private static void marker(CaptureJournal j, long pid, Path file, String started, String name) throws IOException {
        Files.writeString(j.folder().resolve("capture-" + pid + "-" + name + ".capture.properties"),
                "file=" + file.toString().replace("\\", "\\\\") + "\npid=" + pid + "\nstarted=" + started + "\n");
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
