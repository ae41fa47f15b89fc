package org.layerscope.model;

/**
 * A remark about a packet: malformed data, a retransmission, an inference.
 *
 * @param severity how bad it is
 * @param key      stable identifier (for example {@code tls.malformed}, {@code tcp.retransmission});
 *                 also the resource-bundle key of the message when one exists
 * @param text     English text for people (details may follow the key's message)
 * @param offset   frame offset of the bytes concerned, or -1
 * @param length   number of bytes concerned, or 0
 */
public record ExpertItem(Severity severity, String key, String text, int offset, int length) {
    public static ExpertItem of(Severity severity, String key, String text) {
        return new ExpertItem(severity, key, text, -1, 0);
    }
}
