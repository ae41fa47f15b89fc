package org.layerscope.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureInterface;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.pcapio.DecryptionSecrets;
import org.layerscope.pcapio.PcapngWriter;
import org.layerscope.testutil.Tools;

/**
 * Issue #16 item 4: each stage of the command line's pipeline (the read-ahead thread, the analysing thread,
 * the output thread) is made to throw an {@code Error}; the command ends with one line and exit 2, never a
 * hang and never exit 0. The capture is larger than the queues between the stages (the hang needed a full
 * queue: a dead output thread once blocked the analysis forever).
 */
class PipelineFailureTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    @TempDir
    static Path tmp;
    private static Path big;

    /** About 24,000 frames: the frames of a sample written again and again. */
    @BeforeAll
    static void bigCapture() throws IOException {
        Path sample = Tools.requireFile(CliOutputTest.SAMPLES.resolve("mqtt-plain-311.pcapng"), "sample");
        List<RawFrame> frames = new ArrayList<>();
        try (CaptureReader r = CaptureFiles.open(sample)) {
            RawFrame f;
            while ((f = r.next()) != null) {
                frames.add(f);
            }
        }
        big = tmp.resolve("big.pcapng");
        long n = 0;
        try (PcapngWriter w = PcapngWriter.create(big)) {
            for (int copy = 0; n < 24_000; copy++) {
                for (RawFrame f : frames) {
                    w.writeFrame(new RawFrame(++n, f.timestampNanos() + copy * 1_000_000_000L, f.linkType(),
                            f.originalLength(), f.data(), 0, List.of()));
                }
            }
        }
    }

    @AfterEach
    void noFaults() {
        CliSupport.Faults.reader = r -> r;
        CliSupport.Faults.frame = f -> { };
    }

    record Run(int status, String out, String err) {
    }

    private static Run run(OutputStream stdout, String... args) {
        return assertTimeoutPreemptively(LIMIT, () -> {
            StringWriter err = new StringWriter();
            PrintStream old = System.out;
            int status;
            try {
                System.setOut(new PrintStream(stdout, true));
                status = LayerScopeCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), args);
            } finally {
                System.setOut(old);
            }
            return new Run(status, stdout.toString(), err.toString());
        }, "the command hung: " + String.join(" ", args));
    }

    private static void assertOneLineFailure(Run r, String expected) {
        String[] lines = r.err().strip().split("\\R");
        assertAll(
                () -> assertEquals(2, r.status(), r.err()),
                () -> assertEquals(1, lines.length, "one line:\n" + r.err()),
                () -> assertTrue(lines[0].startsWith("layerscope: "), r.err()),
                () -> assertTrue(lines[0].contains(expected), r.err()),
                () -> assertFalse(r.err().contains("\tat ") || r.err().contains("Exception in thread"), r.err()));
    }

    static Supplier<Error>[] errors() {
        @SuppressWarnings("unchecked")
        Supplier<Error>[] s = new Supplier[] {
            () -> new OutOfMemoryError("Java heap space"),
            () -> new StackOverflowError(),
            () -> new AssertionError("injected failure"),
        };
        return s;
    }

    private static String expected(Error e) {
        return e instanceof OutOfMemoryError ? "out of memory" : e instanceof StackOverflowError ? "stack overflow"
                : "internal error: AssertionError at ";
    }

    @ParameterizedTest
    @ValueSource(strings = {"analyze:json", "analyze:tsv", "diagnose:json", "diagnose:text"})
    void theReadAheadThreadFails(String command) {
        String[] c = command.split(":");
        for (Supplier<Error> error : errors()) {
            Error e = error.get();
            CliSupport.Faults.reader = r -> new FailingReader(r, 5_000, e);
            assertOneLineFailure(run(new ByteArrayOutputStream(), c[0], big.toString(), "--format", c[1]), expected(e));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"analyze:json", "analyze:tsv", "diagnose:json", "diagnose:text"})
    void theAnalysingThreadFails(String command) {
        String[] c = command.split(":");
        for (Supplier<Error> error : errors()) {
            Error e = error.get();
            CliSupport.Faults.frame = f -> {
                if (f.number() == 7_000) {
                    throw e;
                }
            };
            assertOneLineFailure(run(new ByteArrayOutputStream(), c[0], big.toString(), "--format", c[1]), expected(e));
        }
    }

    /** The output thread writes to standard output; that fails with an Error on its first write. */
    @ParameterizedTest
    @ValueSource(strings = {"json", "tsv", "text", "csv"})
    void theOutputThreadFails(String format) {
        for (Supplier<Error> error : errors()) {
            Error e = error.get();
            Thread[] writer = {null};
            OutputStream failing = new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    writer[0] = Thread.currentThread();
                    throw e;
                }
            };
            assertOneLineFailure(run(failing, "analyze", big.toString(), "--format", format), expected(e));
            assertEquals("layerscope-output", writer[0].getName(), "the failure was in the output thread");
        }
    }

    @Test
    void withoutFaultsTheBigCaptureIsFine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Run r = run(out, "analyze", big.toString(), "--format", "tsv");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().lines().count() > 24_000);
    }

    /** Delegates to a reader and throws {@code error} instead of frame {@code at}. */
    private static final class FailingReader implements CaptureReader {
        private final CaptureReader inner;
        private final long at;
        private final Error error;

        FailingReader(CaptureReader inner, long at, Error error) {
            this.inner = inner;
            this.at = at;
            this.error = error;
        }

        @Override
        public RawFrame next() throws IOException {
            RawFrame f = inner.next();
            if (f != null && f.number() == at) {
                throw error;
            }
            return f;
        }

        @Override
        public String format() {
            return inner.format();
        }

        @Override
        public List<String> warnings() {
            return inner.warnings();
        }

        @Override
        public List<String> sectionComments() {
            return inner.sectionComments();
        }

        @Override
        public List<CaptureInterface> interfaces() {
            return inner.interfaces();
        }

        @Override
        public List<DecryptionSecrets> secrets() {
            return inner.secrets();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
