package org.layerscope.analysis;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.layerscope.dissect.ip.NetPacket;

/**
 * The analysis's flow table: the open {@link TcpConnection} of each flow (its two endpoints, either direction), and the
 * closed ones until their grace time is over (late ACKs and retransmissions still find them), then let go.
 */
final class FlowTable {
    private final Map<FlowKey, TcpConnection> flows = new HashMap<>();
    private static final int RECENT_BITS = 10;
    /**
     * A cache in front of {@link #flows}, by the hash of the two ports: the connection last seen in each slot,
     * always one that {@link #flows} holds (a slot is cleared when its connection leaves the table). Saves
     * making a key and a hash lookup for most frames.
     */
    private final TcpConnection[] recent = new TcpConnection[1 << RECENT_BITS];
    /** Closed connections, oldest first, waiting to leave the flow table. */
    private final ArrayDeque<TcpConnection> closing = new ArrayDeque<>();
    /** How long (capture time) a closed connection still takes late packets (final ACKs, retransmissions). */
    private static final long CLOSED_GRACE_NANOS = 30_000_000_000L;
    /** The key {@link #find} made for a flow it did not find, for {@link #add} (or null). */
    private FlowKey missed;

    /** The connection of the packet's flow, or null. */
    TcpConnection find(NetPacket p) {
        int slot = slot(p.srcPort, p.dstPort);
        TcpConnection c = recent[slot];
        missed = null;
        if (c == null || !sameFlow(c, p)) {
            FlowKey key = new FlowKey(p.srcAddr, p.srcPort, p.dstAddr, p.dstPort);
            c = flows.get(key);
            if (c != null) {
                recent[slot] = c;
            } else {
                missed = key;
            }
        }
        return c;
    }

    /**
     * Makes {@code c} the connection of the packet's flow (a new one, or one that replaces a closed one), right after
     * {@link #find} of the same packet.
     */
    void add(TcpConnection c, NetPacket p) {
        FlowKey key = missed != null ? missed : new FlowKey(p.srcAddr, p.srcPort, p.dstAddr, p.dstPort);
        c.key = key;
        flows.put(key, c);
        recent[slot(p.srcPort, p.dstPort)] = c;
    }

    /** The open connections, and the closed ones still within their grace time. */
    Collection<TcpConnection> all() {
        return flows.values();
    }

    /** Notes that {@code c} closed at capture time {@code c.closedAt}. */
    void closed(TcpConnection c) {
        closing.addLast(c);
    }

    /** Lets go of the closed connections whose grace time is over at {@code now}, each told to {@code evicted}. */
    void evictClosed(long now, Consumer<TcpConnection> evicted) {
        while (!closing.isEmpty() && closing.peekFirst().closedAt < now - CLOSED_GRACE_NANOS) {
            TcpConnection old = closing.pollFirst();
            if (flows.get(old.key) == old) {
                for (TcpConnection.Side sd : old.sides) {
                    sd.stream.close();
                }
                flows.remove(old.key);
                evicted.accept(old);
                int slot = slot(old.clientPort, old.serverPort);
                if (recent[slot] == old) {
                    recent[slot] = null;
                }
            }
        }
    }

    /** The {@link #recent} slot of a flow: the same in both directions. */
    private static int slot(int portA, int portB) {
        int h = ((portA ^ portB) * 31 + portA + portB) * 0x9E3779B1;
        return h >>> (32 - RECENT_BITS);
    }

    /** Whether the packet belongs to the flow of {@code c} (its two endpoints, in either direction). */
    private static boolean sameFlow(TcpConnection c, NetPacket p) {
        if (p.srcPort == c.clientPort && p.dstPort == c.serverPort && Arrays.equals(p.srcAddr, c.clientAddr)
                && Arrays.equals(p.dstAddr, c.serverAddr)) {
            return true;
        }
        return p.srcPort == c.serverPort && p.dstPort == c.clientPort && Arrays.equals(p.srcAddr, c.serverAddr)
                && Arrays.equals(p.dstAddr, c.clientAddr);
    }
}
