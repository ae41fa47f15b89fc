package org.layerscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.PacketResult;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureFormatException;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.pcapio.ReadAheadReader;
import org.layerscope.tls.keys.KeyLog;

/** What the subcommands share: reading a capture with clear messages, and the language. */
final class CliSupport {
    private CliSupport() {
    }

    /**
     * Reads an NSS key log for {@code --keylog}; null when none was given. A missing or unreadable file is
     * reported on {@code err} and gives an exception the command turns into exit status 2.
     */
    static KeyLog keyLog(Path file, PrintWriter err) throws BadInputException {
        if (file == null) {
            return null; // no key log: decryption only from the capture's own secrets blocks
        }
        try {
            KeyLog k = new KeyLog();
            KeyLog.ReadResult r = k.addAll(file);
            if (r.bad() > 0) {
                err.println("layerscope: warning: " + file + ": " + r.bad() + " line(s) are not NSS key log lines and were skipped"
                        + (r.badLineNumbers().isEmpty() ? "" : " (first: line " + r.badLineNumbers().get(0) + ")"));
            }
            if (r.secrets() == 0) {
                err.println("layerscope: warning: " + file + " holds no TLS secrets (is it an SSLKEYLOGFILE?)");
            }
            return k;
        } catch (NoSuchFileException e) {
            throw new BadInputException("cannot open key log " + file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException("cannot read key log " + file + ": " + e.getMessage());
        }
    }

    /** Compiles {@code --filter} (null or blank: every frame); a bad expression names the position. */
    static org.layerscope.analysis.filter.DisplayFilter filter(String expr) throws BadInputException {
        try {
            return org.layerscope.analysis.filter.DisplayFilter.compile(expr);
        } catch (org.layerscope.analysis.filter.FilterSyntaxException e) {
            throw new BadInputException("bad --filter: " + e.getMessage() + System.lineSeparator() + e.pointer("  "));
        }
    }

    /** Input that makes a command stop with exit status 2 and a one-line message. */
    static final class BadInputException extends Exception {
        BadInputException(String message) {
            super(message);
        }
    }

    /**
     * Test seams for the pipeline's stages: tests make the reading thread ({@link #reader}) or the analysing
     * thread ({@link #frame}) fail to check that every failure ends the command with one line and exit 2.
     * Identity and no-op unless a test in this package sets them.
     */
    static final class Faults {
        static volatile java.util.function.UnaryOperator<CaptureReader> reader = r -> r;
        static volatile java.util.function.Consumer<RawFrame> frame = f -> { };

        private Faults() {
        }
    }

    /** A little memory set aside so that the one-line message can still be made after running out of memory. */
    private static volatile byte[] reserve = new byte[1 << 20];

    static void releaseReserve() {
        reserve = null;
    }

    /**
     * The one line that ends a command that failed unexpectedly: what happened and what to do. Running out of
     * memory says how to give Java more; a bug says what broke, without a stack trace.
     */
    static String failureMessage(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            releaseReserve();
            long max = Runtime.getRuntime().maxMemory() >> 20;
            return "layerscope: out of memory (Java may use at most " + max + " MiB): give Java more memory"
                    + " (java -Xmx4g -jar layerscope.jar ..., or JAVA_TOOL_OPTIONS=-Xmx4g) or use a smaller capture"
                    + " (split it with editcap -c 100000)";
        }
        if (e instanceof StackOverflowError) {
            return "layerscope: internal error: the input is nested too deeply (stack overflow); please report it with the input";
        }
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            e = u.getCause();
        }
        String m = e.getMessage();
        if (e instanceof IOException && m != null) {
            return "layerscope: " + m;
        }
        if (e instanceof Error || e instanceof RuntimeException || m == null) {
            // a bug: where it happened, not its message (which may quote the input, such as a key log line)
            StackTraceElement[] at = e.getStackTrace();
            return "layerscope: internal error: " + e.getClass().getSimpleName()
                    + (at.length > 0 ? " at " + at[0] : "") + " (please report it with the input)";
        }
        return "layerscope: " + firstLine(m);
    }

    private static String firstLine(String m) {
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }

    static Locale locale(String lang) {
        if (lang == null || lang.isBlank()) {
            return Locale.getDefault().getLanguage().equals("ja") ? Locale.JAPANESE : Locale.ENGLISH;
        }
        return lang.toLowerCase(Locale.ROOT).startsWith("ja") ? Locale.JAPANESE : Locale.ENGLISH;
    }

    /**
     * Streams every frame of {@code file} through the analyzer and finishes it. Returns 0 when the file
     * was read (warnings such as a truncated last packet go to {@code err}), 2 when it is missing,
     * unreadable or not a capture (one line on {@code err}; the frames read before a corruption are
     * still analysed).
     */
    static int readCapture(Path file, Analyzer analyzer, PrintWriter err) {
        if (Files.isDirectory(file)) {
            err.println("layerscope: " + file + " is a folder, not a capture file");
            return 2;
        }
        int status = 0;
        // without field trees (tsv, csv, text, diagnose, tree-free filters), the reading thread also decodes each
        // frame's headers (stateless), so the analysis has less to do; with trees, the frames read ahead would
        // hold their trees too (more memory in a small heap), so the analysis decodes them itself
        boolean trees = analyzer.buildsTrees();
        // an analysis that lets each frame's bytes go once analysed: the frames are read into a few reused blocks
        try (ReadAheadReader reader = new ReadAheadReader(Faults.reader.apply(CaptureFiles.open(file)),
                trees ? null : f -> Analyzer.decodeHeaders(f, false), !analyzer.keepsFrameBytes())) {
            try {
                RawFrame f;
                int secrets = 0;
                while ((f = reader.next()) != null) {
                    if (reader.secrets().size() != secrets) {
                        secrets = reader.secrets().size();
                        analyzer.addSecrets(reader.secrets());
                    }
                    Faults.frame.accept(f);
                    PacketResult decoded = (PacketResult) reader.attachment();
                    if (decoded != null) {
                        analyzer.accept(decoded);
                    } else {
                        analyzer.accept(f);
                    }
                }
            } catch (CaptureFormatException e) {
                err.println("layerscope: " + file + ": " + e.getMessage() + " (after frame " + analyzer.frameCount() + ")");
                status = 2;
            }
            for (String w : reader.warnings()) {
                err.println("layerscope: warning: " + file + ": " + w);
            }
        } catch (NoSuchFileException e) {
            err.println("layerscope: cannot open " + file + ": no such file");
            return 2;
        } catch (AccessDeniedException e) {
            err.println("layerscope: cannot open " + file + ": permission denied");
            return 2;
        } catch (CaptureFormatException e) {
            err.println("layerscope: " + file + ": " + e.getMessage());
            return 2;
        } catch (UncheckedIOException e) {
            throw e;
        } catch (IOException e) {
            err.println("layerscope: cannot read " + file + ": " + e.getMessage());
            status = 2;
        }
        analyzer.finish();
        return status;
    }
}
