package org.layerscope.tls.keys;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import org.layerscope.dissect.tls.HandshakeType;
import org.layerscope.dissect.tls.RecordDecryptor;
import org.layerscope.model.Direction;
import org.layerscope.tls.keys.KeyDerivation.Hash;
import org.layerscope.tls.keys.KeyLog.Label;

/**
 * Decrypts the TLS records of one TCP connection with the secrets of a {@link KeyLog}.
 *
 * <p>Follows the handshake through {@link #onHandshakeMessage} (ClientHello: client random and 0-RTT offer;
 * ServerHello: server random, cipher suite, version; Finished, EndOfEarlyData and KeyUpdate: key changes) and
 * {@link #onChangeCipherSpec}, and keeps a sequence number per direction and key epoch:
 * <ul>
 *   <li>TLS 1.2 and before (SSL 3.0 to TLS 1.2): the master secret of the {@code CLIENT_RANDOM} line, key block
 *       by the version's PRF; each ChangeCipherSpec switches its direction to the keys of the latest
 *       ClientHello/ServerHello pair (so renegotiation and resumption work). AES-GCM, AES-CCM,
 *       ChaCha20-Poly1305, AES- and 3DES-CBC with HMAC-SHA1/SHA256/SHA384 (explicit IV from TLS 1.1, chained
 *       IV before; encrypt-then-MAC when negotiated).</li>
 *   <li>TLS 1.3 (and drafts 0x7f14 and later): early traffic secret for 0-RTT data, handshake traffic secrets
 *       up to each side's Finished, then application traffic secret 0 and its KeyUpdate successors.
 *       When a record fails in its epoch, the next epoch's keys are tried, so a missed key change costs one
 *       record at most.</li>
 * </ul>
 * Keys are looked up lazily and again whenever the key log grew, so secrets that arrive after the hellos
 * (a Decryption Secrets Block further down a file, a live TLS stack) still work.
 *
 * <p>Never throws; a record that cannot be decrypted gives null and {@link #lastFailure()} says why. Not
 * thread-safe (one instance per connection, used by the thread that decodes it). Never logs.
 */
public final class SessionDecryptor implements RecordDecryptor {
    /**
     * The times one of this class's safety nets caught a {@code RuntimeException}, in this JVM. Malformed input is
     * meant to be rejected by checks (a null hello, a failed record), so a count above zero is a bug of ours; the
     * fuzz targets check it (the nets themselves keep the analysis going and say nothing).
     */
    private static final java.util.concurrent.atomic.AtomicLong INTERNAL_ERRORS = new java.util.concurrent.atomic.AtomicLong();
    private static volatile String lastInternalError = "";

    /** Why the last record could not be decrypted. */
    public enum Failure {
        /** The last record was decrypted. */
        NONE,
        /** No ServerHello (or no ClientHello) was seen: the session's parameters are unknown. */
        NO_HANDSHAKE,
        /** The key log has no secret for this session's client random (and key epoch). */
        NO_KEYS,
        /** The negotiated cipher suite is not supported. */
        UNSUPPORTED_CIPHER_SUITE,
        /** The negotiated protocol version is not supported. */
        UNSUPPORTED_VERSION,
        /** The record did not authenticate (bad tag, MAC or padding): wrong keys or a damaged record. */
        NOT_AUTHENTIC,
        /** The record is too short or otherwise malformed. */
        MALFORMED
    }

    /** Sequence numbers tried beyond the expected one when an AEAD record fails (records missed in capture). */
    private static final int RESYNC_WINDOW = 8;

    private enum Epoch { CLEAR, TLS12, EARLY, HANDSHAKE, APPLICATION }

    /** Parameters of one TLS 1.2-and-before handshake; the key block is derived once, on first need. */
    private static final class Tls12Params {
        final byte[] clientRandom;
        final byte[] serverRandom;
        final int version;
        final int suiteId;
        final CipherSuite suite;
        final boolean encryptThenMac;
        byte[] keyBlock;

        Tls12Params(byte[] clientRandom, byte[] serverRandom, int version, int suiteId, boolean encryptThenMac) {
            this.clientRandom = clientRandom;
            this.serverRandom = serverRandom;
            this.version = version;
            this.suiteId = suiteId;
            this.suite = CipherSuite.of(suiteId);
            this.encryptThenMac = encryptThenMac;
        }
    }

    /** Protection state of one direction. */
    private static final class Side {
        Epoch epoch = Epoch.CLEAR;
        Tls12Params params;
        RecordCipher cipher;
        long seq;
        /** TLS 1.3 application epoch: KeyUpdate generation and its traffic secret. */
        int generation;
        byte[] appSecret;
        /** Key log generation at the last failed key lookup (-1: none failed). */
        long lookedUpAt = -1;
        Failure keyFailure = Failure.NONE;

        void enter(Epoch e) {
            epoch = e;
            cipher = null;
            seq = 0;
            lookedUpAt = -1;
            keyFailure = Failure.NONE;
            if (e != Epoch.APPLICATION) {
                generation = 0;
                appSecret = null;
            }
        }
    }

    private final KeyLog keyLog;
    private final Side[] sides = {new Side(), new Side()};
    private Hellos.ClientHello clientHello;
    /** The key log's generation when it held no secret for this session ({@link #tryNextEpoch}), or -1. */
    private long noSecretsAt = -1;
    private Hellos.ServerHello serverHello;
    private Tls12Params tls12;
    private boolean tls13;
    /** TLS 1.3 suite for 0-RTT data found by trial before the ServerHello. */
    private CipherSuite earlySuite;
    private long decrypted;
    private long failed;
    private Failure lastFailure = Failure.NONE;

    /** A decryptor for one connection that takes its secrets from {@code keyLog} (which may still grow). */
    public SessionDecryptor(KeyLog keyLog) {
        this.keyLog = java.util.Objects.requireNonNull(keyLog, "keyLog");
    }

    // ------------------------------------------------------------------ what the caller may ask

    /** The latest ClientHello's random (a copy), or null before one was seen. */
    public byte[] clientRandom() {
        return clientHello == null ? null : clientHello.random().clone();
    }

    /** The negotiated version (0x0303, 0x0304, 0x7f14, ...) or -1 before a ServerHello. */
    public int version() {
        return serverHello == null ? -1 : serverHello.version();
    }

    /** The selected cipher suite or -1. */
    public int cipherSuite() {
        return serverHello == null ? -1 : serverHello.cipherSuite();
    }

    /** Whether the ServerHello selected TLS 1.3 (or a draft of it). */
    public boolean isTls13() {
        return tls13;
    }

    /** Whether this package can decrypt the selected cipher suite in the selected version. */
    public boolean cipherSuiteSupported() {
        return serverHello != null && suiteFor(serverHello.cipherSuite(), tls13) != null;
    }

    /** Whether the key log holds secrets for the latest ClientHello's random. */
    public boolean keysKnown() {
        return clientHello != null && keyLog.contains(clientHello.random());
    }

    /** Records decrypted so far. */
    public long decryptedRecords() {
        return decrypted;
    }

    /** How many times a safety net of this class caught a {@code RuntimeException} in this JVM (0 unless we have a bug). */
    public static long internalErrors() {
        return INTERNAL_ERRORS.get();
    }

    /** The class and place of the last exception a safety net caught (never its message, which could quote a secret). */
    public static String lastInternalError() {
        return lastInternalError;
    }

    private static void internalError(RuntimeException e) {
        INTERNAL_ERRORS.incrementAndGet();
        StackTraceElement[] at = e.getStackTrace();
        lastInternalError = e.getClass().getName() + (at.length > 0 ? " at " + at[0] : "");
    }

    /** Records that could not be decrypted so far. */
    public long failedRecords() {
        return failed;
    }

    /** Why the last record given to {@link #decrypt} failed, or {@link Failure#NONE}. */
    public Failure lastFailure() {
        return lastFailure;
    }

    /**
     * The record sequence numbers of both directions (client to server first), where a later analysis can go on
     * from with {@link #resume}: both directions protected with application keys in hand, of an AEAD suite (no
     * chained CBC IV, no stream cipher state) and of their first generation (no TLS 1.3 KeyUpdate); else null.
     */
    public long[] resumePoint() {
        for (Side s : sides) {
            if (s.cipher == null || !s.cipher.suite.aead() || s.generation != 0
                    || (s.epoch != Epoch.TLS12 && s.epoch != Epoch.APPLICATION)) {
                return null;
            }
        }
        return new long[] {sides[0].seq, sides[1].seq};
    }

    /**
     * Goes on at the record sequence numbers of a {@link #resumePoint} (a re-analysis that skipped the records
     * between): true when both directions are in the application epoch of their first generation, as there.
     */
    public boolean resume(long clientToServer, long serverToClient) {
        for (Side s : sides) {
            if (s.generation != 0 || (s.epoch != Epoch.TLS12 && s.epoch != Epoch.APPLICATION)) {
                return false;
            }
        }
        sides[0].seq = clientToServer;
        sides[1].seq = serverToClient;
        return true;
    }

    // ------------------------------------------------------------------ RecordDecryptor

    @Override
    public void onHandshakeMessage(Direction dir, int type, byte[] msg, int off, int len) {
        try {
            handshake(dir, type, msg, off, len);
        } catch (RuntimeException e) {
            // malformed input must not break the caller; the state stays as it was
            internalError(e);
        }
    }

    private void handshake(Direction dir, int type, byte[] msg, int off, int len) {
        Side side = sides[dir.index()];
        Side client = sides[Direction.CLIENT_TO_SERVER.index()];
        Side server = sides[Direction.SERVER_TO_CLIENT.index()];
        switch (type) {
            case HandshakeType.CLIENT_HELLO -> {
                if (dir != Direction.CLIENT_TO_SERVER) {
                    return;
                }
                Hellos.ClientHello ch = Hellos.clientHello(msg, off, len);
                if (ch == null) {
                    return;
                }
                clientHello = ch;
                noSecretsAt = -1;
                if (ch.earlyData() && ch.offersTls13() && serverHello == null && client.epoch == Epoch.CLEAR) {
                    client.enter(Epoch.EARLY);
                }
            }
            case HandshakeType.SERVER_HELLO, HandshakeType.HELLO_RETRY_REQUEST -> {
                if (dir != Direction.SERVER_TO_CLIENT) {
                    return;
                }
                Hellos.ServerHello sh = Hellos.serverHello(msg, off, len);
                if (sh == null) {
                    return;
                }
                if (sh.helloRetryRequest()) { // 0-RTT is refused after a HelloRetryRequest
                    if (client.epoch == Epoch.EARLY) {
                        client.enter(Epoch.CLEAR);
                    }
                    return;
                }
                serverHello = sh;
                if (Hellos.isTls13(sh.version())) {
                    tls13 = true;
                    server.enter(Epoch.HANDSHAKE);
                    if (client.epoch != Epoch.EARLY) {
                        client.enter(Epoch.HANDSHAKE);
                    }
                } else if (clientHello != null) {
                    tls12 = new Tls12Params(clientHello.random(), sh.random(), sh.version(), sh.cipherSuite(),
                            sh.encryptThenMac());
                }
            }
            case HandshakeType.ENCRYPTED_EXTENSIONS -> {
                if (tls13 && dir == Direction.SERVER_TO_CLIENT && client.epoch == Epoch.EARLY
                        && !Hellos.hasExtension(msg, off, len, Hellos.EXT_EARLY_DATA)) {
                    client.enter(Epoch.HANDSHAKE); // 0-RTT rejected
                }
            }
            case HandshakeType.END_OF_EARLY_DATA -> {
                if (tls13 && dir == Direction.CLIENT_TO_SERVER && client.epoch == Epoch.EARLY) {
                    client.enter(Epoch.HANDSHAKE);
                }
            }
            case HandshakeType.FINISHED -> {
                if (tls13 && side.epoch == Epoch.HANDSHAKE) {
                    side.enter(Epoch.APPLICATION);
                }
            }
            case HandshakeType.KEY_UPDATE -> {
                if (tls13 && side.epoch == Epoch.APPLICATION) {
                    nextGeneration(dir, side);
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void onChangeCipherSpec(Direction dir) {
        if (dir == null || tls13 || tls12 == null) {
            return; // TLS 1.3 middlebox compatibility CCS, or before any ServerHello
        }
        Side side = sides[dir.index()];
        side.enter(Epoch.TLS12);
        side.params = tls12;
    }

    @Override
    public Plaintext decrypt(Direction dir, int contentType, int version, byte[] buf, int off, int len) {
        Plaintext p;
        try {
            p = decryptRecord(dir, buf, off, len);
        } catch (RuntimeException e) {
            p = null;
            lastFailure = Failure.MALFORMED;
            internalError(e);
        }
        if (p == null) {
            failed++;
            if (lastFailure == Failure.NONE) {
                lastFailure = Failure.NO_KEYS;
            }
        } else {
            decrypted++;
            lastFailure = Failure.NONE;
        }
        return p;
    }

    private Plaintext decryptRecord(Direction dir, byte[] buf, int off, int len) {
        if (dir == null || buf == null || off < 0 || len < 5 || off > buf.length - len) {
            lastFailure = Failure.MALFORMED;
            return null;
        }
        Side side = sides[dir.index()];
        if (side.epoch == Epoch.CLEAR) {
            lastFailure = Failure.NO_HANDSHAKE;
            return null;
        }
        RecordCipher cipher = cipher(dir, side);
        if (cipher != null) {
            Plaintext p = open(cipher, side.seq, buf, off, len);
            if (p != null) {
                side.seq++;
                return p;
            }
            if (cipher.suite.aead()) { // records the capture missed?
                for (int i = 1; i <= RESYNC_WINDOW; i++) {
                    p = open(cipher, side.seq + i, buf, off, len);
                    if (p != null) {
                        side.seq += i + 1;
                        return p;
                    }
                }
            }
            lastFailure = Failure.NOT_AUTHENTIC;
        } else {
            lastFailure = side.keyFailure;
        }
        if (tls13) { // a key change we did not see? try the next epoch's keys
            Plaintext p = tryNextEpoch(dir, side, buf, off, len);
            if (p != null) {
                return p;
            }
        }
        side.seq++;
        return null;
    }

    private static Plaintext open(RecordCipher cipher, long seq, byte[] buf, int off, int len) {
        try {
            return cipher.open(seq, buf, off, len);
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ keys

    /** The current cipher of {@code side}, built on first need (and again once the key log changed). */
    private RecordCipher cipher(Direction dir, Side side) {
        if (side.cipher != null) {
            return side.cipher;
        }
        long generation = keyLog.generation();
        if (side.lookedUpAt == generation) {
            return null;
        }
        side.lookedUpAt = generation;
        try {
            side.cipher = side.epoch == Epoch.TLS12 ? tls12Cipher(dir, side) : tls13Cipher(dir, side);
        } catch (GeneralSecurityException | RuntimeException e) {
            side.cipher = null;
            side.keyFailure = Failure.UNSUPPORTED_CIPHER_SUITE;
        }
        return side.cipher;
    }

    private RecordCipher tls12Cipher(Direction dir, Side side) throws GeneralSecurityException {
        Tls12Params p = side.params;
        if (p == null) {
            side.keyFailure = Failure.NO_HANDSHAKE;
            return null;
        }
        if (p.version < RecordCipher.SSL3 || p.version > 0x0303) {
            side.keyFailure = Failure.UNSUPPORTED_VERSION;
            return null;
        }
        CipherSuite suite = p.suite;
        if (suite == null || suite.tls13 || (p.version < 0x0303 && (suite.aead() || suite.hash != Hash.SHA256
                || !"HmacSHA1".equals(suite.mac)))) {
            side.keyFailure = Failure.UNSUPPORTED_CIPHER_SUITE; // AEAD and SHA-2 MACs need TLS 1.2
            return null;
        }
        if (p.keyBlock == null) {
            byte[] master = keyLog.secret(p.clientRandom, Label.CLIENT_RANDOM);
            if (master == null) {
                side.keyFailure = Failure.NO_KEYS;
                return null;
            }
            int macLength = suite.aead() ? 0 : suite.macLength;
            int total = 2 * (macLength + suite.keyLength + suite.fixedIvLength());
            byte[] seed = KeyDerivation.concat(p.serverRandom, p.clientRandom);
            if (p.version == RecordCipher.SSL3) {
                p.keyBlock = KeyDerivation.ssl3KeyBlock(master, p.serverRandom, p.clientRandom, total);
            } else if (p.version < 0x0303) {
                p.keyBlock = KeyDerivation.prf10(master, "key expansion", seed, total);
            } else {
                p.keyBlock = KeyDerivation.prf12(suite.hash, master, "key expansion", seed, total);
            }
            Arrays.fill(master, (byte) 0);
        }
        boolean client = dir == Direction.CLIENT_TO_SERVER;
        int macLength = suite.aead() ? 0 : suite.macLength;
        int keyLength = suite.keyLength;
        int ivLength = suite.fixedIvLength();
        byte[] kb = p.keyBlock;
        int macOff = client ? 0 : macLength;
        int keyOff = 2 * macLength + (client ? 0 : keyLength);
        int ivOff = 2 * (macLength + keyLength) + (client ? 0 : ivLength);
        byte[] key = Arrays.copyOfRange(kb, keyOff, keyOff + keyLength);
        byte[] iv = Arrays.copyOfRange(kb, ivOff, ivOff + ivLength);
        if (suite.aead()) {
            return RecordCipher.tls12Aead(suite, key, iv);
        }
        byte[] macKey = Arrays.copyOfRange(kb, macOff, macOff + macLength);
        return RecordCipher.cbc(suite, p.version, key, iv, macKey, p.encryptThenMac);
    }

    private RecordCipher tls13Cipher(Direction dir, Side side) {
        if (clientHello == null) {
            side.keyFailure = Failure.NO_HANDSHAKE;
            return null;
        }
        boolean client = dir == Direction.CLIENT_TO_SERVER;
        byte[] secret = switch (side.epoch) {
            case EARLY -> keyLog.secret(clientHello.random(), Label.CLIENT_EARLY_TRAFFIC_SECRET);
            case HANDSHAKE -> keyLog.secret(clientHello.random(),
                    client ? Label.CLIENT_HANDSHAKE_TRAFFIC_SECRET : Label.SERVER_HANDSHAKE_TRAFFIC_SECRET);
            case APPLICATION -> applicationSecret(dir, side);
            default -> null;
        };
        if (secret == null) {
            side.keyFailure = Failure.NO_KEYS;
            return null;
        }
        int version = tls13Version();
        if (version == -1) {
            side.keyFailure = Failure.UNSUPPORTED_VERSION;
            return null;
        }
        if (side.epoch == Epoch.EARLY && serverHello == null) {
            if (earlySuite != null) {
                return tls13Cipher(earlySuite, version, secret);
            }
            // 0-RTT data comes before the ServerHello: its suite is the resumed session's; found by trial
            side.keyFailure = Failure.NOT_AUTHENTIC;
            return new EarlyTrial(secret, version);
        }
        CipherSuite suite = serverHello == null ? null : suiteFor(serverHello.cipherSuite(), true);
        if (suite == null) {
            side.keyFailure = Failure.UNSUPPORTED_CIPHER_SUITE;
            return null;
        }
        if (secret.length != suite.hash.length) {
            side.keyFailure = Failure.NO_KEYS;
            return null;
        }
        return tls13Cipher(suite, version, secret);
    }

    private byte[] applicationSecret(Direction dir, Side side) {
        if (side.appSecret == null) {
            byte[] s = keyLog.secret(clientHello.random(), dir == Direction.CLIENT_TO_SERVER
                    ? Label.CLIENT_TRAFFIC_SECRET_0 : Label.SERVER_TRAFFIC_SECRET_0);
            if (s == null) {
                return null;
            }
            CipherSuite suite = serverHello == null ? null : suiteFor(serverHello.cipherSuite(), true);
            if (suite == null) {
                return s; // fails later with UNSUPPORTED_CIPHER_SUITE
            }
            for (int g = 0; g < side.generation; g++) {
                s = KeyDerivation.expandLabel(suite.hash, s, labelPrefix(tls13Version()), "traffic upd",
                        new byte[0], suite.hash.length);
            }
            side.appSecret = s;
        }
        return side.appSecret.clone();
    }

    /** KeyUpdate: the next application traffic secret (RFC 8446 §7.2), sequence number 0. */
    private void nextGeneration(Direction dir, Side side) {
        int next = side.generation + 1;
        byte[] current = side.appSecret;
        side.enter(Epoch.APPLICATION);
        side.generation = next;
        CipherSuite suite = serverHello == null ? null : suiteFor(serverHello.cipherSuite(), true);
        if (current != null && suite != null) {
            side.appSecret = KeyDerivation.expandLabel(suite.hash, current, labelPrefix(tls13Version()),
                    "traffic upd", new byte[0], suite.hash.length);
        } // else derived from secret 0 on first need
    }

    private Plaintext tryNextEpoch(Direction dir, Side side, byte[] buf, int off, int len) {
        // a session the key log knows nothing of (most of a capture without keys): no secret to try, and no lookup
        // per record (it hex-encodes the client random)
        long generation = keyLog.generation();
        if (generation == noSecretsAt) {
            return null;
        }
        if (clientHello != null && !keyLog.contains(clientHello.random())) {
            noSecretsAt = generation;
            return null;
        }
        Side trial = new Side();
        trial.params = side.params;
        switch (side.epoch) {
            case EARLY -> trial.enter(Epoch.HANDSHAKE);
            case HANDSHAKE -> trial.enter(Epoch.APPLICATION);
            case APPLICATION -> {
                trial.enter(Epoch.APPLICATION);
                trial.generation = side.generation;
                trial.appSecret = side.appSecret;
                nextGeneration(dir, trial);
            }
            default -> {
                return null;
            }
        }
        RecordCipher next;
        try {
            next = tls13Cipher(dir, trial);
        } catch (RuntimeException e) {
            internalError(e);
            return null;
        }
        if (next == null) {
            return null;
        }
        Plaintext p = open(next, 0, buf, off, len);
        if (p != null) {
            side.epoch = trial.epoch;
            side.generation = trial.generation;
            side.appSecret = trial.appSecret;
            side.cipher = next;
            side.seq = 1;
            side.lookedUpAt = -1;
            side.keyFailure = Failure.NONE;
        }
        return p;
    }

    private RecordCipher tls13Cipher(CipherSuite suite, int version, byte[] secret) {
        String prefix = labelPrefix(version);
        int draft = Hellos.draft(version);
        byte[] key = KeyDerivation.expandLabel(suite.hash, secret, prefix, "key", new byte[0], suite.keyLength);
        byte[] iv = KeyDerivation.expandLabel(suite.hash, secret, prefix, "iv", new byte[0], 12);
        return RecordCipher.tls13(suite, key, iv, draft == 0 || draft >= 25);
    }

    /** The TLS 1.3 version in force: the ServerHello's, or before it the first one the ClientHello offers. */
    private int tls13Version() {
        if (serverHello != null) {
            return Hellos.isTls13(serverHello.version()) ? serverHello.version() : -1;
        }
        for (int v : clientHello.supportedVersions()) {
            if (Hellos.isTls13(v)) {
                return v;
            }
        }
        return -1;
    }

    private static String labelPrefix(int version) {
        int draft = Hellos.draft(version);
        return draft == 0 || draft >= 20 ? KeyDerivation.TLS13_PREFIX : KeyDerivation.DRAFT_PREFIX;
    }

    private static CipherSuite suiteFor(int id, boolean tls13) {
        CipherSuite suite = CipherSuite.of(id);
        return suite != null && suite.tls13 == tls13 ? suite : null;
    }

    /**
     * 0-RTT records before the ServerHello: tries the TLS 1.3 suites whose hash fits the early secret and keeps
     * the first that authenticates.
     */
    private final class EarlyTrial extends RecordCipher {
        private final List<RecordCipher> candidates;

        EarlyTrial(byte[] secret, int version) {
            super(CipherSuite.of(0x1301));
            List<Integer> ids = secret.length == 48 ? List.of(0x1302) : List.of(0x1301, 0x1303, 0x1304, 0x1305);
            this.candidates = ids.stream().map(id -> tls13Cipher(CipherSuite.of(id), version, secret)).toList();
        }

        @Override
        Plaintext open(long seq, byte[] buf, int off, int len) throws GeneralSecurityException {
            for (RecordCipher c : candidates) {
                Plaintext p = SessionDecryptor.open(c, seq, buf, off, len);
                if (p != null) {
                    earlySuite = c.suite;
                    sides[Direction.CLIENT_TO_SERVER.index()].cipher = c;
                    return p;
                }
            }
            throw new GeneralSecurityException("no TLS 1.3 suite authenticates this 0-RTT record");
        }
    }

    /** Counts only, never a secret. */
    @Override
    public String toString() {
        return "SessionDecryptor[version=" + (serverHello == null ? "?" : String.format("0x%04x", version()))
                + ", suite=" + (serverHello == null ? "?" : String.format("0x%04x", cipherSuite()))
                + ", decrypted=" + decrypted + ", failed=" + failed + "]";
    }
}
