package org.layerscope.analysis;

import org.layerscope.dissect.tls.TlsRecord;

/**
 * How many bytes each layer adds, counted one way for the connection report ({@link ConnectionSummary.Bytes},
 * per connection) and for the explanation panel's boxes ({@code session.LayerBreakdown}, per frame).
 */
public final class LayerBytes {
    /** A TLS record header: content type, version, length. */
    public static final int TLS_RECORD_HEADER = 5;

    private LayerBytes() {
    }

    /**
     * What TLS adds inside a record's content: all of it while the record is encrypted and not decrypted; the
     * explicit nonce, tag, padding and inner content type once it is; nothing for a record in the clear.
     */
    public static int tlsAdded(TlsRecord rec) {
        if (!rec.encrypted()) {
            return 0;
        }
        return rec.plaintext() != null ? rec.length() - rec.plaintext().length : rec.length();
    }
}
