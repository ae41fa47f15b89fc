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

/** What the subcommands share: reading a capture with clear messages, and the language. */
final class CliSupport {
    private CliSupport() {
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
        try (CaptureReader reader = CaptureFiles.open(file)) {
            try {
                RawFrame f;
                while ((f = reader.next()) != null) {
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
