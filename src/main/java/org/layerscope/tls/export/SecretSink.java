package org.layerscope.tls.export;

import org.layerscope.tls.keys.KeyLog;

/**
 * Where the secrets of a TLS session go as the session derives them: {@link KeyLog#add} fits ({@code keyLog::add}).
 * Called on the TLS engine's thread in the middle of a handshake: keep it short, and do not keep the arrays (they are
 * zeroed after the call).
 */
@FunctionalInterface
public interface SecretSink {
    /**
     * One secret.
     *
     * @param label        its NSS key log label
     * @param clientRandom the session's ClientHello random (32 bytes)
     * @param secret       the secret (48 bytes for {@code CLIENT_RANDOM}; the hash length for TLS 1.3 secrets)
     */
    void add(KeyLog.Label label, byte[] clientRandom, byte[] secret);
}
