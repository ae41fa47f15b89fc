package org.layerscope.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layerscope.analysis.Messages;
import org.layerscope.demo.Scenario;
import org.layerscope.demo.TlsVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code layerscope scenarios}: what {@code run-capture --scenario NAME} can stage, and the verdict it gets. */
@Command(name = "scenarios", mixinStandardHelpOptions = true,
        description = {"List the connection failures 'run-capture --scenario NAME' stages on the embedded broker.",
                "One tab-separated line per scenario: name, the verdict 'diagnose FILE --keylog KEYS' gives to the "
                        + "capture's first connection, and what is staged."})
public final class ScenariosCommand implements Callable<Integer> {
    @Option(names = "--lang", paramLabel = "en|ja", description = "Language of the descriptions.")
    String lang;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Locale locale = CliSupport.locale(lang);
        // UTF-8 whatever the platform's encoding, as analyze and diagnose write (the Japanese descriptions)
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out,
                java.nio.charset.StandardCharsets.UTF_8));
        out.println(Messages.get(locale, "scenarios.header"));
        for (Scenario s : Scenario.values()) {
            String v12 = s.expectedVerdict(TlsVersion.V1_2);
            out.println(s.id() + "\t" + s.expectedVerdict() + "\t" + Messages.get(locale, s.descriptionKey())
                    + (v12.equals(s.expectedVerdict()) ? "" : " " + Messages.get(locale, "scenarios.tls12", v12)));
        }
        out.flush();
        return 0;
    }
}
