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
        List<PacketResult> out = new ArrayList<>();
        Analyzer a = new Analyzer(false, out::add);
        try (CaptureReader r = CaptureFiles.open(file)) {
            RawFrame f;
            while ((f = r.next()) != null) {
                a.accept(f);
            }
        }
        a.finish();
        return out;
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
