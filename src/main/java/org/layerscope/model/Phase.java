package org.layerscope.model;

/**
 * The phase of a connection. A connection's phase only moves forward, in declaration order
 * (OTHER is never part of a TCP connection).
 */
public enum Phase {
    TCP_HANDSHAKE("tcp-handshake"),
    TLS_HANDSHAKE("tls-handshake"),
    APPLICATION_DATA("application-data"),
    TEARDOWN("teardown"),
    OTHER("other");

    private final String id;

    Phase(String id) {
        this.id = id;
    }

    /** The stable name used in TSV, JSON and filters. */
    public String id() {
        return id;
    }

    /** The later of two phases (phases only move forward). */
    public Phase max(Phase other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
