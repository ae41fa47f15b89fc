package org.layerscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layerscope.capture.CaptureSetup;
import org.layerscope.capture.CaptureText;
import org.layerscope.capture.HostOs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code layerscope setup-capture}: once, as root, lets LayerScope capture live without root (Linux). */
@Command(name = "setup-capture", mixinStandardHelpOptions = true,
        description = {"Linux, once, as root: give the runtime LayerScope runs on the capture capabilities "
                + "(setcap cap_net_raw,cap_net_admin=eip) and list its library folders in "
                + "/etc/ld.so.conf.d/layerscope.conf, so live capture works without running the window as root.",
                "Exit status: 0 when done, 2 when it cannot be done here (not Linux, not root, setcap missing)."})
public final class SetupCaptureCommand implements Callable<Integer> {
    @Option(names = "--program", paramLabel = "FILE",
            description = "The program to give the capabilities (default: the one running now, the installer's "
                    + "launcher or the java binary).")
    Path program;

    @Option(names = "--ld-conf", paramLabel = "FILE", hidden = true, description = "Loader configuration file (tests).")
    Path ldConf = CaptureSetup.LD_CONF;

    @Option(names = "--dry-run", description = "Print the commands, change nothing.")
    boolean dryRun;

    @Option(names = "--lang", paramLabel = "en|ja", description = "Language of messages.")
    String lang;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Locale locale = CliSupport.locale(lang);
        HostOs os = HostOs.current();
        if (os != HostOs.LINUX) {
            err.println("layerscope: " + CaptureText.get(locale, "setup.notLinux",
                    CaptureText.get(locale, "capture.fix.no_permission." + os.name().toLowerCase(Locale.ROOT))));
            return 2;
        }
        Path target = (program != null ? program : CaptureSetup.currentProgram()).toAbsolutePath().normalize();
        try {
            target = target.toRealPath();
        } catch (IOException e) {
            err.println("layerscope: " + CaptureText.get(locale, "setup.noProgram", target));
            return 2;
        }
        Path home = Path.of(System.getProperty("java.home"));
        Path programHome = target.getParent() == null ? null : target.getParent().getParent();
        if (program != null && programHome != null && java.nio.file.Files.isDirectory(programHome.resolve("lib/server"))) {
            home = programHome; // another runtime's java
        }
        List<Path> libs = CaptureSetup.libraryFolders(target, home);
        if (dryRun) {
            CaptureSetup.plan(target, libs, ldConf).forEach(out::println);
            return 0;
        }
        if (!CaptureSetup.root()) {
            err.println("layerscope: " + CaptureText.get(locale, "setup.needsRoot"));
            return 2;
        }
        try {
            CaptureSetup.apply(target, libs, ldConf);
        } catch (IOException e) {
            err.println("layerscope: " + CaptureText.get(locale, "setup.failed", e.getMessage()));
            return 2;
        }
        out.println(CaptureText.get(locale, "setup.done", target, CaptureSetup.capabilities(target), ldConf));
        return 0;
    }
}
