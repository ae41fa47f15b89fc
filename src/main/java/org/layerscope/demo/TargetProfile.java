package org.layerscope.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Where and what Run &amp; Capture publishes: the embedded broker, or a profile file in Java properties format with
 * the keys {@code endpoint}, {@code port}, {@code cert}, {@code key}, {@code ca}, {@code client-id}, {@code topic},
 * {@code message}, {@code qos}, {@code tls-version} ({@code 1.2|1.3|auto}) and {@code alpn} (optional). Relative
 * file names are relative to the profile's folder. Port 443 without {@code alpn} offers {@code x-amzn-mqtt-ca}, as
 * AWS IoT Core requires there.
 *
 * @param name       {@code embedded} or the profile file's name
 * @param embedded   whether Run &amp; Capture starts the embedded broker for it
 * @param message    the message text; the payload is its JSON encoding, as the AWS IoT sample sends
 * @param alpn       the ALPN protocol to offer, or null
 */
public record TargetProfile(String name, boolean embedded, String endpoint, int port, Path cert, Path key, Path ca,
                            String clientId, String topic, String message, int qos, TlsVersion tlsVersion,
                            String alpn) {
    public static final String DEFAULT_CLIENT_ID = "basicPubSub";
    public static final String DEFAULT_TOPIC = "sdk/test/python";
    public static final String DEFAULT_MESSAGE = "test message";
    public static final int DEFAULT_PORT = 8883;
    public static final String AWS_ALPN = "x-amzn-mqtt-ca";
    static final Set<String> KEYS = Set.of("endpoint", "port", "cert", "key", "ca", "client-id", "topic", "message",
            "qos", "tls-version", "alpn");
    /**
     * The keys the window's profile editor shows, in its order, with the values a new profile starts from (the
     * file names of the AWS IoT Core device kit).
     */
    public static final Map<String, String> EDITOR_TEMPLATE = editorTemplate();

    private static Map<String, String> editorTemplate() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("endpoint", "127.0.0.1");
        m.put("port", String.valueOf(DEFAULT_PORT));
        m.put("client-id", DEFAULT_CLIENT_ID);
        m.put("topic", DEFAULT_TOPIC);
        m.put("message", DEFAULT_MESSAGE);
        m.put("ca", "AmazonRootCA1.pem");
        m.put("cert", "device.pem.crt");
        m.put("key", "private.pem.key");
        m.put("tls-version", "auto");
        return Collections.unmodifiableMap(m);
    }

    /** The keys of a profile file naming files (relative to the profile's folder). */
    public static final Set<String> FILE_KEYS = Set.of("ca", "cert", "key");

    /** A profile that cannot be used, said in one line. */
    public static final class ProfileException extends IOException {
        public ProfileException(String message) {
            super(message);
        }
    }

    /** The embedded broker's profile: {@code localhost:port} with the local PKI's device certificate. */
    public static TargetProfile embedded(CertificateAuthority.Pki pki, int port) {
        return new TargetProfile("embedded", true, "localhost", port, pki.clientCert(), pki.clientKey(),
                pki.caCert(), DEFAULT_CLIENT_ID, DEFAULT_TOPIC, DEFAULT_MESSAGE, 1, TlsVersion.AUTO, null);
    }

    /** Reads a profile file. */
    public static TargetProfile load(Path file) throws IOException {
        Properties p = properties(file);
        Path base = file.toAbsolutePath().getParent();
        return fromProperties(file.getFileName().toString(), p, base);
    }

    /** The keys and values of a profile file, unchecked (what the profile editor shows). */
    public static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new ProfileException(file + ": no such file");
        }
        return p;
    }

    /** A profile's name from its file ({@code my-device.properties} → {@code my-device}). */
    public static String nameOf(Path file) {
        return file.getFileName().toString().replaceFirst("\\.properties$", "");
    }

    /**
     * Writes a profile file {@code NAME.properties} in {@code folder} (created when missing) with the non-blank
     * values given; the name keeps letters, digits, {@code . _ -}. Null when the name is blank.
     */
    public static Path save(Path folder, String name, Map<String, String> values) throws IOException {
        String n = name.trim().replaceAll("[^A-Za-z0-9._-]", "_");
        if (n.isEmpty()) {
            return null;
        }
        Properties p = new Properties();
        values.forEach((k, v) -> {
            if (v != null && !v.trim().isEmpty()) {
                p.setProperty(k, v.trim());
            }
        });
        Path file = folder.resolve(n + ".properties");
        Files.createDirectories(file.getParent());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "LayerScope target profile");
        }
        return file;
    }

    /** A profile from properties; relative paths are resolved against {@code base}. */
    public static TargetProfile fromProperties(String name, Properties p, Path base) throws ProfileException {
        for (String k : p.stringPropertyNames()) {
            if (!KEYS.contains(k)) {
                throw new ProfileException("unknown key '" + k + "' (keys: endpoint, port, cert, key, ca, client-id, "
                        + "topic, message, qos, tls-version, alpn)");
            }
        }
        String endpoint = required(p, "endpoint");
        int port = integer(p, "port", DEFAULT_PORT, 1, 65535);
        Path cert = path(base, required(p, "cert"));
        Path key = path(base, required(p, "key"));
        Path ca = path(base, required(p, "ca"));
        String clientId = p.getProperty("client-id", DEFAULT_CLIENT_ID).strip();
        String topic = p.getProperty("topic", DEFAULT_TOPIC).strip();
        if (topic.isEmpty() || topic.contains("#") || topic.contains("+")) {
            throw new ProfileException("topic must be a non-empty topic name without wildcards");
        }
        String message = p.getProperty("message", DEFAULT_MESSAGE);
        int qos = integer(p, "qos", 1, 0, 1);
        TlsVersion tls;
        try {
            tls = TlsVersion.parse(p.getProperty("tls-version", "auto"));
        } catch (IllegalArgumentException e) {
            throw new ProfileException("tls-version: " + e.getMessage());
        }
        String alpn = p.getProperty("alpn");
        if (alpn != null && alpn.isBlank()) {
            alpn = null;
        }
        if (alpn == null && port == 443) {
            alpn = AWS_ALPN;
        }
        return new TargetProfile(name, false, endpoint, port, cert, key, ca, clientId, topic, message, qos, tls,
                alpn == null ? null : alpn.strip());
    }

    /** This profile with another TLS version. */
    public TargetProfile withTlsVersion(TlsVersion v) {
        return new TargetProfile(name, embedded, endpoint, port, cert, key, ca, clientId, topic, message, qos, v, alpn);
    }

    /** This profile trusting another CA file. */
    public TargetProfile withCa(Path caFile) {
        return new TargetProfile(name, embedded, endpoint, port, cert, key, caFile, clientId, topic, message, qos,
                tlsVersion, alpn);
    }

    /** This profile with another device certificate and key; both null: the device sends no certificate. */
    public TargetProfile withCertificate(Path certFile, Path keyFile) {
        return new TargetProfile(name, embedded, endpoint, port, certFile, keyFile, ca, clientId, topic, message, qos,
                tlsVersion, alpn);
    }

    /** The payload: the message as a JSON string ({@code json.dumps(message)} in the AWS IoT sample). */
    public byte[] payload() {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String required(Properties p, String key) throws ProfileException {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new ProfileException("missing key '" + key + "'");
        }
        return v.strip();
    }

    private static int integer(Properties p, String key, int dflt, int min, int max) throws ProfileException {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ProfileException(key + " must be a number from " + min + " to " + max + ", not '" + v.strip()
                    + "'");
        }
    }

    private static Path path(Path base, String v) {
        String s = v.startsWith("~/") ? System.getProperty("user.home") + v.substring(1) : v;
        Path p = Path.of(s);
        return p.isAbsolute() || base == null ? p : base.resolve(p).normalize();
    }
}
