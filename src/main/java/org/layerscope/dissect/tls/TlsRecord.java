package org.layerscope.dissect.tls;

import java.util.List;

/**
 * What the pipeline needs to know of one TLS record once it is decoded.
 *
 * @param contentType      the record's content type as tshark reports it in
 *                         {@code tls.record.content_type} (20, 21, 22, 23, ...); for a decrypted TLS 1.3
 *                         record the inner type
 * @param opaque           true for a TLS 1.3 encrypted record that was not decrypted (tshark puts its
 *                         type in {@code tls.record.opaque_type}, always 23)
 * @param encrypted        true when the record's content is encrypted (TLS 1.2 records after
 *                         ChangeCipherSpec, TLS 1.3 records after ServerHello), whether or not it was
 *                         decrypted
 * @param version          the record header's version field (for example 0x0303)
 * @param length           the record header's length field
 * @param handshakeTypes   types of the handshake messages readable in this record that complete in it,
 *                         in order (as tshark's {@code tls.handshake.type})
 * @param alertLevel       alert level (1 warning, 2 fatal) or -1 when not an alert or not readable
 * @param alertDescription alert description code or -1 when not an alert or not readable
 * @param info             Wireshark-like summary of the record ("Client Hello", "Server Hello, Certificate",
 *                         "Change Cipher Spec", "Application Data", "Encrypted Alert", "Encrypted Handshake
 *                         Message", "Alert (Level: Fatal, Description: Unknown CA)")
 * @param plaintext        the decrypted application data (content type 23), or null; handed to MQTT
 */
public record TlsRecord(int contentType, boolean opaque, boolean encrypted, int version, int length,
                        List<Integer> handshakeTypes, int alertLevel, int alertDescription, String info,
                        byte[] plaintext) {
    public static final int CHANGE_CIPHER_SPEC = 20;
    public static final int ALERT = 21;
    public static final int HANDSHAKE = 22;
    public static final int APPLICATION_DATA = 23;
    public static final int HEARTBEAT = 24;

    public TlsRecord {
        handshakeTypes = List.copyOf(handshakeTypes);
    }
}
