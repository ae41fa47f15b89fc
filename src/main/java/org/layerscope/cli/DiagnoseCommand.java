package org.layerscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.filter.DisplayFilter;
import org.layerscope.tls.keys.KeyLog;
import org.layerscope.analysis.ConnectionSummary;
import org.layerscope.analysis.export.DiagnoseReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code layerscope diagnose FILE}: where did each connection stop, and why. */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = {"Say for every TCP connection how far it got, who stopped it and why, with timings and bytes per layer.",
                "text: one tab-separated line per connection (stream client server reached verdict frame explanation), then the summary.",
                "json: one object per connection.",
                "markdown: a report for people (a table of the connections, then a section per connection).",
                "Exit status: 0 when the file was read, 2 when it is missing, unreadable or not a capture."})
public final class DiagnoseCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Capture file (pcap or pcapng).")
    Path file;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|markdown",
            description = "Output format: text, json or markdown (default: ${DEFAULT-VALUE}).")
    String format;

    @Mixin
    KeyLogOption keyLogOption;

    @Mixin
    LangOption langOption;

    @Option(names = "--filter", paramLabel = "EXPR", description = "Display filter in Wireshark's syntax: report only the connections"
            + " with at least one matching frame (their verdicts still come from all their frames). A bad expression exits with 2.")
    String filter;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("text") && !format.equals("json") && !format.equals("markdown")) {
            err.println("layerscope: --format must be text, json or markdown, not '" + format + "'");
            return 2;
        }
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
        java.util.BitSet matched = new java.util.BitSet();
        Analyzer analyzer = new Analyzer(df.needsTree(), df.isEmpty() ? r -> { } : r -> {
            if (r.stream() >= 0 && !matched.get(r.stream()) && df.matches(r)) {
                matched.set(r.stream());
            }
        }, keys);
        int status = CliSupport.readCapture(file, analyzer, err);
        if (status != 0 && analyzer.frameCount() == 0) {
            return status;
        }
        List<ConnectionSummary> conns = analyzer.connections();
        if (!df.isEmpty()) {
            conns = conns.stream().filter(c -> matched.get(c.stream())).toList();
        }
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8));
        switch (format) {
            case "json" -> DiagnoseReport.json(out, conns, locale);
            case "markdown" -> DiagnoseReport.markdown(out, conns, locale, file.getFileName().toString());
            default -> DiagnoseReport.text(out, conns, locale);
        }
        out.flush();
        return status;
    }
}
