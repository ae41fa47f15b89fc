package org.layerscope.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code layerscope} command line. */
@Command(name = "layerscope", mixinStandardHelpOptions = true, version = "LayerScope 0.1.0",
        description = "See how a message crosses TCP, TLS and MQTT.")
public final class LayerScopeCommand implements Runnable {
    /** The subcommands, in the order the help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(AnalyzeCommand.class, DiagnoseCommand.class,
            ConvertCommand.class, RunCaptureCommand.class, InterfacesCommand.class, SetupCaptureCommand.class,
            FiltersCommand.class, ExportTimelineCommand.class, ScenariosCommand.class, LessonCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and returns the exit status (0 ok, 2 bad arguments or unreadable input). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** The whole command line: {@code layerscope} with every subcommand. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * {@code layerscope} with only the subcommand named {@code only} when it is one (the others' models are not
     * built: picocli makes each command's model by reflection, a noticeable part of a short command's start), else
     * with every subcommand (for the help, {@code help NAME}, a mistyped name).
     */
    private static CommandLine commandLine(String only) {
        CommandLine cl = new CommandLine(new LayerScopeCommand());
        Class<?> one = null;
        for (Class<?> c : SUBCOMMANDS) {
            if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(only)) {
                one = c;
            }
        }
        for (Class<?> c : one != null ? List.of(one) : SUBCOMMANDS) {
            cl.addSubcommand(c);
        }
        return cl;
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(args.length > 0 ? args[0] : null);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println(CliSupport.failureMessage(ex));
            return 2;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("layerscope: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try 'layerscope " + ex.getCommandLine().getCommandName()
                    + " --help' for more information.");
            return 2;
        });
        try {
            return cl.execute(args);
        } catch (Throwable e) { // an Error (out of memory, stack overflow) passes picocli's handler: one line, exit 2
            CliSupport.releaseReserve();
            out.flush();
            err.println(CliSupport.failureMessage(e));
            err.flush();
            return 2;
        }
    }
}
