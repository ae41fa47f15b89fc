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
        try (CaptureReader reader = new ReadAheadReader(CaptureFiles.open(file))) {
            try {
                RawFrame f;
                int secrets = 0;
                while ((f = reader.next()) != null) {
                    if (reader.secrets().size() != secrets) {
                        secrets = reader.secrets().size();
                        analyzer.addSecrets(reader.secrets());
                    }
                    analyzer.accept(f);
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
