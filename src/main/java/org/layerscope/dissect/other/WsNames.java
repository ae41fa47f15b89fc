package org.layerscope.dissect.other;

/**
 * Wireshark's texts for the numbers of ICMP, ICMPv6, ARP and DNS, as its Info column shows them (pcap4j's
 * named numbers use other wordings). Protocol constants, not user interface text: they name wire values.
 */
final class WsNames {
    private WsNames() {
    }

    static String icmpType(int t) {
        return switch (t) {
            case 0 -> "Echo (ping) reply";
            case 3 -> "Destination unreachable";
            case 4 -> "Source quench (flow control)";
            case 5 -> "Redirect";
            case 8 -> "Echo (ping) request";
            case 9 -> "Router advertisement";
            case 10 -> "Router solicitation";
            case 11 -> "Time-to-live exceeded";
            case 12 -> "Parameter problem";
            case 13 -> "Timestamp request";
            case 14 -> "Timestamp reply";
            case 15 -> "Information request";
            case 16 -> "Information reply";
            case 17 -> "Address mask request";
            case 18 -> "Address mask reply";
            default -> "Unknown ICMP (obsolete or malformed?)";
        };
    }

    /** The code's text for types that have named codes, else null. */
    static String icmpCode(int t, int c) {
        return switch (t) {
            case 3 -> switch (c) {
                case 0 -> "Network unreachable";
                case 1 -> "Host unreachable";
                case 2 -> "Protocol unreachable";
                case 3 -> "Port unreachable";
                case 4 -> "Fragmentation needed";
                case 5 -> "Source route failed";
                case 6 -> "Destination network unknown";
                case 7 -> "Destination host unknown";
                case 8 -> "Source host isolated";
                case 9 -> "Network administratively prohibited";
                case 10 -> "Host administratively prohibited";
                case 11 -> "Network unreachable for TOS";
                case 12 -> "Host unreachable for TOS";
                case 13 -> "Communication administratively filtered";
                case 14 -> "Host precedence violation";
                case 15 -> "Precedence cutoff in effect";
                default -> "Unknown code";
            };
            case 5 -> switch (c) {
                case 0 -> "Redirect for network";
                case 1 -> "Redirect for host";
                case 2 -> "Redirect for TOS and network";
                case 3 -> "Redirect for TOS and host";
                default -> "Unknown code";
            };
            case 11 -> switch (c) {
                case 0 -> "Time to live exceeded in transit";
                case 1 -> "Fragment reassembly time exceeded";
                default -> "Unknown code";
            };
            default -> null;
        };
    }

    static String icmpv6Type(int t) {
        return switch (t) {
            case 1 -> "Destination Unreachable";
            case 2 -> "Packet Too Big";
            case 3 -> "Time Exceeded";
            case 4 -> "Parameter Problem";
            case 128 -> "Echo (ping) request";
            case 129 -> "Echo (ping) reply";
            case 130 -> "Multicast Listener Query";
            case 131 -> "Multicast Listener Report";
            case 132 -> "Multicast Listener Done";
            case 133 -> "Router Solicitation";
            case 134 -> "Router Advertisement";
            case 135 -> "Neighbor Solicitation";
            case 136 -> "Neighbor Advertisement";
            case 137 -> "Redirect";
            case 143 -> "Multicast Listener Report Message v2";
            default -> "Unknown (" + t + ")";
        };
    }

    static String icmpv6Code(int t, int c) {
        return switch (t) {
            case 1 -> switch (c) {
                case 0 -> "no route to destination";
                case 1 -> "Administratively prohibited";
                case 2 -> "beyond scope of source address";
                case 3 -> "Address unreachable";
                case 4 -> "Port unreachable";
                case 5 -> "Source address failed ingress/egress policy";
                case 6 -> "Reject route to destination";
                default -> "Unknown";
            };
            case 3 -> c == 0 ? "hop limit exceeded in transit" : c == 1 ? "fragment reassembly time exceeded" : "Unknown";
            case 4 -> switch (c) {
                case 0 -> "erroneous header field encountered";
                case 1 -> "unrecognized Next Header type encountered";
                case 2 -> "unrecognized IPv6 option encountered";
                default -> "Unknown";
            };
            default -> null;
        };
    }

    static String dnsType(int t) {
        return switch (t) {
            case 1 -> "A";
            case 2 -> "NS";
            case 5 -> "CNAME";
            case 6 -> "SOA";
            case 12 -> "PTR";
            case 13 -> "HINFO";
            case 15 -> "MX";
            case 16 -> "TXT";
            case 28 -> "AAAA";
            case 33 -> "SRV";
            case 41 -> "OPT";
            case 43 -> "DS";
            case 46 -> "RRSIG";
            case 47 -> "NSEC";
            case 48 -> "DNSKEY";
            case 64 -> "SVCB";
            case 65 -> "HTTPS";
            case 255 -> "ANY";
            default -> "Unknown (" + t + ")";
        };
    }

    static String dnsRcode(int c) {
        return switch (c) {
            case 0 -> "No error";
            case 1 -> "Format error";
            case 2 -> "Server failure";
            case 3 -> "No such name";
            case 4 -> "Not implemented";
            case 5 -> "Refused";
            default -> "Unknown error";
        };
    }

    static String dnsOpcode(int op) {
        return switch (op) {
            case 0 -> "Standard query";
            case 1 -> "Inverse query";
            case 2 -> "Server status request";
            case 4 -> "Zone change notification";
            case 5 -> "Dynamic update";
            default -> "Unknown operation (" + op + ")";
        };
    }

    static String ipProto(int p) {
        return switch (p) {
            case 1 -> "ICMP";
            case 2 -> "IGMP";
            case 6 -> "TCP";
            case 17 -> "UDP";
            case 58 -> "IPv6-ICMP";
            default -> "Unknown";
        };
    }
}
