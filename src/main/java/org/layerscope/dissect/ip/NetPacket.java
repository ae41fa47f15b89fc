package org.layerscope.dissect.ip;

/**
 * The link, network and transport facts of one frame, filled in by {@link NetDecoder}.
 * Offsets are frame offsets. A mutable carrier: one per frame.
 */
public final class NetPacket {
    /** Bytes of link-layer header (Ethernet, SLL, NULL); -1 when the network layer was not found. */
    public int linkHeaderLength = -1;
    /** 4 or 6 for IP, 0 when not IP. */
    public int ipVersion;
    public int ipOffset = -1;
    public int ipHeaderLength;
    /** Bytes of IP packet (header + payload) as its length fields say, clipped to the captured data. */
    public int ipTotalLength;
    public byte[] srcAddr;
    public byte[] dstAddr;
    /** IP protocol number of the transport (6 TCP, 17 UDP), or -1. */
    public int protocol = -1;
    /** True for an IPv4/IPv6 fragment other than the first: no transport header. */
    public boolean laterFragment;

    public int transportOffset = -1;
    public int srcPort = -1;
    public int dstPort = -1;

    // TCP
    public boolean tcp;
    public long seq;
    public long ack;
    /** The 12 flag bits (NS..FIN) as in tshark's tcp.flags. */
    public int tcpFlags;
    public int tcpHeaderLength;
    public int window;
    public long windowScaleShift = -1;
    /** TCP payload length from the IP length fields (tshark's tcp.len). */
    public int tcpLen;
    /** Frame offset of the TCP payload. */
    public int payloadOffset = -1;
    /** Bytes of TCP payload actually captured (at most tcpLen). */
    public int payloadCaptured;
    public int mss = -1;
    public int wscale = -1;
    public boolean sackPermitted;

    // UDP
    public boolean udp;
    public int udpLen;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    public boolean has(int flag) {
        return (tcpFlags & flag) != 0;
    }
}
