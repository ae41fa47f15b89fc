package org.layerscope.cli;

import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --lang en|ja}, shared by the commands that print labels, explanations or messages ({@code @Mixin}). */
final class LangOption {
    @Option(names = "--lang", paramLabel = "en|ja",
            description = "Language of labels, explanations and messages: en or ja (default: the system's).")
    String lang;

    /** The language asked for, or the system's (Japanese when it is Japanese, else English). */
    Locale locale() {
        return CliSupport.locale(lang);
    }
}
