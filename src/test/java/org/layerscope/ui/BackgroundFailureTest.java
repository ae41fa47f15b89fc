package org.layerscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.session.UiText;

/**
 * Issue 13 item 4, the window's half: an {@code Error} (or a {@code RuntimeException}) in any of the window's
 * background tasks — loading, display filter, saving, export, packet details, lesson, live capture and Run &amp;
 * Capture — reaches the window as a one-line message from the resource bundle (English and Japanese), what the task
 * kept busy is reset (no endless loading or filtering, the capture buttons come back), and the window is usable
 * afterwards. An {@code OutOfMemoryError} says what to do.
 *
 * <p>The failure is injected by {@link FailingTasks}: a task executor that runs everything on the calling thread and
 * makes the task currently running in the background throw the armed {@code Error} when it hands its result to the
 * UI thread — the moment a task that died would otherwise leave the window waiting forever.
 */
class BackgroundFailureTest {
    @TempDir
    Path dir;

    private FailingTasks tasks;
    private MainViewModel vm;
    private Path sample;

    @BeforeEach
    void open() {
        sample = Samples.require(Samples.TLS12);
        tasks = new FailingTasks();
        Settings s = Settings.inMemory();
        s.put("language", "en");
        vm = new MainViewModel(tasks, s, new DyingCaptures());
    }

    @Test
    void loadingThatRunsOutOfMemorySaysWhatToDoAndKeepsWhatItRead() {
        tasks.arm(new OutOfMemoryError("Java heap space"));
        vm.document().open(sample);
        assertFalse(vm.document().loadingProperty().get(), "no endless loading");
        assertTrue(vm.document().partialProperty().get(), "what was read is kept, marked partial (Save asks a name)");
        assertFalse(vm.busy());
        String m = vm.messageProperty().get();
        assertNotNull(m, "the window shows a message");
        assertTrue(m.startsWith("Opening the capture ran out of memory") && m.contains("-Xmx4g"), m);
        assertFalse(m.contains("\tat ") || m.contains("java.lang."), "no stack trace, no class path: " + m);
        assertEquals(m, vm.statusProperty().get());
        assertUsable();
    }

    @Test
    void aFilterThatOverflowsTheStackEndsFilteringWithAMessage() {
        loadSample();
        tasks.arm(new StackOverflowError());
        assertTrue(vm.filter().applyFilter("tcp"));
        assertFalse(vm.filter().filteringProperty().get(), "no endless filtering");
        assertEquals("The display filter stopped because of an internal error (StackOverflowError). The window is "
                + "still usable; what it shows is kept. Try again, and if it happens again, report this message.",
                vm.messageProperty().get());
        assertUsable();
    }

    @Test
    void savingExportsDetailsAndLessonsReportTheirErrors() {
        loadSample();
        List<String> done = new ArrayList<>();
        tasks.arm(new InternalError("disk controller on fire"));
        vm.document().saveAs(dir.resolve("a.pcapng"), done::add);
        assertMessage("Saving stopped because of an internal error (InternalError: disk controller on fire).");
        tasks.arm(new OutOfMemoryError());
        vm.exports().exportCsv(dir.resolve("a.csv"), false, done::add);
        assertMessage("The export ran out of memory");
        tasks.arm(new NoClassDefFoundError("org/example/Gone"));
        vm.selection().select(3);
        assertMessage("The packet details stopped because of an internal error (NoClassDefFoundError: org/example/Gone)");
        tasks.arm(new AssertionError("broken invariant"));
        vm.lesson().enter();
        assertMessage("The lesson stopped because of an internal error (AssertionError: broken invariant)");
        assertFalse(vm.lesson().buildingProperty().get(), "no endless lesson building");
        assertEquals(List.of(), done, "the failed tasks reported nothing else");

        vm.document().saveAs(dir.resolve("b.pcapng"), done::add);
        vm.exports().exportCsv(dir.resolve("b.csv"), false, done::add);
        assertEquals(2, done.size(), "saving and exporting work again: " + done);
        assertTrue(Files.isRegularFile(dir.resolve("b.pcapng")) && Files.isRegularFile(dir.resolve("b.csv")));
        vm.selection().select(4);
        assertNotNull(vm.selection().selectedProperty().get(), "the details of a packet show again");
        vm.lesson().enter();
        assertNotNull(vm.lesson().lessonProperty().get(), "the lesson builds again");
    }

    @Test
    void aCaptureWhoseEngineDiesGivesTheButtonsBack() {
        DyingCaptures.mode = "error-at-start";
        vm.capture().runCapture();
        assertFalse(vm.capture().capturingProperty().get(), "Run & Capture is enabled again");
        assertMessage("The capture ran out of memory");

        DyingCaptures.mode = "bad-frame";
        vm.capture().startCapture();
        assertFalse(vm.capture().capturingProperty().get(), "Start is enabled again");
        assertTrue(DyingCaptures.stopped, "the capture was stopped");
        assertMessage("The capture stopped because of an internal error (NullPointerException");

        DyingCaptures.mode = "fine";
        vm.capture().startCapture();
        vm.capture().stopCapture();
        assertFalse(vm.capture().capturingProperty().get());
        assertEquals(List.of(), tasks.pending(), "nothing left hanging");
        assertNull(vm.messageProperty().get(), "a capture that works says nothing");
        assertEquals(sampleFrames(), vm.packets().table().size(), "and shows its packets");
    }

    @Test
    void theMessagesAreInJapaneseToo() {
        UiText ja = UiText.of(Locale.JAPANESE);
        String oom = TaskFailure.describe(ja, "task.load", new OutOfMemoryError());
        assertTrue(oom.startsWith("キャプチャの読み込みでメモリが不足しました") && oom.contains("-Xmx4g"), oom);
        String err = TaskFailure.describe(ja, "task.filter", new StackOverflowError());
        assertTrue(err.startsWith("表示フィルタが内部エラーで停止しました(StackOverflowError)"), err);
        for (String k : List.of("task.load", "task.filter", "task.save", "task.export", "task.capture", "task.details",
                "task.lesson", "task.autosave", "task.background")) {
            assertFalse(ja.get(k).equals(UiText.of(Locale.ENGLISH).get(k)), k + " is translated");
        }
    }

    private void loadSample() {
        vm.document().open(sample);
        assertFalse(vm.document().loadingProperty().get());
        assertNull(vm.messageProperty().get());
    }

    private void assertMessage(String start) {
        String m = vm.messageProperty().get();
        assertNotNull(m, "a message for: " + start);
        assertTrue(m.startsWith(start), m);
        vm.messageProperty().set(null); // the view shows it, then clears it
    }

    /** After a failure: the sample opens whole, a filter applies, no message. */
    private void assertUsable() {
        vm.messageProperty().set(null);
        vm.document().open(sample);
        assertFalse(vm.document().loadingProperty().get());
        assertFalse(vm.document().partialProperty().get());
        assertEquals(sampleFrames(), vm.packets().table().size(), "the whole sample shows");
        assertTrue(vm.filter().applyFilter("tls"));
        assertFalse(vm.filter().filteringProperty().get());
        assertNotNull(vm.filter().rowFilterProperty().get(), "the filter applies again");
        assertNull(vm.messageProperty().get());
    }

    private int sampleFrames() {
        int n = 0;
        try (CaptureReader r = CaptureFiles.open(sample)) {
            while (r.next() != null) {
                n++;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return n;
    }

    /**
     * Runs every task on the calling thread; once armed, the background task running at that moment throws the
     * armed error when it next hands something to the UI thread (then the executor is disarmed).
     */
    static final class FailingTasks implements TaskExecutor {
        private final List<Runnable> delayed = new ArrayList<>();
        private Throwable armed;
        private int inBackground;

        void arm(Throwable t) {
            armed = t;
        }

        List<Runnable> pending() {
            return delayed;
        }

        @Override
        public void background(Runnable task) {
            inBackground++;
            try {
                task.run();
            } finally {
                inBackground--;
            }
        }

        @Override
        public void ui(Runnable task) {
            if (armed != null && inBackground > 0) {
                Throwable t = armed;
                armed = null;
                if (t instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) t;
            }
            task.run();
        }

        @Override
        public void later(long millis, Runnable task) {
            delayed.add(task);
        }

        @Override
        public Executor serial(String name) {
            return this::background;
        }

        @Override
        public Ticker ticker(long millis, Runnable tick) {
            return new Ticker() {
                @Override
                public void start() {
                }

                @Override
                public void stop() {
                }
            };
        }
    }

    /** A capture engine that dies in the ways {@link #mode} says, or replays the sample ("fine"). */
    static final class DyingCaptures extends FakeCaptureService {
        static volatile String mode = "fine";
        static volatile boolean stopped;

        @Override
        public Session startCapture(Request request, Listener listener) {
            stopped = false;
            switch (mode) {
                case "error-at-start" -> throw new OutOfMemoryError("unable to create native thread");
                case "bad-frame" -> {
                    listener.frame(null); // the window's side of the capture throws a NullPointerException
                    return () -> stopped = true;
                }
                default -> {
                    try (CaptureReader r = CaptureFiles.open(Samples.require(Samples.TLS12))) {
                        RawFrame f;
                        while ((f = r.next()) != null) {
                            listener.frame(f);
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return () -> listener.finished(null);
                }
            }
        }
    }
}
