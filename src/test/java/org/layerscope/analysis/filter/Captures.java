package org.layerscope.analysis.filter;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.PacketResult;
import org.layerscope.cli.LayerScopeCommand;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.testutil.Tools;

/** The captures the filter tests run on, analysed once (with trees) and kept; and tshark's answer for a filter. */
final class Captures {
    static final Path SAMPLES = Tools.repoRoot().resolve("sample-pcaps");
    static final Path SHARED = Tools.repoRoot().resolve("../shared/wireshark-captures/captures").normalize();
    static final Path SHARED_KEYS = Tools.repoRoot().resolve("../shared/wireshark-captures/keys").normalize();

    /** Shared captures that decrypt with a key log (as in DecryptionDifferentialTest). */
    static final Map<String, String> SHARED_KEYLOGS = Map.of(
            "tls13-rfc8446.pcap", "tls13-rfc8446.keys",
            "tls13-20-chacha20poly1305.pcap", "tls13-20-chacha20poly1305.keys",
            "tls12-chacha20poly1305.pcap", "tls12-chacha20poly1305.keys",
            "dhe1.pcapng.gz", "dhe1_keylog.dat",
            "http2-data-reassembly.pcap", "http2-data-reassembly.keys");

    private static final Map<String, List<PacketResult>> ANALYSES = new ConcurrentHashMap<>();
    private static Path generatedDir;

    private Captures() {
    }

    /**
     * A capture named as in filter-table.tsv: a path under the repository, "shared:NAME", or
     * "generated:commented-tls12.pcapng". Skips (or fails on CI) when a shared capture is missing.
     */
    static Path resolve(String name) throws IOException {
        if (name.startsWith("shared:")) {
            return Tools.requireFile(SHARED.resolve(name.substring(7)), "shared capture " + name.substring(7));
        }
        if (name.equals("generated:commented-tls12.pcapng")) {
            return commented();
        }
        return Tools.requireFile(Tools.repoRoot().resolve(name), "capture " + name);
    }

    static Path keylog(String name) {
        return name.equals("-") ? null : Tools.requireFile(Tools.repoRoot().resolve(name), "key log " + name);
    }

    /** mqtt-tls12-mutual.pcapng with packet comments on frames 6 (one) and 12 (two), written by convert. */
    static synchronized Path commented() throws IOException {
        if (generatedDir == null) {
            generatedDir = Files.createTempDirectory("layerscope-filter");
            generatedDir.toFile().deleteOnExit();
        }
        Path out = generatedDir.resolve("commented-tls12.pcapng");
        if (!Files.exists(out)) {
            StringWriter err = new StringWriter();
            int status = LayerScopeCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "convert",
                    SAMPLES.resolve("mqtt-tls12-mutual.pcapng").toString(), out.toString(),
                    "--comment", "6=the server certificate is checked here", "--comment", "12=publish",
                    "--comment", "12=QoS 1");
            Assertions.assertEquals(0, status, err.toString());
            out.toFile().deleteOnExit();
        }
        return out;
    }

    /** Every frame of the capture, analysed with trees and the key log (null: none); cached. */
    static List<PacketResult> analyze(Path capture, Path keylog) {
        return ANALYSES.computeIfAbsent(capture + "|" + keylog, k -> {
            try {
                List<PacketResult> out = new ArrayList<>();
                org.layerscope.tls.keys.KeyLog keys = keylog == null ? new org.layerscope.tls.keys.KeyLog()
                        : org.layerscope.tls.keys.KeyLog.read(keylog);
                Analyzer a = new Analyzer(true, out::add, keys);
                try (CaptureReader r = CaptureFiles.open(capture)) {
                    for (RawFrame f; (f = r.next()) != null; ) {
                        a.addSecrets(r.secrets());
                        a.accept(f);
                    }
                }
                a.finish();
                return out;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** The frame numbers the filter selects. */
    static List<Long> select(DisplayFilter f, List<PacketResult> frames) {
        List<Long> l = new ArrayList<>();
        for (PacketResult r : frames) {
            if (f.matches(r)) {
                l.add(r.number());
            }
        }
        return l;
    }

    /** The frame numbers {@code tshark -n -2 -Y expression} selects, with an empty profile. */
    static List<Long> tshark(Path capture, Path keylog, String expression) throws IOException {
        String tshark = Tools.require("tshark").toString();
        Path config = emptyConfig();
        {
            List<String> cmd = new ArrayList<>(List.of(tshark, "-n", "-2", "-r", capture.toString()));
            if (keylog != null) {
                cmd.addAll(List.of("-o", "tls.keylog_file:" + keylog));
            }
            cmd.addAll(List.of("-Y", expression, "-T", "fields", "-e", "frame.number"));
            Tools.Result r = Tools.run(cmd, Map.of("WIRESHARK_CONFIG_DIR", config.toString()), Duration.ofSeconds(120));
            Assertions.assertEquals(0, r.exitCode(), "tshark failed on '" + expression + "': " + r.stderr());
            List<Long> l = new ArrayList<>();
            for (String line : r.lines()) {
                if (!line.isBlank()) {
                    l.add(Long.parseLong(line.trim()));
                }
            }
            return l;
        }
    }

    private static Path config;

    /** An empty Wireshark profile directory, so that no user preference changes tshark's answers. */
    private static synchronized Path emptyConfig() throws IOException {
        if (config == null) {
            config = Files.createTempDirectory("wireshark-config");
            config.toFile().deleteOnExit();
        }
        return config;
    }

    /** "4,6,8-9" or "-" as frame numbers. */
    static List<Long> frames(String spec) {
        List<Long> l = new ArrayList<>();
        if (spec.equals("-")) {
            return l;
        }
        for (String part : spec.split(",")) {
            int dash = part.indexOf('-');
            if (dash < 0) {
                l.add(Long.parseLong(part));
            } else {
                for (long n = Long.parseLong(part.substring(0, dash)); n <= Long.parseLong(part.substring(dash + 1)); n++) {
                    l.add(n);
                }
            }
        }
        return l;
    }

    /** The sample captures and every shared capture (with its key log where one exists), as (capture, keylog or null). */
    static List<Path[]> all() throws IOException {
        List<Path[]> l = new ArrayList<>();
        try (Stream<Path> s = Files.list(SAMPLES)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".pcapng")).sorted().toList()) {
                l.add(new Path[] {p, null});
                Path k = p.resolveSibling(p.getFileName().toString().replaceAll("\\.pcapng$", ".keylog"));
                if (Files.exists(k)) {
                    l.add(new Path[] {p, k});
                }
            }
        }
        // ARP, ICMP, ICMPv6, DNS, fragments (src/test/resources/other/make-other-captures.sh)
        try (Stream<Path> s = Files.list(Tools.repoRoot().resolve("src/test/resources/other"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".pcapng")).sorted().toList()) {
                l.add(new Path[] {p, null});
            }
        }
        Tools.requireFile(SHARED, "the shared Wireshark test captures");
        try (Stream<Path> s = Files.list(SHARED)) {
            for (Path p : s.filter(p -> !p.toString().endsWith(".tsv") && !p.toString().endsWith(".txt")).sorted().toList()) {
                l.add(new Path[] {p, null});
                String k = SHARED_KEYLOGS.get(p.getFileName().toString());
                if (k != null) {
                    l.add(new Path[] {p, SHARED_KEYS.resolve(k)});
                }
            }
        }
        return l;
    }
}
