package org.layerscope.dissect.tls;

import org.layerscope.model.Direction;

/**
 * The seam where decryption plugs into {@link TlsDecoder} (nothing implements it yet).
 *
 * <p>The decoder calls {@link #decrypt} for every record it considers encrypted: TLS 1.2-and-before
 * records that follow a ChangeCipherSpec in their direction, TLS 1.3 records of outer type 23 after the
 * ServerHello, and 0-RTT early data. When plaintext comes back, the decoder dissects it like a clear
 * record of the returned inner content type (TLS 1.3 handshake messages are reassembled and decoded,
 * alerts are read, application data is returned in {@link TlsRecord#plaintext()}).
 *
 * <p>To derive keys, a decryptor learns the handshake through {@link #onHandshakeMessage} (each whole
 * message, clear or decrypted, in stream order: it can read the randoms and the cipher suite and keep
 * the transcript hash) and {@link #onChangeCipherSpec}; {@link TlsDecoder#sessionInfo()} gives the
 * negotiated version and cipher suite. Implementations must not throw.
 */
public interface RecordDecryptor {

    /**
     * Decrypted content of one record.
     *
     * @param contentType the inner content type (TLS 1.3: the type found after removing the padding;
     *                    before TLS 1.3: the record's own type)
     * @param data        the plaintext (MAC, tag, explicit nonce and padding removed)
     */
    record Plaintext(int contentType, byte[] data) {
    }

    /**
     * Decrypts one record.
     *
     * @param dir         direction of the record
     * @param contentType the record header's (outer) content type
     * @param version     the record header's version
     * @param buf         buffer holding the record
     * @param off         offset of the record's header (the encrypted fragment starts at {@code off + 5})
     * @param len         whole record length, header included
     * @return the plaintext, or null when this record cannot be decrypted (no keys, bad tag, ...)
     */
    Plaintext decrypt(Direction dir, int contentType, int version, byte[] buf, int off, int len);

    /**
     * A whole handshake message (4-byte header included) was read in {@code dir}, in stream order.
     * The bytes must be copied if kept.
     */
    default void onHandshakeMessage(Direction dir, int type, byte[] msg, int off, int len) {
    }

    /** A ChangeCipherSpec record was read in {@code dir}. */
    default void onChangeCipherSpec(Direction dir) {
    }
}
