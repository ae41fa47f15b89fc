package org.layerscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.export.FrameFormatter;
import org.layerscope.capture.CaptureText;
import org.layerscope.demo.RunCapture;
import org.layerscope.demo.Scenario;
import org.layerscope.demo.TlsVersion;
import org.layerscope.tls.keys.KeyLog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code layerscope run-capture}: capture while publishing one MQTT message over mutual TLS, then print the
 * capture's analysis exactly as {@code analyze} does.
 */
@Command(name = "run-capture", mixinStandardHelpOptions = true,
        description = {"Capture live while publishing one MQTT message over mutual TLS (like the AWS IoT sample), "
                + "save the capture as pcapng and print its analysis in the 'analyze' format.",
                "Progress lines (the sample's 'Connecting to ...', 'Connected!', ...) and status go to standard "
                        + "error; standard output carries only the analysis.",
                "LayerScope records the TLS secrets of its own sessions in memory, so the analysis shows the MQTT "
                        + "packets inside the TLS; --keylog saves them, --embed-secrets puts them in the capture.",
                "--scenario NAME stages one of the ways a device's connection breaks ('layerscope scenarios').",
                "Exit status: 0 when the message was acknowledged, 3 when the exchange failed (the capture and its "
                        + "analysis are still saved and printed, with the client's error), 2 for bad arguments or a "
                        + "capture that could not start (with the fix)."})
public final class RunCaptureCommand implements Callable<Integer> {
    @Option(names = "--profile", defaultValue = "embedded", paramLabel = "embedded|FILE",
            description = "'embedded' (default: an in-process broker with mutual TLS on 127.0.0.1) or a profile file "
                    + "(Java properties: endpoint, port, cert, key, ca, client-id, topic, message, qos, tls-version, alpn).")
    String profile;

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "Stage a connection failure on the embedded broker instead of the normal exchange "
                    + "('layerscope scenarios' lists them with the verdict 'diagnose' gives). Default: ok.")
    String scenario;

    @Option(names = "--tls", paramLabel = "1.2|1.3|auto",
            description = "TLS version the client offers (default: the profile's; 'auto' for the embedded broker).")
    String tls;

    @Option(names = "--interface", paramLabel = "IF",
            description = "Interface to capture on (default: loopback for a local broker, else the one that routes to the endpoint).")
    String iface;

    @Option(names = "--filter", paramLabel = "EXPR",
            description = "BPF capture filter or preset name ('layerscope filters'); default: tcp port PORT of the target.")
    String filter;

    @Option(names = "--out", paramLabel = "FILE.pcapng",
            description = "Where to save the capture (default: a new file in ~/.layerscope/captures).")
    Path outFile;

    @Option(names = "--format", defaultValue = "text", paramLabel = "tsv|json|text|csv",
            description = "Output format of the analysis, as for 'analyze'. Default: ${DEFAULT-VALUE}.")
    FrameFormatter.Format format;

    @Option(names = "--port", defaultValue = "8883", paramLabel = "PORT",
            description = "Port of the embedded broker (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    LangOption langOption;

    @Option(names = "--no-tree", description = "json: leave out the field tree.")
    boolean noTree;

    @Option(names = "--keylog", paramLabel = "FILE",
            description = "Also write the TLS secrets of the capture's sessions to FILE (NSS key log format, "
                    + "SSLKEYLOGFILE; readable by its owner only), for Wireshark's or tshark's tls.keylog_file.")
    Path keylogFile;

    @Option(names = "--embed-secrets",
            description = "Embed the TLS secrets of the capture's sessions in the saved pcapng (a Decryption Secrets "
                    + "Block), so Wireshark and tshark open it decrypted. Anyone with the file can then decrypt them.")
    boolean embedSecrets;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        Locale locale = langOption.locale();
        TlsVersion tlsVersion = null;
        if (tls != null) {
            try {
                tlsVersion = TlsVersion.parse(tls);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--tls: " + e.getMessage());
            }
        }
        if (port < 1 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be from 1 to 65535");
        }
        if (keylogFile != null && java.nio.file.Files.isDirectory(keylogFile)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--keylog: " + keylogFile
                    + " is a folder; give a file name");
        }
        Scenario staged = Scenario.OK;
        if (scenario != null) {
            staged = Scenario.byId(scenario).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                    "--scenario: unknown scenario '" + scenario + "' (one of: " + Scenario.names() + ")"));
        }
        Path profileFile = "embedded".equals(profile) ? null : Path.of(profile);
        RunCapture run = new RunCapture(new RunCapture.Request(profileFile, tlsVersion, iface, filter, outFile, port,
                null, locale, staged), new RunCapture.Listener() {
                    @Override
                    public void progress(String line) {
                        err.println(line);
                        err.flush();
                    }

                    @Override
                    public void status(String line) {
                        err.println("layerscope: " + line);
                        err.flush();
                    }
                });
        RunCapture.Result result;
        try {
            result = run.run();
        } catch (RunCapture.SetupException e) {
            err.println("layerscope: " + e.getMessage());
            if (!e.fix().isEmpty()) {
                err.println("layerscope: " + CaptureText.get(locale, "run.fix", e.fix()));
            }
            err.flush();
            return 2;
        }
        if (result.stats().error() != null) {
            err.println("layerscope: warning: " + result.stats().error().describe(locale));
        }
        int status = saveSecrets(result, err, locale);
        int analysed = printAnalysis(result.stats().file(), result.keyLog(), out, err, locale);
        status = Math.max(status, analysed);
        if (!result.acknowledged()) {
            err.println("layerscope: " + CaptureText.get(locale, "run.failed", result.outcome().error()));
            err.flush();
            return 3;
        }
        return status;
    }

    /** {@code --embed-secrets} and {@code --keylog}: 2 when a file could not be written, else 0. */
    private int saveSecrets(RunCapture.Result result, PrintWriter err, Locale locale) {
        int status = 0;
        if (embedSecrets) {
            Path file = result.stats().file();
            try {
                int n = result.embedSecrets();
                err.println("layerscope: " + (n == 0 ? CaptureText.get(locale, "run.secrets.none_embedded", file)
                        : CaptureText.get(locale, "run.secrets.embedded", Integer.toString(n), file)));
            } catch (IOException | RuntimeException e) {
                err.println("layerscope: " + CaptureText.get(locale, "run.secrets.write_failed", file, e.getMessage()));
                status = 2;
            }
        }
        if (keylogFile != null) {
            try {
                Path parent = keylogFile.toAbsolutePath().getParent();
                if (parent != null) {
                    java.nio.file.Files.createDirectories(parent);
                }
                int n = result.writeKeyLog(keylogFile);
                err.println("layerscope: " + (n == 0 ? CaptureText.get(locale, "run.secrets.none_keylog", keylogFile)
                        : CaptureText.get(locale, "run.secrets.keylog", Integer.toString(n), keylogFile)));
            } catch (IOException | RuntimeException e) {
                err.println("layerscope: " + CaptureText.get(locale, "run.secrets.write_failed", keylogFile,
                        e.getMessage()));
                status = 2;
            }
        }
        err.flush();
        return status;
    }

    /** The same output as {@code analyze FILE --keylog KEYS --format ...}, with the run's secrets. */
    private int printAnalysis(Path file, KeyLog keys, PrintWriter out, PrintWriter err, Locale locale)
            throws IOException {
        FrameFormatter fmt = FrameFormatter.create(format, out, locale, !noTree);
        boolean trees = format == FrameFormatter.Format.json && !noTree;
        fmt.header();
        Analyzer analyzer = new Analyzer(trees, r -> {
            try {
                fmt.frame(r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, keys);
        int status = CliSupport.readCapture(file, analyzer, err);
        fmt.footer();
        out.flush();
        return status;
    }
}
