package org.layerscope.pcapio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes any file the way the capture writers do: into a temporary file in the target's folder, synced
 * and renamed over the target only when complete, so a failed write never leaves a partial file or
 * destroys the one that was there (exports: CSV, JSON, Markdown, PNG, SVG).
 */
public final class AtomicFile {
    /** What to write. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    /** Writes {@code target} (its folder is created when missing); on any failure the target is untouched. */
    public static void write(Path target, Body body) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        CaptureOutput out = CaptureOutput.atomic(target);
        try {
            body.write(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    out.write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() {
                    // committed by AtomicFile
                }
            });
            out.commit();
        } catch (IOException | RuntimeException | Error e) {
            out.abort();
            throw e;
        }
    }
}
