package org.layerscope.model;

/** Link-layer header types (LINKTYPE_* values of the pcap and pcapng formats). */
public final class LinkType {
    public static final int NULL = 0;          // BSD loopback, host byte order AF_ value
    public static final int ETHERNET = 1;
    public static final int RAW = 101;         // raw IPv4 or IPv6, version from the first nibble
    public static final int RAW_12 = 12;       // historic DLT_RAW value on some systems
    public static final int RAW_14 = 14;       // historic DLT_RAW value on OpenBSD
    public static final int LOOP = 108;        // OpenBSD loopback, network byte order AF_ value
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }

    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "NULL";
            case ETHERNET -> "ETHERNET";
            case RAW, RAW_12, RAW_14 -> "RAW";
            case LOOP -> "LOOP";
            case LINUX_SLL -> "LINUX_SLL";
            case IPV4 -> "IPV4";
            case IPV6 -> "IPV6";
            case LINUX_SLL2 -> "LINUX_SLL2";
            default -> "LINKTYPE_" + linkType;
        };
    }
}
