package org.layerscope.tls.keys;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import org.layerscope.dissect.tls.HandshakeType;
import org.layerscope.pcapio.DecryptionSecrets;

/**
 * Between pcapng Decryption Secrets Blocks and {@link KeyLog}s.
 *
 * <p>Reading: give every block of {@code CaptureReader.secrets()} to {@link #addTo(KeyLog, Collection)} (blocks
 * of other types than TLS key logs are skipped). Writing, for {@code convert --embed-secrets}:
 * <pre>{@code
 * List<byte[]> randoms = ...;  // SessionDecryptor.clientRandom() of each connection, or clientHelloRandom(...)
 * Optional<DecryptionSecrets> dsb = SecretsBlocks.forClientRandoms(keyLog, randoms);
 * if (dsb.isPresent()) writer.writeSecrets(dsb.get());   // before the first packet
 * }</pre>
 */
public final class SecretsBlocks {
    private SecretsBlocks() {
    }

    /** Adds the secrets of one block (TLS key log blocks only; others give an empty result). */
    public static KeyLog.ReadResult addTo(KeyLog keyLog, DecryptionSecrets block) {
        if (block == null || block.secretsType() != DecryptionSecrets.TLS_KEY_LOG || block.data() == null) {
            return KeyLog.ReadResult.empty();
        }
        // NSS key logs are ASCII; Latin-1 maps every byte to one char, so nothing fails to decode
        return keyLog.addAll(new String(block.data(), StandardCharsets.ISO_8859_1));
    }

    /** Adds the secrets of every TLS key log block, in order (later blocks win for the same secret). */
    public static KeyLog.ReadResult addTo(KeyLog keyLog, Collection<DecryptionSecrets> blocks) {
        KeyLog.ReadResult total = KeyLog.ReadResult.empty();
        for (DecryptionSecrets block : blocks) {
            total = total.plus(addTo(keyLog, block));
        }
        return total;
    }

    /** A key log with the secrets of these blocks. */
    public static KeyLog toKeyLog(Collection<DecryptionSecrets> blocks) {
        KeyLog log = new KeyLog();
        addTo(log, blocks);
        return log;
    }

    /** A block holding every secret of {@code keyLog} (empty when it has none). */
    public static Optional<DecryptionSecrets> of(KeyLog keyLog) {
        return block(keyLog);
    }

    /**
     * A block holding only the secrets of these client randoms (the sessions of the capture being written), so
     * that an embedded file reveals nothing about other sessions; empty when none of them has a secret.
     */
    public static Optional<DecryptionSecrets> forClientRandoms(KeyLog keyLog, Collection<byte[]> clientRandoms) {
        return block(keyLog.subset(clientRandoms));
    }

    private static Optional<DecryptionSecrets> block(KeyLog keyLog) {
        if (keyLog.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DecryptionSecrets(DecryptionSecrets.TLS_KEY_LOG,
                keyLog.toNssText().getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * The client random of a ClientHello that starts a TLS record at {@code buf[off]} (a TCP payload that begins
     * with a handshake record whose first message is a ClientHello), or null. Needs the first 43 bytes only, so
     * a ClientHello split over segments is found in its first one.
     */
    public static byte[] clientHelloRandom(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 43 || off > buf.length - 43) {
            return null;
        }
        int recordVersion = ((buf[off + 1] & 0xff) << 8) | (buf[off + 2] & 0xff);
        int helloVersion = ((buf[off + 9] & 0xff) << 8) | (buf[off + 10] & 0xff);
        if ((buf[off] & 0xff) != 22 || (buf[off + 5] & 0xff) != HandshakeType.CLIENT_HELLO
                || recordVersion < 0x0300 || recordVersion > 0x0304 || helloVersion < 0x0300 || helloVersion > 0x0304) {
            return null;
        }
        return Arrays.copyOfRange(buf, off + 11, off + 43);
    }
}
