package org.layerscope.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layerscope.analysis.export.FrameFormatter;
import org.layerscope.capture.CaptureException;
import org.layerscope.capture.CaptureText;
import org.layerscope.capture.Interfaces;
import org.layerscope.capture.NetworkInterfaceInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code layerscope interfaces}: the interfaces live capture can use. */
@Command(name = "interfaces", mixinStandardHelpOptions = true,
        description = {"List the interfaces LayerScope can capture on: name, loopback flag, addresses, description.",
                "Exit status: 0, or 2 when libpcap is missing (with the fix)."})
public final class InterfacesCommand implements Callable<Integer> {
    @Option(names = "--format", defaultValue = "text", paramLabel = "tsv|text",
            description = "tsv (name, loopback, up, addresses separated by commas, description) or text. Default: ${DEFAULT-VALUE}.")
    String format;

    @Mixin
    LangOption langOption;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Locale locale = langOption.locale();
        if (!format.equals("tsv") && !format.equals("text")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format must be tsv or text");
        }
        List<NetworkInterfaceInfo> all;
        try {
            all = Interfaces.list();
        } catch (CaptureException e) {
            err.println("layerscope: " + e.describe(locale));
            String fix = e.fix(locale);
            if (!fix.isEmpty()) {
                err.println("layerscope: " + CaptureText.get(locale, "run.fix", fix));
            }
            return 2;
        }
        if (format.equals("tsv")) {
            out.println("name\tloopback\tup\taddresses\tdescription");
            for (NetworkInterfaceInfo i : all) {
                out.println(i.name() + "\t" + i.loopback() + "\t" + i.up() + "\t" + String.join(",", i.addresses())
                        + "\t" + FrameFormatter.clean(i.description()));
            }
        } else {
            out.println(String.format("%-16s %-8s %-4s %-40s %s", "Name", "Loopback", "Up", "Addresses",
                    "Description"));
            for (NetworkInterfaceInfo i : all) {
                out.println(String.format("%-16s %-8s %-4s %-40s %s", i.name(), i.loopback() ? "yes" : "no",
                        i.up() ? "yes" : "no", String.join(", ", i.addresses()), i.description()));
            }
        }
        out.flush();
        return 0;
    }
}
