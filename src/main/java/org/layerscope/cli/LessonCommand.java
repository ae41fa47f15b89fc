package org.layerscope.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.ConnectionSummary;
import org.layerscope.pcapio.AtomicFile;
import org.layerscope.session.lesson.Lesson;
import org.layerscope.session.lesson.LessonCollector;
import org.layerscope.session.lesson.LessonFormats;
import org.layerscope.session.lesson.LessonHtml;
import org.layerscope.session.lesson.LessonText;
import org.layerscope.tls.keys.KeyLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code layerscope lesson FILE}: the steps of one connection, told for a class. */
@Command(name = "lesson", mixinStandardHelpOptions = true,
        description = {"Tell one TCP connection step by step, as a teacher would: the TCP handshake, each TLS handshake"
                + " message or flight, the MQTT packets (decrypted with a key log, guessed without), alerts, FIN and RST;"
                + " for a failed connection, where and why it stopped.",
                "tsv: a header line 'step frames phase from title narration', then one tab-separated line per step.",
                "text: a numbered list for people.",
                "html: a self-contained slideshow (one section per step, arrow keys and space step through it, offline).",
                "Exit status: 0 when the lesson was written, 2 for a missing or unreadable file, a bad option or a"
                        + " connection that is not in the file."})
public final class LessonCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Capture file (pcap or pcapng).")
    Path file;

    @Option(names = "--keylog", paramLabel = "FILE", description = "NSS key log file to decrypt TLS sessions.")
    Path keylog;

    @Option(names = "--stream", paramLabel = "N",
            description = "The TCP connection (tcp.stream index from 0; default: the first that carries TLS or MQTT,"
                    + " else the first).")
    Integer stream;

    @Option(names = "--lang", paramLabel = "en|ja", description = "Language of the lesson (default: the system's).")
    String lang;

    @Option(names = "--format", defaultValue = "text", paramLabel = "tsv|text|html",
            description = "Output format: tsv, text or html (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to this file instead of standard output.")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("tsv") && !format.equals("text") && !format.equals("html")) {
            err.println("layerscope: --format must be tsv, text or html, not '" + format + "'");
            return 2;
        }
        if (lang != null && !lang.equalsIgnoreCase("en") && !lang.equalsIgnoreCase("ja")) {
            err.println("layerscope: --lang must be en or ja, not '" + lang + "'");
            return 2;
        }
        if (stream != null && stream < 0) {
            err.println("layerscope: --stream must be a connection index from 0 (as tshark's tcp.stream), not " + stream);
            return 2;
        }
        KeyLog keys;
        try {
            keys = CliSupport.keyLog(keylog, err);
        } catch (CliSupport.BadInputException e) {
            err.println("layerscope: " + e.getMessage());
            return 2;
        }
        LessonCollector collector = new LessonCollector(stream == null ? -1 : stream);
        Analyzer analyzer = new Analyzer(true, collector, keys);
        int status = CliSupport.readCapture(file, analyzer, err);
        if (status != 0 && analyzer.frameCount() == 0) {
            return status;
        }
        if (collector.overflowed()) {
            // a long capture whose first TLS or MQTT connection came late: read it again for that connection only
            collector = new LessonCollector(collector.stream());
            analyzer = new Analyzer(true, collector, keys);
            status = Math.max(status, CliSupport.readCapture(file, analyzer, err));
        }
        List<ConnectionSummary> conns = analyzer.connections();
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        Lesson lesson = collector.lesson(name, conns);
        if (lesson == null) {
            if (conns.isEmpty()) {
                err.println("layerscope: " + file + " holds no TCP connection: there is nothing to tell");
            } else if (stream != null) {
                err.println("layerscope: " + file + " has no TCP stream " + stream + " (its streams are 0 to "
                        + (conns.size() - 1) + "; see 'layerscope diagnose')");
            } else {
                err.println("layerscope: no lesson could be made of " + file + "; pick a connection with --stream N"
                        + " (0 to " + (conns.size() - 1) + ")");
            }
            return 2;
        }
        LessonText t = LessonText.of(CliSupport.locale(lang));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintWriter w = new PrintWriter(new OutputStreamWriter(buf, StandardCharsets.UTF_8));
        switch (format) {
            case "tsv" -> LessonFormats.tsv(w, lesson, t);
            case "html" -> LessonHtml.write(w, lesson, t);
            default -> LessonFormats.text(w, lesson, t);
        }
        w.flush();
        if (out != null) {
            try {
                AtomicFile.write(out, o -> buf.writeTo(o));
            } catch (IOException e) {
                err.println("layerscope: cannot write " + out + ": " + e.getMessage());
                return 2;
            }
            spec.commandLine().getOut().println("wrote " + out + " (" + lesson.steps().size() + " steps)");
            spec.commandLine().getOut().flush();
        } else {
            System.out.write(buf.toByteArray());
            System.out.flush();
        }
        return status;
    }
}
