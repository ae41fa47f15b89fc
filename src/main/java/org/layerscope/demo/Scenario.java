package org.layerscope.demo;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What Run &amp; Capture stages on the embedded broker ({@code run-capture --scenario NAME}): the normal exchange or
 * one of the ways a real device's connection to AWS IoT Core breaks. Each names the verdict that
 * {@code diagnose FILE --keylog KEYS} gives to the capture's first connection; for TLS alerts the verdict names the
 * alert the two TLS stacks (BouncyCastle's JSSE on both sides) really send.
 *
 * <p>The one-line descriptions are in the resource bundles under {@code scenario.NAME} (see {@link #descriptionKey()}).
 */
public enum Scenario {
    /** Today's Run &amp; Capture: connect, publish, disconnect. */
    OK("ok", "ok", true),
    /** Nothing listens on the port. */
    BROKER_DOWN("broker-down", "tcp-refused", false),
    /** The device trusts another CA than the one that signed the broker's certificate. */
    WRONG_SERVER_CA("wrong-server-ca", "tls-alert-by-client:certificate_unknown", true),
    /** The device certificate comes from a CA the broker does not know. */
    UNTRUSTED_CLIENT_CERT("untrusted-client-cert", "tls-alert-by-server:certificate_unknown", true),
    /** The device sends no certificate. */
    NO_CLIENT_CERT("no-client-cert", "tls-alert-by-server:certificate_required", "tls-alert-by-server:handshake_failure"),
    /** The broker's certificate has expired. */
    EXPIRED_SERVER_CERT("expired-server-cert", "tls-alert-by-client:certificate_unknown", true),
    /** The broker's certificate names another host than the endpoint. */
    WRONG_HOSTNAME("wrong-hostname", "tls-alert-by-client:certificate_unknown", true),
    /** The device offers only one TLS version, the broker accepts only the other. */
    TLS_VERSION_MISMATCH("tls-version-mismatch", "tls-alert-by-server:protocol_version", true),
    /** Like an IoT Core policy without iot:Connect: the broker hangs up after CONNECT, without CONNACK. */
    CONNECT_NOT_AUTHORIZED("connect-not-authorized", "closed-by-server-after-connect", true),
    /** Like a policy without iot:Publish: the broker hangs up after the PUBLISH. */
    PUBLISH_NOT_AUTHORIZED("publish-not-authorized", "closed-by-server-after-publish", true),
    /** A second device connects with the same client id; the broker drops the first. */
    CLIENT_ID_CONFLICT("client-id-conflict", "client-id-taken-over", true),
    /** The device goes silent (no PINGREQ) past 1.5 times its keep-alive. */
    KEEPALIVE_TIMEOUT("keepalive-timeout", "keepalive-timeout", true);

    private final String id;
    private final String expectedVerdict;
    private final String expectedVerdictTls12;
    private final boolean usesTls;

    Scenario(String id, String expectedVerdict, boolean usesTls) {
        this.id = id;
        this.expectedVerdict = expectedVerdict;
        this.expectedVerdictTls12 = expectedVerdict;
        this.usesTls = usesTls;
    }

    /** A TLS scenario whose verdict differs with TLS 1.2 (the alert TLS 1.2 has for it). */
    Scenario(String id, String expectedVerdict, String expectedVerdictTls12) {
        this.id = id;
        this.expectedVerdict = expectedVerdict;
        this.expectedVerdictTls12 = expectedVerdictTls12;
        this.usesTls = true;
    }

    /** The name on the command line ({@code broker-down}). */
    public String id() {
        return id;
    }

    /** The verdict {@code diagnose} gives to the capture's first connection (by default TLS 1.3 is negotiated). */
    public String expectedVerdict() {
        return expectedVerdict;
    }

    /** The verdict with the TLS version the device offers ({@code null} or auto: TLS 1.3 is negotiated). */
    public String expectedVerdict(TlsVersion tls) {
        return tls == TlsVersion.V1_2 ? expectedVerdictTls12 : expectedVerdict;
    }

    /** Whether a TLS handshake is staged, so {@code --tls 1.2|1.3} changes what is captured. */
    public boolean usesTls() {
        return usesTls;
    }

    /** Whether the exchange is meant to succeed (exit status 0). */
    public boolean succeeds() {
        return this == OK;
    }

    /** The resource bundle key of the one-line description. */
    public String descriptionKey() {
        return "scenario." + id;
    }

    /** The scenario named {@code name} (case-insensitive). */
    public static Optional<Scenario> byId(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.id.equals(n)).findFirst();
    }

    /** The names, comma-separated (for messages). */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(Scenario::id).toList());
    }
}
