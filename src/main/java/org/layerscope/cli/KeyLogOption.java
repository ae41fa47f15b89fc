package org.layerscope.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --keylog FILE}: the secrets to decrypt the capture's TLS sessions with ({@code @Mixin}). */
final class KeyLogOption {
    @Option(names = "--keylog", paramLabel = "FILE",
            description = "NSS key log file (SSLKEYLOGFILE format) with the secrets of the capture's TLS sessions.")
    Path keylog;
}
