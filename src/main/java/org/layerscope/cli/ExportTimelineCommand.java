package org.layerscope.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.layerscope.pcapio.CaptureFormatException;
import org.layerscope.session.CaptureLoader;
import org.layerscope.session.UiText;
import org.layerscope.render.Palette;
import org.layerscope.render.TimelineExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code layerscope export-timeline}: the window's phase timeline as PNG or SVG, with no display. */
@Command(name = "export-timeline", mixinStandardHelpOptions = true,
        description = "Render the phase timeline of a capture (with its legend) to a PNG or SVG file, "
                + "without a window.")
public final class ExportTimelineCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "pcap or pcapng file (gzip allowed)")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "output file, .png or .svg")
    Path out;

    @Option(names = "--width", paramLabel = "N", defaultValue = "1400", description = "width in pixels (default ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--height", paramLabel = "N", defaultValue = "0",
            description = "height in pixels (default: as tall as the connections need)")
    int height;

    @Mixin
    LangOption langOption; // export-timeline: en unless asked

    @Mixin
    KeyLogOption keyLogOption;

    @Option(names = "--filter", paramLabel = "EXPR", description = "Display filter in Wireshark's syntax: draw only the"
            + " matching packets (phases, spans and connections stay those of the whole capture).")
    String filter;

    @Option(names = "--theme", paramLabel = "light|dark", defaultValue = "light", description = "colours (default ${DEFAULT-VALUE})")
    String theme;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        String lang = langOption.lang == null ? "en" : langOption.lang;
        Path keylog = keyLogOption.keylog;
        if (!lang.equals("en") && !lang.equals("ja")) {
            err.println("layerscope: --lang must be en or ja, not " + lang);
            return 2;
        }
        if (width < 200 || width > 20000 || height < 0 || height > 20000) {
            err.println("layerscope: --width must be 200..20000 and --height 0..20000");
            return 2;
        }
        try {
            TimelineExporter.Format.of(out);
        } catch (IllegalArgumentException e) {
            err.println("layerscope: " + e.getMessage());
            return 2;
        }
        org.layerscope.analysis.filter.DisplayFilter df;
        try {
            df = CliSupport.filter(filter);
        } catch (CliSupport.BadInputException e) {
            err.println("layerscope: " + e.getMessage());
            return 2;
        }
        if (!Files.isReadable(file)) {
            err.println("layerscope: cannot read " + file + ": no such file or not readable");
            return 2;
        }
        System.setProperty("java.awt.headless", "true");
        org.layerscope.tls.keys.KeyLog keys = null;
        if (keylog != null) {
            try {
                keys = org.layerscope.tls.keys.KeyLog.read(keylog);
            } catch (java.io.IOException e) {
                err.println("layerscope: cannot read the key log " + keylog + ": " + e.getMessage());
                return 2;
            }
        }
        CaptureLoader loader = new CaptureLoader(file, keys);
        try {
            loader.run();
        } catch (CaptureFormatException e) {
            err.println("layerscope: " + file + ": " + e.getMessage());
            return 2;
        }
        for (String w : loader.warnings()) {
            err.println("layerscope: warning: " + w);
        }
        java.util.BitSet visible = df.isEmpty() ? null
                : org.layerscope.session.RowMatcher.matchingRows(loader.table(), df, () -> false);
        int h = TimelineExporter.export(loader.table(), out, width, height, UiText.parse(lang), Palette.named(theme),
                visible, 0, 0);
        spec.commandLine().getOut().println("wrote " + out + " (" + width + "x" + h + ", "
                + (visible == null ? "" : visible.cardinality() + " of ")
                + loader.table().size() + " packets, " + loader.table().connectionCount() + " connections)");
        if (visible != null && visible.isEmpty()) {
            err.println("layerscope: warning: no packet matches the filter; the timeline shows the connections only");
        }
        return 0;
    }
}
