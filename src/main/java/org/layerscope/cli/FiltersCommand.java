package org.layerscope.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.layerscope.capture.CaptureFilters;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code layerscope filters}: the capture filter presets of {@code capture-filters/}. */
@Command(name = "filters", mixinStandardHelpOptions = true,
        description = {"List the capture filter presets (name, BPF expression, what it is for). "
                + "Pass a name to 'run-capture --filter'."})
public final class FiltersCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (CaptureFilters.Preset p : CaptureFilters.all()) {
            out.println(String.format("%-18s %-24s %s", p.name(), p.expression(), p.title()));
        }
        out.flush();
        return 0;
    }
}
