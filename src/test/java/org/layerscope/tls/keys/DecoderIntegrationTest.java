package org.layerscope.tls.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerscope.dissect.tls.TlsDecoder;
import org.layerscope.dissect.tls.TlsFramer;
import org.layerscope.dissect.tls.TlsRecord;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.pcapio.DecryptionSecrets;

/**
 * The same captures as {@link CaptureDecryptionTest}, but through the real TLS dissector ({@link TlsDecoder} with a
 * {@link SessionDecryptor} in its {@code RecordDecryptor} seam): per frame the readable record types, handshake
 * types and alert descriptions equal tshark's with the keys, and no record is left encrypted.
 */
class DecoderIntegrationTest {

    private static final class Conn {
        final SessionDecryptor decryptor;
        final TlsDecoder decoder;
        final ByteArrayOutputStream[] pending = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};

        Conn(KeyLog keyLog) {
            decryptor = new SessionDecryptor(keyLog);
            decoder = new TlsDecoder(decryptor);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.layerscope.tls.keys.CaptureDecryptionTest#cases")
    void decoderWithDecryptorMatchesTshark(CaptureDecryptionTest.Case c) throws IOException {
        KeyLog keyLog = CaptureDecryptionTest.keyLog(c.keys());
        Map<Integer, Conn> conns = new HashMap<>();
        Map<Long, TlsHarness.FrameView> frames = new TreeMap<>();
        List<String> leftEncrypted = new ArrayList<>();
        TcpStreams.read(CaptureDecryptionTest.file(c.capture(), "capture"), new TcpStreams.Listener() {
            @Override
            public void onData(long frame, int connId, Direction dir, byte[] data) {
                Conn conn = conns.computeIfAbsent(connId, id -> new Conn(keyLog));
                ByteArrayOutputStream buf = conn.pending[dir.index()];
                buf.writeBytes(data);
                byte[] b = buf.toByteArray();
                int p = 0;
                while (true) {
                    int len = TlsFramer.probe(b, p, b.length - p);
                    if (len < 0 || len > b.length - p) {
                        break;
                    }
                    List<ExpertItem> expert = new ArrayList<>();
                    long failedBefore = conn.decryptor.failedRecords();
                    TlsRecord r = conn.decoder.decodeRecord(dir, b, p, len, Field.NONE, expert);
                    TlsHarness.FrameView v = frames.computeIfAbsent(frame, n -> new TlsHarness.FrameView());
                    if (conn.decryptor.failedRecords() > failedBefore) {
                        leftEncrypted.add("frame " + frame + " " + dir + " " + conn.decryptor.lastFailure());
                    }
                    if (!r.opaque() && r.version() != 0x0002) {
                        v.contentTypes.add(r.contentType());
                    }
                    v.handshakeTypes.addAll(r.handshakeTypes());
                    if (r.alertDescription() >= 0) {
                        v.alerts.add(r.alertDescription());
                    }
                    p += len;
                }
                buf.reset();
                buf.write(b, p, b.length - p);
            }

            @Override
            public void onSecrets(DecryptionSecrets secrets, long nextFrame) {
                if (c.dsb()) {
                    SecretsBlocks.addTo(keyLog, secrets);
                }
            }
        });
        Map<Long, TlsHarness.FrameView> truth = TruthTsv.read(CaptureDecryptionTest.file(c.truth(), "truth"));
        truth.values().forEach(v -> v.opaqueTypes.clear()); // the decoder's records do not say "TLS 1.3 outer type"
        Map<Long, TlsHarness.FrameView> ours = new TreeMap<>();
        frames.forEach((n, v) -> {
            if (!v.isEmpty()) {
                ours.put(n, v);
            }
        });
        truth.entrySet().removeIf(e -> e.getValue().isEmpty());
        assertEquals(c.undecrypted(), leftEncrypted.size(), String.join("\n", leftEncrypted));
        assertEquals(CaptureDecryptionTest.lines(truth), CaptureDecryptionTest.lines(ours));
        long decrypted = conns.values().stream().mapToLong(x -> x.decryptor.decryptedRecords()).sum();
        assertTrue(decrypted > 0);
    }
}
