package org.layerscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.PacketResult;
import org.layerscope.dissect.tls.TlsRecord;
import org.layerscope.model.Phase;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.testutil.Tools;
import org.layerscope.tls.keys.KeyLog;
import org.layerscope.tls.keys.SecretsBlocks;

/** Shared checks of the Run &amp; Capture command-line tests. */
final class RunCaptureSupport {
    static final List<String> SAMPLE_LINES = List.of("Connecting to localhost with client ID 'basicPubSub'...",
            "Connected!", "Publishing message to topic 'sdk/test/python': test message", "Disconnecting...",
            "Disconnected!");

    private RunCaptureSupport() {
    }

    /** A finished in-process command. */
    record Run(int exit, String out, String err) {
        List<String> errLines() {
            return List.of(err.split("\r?\n"));
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LayerScopeCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    static List<PacketResult> analyze(Path file) throws IOException {
        return analyze(file, new KeyLog());
    }

    /** The analysis of a saved capture with these secrets (and the file's own secrets blocks). */
    static List<PacketResult> analyze(Path file, KeyLog keys) throws IOException {
        List<PacketResult> out = new ArrayList<>();
        Analyzer a = new Analyzer(false, out::add, keys);
        try (CaptureReader r = CaptureFiles.open(file)) {
            RawFrame f;
            while ((f = r.next()) != null) {
                a.addSecrets(r.secrets());
                a.accept(f);
            }
        }
        a.finish();
        return out;
    }

    /** What LayerScope's own session shows inside its TLS: CONNECT, CONNACK, PUBLISH, PUBACK, DISCONNECT. */
    static final List<Integer> INSIDE = List.of(1, 2, 3, 4, 14);

    /** The MQTT types of the {@code mqtt} column of {@code analyze --format tsv} output, in order. */
    static List<Integer> tsvMqttTypes(String tsv) {
        List<String> lines = List.of(tsv.split("\n"));
        int col = List.of(lines.get(0).split("\t", -1)).indexOf("mqtt");
        List<Integer> types = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String v = line.split("\t", -1)[col];
            if (!v.isEmpty()) {
                for (String t : v.split(",")) {
                    types.add(Integer.parseInt(t));
                }
            }
        }
        return types;
    }

    /** The {@code phase} column of TSV output. */
    static List<String> tsvPhases(String tsv) {
        List<String> lines = List.of(tsv.split("\n"));
        int col = List.of(lines.get(0).split("\t", -1)).indexOf("phase");
        return lines.subList(1, lines.size()).stream().map(l -> l.split("\t", -1)[col]).toList();
    }

    /** The TSV analysis shows the MQTT inside the TLS, and every phase is exact (none inferred, no '?'). */
    static void assertInsideVisible(String tsv) {
        assertEquals(INSIDE, tsvMqttTypes(tsv), tsv);
        assertTrue(tsvPhases(tsv).stream().noneMatch(p -> p.endsWith("?")), "exact phases: " + tsvPhases(tsv));
    }

    /**
     * tshark's {@code mqtt.msgtype} of every frame with MQTT (two passes, MQTT over TLS on {@code port}), with
     * {@code options} such as {@code -o tls.keylog_file:FILE}; none when it cannot decrypt.
     */
    static List<Integer> tsharkMqttTypes(Path file, int port, String... options) {
        List<String> cmd = new ArrayList<>(List.of(Tools.require("tshark").toString(), "-r", file.toString(), "-2",
                "-d", "tcp.port==" + port + ",tls", "-d", "tls.port==" + port + ",mqtt"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-T", "fields", "-e", "mqtt.msgtype"));
        List<Integer> types = new ArrayList<>();
        for (String line : Tools.run(cmd, java.util.Map.of(), java.time.Duration.ofSeconds(60)).requireSuccess()
                .lines()) {
            for (String t : line.split(",")) {
                if (!t.isBlank()) {
                    types.add(Integer.parseInt(t.strip()));
                }
            }
        }
        return types;
    }

    /** The secrets of a key log as lower-case hex (what must never appear in output). */
    static List<String> secretsHex(KeyLog keys) {
        List<String> hex = new ArrayList<>();
        for (String line : keys.toNssText().split("\n")) {
            String[] parts = line.split(" ");
            if (parts.length == 3) {
                hex.add(parts[2].toLowerCase(java.util.Locale.ROOT));
            }
        }
        return hex;
    }

    /** None of the secrets appears in {@code text}, in lower- or upper-case hex. */
    static void assertNoSecretIn(String text, KeyLog keys, String what) {
        List<String> hex = secretsHex(keys);
        assertFalse(hex.isEmpty(), "secrets to look for");
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        for (String h : hex) {
            assertFalse(lower.contains(h), "a secret appears in " + what);
            assertFalse(lower.contains(h.substring(0, 32)), "part of a secret appears in " + what);
        }
    }

    /** The secrets of the capture's own Decryption Secrets Blocks. */
    static KeyLog embeddedSecrets(Path file) throws IOException {
        try (CaptureReader r = CaptureFiles.open(file)) {
            while (r.next() != null) {
                // read every block
            }
            return SecretsBlocks.toKeyLog(r.secrets());
        }
    }

    /** The file's POSIX permissions, as {@code rw-------}. */
    static String permissions(Path file) throws IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    /** The phases of the capture's one connection, in order and without repeats. */
    static List<Phase> phaseSequence(List<PacketResult> results) {
        List<Phase> seq = new ArrayList<>();
        for (PacketResult r : results) {
            if (r.isTcp() && (seq.isEmpty() || seq.get(seq.size() - 1) != r.phase())) {
                seq.add(r.phase());
            }
        }
        return seq;
    }

    /** A whole successful exchange: the four phases in order, handshake records in the handshake phase. */
    static void assertFullExchange(Path file) throws IOException {
        List<PacketResult> results = analyze(file);
        assertEquals(List.of(Phase.TCP_HANDSHAKE, Phase.TLS_HANDSHAKE, Phase.APPLICATION_DATA, Phase.TEARDOWN),
                phaseSequence(results), "phases of " + file);
        assertEquals(1, results.stream().mapToInt(PacketResult::stream).distinct().count(), "one connection");
        List<Integer> handshakeTypes = results.stream().filter(r -> r.phase() == Phase.TLS_HANDSHAKE)
                .flatMap(r -> r.tlsRecords().stream()).map(TlsRecord::contentType).toList();
        assertTrue(handshakeTypes.contains(TlsRecord.HANDSHAKE), "handshake records: " + handshakeTypes);
        // the first record of each side is a handshake record (ClientHello, ServerHello)
        assertEquals(TlsRecord.HANDSHAKE, handshakeTypes.get(0));
    }

    /** tshark's Info column of every frame, decoding the port as TLS. */
    static List<String> tsharkInfo(Path file, int port) {
        Path tshark = Tools.require("tshark");
        return Tools.run(tshark.toString(), "-r", file.toString(), "-d", "tcp.port==" + port + ",tls", "-T",
                "fields", "-e", "_ws.col.Info").requireSuccess().lines();
    }

    /** tshark sees the handshake messages and the same number of frames as LayerScope. */
    static void assertTsharkSeesHandshake(Path file, int port, boolean certificateVisible) throws IOException {
        List<String> info = tsharkInfo(file, port);
        assertEquals(analyze(file).size(), info.size(), "same frames as tshark");
        String all = String.join("\n", info);
        assertTrue(all.contains("Client Hello"), all);
        assertTrue(all.contains("Server Hello"), all);
        if (certificateVisible) {
            assertTrue(all.contains("Certificate"), all);
        }
    }

    /** The sample's progress lines appear in order on standard error. */
    static void assertSampleLines(Run r) {
        List<String> lines = r.errLines().stream().filter(l -> !l.startsWith("layerscope:"))
                .collect(Collectors.toList());
        assertEquals(SAMPLE_LINES, lines, r.err);
    }

    /** A failed exchange: exit 3, a saved capture whose analysis was printed, one line saying why. */
    static void assertFailedExchange(Run r, Path file, String reasonPart) throws IOException {
        assertEquals(3, r.exit(), r.err());
        assertTrue(Files.size(file) > 0, "capture saved");
        assertFalse(r.out().isBlank(), "analysis printed");
        String last = r.errLines().get(r.errLines().size() - 1);
        assertTrue(last.startsWith("layerscope: Run & Capture failed: "), r.err());
        assertTrue(last.contains(reasonPart), last);
        assertTrue(r.errLines().stream().noneMatch(l -> l.startsWith("\tat ")), "no stack trace: " + r.err());
    }
}
