package org.layerscope.tls.export;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import org.layerscope.model.RawFrame;
import org.layerscope.testutil.TcpFrames;

/**
 * A TLS session between two in-memory {@link SSLEngine}s (no sockets, no capture): handshake, application data each
 * way, close_notify each way. Every TLS chunk an engine produces is kept as one segment, and {@link #frames()} turns
 * them into an Ethernet/IPv4/TCP conversation (with SYNs and FINs) that the analysis can read like a capture.
 */
final class EngineSession {
    /** Bytes one side sent in one go. */
    record Segment(boolean fromClient, byte[] data) {
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private final SSLEngine client;
    private final SSLEngine server;
    private final List<Segment> segments = new ArrayList<>();
    private ByteBuffer toServer = ByteBuffer.allocate(0);
    private ByteBuffer toClient = ByteBuffer.allocate(0);
    private final java.io.ByteArrayOutputStream serverReceived = new java.io.ByteArrayOutputStream();
    private final java.io.ByteArrayOutputStream clientReceived = new java.io.ByteArrayOutputStream();

    EngineSession(SSLEngine client, SSLEngine server) {
        this.client = client;
        this.server = server;
    }

    List<Segment> segments() {
        return List.copyOf(segments);
    }

    byte[] serverReceived() {
        return serverReceived.toByteArray();
    }

    byte[] clientReceived() {
        return clientReceived.toByteArray();
    }

    /** Handshakes until neither engine has anything left to do. */
    void handshake() throws SSLException {
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 200; i++) {
            boolean progress = pump();
            if (!progress && done(client) && done(server)) {
                return;
            }
        }
        throw new IllegalStateException("handshake did not finish: client " + client.getHandshakeStatus()
                + ", server " + server.getHandshakeStatus());
    }

    /** The client sends {@code data}; the server reads it. */
    void clientSends(byte[] data) throws SSLException {
        wrap(client, ByteBuffer.wrap(data), true);
        pump();
    }

    /** The server sends {@code data}; the client reads it. */
    void serverSends(byte[] data) throws SSLException {
        wrap(server, ByteBuffer.wrap(data), false);
        pump();
    }

    /** close_notify from the client, then the server's answer. */
    void close() throws SSLException {
        client.closeOutbound();
        wrap(client, EMPTY, true);
        pump();
        server.closeOutbound();
        wrap(server, EMPTY, false);
        pump();
    }

    private static boolean done(SSLEngine e) {
        SSLEngineResult.HandshakeStatus s = e.getHandshakeStatus();
        return s == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING || s == SSLEngineResult.HandshakeStatus.FINISHED;
    }

    private boolean pump() throws SSLException {
        boolean progress = false;
        for (int round = 0; round < 50; round++) {
            boolean p = false;
            if (client.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                p |= wrap(client, EMPTY, true);
            }
            if (server.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                p |= wrap(server, EMPTY, false);
            }
            p |= unwrap(server, false);
            p |= unwrap(client, true);
            runTasks(client);
            runTasks(server);
            if (!p) {
                break;
            }
            progress = true;
        }
        return progress;
    }

    private static void runTasks(SSLEngine e) {
        Runnable task;
        while ((task = e.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private boolean wrap(SSLEngine e, ByteBuffer app, boolean fromClient) throws SSLException {
        boolean produced = false;
        while (true) {
            ByteBuffer net = ByteBuffer.allocate(e.getSession().getPacketBufferSize() + 1024);
            SSLEngineResult r = e.wrap(app, net);
            runTasks(e);
            if (r.bytesProduced() > 0) {
                net.flip();
                byte[] b = new byte[net.remaining()];
                net.get(b);
                segments.add(new Segment(fromClient, b));
                if (fromClient) {
                    toServer = append(toServer, b);
                } else {
                    toClient = append(toClient, b);
                }
                produced = true;
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED || r.bytesProduced() == 0
                    || (!app.hasRemaining() && e.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_WRAP)) {
                return produced;
            }
        }
    }

    private boolean unwrap(SSLEngine e, boolean isClient) throws SSLException {
        ByteBuffer in = isClient ? toClient : toServer;
        boolean consumed = false;
        while (in.hasRemaining()) {
            ByteBuffer app = ByteBuffer.allocate(e.getSession().getApplicationBufferSize() + 1024);
            SSLEngineResult r = e.unwrap(in, app);
            runTasks(e);
            app.flip();
            byte[] b = new byte[app.remaining()];
            app.get(b);
            (isClient ? clientReceived : serverReceived).writeBytes(b);
            if (r.bytesConsumed() == 0) {
                break;
            }
            consumed = true;
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                break;
            }
        }
        return consumed;
    }

    private static ByteBuffer append(ByteBuffer buf, byte[] b) {
        ByteBuffer n = ByteBuffer.allocate(buf.remaining() + b.length);
        n.put(buf).put(b).flip();
        return n;
    }

    /** The session as a TCP conversation 127.0.0.1:50000 → 127.0.0.1:8883 on Ethernet, frames numbered from 1. */
    List<RawFrame> frames() {
        List<RawFrame> out = new ArrayList<>();
        long[] seq = {1000, 5000}; // client, server: next sequence numbers after the SYNs
        out.add(frame(out.size() + 1, true, seq[0] - 1, 0, 0x02, new byte[0]));
        out.add(frame(out.size() + 1, false, seq[1] - 1, seq[0], 0x12, new byte[0]));
        out.add(frame(out.size() + 1, true, seq[0], seq[1], 0x10, new byte[0]));
        for (Segment s : segments) {
            int me = s.fromClient() ? 0 : 1;
            out.add(frame(out.size() + 1, s.fromClient(), seq[me], seq[1 - me], 0x18, s.data()));
            seq[me] += s.data().length;
        }
        out.add(frame(out.size() + 1, true, seq[0], seq[1], 0x11, new byte[0]));
        seq[0]++;
        out.add(frame(out.size() + 1, false, seq[1], seq[0], 0x11, new byte[0]));
        seq[1]++;
        out.add(frame(out.size() + 1, true, seq[0], seq[1], 0x10, new byte[0]));
        return out;
    }

    private static RawFrame frame(int number, boolean fromClient, long seq, long ack, int flags, byte[] payload) {
        return TcpFrames.frame(number, fromClient, 8883, seq, ack, flags, payload);
    }

    @Override
    public String toString() {
        return "EngineSession" + Arrays.toString(segments.stream().map(s -> (s.fromClient() ? "C" : "S")
                + s.data().length).toArray());
    }
}
