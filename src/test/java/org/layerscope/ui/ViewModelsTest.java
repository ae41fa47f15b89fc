package org.layerscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.session.CaptureLoader;
import org.layerscope.session.PacketTable;

/**
 * The window's view models without a window: everything runs on the test thread through
 * {@link CurrentThreadTaskExecutor}, on real sample captures.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hung window or toolkit fails the test instead of the build
class ViewModelsTest {
    @TempDir
    Path dir;
    private CurrentThreadTaskExecutor tasks;
    private MainViewModel vm;
    private String oldAutosave;

    @BeforeEach
    void setUp() {
        oldAutosave = System.getProperty("layerscope.autosave");
        System.setProperty("layerscope.autosave", dir.resolve("autosave").toString());
        tasks = new CurrentThreadTaskExecutor();
        Settings settings = Settings.inMemory();
        settings.put("language", "en");
        vm = new MainViewModel(tasks, settings, new FileFeed(null));
    }

    @AfterEach
    void restore() {
        if (oldAutosave == null) {
            System.clearProperty("layerscope.autosave");
        } else {
            System.setProperty("layerscope.autosave", oldAutosave);
        }
    }

    private Path copyOf(String sample) throws IOException {
        Path p = dir.resolve(sample);
        Files.copy(Samples.require(sample), p);
        return p;
    }

    @Test
    void openingAFilePublishesEveryRowAndRemembersIt() throws IOException {
        Path file = copyOf(Samples.PLAIN);
        vm.document().open(file);
        PacketTable expected = new CaptureLoader(file).runAndGet();
        assertFalse(vm.document().loadingProperty().get());
        assertFalse(tasks.ticking(), "the refresh stops once the file is loaded");
        assertTrue(expected.size() > 0);
        assertEquals(expected.size(), vm.packets().rowsProperty().get());
        assertEquals(file, vm.document().fileProperty().get());
        assertEquals(List.of(file.toAbsolutePath().normalize().toString()), vm.document().recentFiles());
        assertTrue(vm.statusProperty().get().startsWith(expected.size() + " packets in "), vm.statusProperty().get());
        assertFalse(vm.document().partialProperty().get());
        assertTrue(vm.document().canSaveInPlace());
        assertFalse(vm.annotations().dirtyProperty().get());
    }

    @Test
    void aKeyLogBesideTheFileIsUsedAndNamedInTheStatus() {
        vm.document().open(Samples.require(Samples.TLS12));
        assertNotNull(vm.document().keyLogProperty().get(), "mqtt-tls12-mutual.keylog beside the sample");
        assertTrue(vm.document().hasSecrets());
        assertTrue(vm.statusProperty().get().contains(vm.document().keyLogProperty().get().getFileName().toString()),
                vm.statusProperty().get());
    }

    @Test
    void aReanalysisThatTakesAWhileIsShownAsUnderWayAndANewerSelectionTakesOver() {
        vm.document().open(Samples.require(Samples.PLAIN));
        tasks.runDelayed();
        tasks.holdSerial(); // the re-analysis takes a while
        int first = 3;
        int second = vm.packets().table().size() - 1;
        vm.selection().select(first);
        assertEquals(-1, vm.selection().slowRowProperty().get(), "not at once");
        tasks.runDelayed(); // SLOW_MILLIS later, still under way
        assertEquals(first, vm.selection().slowRowProperty().get(), "under way");
        vm.selection().select(second); // a newer selection: the first one's analysis is dropped
        assertEquals(-1, vm.selection().slowRowProperty().get());
        tasks.runSerial();
        assertEquals(vm.packets().table().number(second), vm.selection().selectedProperty().get().number());
        tasks.runDelayed(); // the second one's delay ends after its details are shown
        assertEquals(-1, vm.selection().slowRowProperty().get(), "shown: no longer under way");
        vm.selection().select(first);
        tasks.runDelayed();
        assertEquals(first, vm.selection().slowRowProperty().get());
        vm.selection().select(-1);
        assertEquals(-1, vm.selection().slowRowProperty().get(), "no selection");
    }

    @Test
    void selectingARowReanalysesItAndANewFileClearsTheSelection() {
        vm.document().open(Samples.require(Samples.PLAIN));
        int row = vm.packets().table().size() - 1;
        vm.selection().select(row);
        assertEquals(row, vm.selection().selectedRowProperty().get());
        assertNotNull(vm.selection().selectedProperty().get());
        assertEquals(vm.packets().table().number(row), vm.selection().selectedProperty().get().number());
        vm.document().open(Samples.require(Samples.TLS13));
        assertEquals(-1, vm.selection().selectedRowProperty().get());
        assertNull(vm.selection().selectedProperty().get());
    }

    @Test
    void aFilterShowsTheMatchingRowsAndARefusedOneSaysWhere() {
        vm.document().open(Samples.require(Samples.PLAIN));
        int all = vm.packets().table().size();
        assertFalse(vm.filter().applyFilter("mqtt.msgtype == "));
        assertNotNull(vm.filter().filterErrorProperty().get());
        assertNull(vm.filter().rowFilterProperty().get());

        assertTrue(vm.filter().applyFilter("mqtt"));
        RowFilter f = vm.filter().rowFilterProperty().get();
        assertNotNull(f);
        assertTrue(f.rows().length > 0 && f.rows().length < all, f.rows().length + " of " + all);
        for (int r : f.rows()) {
            assertEquals("MQTT", vm.packets().table().protocol(r), "row " + r);
        }
        assertEquals(f.rows().length + " of " + all + " packets match the filter", vm.statusProperty().get());
        assertEquals(List.of("mqtt"), vm.filter().filterHistory());

        assertTrue(vm.filter().applyFilter(""));
        assertNull(vm.filter().rowFilterProperty().get());
    }

    @Test
    void aCommentMakesTheFileDirtyAndIsCopiedOwnerOnlyThenSavedIntoTheFile() throws IOException {
        Path file = copyOf(Samples.PLAIN);
        vm.document().open(file);
        vm.annotations().addComment(2, "  look here  ");
        assertTrue(vm.annotations().dirtyProperty().get());
        assertEquals(List.of("look here"), vm.packets().table().comments(2));
        assertEquals(1, tasks.runDelayed(), "one autosave a moment after the change");
        Path copy = AnnotationsViewModel.autosavePath(file);
        assertTrue(Files.isRegularFile(copy), copy.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
        // the copy holds the comment
        assertEquals(List.of("look here"), new CaptureLoader(copy).runAndGet().comments(2));

        List<String> messages = new ArrayList<>();
        vm.document().save((ok, m) -> {
            assertTrue(ok, m);
            messages.add(m);
        });
        assertEquals(1, messages.size());
        assertFalse(vm.annotations().dirtyProperty().get());
        assertFalse(Files.exists(copy), "a save removes the autosave copy");
        assertEquals(List.of("look here"), new CaptureLoader(file).runAndGet().comments(2));
    }

    @Test
    void anAutosaveCopyIsOfferedWhenTheFileIsOpenedAgainAndRecovered() throws IOException {
        Path file = copyOf(Samples.PLAIN);
        vm.document().open(file);
        vm.annotations().addComment(0, "unsaved");
        tasks.runDelayed();
        Path copy = AnnotationsViewModel.autosavePath(file);

        MainViewModel next = new MainViewModel(new CurrentThreadTaskExecutor(), Settings.inMemory(), new FileFeed(null));
        next.document().open(file);
        assertEquals(copy, next.annotations().recoverableProperty().get());
        next.document().recover(file, copy);
        assertEquals(file, next.document().fileProperty().get(), "Save still writes the original file");
        assertTrue(next.annotations().dirtyProperty().get());
        assertEquals(List.of("unsaved"), next.packets().table().comments(0));
        next.annotations().discardChanges();
        assertFalse(Files.exists(copy));
    }

    @Test
    void saveAsPcapKeepsTheChangesUnsavedBecauseCommentsCannotGoThere() throws IOException {
        vm.document().open(copyOf(Samples.PLAIN));
        vm.annotations().addComment(1, "note");
        Path pcap = dir.resolve("out.pcap");
        boolean[] result = {true};
        vm.document().saveAs(pcap, false, (ok, m) -> result[0] = ok);
        assertFalse(result[0]);
        assertTrue(Files.size(pcap) > 24);
        assertTrue(vm.annotations().dirtyProperty().get());
        assertEquals(dir.resolve(Samples.PLAIN), vm.document().fileProperty().get());
    }

    @Test
    void exportsWriteWhatTheFilterShows() throws IOException {
        vm.document().open(Samples.require(Samples.PLAIN));
        vm.filter().applyFilter("mqtt");
        int shown = vm.filter().rowFilterProperty().get().rows().length;
        Path all = dir.resolve("all.csv");
        Path some = dir.resolve("some.csv");
        List<String> messages = new ArrayList<>();
        vm.exports().exportCsv(all, false, messages::add);
        vm.exports().exportCsv(some, true, messages::add);
        assertEquals(2, messages.size());
        assertEquals(vm.packets().table().size() + 1, Files.readAllLines(all, StandardCharsets.UTF_8).size());
        assertEquals(shown + 1, Files.readAllLines(some, StandardCharsets.UTF_8).size());
        Path md = dir.resolve("report.md");
        vm.exports().exportReport(md, false, messages::add);
        assertTrue(Files.readString(md).contains(Samples.PLAIN), "titled after the file");
    }

    @Test
    void aLiveCaptureFillsTheTableAndEndsWithItsLog() throws IOException {
        Path sample = Samples.require(Samples.PLAIN);
        MainViewModel live = new MainViewModel(tasks, Settings.inMemory(), new FileFeed(sample));
        live.capture().startCapture();
        assertFalse(live.capture().capturingProperty().get());
        int expected = new CaptureLoader(sample).runAndGet().size();
        assertEquals(expected, live.packets().rowsProperty().get());
        assertEquals(List.of("feeding " + sample.getFileName()), live.capture().log());
        assertNull(live.document().fileProperty().get());
        assertEquals("Capture finished: " + expected + " packets", live.statusProperty().get());
    }

    @Test
    void aConnectionLeadsToThePacketThatDecidedIt() {
        vm.document().open(Samples.require(Samples.TLS12));
        var c = vm.connections().summaries().get(0);
        vm.connections().show(c);
        int row = vm.selection().selectedRowProperty().get();
        assertTrue(row >= 0);
        assertEquals(c.stream(), vm.connections().selectedStream());
        assertTrue(vm.connections().describe(c).contains(c.client()), vm.connections().describe(c));
    }

    /** A capture service that feeds a capture file's frames synchronously, then finishes. */
    private static final class FileFeed extends FakeCaptureService {
        private final Path file;

        FileFeed(Path file) {
            this.file = file;
        }

        @Override
        public Session startCapture(Request request, Listener listener) {
            listener.console("feeding " + file.getFileName());
            try (CaptureReader r = CaptureFiles.open(file)) {
                RawFrame f;
                while ((f = r.next()) != null) {
                    listener.frame(f);
                }
            } catch (IOException e) {
                listener.failed(new Problem(e.getMessage(), "check " + file));
                return () -> { };
            }
            listener.finished(null);
            return () -> { };
        }
    }
}
