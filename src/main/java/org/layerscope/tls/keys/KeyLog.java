package org.layerscope.tls.keys;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.layerscope.pcapio.AtomicFile;

/**
 * TLS session secrets in the NSS key log format ({@code SSLKEYLOGFILE} of browsers, curl, OpenSSL; the
 * contents of a pcapng Decryption Secrets Block): one line per secret, {@code LABEL <client random hex>
 * <secret hex>}, indexed by the ClientHello's random.
 *
 * <p>Thread-safe: live recording may {@link #add} while the analysis {@linkplain #secret looks up}.
 * Secrets are copied in and out and never appear in {@link #toString()}; only {@link #toNssText()} and
 * {@link #writeTo(Path)} reveal them. When the same label is given twice for a client random, the later
 * value replaces the earlier one.
 */
public final class KeyLog {

    /** The secrets this key log keeps (other NSS labels are recognised and skipped). */
    public enum Label {
        /** TLS 1.2 and before: the 48-byte master secret. */
        CLIENT_RANDOM,
        /** TLS 1.3: protects 0-RTT early data. */
        CLIENT_EARLY_TRAFFIC_SECRET,
        /** TLS 1.3: the client's handshake messages (from its second flight up to its Finished). */
        CLIENT_HANDSHAKE_TRAFFIC_SECRET,
        /** TLS 1.3: the server's handshake messages after the ServerHello, up to its Finished. */
        SERVER_HANDSHAKE_TRAFFIC_SECRET,
        /** TLS 1.3: the client's first application traffic secret (later ones follow by KeyUpdate). */
        CLIENT_TRAFFIC_SECRET_0,
        /** TLS 1.3: the server's first application traffic secret. */
        SERVER_TRAFFIC_SECRET_0;

        /** Whether a secret of {@code length} bytes is plausible for this label. */
        boolean validLength(int length) {
            return this == CLIENT_RANDOM ? length == 48 : length == 32 || length == 48 || length == 64;
        }
    }

    /** NSS labels that are valid but carry nothing this key log needs. */
    private static final Set<String> IGNORED_LABELS = Set.of("EXPORTER_SECRET", "EARLY_EXPORTER_SECRET",
            "RSA", "PMS_CLIENT_RANDOM");

    private static final int MAX_REPORTED_BAD_LINES = 20;

    /**
     * What one {@code read}/{@code addAll} call found.
     *
     * @param lines          lines read (blank lines and comments included)
     * @param secrets        secrets taken (duplicates included)
     * @param ignored        valid lines with a label that is not needed ({@code EXPORTER_SECRET}, {@code RSA}, ...)
     * @param bad            lines that could not be read (unknown label, bad hex, wrong length)
     * @param badLineNumbers line numbers (1-based) of the first bad lines, at most 20
     */
    public record ReadResult(int lines, int secrets, int ignored, int bad, List<Integer> badLineNumbers) {
        public ReadResult {
            badLineNumbers = List.copyOf(badLineNumbers);
        }

        /** The sum of two results (line numbers are kept as they are). */
        public ReadResult plus(ReadResult other) {
            List<Integer> numbers = new ArrayList<>(badLineNumbers);
            for (int n : other.badLineNumbers) {
                if (numbers.size() < MAX_REPORTED_BAD_LINES) {
                    numbers.add(n);
                }
            }
            return new ReadResult(lines + other.lines, secrets + other.secrets, ignored + other.ignored,
                    bad + other.bad, numbers);
        }

        static ReadResult empty() {
            return new ReadResult(0, 0, 0, 0, List.of());
        }
    }

    /** client random (lower-case hex) → secrets, in the order the client randoms were first met. */
    private final Map<String, EnumMap<Label, byte[]>> sessions = new LinkedHashMap<>();
    private volatile long generation;

    /** An empty key log. */
    public KeyLog() {
    }

    /** A key log with the secrets of {@code text}; bad lines are skipped (see {@link #addAll(CharSequence)}). */
    public static KeyLog parse(CharSequence text) {
        KeyLog log = new KeyLog();
        log.addAll(text);
        return log;
    }

    /** A key log with the secrets of the file at {@code path}; bad lines are skipped. */
    public static KeyLog read(Path path) throws IOException {
        KeyLog log = new KeyLog();
        log.addAll(path);
        return log;
    }

    /** Adds the secrets of NSS key log text; bad lines are counted, never fatal. */
    public ReadResult addAll(CharSequence text) {
        try {
            return addAll(new StringReader(text.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
    }

    /** Adds the secrets of the NSS key log file at {@code path} (read as ASCII; other bytes make a line bad). */
    public ReadResult addAll(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return addAll(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
        }
    }

    /** Adds the secrets read from {@code reader} (not closed). Accepts LF and CRLF line ends, '#' comments. */
    public ReadResult addAll(Reader reader) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        int lines = 0;
        int taken = 0;
        int ignored = 0;
        int bad = 0;
        List<Integer> badNumbers = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            lines++;
            if (lines == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            switch (addLine(line)) {
                case TAKEN -> taken++;
                case IGNORED -> ignored++;
                case BAD -> {
                    bad++;
                    if (badNumbers.size() < MAX_REPORTED_BAD_LINES) {
                        badNumbers.add(lines);
                    }
                }
                default -> { // blank or comment
                }
            }
        }
        return new ReadResult(lines, taken, ignored, bad, badNumbers);
    }

    private enum LineKind { BLANK, TAKEN, IGNORED, BAD }

    private LineKind addLine(String raw) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return LineKind.BLANK;
        }
        String[] parts = line.split("[ \t]+");
        if (parts.length != 3) {
            return LineKind.BAD;
        }
        Label label;
        try {
            label = Label.valueOf(parts[0]);
        } catch (IllegalArgumentException e) {
            if (IGNORED_LABELS.contains(parts[0]) || parts[0].matches("(CLIENT|SERVER)_TRAFFIC_SECRET_[0-9]+")) {
                return Hex.decode(parts[1]) != null && Hex.decode(parts[2]) != null ? LineKind.IGNORED : LineKind.BAD;
            }
            return LineKind.BAD;
        }
        byte[] random = Hex.decode(parts[1]);
        byte[] secret = Hex.decode(parts[2]);
        if (random == null || random.length != 32 || secret == null || !label.validLength(secret.length)) {
            return LineKind.BAD;
        }
        put(label, random, secret);
        return LineKind.TAKEN;
    }

    /**
     * Adds one secret, as a live TLS stack reports it (thread-safe; the arrays are copied).
     *
     * @throws IllegalArgumentException when the client random is not 32 bytes or the secret's length does not
     *                                  fit the label (48 bytes for {@link Label#CLIENT_RANDOM}; 32, 48 or 64)
     */
    public void add(Label label, byte[] clientRandom, byte[] secret) {
        Objects.requireNonNull(label, "label");
        if (clientRandom == null || clientRandom.length != 32) {
            throw new IllegalArgumentException("a client random has 32 bytes");
        }
        if (secret == null || !label.validLength(secret.length)) {
            throw new IllegalArgumentException("unexpected secret length for " + label);
        }
        put(label, clientRandom, secret.clone());
    }

    /** Adds every secret of {@code other} (a DSB's key log, a file) to this one. */
    public void addAll(KeyLog other) {
        if (other == this) {
            return;
        }
        Map<String, EnumMap<Label, byte[]>> copy = other.snapshot();
        synchronized (this) {
            copy.forEach((random, secrets) -> sessions.computeIfAbsent(random, k -> new EnumMap<>(Label.class))
                    .putAll(secrets));
            generation++;
        }
    }

    private synchronized void put(Label label, byte[] clientRandom, byte[] secret) {
        sessions.computeIfAbsent(Hex.encode(clientRandom), k -> new EnumMap<>(Label.class)).put(label, secret);
        generation++;
    }

    /** The secret for this client random and label (a copy), or null. */
    public byte[] secret(byte[] clientRandom, Label label) {
        if (clientRandom == null || label == null) {
            return null;
        }
        String key = Hex.encode(clientRandom);
        synchronized (this) {
            EnumMap<Label, byte[]> secrets = sessions.get(key);
            byte[] s = secrets == null ? null : secrets.get(label);
            return s == null ? null : s.clone();
        }
    }

    /** Whether any secret is known for this client random. */
    public synchronized boolean contains(byte[] clientRandom) {
        return clientRandom != null && sessions.containsKey(Hex.encode(clientRandom));
    }

    /** The labels known for this client random. */
    public synchronized Set<Label> labels(byte[] clientRandom) {
        EnumMap<Label, byte[]> secrets = clientRandom == null ? null : sessions.get(Hex.encode(clientRandom));
        return secrets == null ? Set.of() : Set.copyOf(secrets.keySet());
    }

    /** The client randoms with secrets, in the order they were first added (copies). */
    public synchronized List<byte[]> clientRandoms() {
        List<byte[]> out = new ArrayList<>(sessions.size());
        for (String random : sessions.keySet()) {
            out.add(Hex.decode(random));
        }
        return out;
    }

    /** Number of client randoms (sessions) with at least one secret. */
    public synchronized int sessionCount() {
        return sessions.size();
    }

    /** Number of secrets. */
    public synchronized int secretCount() {
        int n = 0;
        for (EnumMap<Label, byte[]> secrets : sessions.values()) {
            n += secrets.size();
        }
        return n;
    }

    public synchronized boolean isEmpty() {
        return sessions.isEmpty();
    }

    /** Grows with every change: a decryptor that found no key can tell cheaply whether looking again helps. */
    public long generation() {
        return generation;
    }

    /** A new key log with only the sessions of these client randoms (randoms without secrets are skipped). */
    public KeyLog subset(Collection<byte[]> clientRandoms) {
        Set<String> wanted = new HashSet<>();
        for (byte[] r : clientRandoms) {
            if (r != null) {
                wanted.add(Hex.encode(r));
            }
        }
        KeyLog out = new KeyLog();
        synchronized (this) {
            sessions.forEach((random, secrets) -> {
                if (wanted.contains(random)) {
                    EnumMap<Label, byte[]> copy = new EnumMap<>(Label.class);
                    secrets.forEach((label, s) -> copy.put(label, s.clone()));
                    out.sessions.put(random, copy);
                }
            });
        }
        out.generation = 1;
        return out;
    }

    /**
     * The secrets in NSS key log format: one line per secret ({@code LABEL random secret}, lower-case hex, LF),
     * sessions in the order they were first added, TLS 1.3 labels in handshake order. Reveals the secrets.
     */
    public String toNssText() {
        StringBuilder out = new StringBuilder();
        snapshot().forEach((random, secrets) -> secrets.forEach((label, secret) ->
                out.append(label.name()).append(' ').append(random).append(' ').append(Hex.encode(secret))
                        .append('\n')));
        return out.toString();
    }

    /**
     * Writes {@link #toNssText()} to {@code path}, replacing it, through {@link AtomicFile#openOwnerOnly}: the file
     * is readable and writable by its owner only ({@code rw-------}, or an owner-only ACL) before any secret is
     * written, and moved into place only when complete.
     */
    public void writeTo(Path path) throws IOException {
        AtomicFile f = AtomicFile.openOwnerOnly(path);
        try {
            f.out().write(toNssText().getBytes(StandardCharsets.US_ASCII));
            f.commit();
        } finally {
            f.abort();
        }
    }

    /** Overwrites every secret in memory with zeros and forgets them. */
    public synchronized void clear() {
        for (EnumMap<Label, byte[]> secrets : sessions.values()) {
            for (byte[] s : secrets.values()) {
                Arrays.fill(s, (byte) 0);
            }
        }
        sessions.clear();
        generation++;
    }

    private synchronized Map<String, EnumMap<Label, byte[]>> snapshot() {
        Map<String, EnumMap<Label, byte[]>> copy = new LinkedHashMap<>();
        sessions.forEach((random, secrets) -> {
            EnumMap<Label, byte[]> c = new EnumMap<>(Label.class);
            secrets.forEach((label, s) -> c.put(label, s.clone()));
            copy.put(random, c);
        });
        return copy;
    }

    /** Counts only, never a secret: {@code KeyLog[2 sessions, 8 secrets]}. */
    @Override
    public String toString() {
        return "KeyLog[" + sessionCount() + " sessions, " + secretCount() + " secrets]";
    }
}
