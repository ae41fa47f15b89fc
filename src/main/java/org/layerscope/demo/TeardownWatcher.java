package org.layerscope.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.layerscope.dissect.ip.NetDecoder;
import org.layerscope.dissect.ip.NetPacket;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.RawFrame;
import org.layerscope.tls.keys.SecretsBlocks;

/**
 * Watches captured frames for the end of the TCP connection to one server port: a RST, or a FIN from both sides
 * followed by the last ACK. Also notes the random of every ClientHello sent to that port (the TLS sessions of the
 * capture, whose secrets may be saved or embedded). Fed on the capture's thread; awaited on the run's thread.
 */
final class TeardownWatcher {
    private final int serverPort;
    private boolean synSeen;
    private boolean clientFin;
    private boolean serverFin;
    private boolean done;
    private boolean cancelled;
    private final List<byte[]> clientRandoms = new ArrayList<>();

    TeardownWatcher(int serverPort) {
        this.serverPort = serverPort;
    }

    void accept(RawFrame frame) {
        NetPacket p = new NetPacket();
        List<ExpertItem> expert = new ArrayList<>(0);
        try {
            NetDecoder.decode(frame, p, Field.NONE, expert);
        } catch (RuntimeException e) {
            return;
        }
        if (!p.tcp || (p.srcPort != serverPort && p.dstPort != serverPort)) {
            return;
        }
        boolean fromServer = p.srcPort == serverPort;
        byte[] random = fromServer || p.payloadOffset < 0 ? null
                : SecretsBlocks.clientHelloRandom(frame.data(), p.payloadOffset, p.payloadCaptured);
        synchronized (this) {
            if (random != null && clientRandoms.stream().noneMatch(r -> java.util.Arrays.equals(r, random))) {
                clientRandoms.add(random);
            }
            if (p.has(NetPacket.SYN) && !p.has(NetPacket.ACK)) {
                synSeen = true;
                clientFin = false;
                serverFin = false;
                done = false;
            } else if (p.has(NetPacket.RST)) {
                done = true;
            } else if (clientFin && serverFin) {
                done = true; // the ACK after both FINs
            }
            if (p.has(NetPacket.FIN)) {
                if (fromServer) {
                    serverFin = true;
                } else {
                    clientFin = true;
                }
            }
            if (done) {
                notifyAll();
            }
        }
    }

    /** The randoms of the ClientHellos seen so far, in order (copies). */
    synchronized List<byte[]> clientRandoms() {
        return clientRandoms.stream().map(byte[]::clone).toList();
    }

    synchronized boolean synSeen() {
        return synSeen;
    }

    /** Waits until the connection is torn down, at most {@code millis}; true when it was. */
    synchronized boolean await(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!done && !cancelled) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return done;
    }

    synchronized void cancel() {
        cancelled = true;
        notifyAll();
    }
}
