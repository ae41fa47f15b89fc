package org.layerscope.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.layerscope.cli.LayerScopeCommand;
import org.layerscope.ui.ReplayRunCaptureService;
import org.layerscope.ui.RunCaptureService;
import org.layerscope.ui.UnavailableRunCaptureService;

/**
 * Entry point of {@code java -jar layerscope.jar}: with no arguments (or just a capture file) it opens
 * the window; with a subcommand (or an option such as {@code --help}) it runs the command line.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        java.util.OptionalInt relaunched = HeapLauncher.relaunch(args);
        if (relaunched.isPresent()) {
            System.exit(relaunched.getAsInt());
        }
        if (args.length == 0 || (args.length == 1 && !args[0].startsWith("-") && !subcommands().contains(args[0]))) {
            Path file = args.length == 1 ? Path.of(args[0]) : null;
            if (file != null && !Files.exists(file)) {
                System.err.println("layerscope: " + args[0] + ": no such file (and not a subcommand: "
                        + String.join(", ", subcommands()) + ")");
                System.exit(2);
            }
            System.exit(window(file));
        }
        System.exit(LayerScopeCommand.run(args));
    }

    static Set<String> subcommands() {
        return LayerScopeCommand.commandLine().getSubcommands().keySet();
    }

    private static int window(Path file) {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.contains("linux") && System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null
                && !"Monocle".equals(System.getProperty("glass.platform"))) {
            System.err.println("layerscope: no display to open the window on (DISPLAY is not set).");
            System.err.println("  Run it on a desktop, or under a virtual display: xvfb-run -a java -jar target/layerscope.jar");
            System.err.println("  The command line works without a display: java -jar target/layerscope.jar --help");
            return 3;
        }
        QuickJit.apply(); // LayerScope's code on the quick compiler only, as the command line (see QuickJit)
        if (JavaFxLayer.visible()) {
            return Window.open(file);
        }
        try {
            return JavaFxLayer.open(file);
        } catch (java.lang.reflect.InvocationTargetException e) {
            System.err.println("layerscope: cannot open the window: " + e.getCause());
            return 3;
        } catch (java.io.IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            System.err.println("layerscope: cannot open the window: " + e.getMessage());
            return 3;
        }
    }

    /** The live-capture engine the window uses (the capture packages plug in here). */
    public static RunCaptureService captureService() {
        String replay = System.getProperty("layerscope.replay");
        if (replay != null) {
            return new ReplayRunCaptureService(Path.of(replay), Double.parseDouble(System.getProperty("layerscope.replaySpeed", "1")));
        }
        try {
            return new EngineRunCaptureService();
        } catch (LinkageError e) {
            return new UnavailableRunCaptureService();
        }
    }
}
