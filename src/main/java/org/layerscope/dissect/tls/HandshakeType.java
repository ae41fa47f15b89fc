package org.layerscope.dissect.tls;

/**
 * TLS handshake message types (IANA "TLS HandshakeType" registry; RFC 5246 7.4, RFC 8446 4), as found in
 * {@link TlsRecord#handshakeTypes()} and the {@code tls.handshake.type} field. Names: {@link TlsNames#handshakeType}.
 */
public final class HandshakeType {
    public static final int HELLO_REQUEST = 0;
    public static final int CLIENT_HELLO = 1;
    public static final int SERVER_HELLO = 2;
    public static final int NEW_SESSION_TICKET = 4;
    public static final int END_OF_EARLY_DATA = 5;
    /** HelloRetryRequest as its own type: TLS 1.3 drafts before 22 only (later ones send a ServerHello). */
    public static final int HELLO_RETRY_REQUEST = 6;
    public static final int ENCRYPTED_EXTENSIONS = 8;
    public static final int CERTIFICATE = 11;
    public static final int SERVER_KEY_EXCHANGE = 12;
    public static final int CERTIFICATE_REQUEST = 13;
    public static final int SERVER_HELLO_DONE = 14;
    public static final int CERTIFICATE_VERIFY = 15;
    public static final int CLIENT_KEY_EXCHANGE = 16;
    public static final int FINISHED = 20;
    public static final int CERTIFICATE_STATUS = 22;
    public static final int KEY_UPDATE = 24;
    public static final int COMPRESSED_CERTIFICATE = 25;

    private HandshakeType() {
    }
}
