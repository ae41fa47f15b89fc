package org.layerscope.tls.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.layerscope.dissect.tls.RecordDecryptor.Plaintext;
import org.layerscope.model.Direction;
import org.layerscope.pcapio.DecryptionSecrets;

/**
 * A stand-in for the TLS dissector, for testing {@link SessionDecryptor} on real captures: splits each
 * connection's bytes into records, calls the decryptor where the real decoder would (records after a
 * ChangeCipherSpec before TLS 1.3; records of type 23 after the ServerHello in TLS 1.3, and 0-RTT records of the
 * client before it), feeds whole handshake messages (clear or decrypted) and ChangeCipherSpecs back, and notes
 * per frame what tshark's truth files show: record content types (inner ones when decrypted), TLS 1.3 outer
 * types, handshake types and alert descriptions.
 */
final class TlsHarness implements TcpStreams.Listener {

    /** What one frame showed, in record order. */
    static final class FrameView {
        final List<Integer> contentTypes = new ArrayList<>();
        final List<Integer> opaqueTypes = new ArrayList<>();
        final List<Integer> handshakeTypes = new ArrayList<>();
        final List<Integer> alerts = new ArrayList<>();

        boolean isEmpty() {
            return contentTypes.isEmpty() && opaqueTypes.isEmpty() && handshakeTypes.isEmpty() && alerts.isEmpty();
        }

        @Override
        public String toString() {
            return "types=" + contentTypes + " opaque=" + opaqueTypes + " hs=" + handshakeTypes + " alerts=" + alerts;
        }
    }

    /** One connection: its decryptor, the records that failed, and each direction's application data. */
    static final class Connection {
        final int id;
        final SessionDecryptor decryptor;
        final ByteArrayOutputStream[] appData = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        final List<String> failures = new ArrayList<>();
        int encryptedRecords;
        int decryptedRecords;
        private final ByteArrayOutputStream[] records = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        private final ByteArrayOutputStream[] handshake = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        private final boolean[] encrypted = new boolean[2];
        private boolean clientHelloSeen;
        private boolean serverHelloSeen;

        Connection(int id, KeyLog keyLog) {
            this.id = id;
            this.decryptor = new SessionDecryptor(keyLog);
        }

        byte[] appData(Direction dir) {
            return appData[dir.index()].toByteArray();
        }
    }

    private final KeyLog keyLog;
    private final boolean readSecretsBlocks;
    private final Map<Integer, Connection> connections = new TreeMap<>();
    private final Map<Long, FrameView> frames = new TreeMap<>();

    TlsHarness(KeyLog keyLog, boolean readSecretsBlocks) {
        this.keyLog = keyLog;
        this.readSecretsBlocks = readSecretsBlocks;
    }

    /** Runs the capture through a new harness whose key log also takes the capture's Decryption Secrets Blocks. */
    static TlsHarness run(Path capture, KeyLog keyLog) throws IOException {
        return run(capture, keyLog, true);
    }

    /** Runs the capture through a new harness; {@code readSecretsBlocks}: add the capture's DSBs to the key log. */
    static TlsHarness run(Path capture, KeyLog keyLog, boolean readSecretsBlocks) throws IOException {
        TlsHarness h = new TlsHarness(keyLog, readSecretsBlocks);
        TcpStreams.read(capture, h);
        return h;
    }

    Map<Long, FrameView> frames() {
        Map<Long, FrameView> out = new TreeMap<>();
        frames.forEach((n, v) -> {
            if (!v.isEmpty()) {
                out.put(n, v);
            }
        });
        return out;
    }

    List<Connection> connections() {
        return List.copyOf(connections.values());
    }

    int encryptedRecords() {
        return connections.values().stream().mapToInt(c -> c.encryptedRecords).sum();
    }

    int decryptedRecords() {
        return connections.values().stream().mapToInt(c -> c.decryptedRecords).sum();
    }

    List<String> failures() {
        List<String> out = new ArrayList<>();
        connections.values().forEach(c -> out.addAll(c.failures));
        return out;
    }

    @Override
    public void onSecrets(DecryptionSecrets secrets, long nextFrame) {
        if (readSecretsBlocks) {
            SecretsBlocks.addTo(keyLog, secrets);
        }
    }

    @Override
    public void onData(long frame, int connId, Direction dir, byte[] data) {
        Connection c = connections.computeIfAbsent(connId, id -> new Connection(id, keyLog));
        ByteArrayOutputStream buf = c.records[dir.index()];
        buf.writeBytes(data);
        byte[] b = buf.toByteArray();
        int p = 0;
        if (dir == Direction.CLIENT_TO_SERVER && !c.clientHelloSeen && b.length >= 3 && (b[0] & 0x80) != 0
                && b[2] == 1) { // an SSL 2.0-format ClientHello: 2-byte header, no TLS record
            int len = 2 + (((b[0] & 0x7f) << 8) | (b[1] & 0xff));
            if (b.length < len) {
                return;
            }
            frames.computeIfAbsent(frame, n -> new FrameView()).handshakeTypes.add(1);
            c.decryptor.onHandshakeMessage(dir, 1, b, 2, len - 2);
            c.clientHelloSeen = true;
            p = len;
        }
        while (b.length - p >= 5) {
            int len = 5 + (((b[p + 3] & 0xff) << 8) | (b[p + 4] & 0xff));
            if (b.length - p < len) {
                break;
            }
            record(frame, c, dir, b, p, len);
            p += len;
        }
        buf.reset();
        buf.write(b, p, b.length - p);
    }

    private void record(long frame, Connection c, Direction dir, byte[] b, int off, int len) {
        FrameView view = frames.computeIfAbsent(frame, n -> new FrameView());
        int type = b[off] & 0xff;
        int version = ((b[off + 1] & 0xff) << 8) | (b[off + 2] & 0xff);
        SessionDecryptor dec = c.decryptor;
        // TLS 1.3 protected records, and 0-RTT data: client records of type 23 between ClientHello and ServerHello
        boolean tls13Record = type == 23 && (dec.isTls13()
                || (dir == Direction.CLIENT_TO_SERVER && c.clientHelloSeen && !c.serverHelloSeen));
        boolean protectedRecord = tls13Record || (!dec.isTls13() && c.encrypted[dir.index()]);
        int innerType = type;
        byte[] content;
        if (protectedRecord) {
            c.encryptedRecords++;
            if (tls13Record) {
                view.opaqueTypes.add(type);
            }
            Plaintext pt = dec.decrypt(dir, type, version, b, off, len);
            if (pt == null) {
                c.failures.add("frame " + frame + " " + dir + " record type " + type + " length " + (len - 5)
                        + ": " + dec.lastFailure());
                if (!tls13Record) {
                    view.contentTypes.add(type);
                }
                return;
            }
            c.decryptedRecords++;
            innerType = pt.contentType();
            content = pt.data();
        } else {
            content = Arrays.copyOfRange(b, off + 5, off + len);
        }
        view.contentTypes.add(innerType);
        switch (innerType) {
            case 20 -> {
                dec.onChangeCipherSpec(dir);
                if (!dec.isTls13()) {
                    c.encrypted[dir.index()] = true;
                }
            }
            case 21 -> {
                for (int i = 0; i + 1 < content.length; i += 2) {
                    view.alerts.add(content[i + 1] & 0xff);
                }
            }
            case 22 -> handshake(view, c, dir, content);
            case 23 -> c.appData[dir.index()].writeBytes(content);
            default -> {
            }
        }
    }

    private void handshake(FrameView view, Connection c, Direction dir, byte[] content) {
        ByteArrayOutputStream buf = c.handshake[dir.index()];
        buf.writeBytes(content);
        byte[] b = buf.toByteArray();
        int p = 0;
        while (b.length - p >= 4) {
            int len = 4 + (((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff));
            if (b.length - p < len) {
                break;
            }
            int type = b[p] & 0xff;
            view.handshakeTypes.add(type);
            c.decryptor.onHandshakeMessage(dir, type, b, p, len);
            if (type == 1) {
                c.clientHelloSeen = true;
            } else if (type == 2) {
                c.serverHelloSeen = true;
            }
            p += len;
        }
        buf.reset();
        buf.write(b, p, b.length - p);
    }
}
