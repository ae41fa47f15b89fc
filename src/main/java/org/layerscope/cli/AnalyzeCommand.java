package org.layerscope.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.export.FrameFormatter;
import org.layerscope.analysis.export.TsvWriter;
import org.layerscope.analysis.filter.DisplayFilter;
import org.layerscope.tls.keys.KeyLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code layerscope analyze FILE}: every frame with its layers and phase. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Read a pcap or pcapng file and print every frame with its TCP, TLS and MQTT layers and its phase.",
                "Exit status: 0 when the file was read, 2 when it is missing, unreadable or not a capture."})
public final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Capture file (pcap or pcapng, optionally gzip-compressed).")
    Path file;

    @Option(names = "--format", defaultValue = "text", paramLabel = "tsv|json|text|csv",
            description = "Output format: tsv (one line per frame, fixed columns), json (JSON Lines with the field tree), text (a table for people)"
                    + " or csv (a packet list like Wireshark's CSV export: No.,Time,Source,Destination,Protocol,Length,Phase,Label,Info,Comments)."
                    + " Default: ${DEFAULT-VALUE}.")
    FrameFormatter.Format format;

    @Mixin
    KeyLogOption keyLogOption;

    @Mixin
    LangOption langOption;

    @Option(names = "--no-tree", description = "json: leave out the field tree (faster, smaller).")
    boolean noTree;

    @Option(names = "--filter", paramLabel = "EXPR", description = "Display filter in Wireshark's syntax (e.g. 'tls.handshake.type == 1 || mqtt', 'phase == \"tls-handshake\"'):"
            + " print only the matching frames. Phases are still computed on the whole capture. A bad expression exits with 2.")
    String filter;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Locale locale = langOption.locale();
        DisplayFilter df;
        KeyLog keys;
        try {
            df = CliSupport.filter(filter);
            keys = CliSupport.keyLog(keyLogOption.keylog, err);
        } catch (CliSupport.BadInputException e) {
            err.println("layerscope: " + e.getMessage());
            return 2;
        }
        Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        // tsv, the format of scripts and big captures, is written as bytes directly (no character encoder)
        TsvWriter tsv = format == FrameFormatter.Format.tsv ? new TsvWriter(System.out) : null;
        FrameFormatter fmt = FrameFormatter.create(format, w, locale, !noTree);
        boolean trees = format == FrameFormatter.Format.json && !noTree || df.buildsTree();
        boolean[] started = {false};
        // the frames are formatted and written on a second thread, in order
        BackgroundFormatter output = new BackgroundFormatter(r -> {
            if (!df.matches(r)) {
                return;
            }
            if (!started[0]) {
                started[0] = true;
                header(tsv, fmt);
            }
            if (tsv != null) {
                tsv.frame(r);
            } else {
                fmt.frame(r);
            }
        });
        // the tsv, csv and text lines need the analysis, not the frames' bytes (a filter may look at them)
        Analyzer analyzer = new Analyzer(trees, output, keys).keepConnections(false)
                .keepFrameBytes(format == FrameFormatter.Format.json || filter != null);
        int status;
        try {
            status = CliSupport.readCapture(file, analyzer, err);
        } finally {
            output.close();
        }
        if (!started[0] && status == 0) {
            header(tsv, fmt);
        }
        if (tsv != null) {
            tsv.flush();
        } else {
            fmt.footer();
            w.flush();
        }
        return status;
    }

    private static void header(TsvWriter tsv, FrameFormatter fmt) throws IOException {
        if (tsv != null) {
            tsv.header();
        } else {
            fmt.header();
        }
    }
}
