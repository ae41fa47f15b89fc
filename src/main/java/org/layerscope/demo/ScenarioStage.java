package org.layerscope.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How a {@link Scenario} is staged: the device's profile, how the embedded broker is set up (or that none runs) and
 * how the device behaves. The extra certificates a scenario needs are made in the LayerScope folder's
 * {@code scenarios} folder: an unrelated CA with its own device certificate (made once), and for each run an expired
 * server certificate or one for another host, signed by the local CA.
 *
 * @param scenario  what is staged
 * @param client    the device's profile
 * @param broker    the broker's setup, or null when nothing listens ({@code broker-down})
 * @param behaviour how the device behaves
 */
public record ScenarioStage(Scenario scenario, TargetProfile client, EmbeddedBroker.Options broker,
                            Publisher.Behaviour behaviour) {
    /** The host named by the certificate of {@code wrong-hostname} (reserved by RFC 2606: never a real host). */
    public static final String OTHER_HOST = "broker.example.invalid";

    /**
     * Stages {@code scenario} against the local PKI.
     *
     * @param device the embedded broker's device profile ({@link TargetProfile#embedded})
     * @param tls    the TLS version asked for (null: the profile's); for {@code tls-version-mismatch} the version the
     *               device offers (default 1.2), the broker then accepts only the other one
     * @param home   the LayerScope folder
     */
    public static ScenarioStage prepare(Scenario scenario, CertificateAuthority.Pki pki, TargetProfile device,
                                        TlsVersion tls, Path home) throws IOException {
        TargetProfile client = tls == null ? device : device.withTlsVersion(tls);
        EmbeddedBroker.Options broker = EmbeddedBroker.Options.of(pki);
        Publisher.Behaviour behaviour = Publisher.Behaviour.NORMAL;
        Path folder = home.resolve("scenarios");
        switch (scenario) {
            case OK -> {
            }
            case BROKER_DOWN -> broker = null;
            case WRONG_SERVER_CA -> client = client.withCa(otherPki(folder).caCert());
            case UNTRUSTED_CLIENT_CERT -> {
                CertificateAuthority.Pki other = otherPki(folder);
                client = client.withCertificate(other.clientCert(), other.clientKey());
            }
            case NO_CLIENT_CERT -> client = client.withCertificate(null, null);
            case EXPIRED_SERVER_CERT -> {
                Instant now = Instant.now();
                CertificateAuthority.Issued expired = CertificateAuthority.issueServer(pki, folder, "expired-server",
                        now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(35)), List.of("localhost"),
                        List.of("127.0.0.1", "::1"));
                broker = broker.withServerCertificate(expired.cert(), expired.key());
            }
            case WRONG_HOSTNAME -> {
                Instant now = Instant.now();
                CertificateAuthority.Issued other = CertificateAuthority.issueServer(pki, folder, "other-host-server",
                        now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)), List.of(OTHER_HOST),
                        List.of());
                broker = broker.withServerCertificate(other.cert(), other.key());
            }
            case TLS_VERSION_MISMATCH -> {
                boolean offers13 = tls == TlsVersion.V1_3;
                client = client.withTlsVersion(offers13 ? TlsVersion.V1_3 : TlsVersion.V1_2);
                broker = broker.withProtocols(offers13 ? TlsVersion.V1_2.protocols() : TlsVersion.V1_3.protocols());
            }
            case CONNECT_NOT_AUTHORIZED -> broker = broker.withPolicy(new BrokerPolicy(false, true));
            case PUBLISH_NOT_AUTHORIZED -> broker = broker.withPolicy(new BrokerPolicy(true, false));
            case CLIENT_ID_CONFLICT -> behaviour = Publisher.Behaviour.TAKEN_OVER;
            case KEEPALIVE_TIMEOUT -> behaviour = Publisher.Behaviour.GO_SILENT;
            default -> throw new IllegalStateException(scenario.id());
        }
        return new ScenarioStage(scenario, client, broker, behaviour);
    }

    /** An unrelated CA with its own device certificate, made once in {@code folder/other-ca}. */
    private static CertificateAuthority.Pki otherPki(Path folder) throws IOException {
        LayerScopeHome.privateDirectory(folder);
        return CertificateAuthority.ensure(folder.resolve("other-ca"), "Unrelated CA").pki();
    }
}
