package org.layerscope.dissect.tls;

import java.util.List;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;

/**
 * Decodes the TLS records of one TCP connection, in stream order per direction. Holds the session's
 * state: negotiated version and cipher suite, which directions are encrypted, handshake messages
 * split across records.
 *
 * <p>STUB: the real implementation replaces this file.
 */
public final class TlsDecoder {

    /**
     * Decodes one whole record ({@code len} bytes from {@code off}, header included; its length was
     * given by {@link TlsFramer#probe}). Adds a {@code tls} subtree to {@code parent} with offsets that
     * are indices into {@code buf}, and expert items for malformed content. Never throws.
     */
    public TlsRecord decodeRecord(Direction dir, byte[] buf, int off, int len, Field parent,
                                  List<ExpertItem> expert) {
        int type = buf[off] & 0xff;
        int version = ((buf[off + 1] & 0xff) << 8) | (buf[off + 2] & 0xff);
        return new TlsRecord(type, false, false, version, len - 5, List.of(), -1, -1, "TLS", null);
    }

    /** True once a ServerHello selected TLS 1.3 (through supported_versions). */
    public boolean isTls13() {
        return false;
    }
}
