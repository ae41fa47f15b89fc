package org.layerscope.session.lesson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.layerscope.analysis.Analyzer;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.tls.keys.KeyLog;

/** The lesson of a capture file (a second capture to compare with), read in one pass. Free of JavaFX. */
public final class FileLessons {
    private FileLessons() {
    }

    /**
     * The lesson of the first connection carrying TLS or MQTT in {@code file}, decrypted with the key log next to it
     * ({@code X.keylog} beside {@code X.pcapng}) when there is one. Null when the file holds no TCP connection.
     */
    public static Lesson read(Path file) throws IOException {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path keyFile = file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".keylog");
        KeyLog keys = null;
        if (Files.isRegularFile(keyFile)) {
            keys = new KeyLog();
            keys.addAll(keyFile);
        }
        LessonCollector collector = new LessonCollector(-1);
        Analyzer a = pass(file, collector, keys);
        if (collector.overflowed()) {
            // a long capture whose first TLS or MQTT connection came late: read it again for that connection only
            collector = new LessonCollector(collector.stream());
            a = pass(file, collector, keys);
        }
        return collector.lesson(name, a.connections());
    }

    private static Analyzer pass(Path file, LessonCollector collector, KeyLog keys) throws IOException {
        Analyzer a = new Analyzer(true, collector, keys);
        try (CaptureReader reader = CaptureFiles.open(file)) {
            RawFrame f;
            int secrets = 0;
            while ((f = reader.next()) != null) {
                if (reader.secrets().size() != secrets) {
                    secrets = reader.secrets().size();
                    a.addSecrets(reader.secrets());
                }
                a.accept(f);
            }
        }
        a.finish();
        return a;
    }
}
