package org.layerscope.model;

/** Severity of an expert item, as in Wireshark's expert info. */
public enum Severity {
    CHAT, NOTE, WARN, ERROR;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
