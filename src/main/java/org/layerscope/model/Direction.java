package org.layerscope.model;

/** Direction of a segment within a TCP connection. */
public enum Direction {
    CLIENT_TO_SERVER, SERVER_TO_CLIENT;

    public Direction reverse() {
        return this == CLIENT_TO_SERVER ? SERVER_TO_CLIENT : CLIENT_TO_SERVER;
    }

    public int index() {
        return ordinal();
    }
}
