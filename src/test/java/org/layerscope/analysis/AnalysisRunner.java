package org.layerscope.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.layerscope.dissect.ip.NetDecoder;
import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.dissect.tls.TlsRecord;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.tls.keys.KeyLog;

/** Runs the analysis over a capture file in tests and gives the per-frame columns that tshark also has. */
final class AnalysisRunner {
    private AnalysisRunner() {
    }

    static List<PacketResult> analyze(Path file, boolean trees) throws IOException {
        return analyze(file, trees, null);
    }

    /** Analyses with the given NSS key log (null: none); secrets blocks in the file are used too. */
    static List<PacketResult> analyze(Path file, boolean trees, Path keylog) throws IOException {
        List<PacketResult> out = new ArrayList<>();
        KeyLog keys = keylog == null ? new KeyLog() : KeyLog.read(keylog);
        Analyzer a = new Analyzer(trees, out::add, keys);
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

    static String flags(PacketResult r) {
        return r.isTcp() ? NetDecoder.flagList(r.net().tcpFlags) : "";
    }

    static String tcpLen(PacketResult r) {
        return r.isTcp() ? Integer.toString(r.net().tcpLen) : "";
    }

    /** Record types in tshark's order: readable content types first, then opaque (TLS 1.3 encrypted) ones. */
    static String records(PacketResult r) {
        List<String> clear = new ArrayList<>();
        List<String> opaque = new ArrayList<>();
        for (TlsRecord t : r.tlsRecords()) {
            if (t.contentType() == Analyzer.SSLV2_RECORD) {
                continue;
            }
            (t.opaque() ? opaque : clear).add(Integer.toString(t.contentType()));
        }
        clear.addAll(opaque);
        return String.join(",", clear);
    }

    static String handshakes(PacketResult r) {
        List<String> l = new ArrayList<>();
        for (TlsRecord t : r.tlsRecords()) {
            for (int h : t.handshakeTypes()) {
                l.add(Integer.toString(h));
            }
        }
        return String.join(",", l);
    }

    static String mqtt(PacketResult r) {
        List<String> l = new ArrayList<>();
        for (MqttPacket m : r.mqttPackets()) {
            l.add(Integer.toString(m.type()));
        }
        return String.join(",", l);
    }

    /**
     * Records of the frame that were decrypted (encrypted, yet no longer opaque); tshark lists the TLS 1.3 ones
     * twice, the TLS 1.2 ones once (it has no opaque entry for them, so taking none away is harmless).
     */
    static int decryptedTls13(PacketResult r) {
        int n = 0;
        for (TlsRecord t : r.tlsRecords()) {
            if (t.encrypted() && !t.opaque() && t.contentType() != 20) {
                n++;
            }
        }
        return n;
    }
}
