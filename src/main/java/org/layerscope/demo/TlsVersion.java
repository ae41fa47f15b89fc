package org.layerscope.demo;

import java.util.List;
import java.util.Locale;

/** The TLS version the publisher offers: {@code 1.2}, {@code 1.3} or {@code auto} (both; the server picks). */
public enum TlsVersion {
    V1_2("1.2", List.of("TLSv1.2")),
    V1_3("1.3", List.of("TLSv1.3")),
    AUTO("auto", List.of("TLSv1.3", "TLSv1.2"));

    private final String id;
    private final List<String> protocols;

    TlsVersion(String id, List<String> protocols) {
        this.id = id;
        this.protocols = protocols;
    }

    /** {@code 1.2}, {@code 1.3} or {@code auto}. */
    public String id() {
        return id;
    }

    /** JSSE protocol names to enable. */
    public List<String> protocols() {
        return protocols;
    }

    /** Parses {@code 1.2}, {@code 1.3}, {@code auto} (also {@code TLSv1.2}, {@code tls1.3}). */
    public static TlsVersion parse(String s) {
        String v = s.strip().toLowerCase(Locale.ROOT).replace("tlsv", "").replace("tls", "");
        for (TlsVersion t : values()) {
            if (t.id.equals(v)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown TLS version '" + s + "' (use 1.2, 1.3 or auto)");
    }

    @Override
    public String toString() {
        return id;
    }
}
