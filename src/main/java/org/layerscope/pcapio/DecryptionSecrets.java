package org.layerscope.pcapio;

/**
 * A pcapng Decryption Secrets Block.
 *
 * @param secretsType the block's secrets type ({@link #TLS_KEY_LOG} for an NSS key log)
 * @param data        the secrets, exactly as stored (an NSS key log for TLS_KEY_LOG)
 */
public record DecryptionSecrets(int secretsType, byte[] data) {
    /** 'TLSK': NSS key log format. */
    public static final int TLS_KEY_LOG = 0x544c534b;
}
