package org.layerscope.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.layerscope.dissect.ip.NetDecoder;
import org.layerscope.dissect.ip.NetPacket;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.RawFrame;

/**
 * Watches captured frames for the end of the TCP connection to one server port: a RST, or a FIN from both sides
 * followed by the last ACK. Fed on the capture's thread; awaited on the run's thread.
 */
final class TeardownWatcher {
    private final int serverPort;
    private boolean synSeen;
    private boolean clientFin;
    private boolean serverFin;
    private boolean done;
    private boolean cancelled;

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
        synchronized (this) {
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
