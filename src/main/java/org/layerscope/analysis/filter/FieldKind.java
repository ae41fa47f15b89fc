package org.layerscope.analysis.filter;

/**
 * What a filter field holds, which decides how a literal is read and which operators apply (as a
 * Wireshark field type does).
 */
public enum FieldKind {
    /** A protocol ({@code tcp}, {@code tls}): presence only. */
    PROTOCOL("protocol"),
    /** A label that groups other fields ({@code tls.handshake}, {@code tls.record}): presence only. */
    NONE("label"),
    /** An unsigned or signed integer; literals in decimal, hex ({@code 0x16}), octal ({@code 010}) or binary ({@code 0b1}). */
    INTEGER("integer"),
    /** A flag: 1/0 or True/False (any non-zero number is true, as in Wireshark). */
    BOOLEAN("boolean"),
    /** Text. */
    STRING("string"),
    /** A byte string; literals {@code 16:03:01}, {@code 160301} or a quoted string (its UTF-8 bytes). */
    BYTES("bytes"),
    /** An IPv4 address; literals {@code 10.0.0.1} or {@code 10.0.0.0/8}. */
    IPV4("IPv4 address"),
    /** An IPv6 address; literals {@code ::1} or {@code fe80::/10}. */
    IPV6("IPv6 address"),
    /** An Ethernet address; literals {@code 00:0b:82:01:fc:42} (or with - or .). */
    ETHER("Ethernet address"),
    /** A time in seconds relative to the first frame; literals in seconds ({@code 0.5}). */
    TIME("time in seconds");

    private final String label;

    FieldKind(String label) {
        this.label = label;
    }

    /** How people call this kind in messages ("IPv4 address"). */
    public String label() {
        return label;
    }

    /** Whether fields of this kind have a value to compare (protocols and labels only exist). */
    public boolean hasValue() {
        return this != PROTOCOL && this != NONE;
    }

    /** Whether {@code contains} and {@code matches} apply (text and bytes, as in Wireshark). */
    boolean textual() {
        return this == STRING || this == BYTES;
    }

    static FieldKind fromTsv(String s) {
        return switch (s) {
            case "protocol" -> PROTOCOL;
            case "none" -> NONE;
            case "uint" -> INTEGER;
            case "bool" -> BOOLEAN;
            case "string" -> STRING;
            case "bytes" -> BYTES;
            case "ipv4" -> IPV4;
            case "ipv6" -> IPV6;
            case "ether" -> ETHER;
            case "time" -> TIME;
            default -> throw new IllegalArgumentException("unknown field kind " + s);
        };
    }
}
