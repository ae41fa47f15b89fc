package org.layerscope.tls.export;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCipher;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.layerscope.tls.keys.KeyLog;

/**
 * BouncyCastle's JCA crypto for TLS, which also hands the secrets of each session to a {@link SecretSink} when the
 * session creates a record cipher.
 *
 * <p>BouncyCastle creates a cipher ({@link #createCipher}) once the keys of a phase are known, always from the
 * handshake's {@link SecurityParameters} ({@link TlsCryptoParameters#getSecurityParametersHandshake()}):
 * <ul>
 *   <li>TLS 1.2 and before: once, after the key exchange; the master secret is there ({@code CLIENT_RANDOM}).</li>
 *   <li>TLS 1.3: after the ServerHello with the handshake traffic secrets (the base keys are not set yet), and
 *       after the server's Finished with the first application traffic secrets (the base keys then hold the
 *       handshake secrets). A KeyUpdate re-keys the existing cipher without calling this method, so later
 *       generations of traffic secrets are not recorded.</li>
 * </ul>
 * Each secret is copied with {@link #adoptSecret} and only the copy is {@linkplain TlsSecret#extract() extracted},
 * so the live secret stays usable. Recording never breaks a handshake: every failure is caught and counted.
 */
final class KeyExportingTlsCrypto extends JcaTlsCrypto {
    private final SecretSink sink;
    private final AtomicLong recorded;
    private final AtomicLong failures;

    KeyExportingTlsCrypto(JcaJceHelper helper, SecureRandom entropySource, SecureRandom nonceEntropySource,
                          SecretSink sink, AtomicLong recorded, AtomicLong failures) {
        super(helper, entropySource, nonceEntropySource);
        this.sink = sink;
        this.recorded = recorded;
        this.failures = failures;
    }

    @Override
    public TlsCipher createCipher(TlsCryptoParameters cryptoParams, int encryptionAlgorithm, int macAlgorithm)
            throws IOException {
        try {
            record(cryptoParams);
        } catch (Exception | LinkageError | AssertionError e) {
            failures.incrementAndGet();
        }
        return super.createCipher(cryptoParams, encryptionAlgorithm, macAlgorithm);
    }

    private void record(TlsCryptoParameters cryptoParams) {
        SecurityParameters sp = cryptoParams.getSecurityParametersHandshake();
        if (sp == null) {
            sp = cryptoParams.getSecurityParametersConnection();
        }
        if (sp == null || sp.getClientRandom() == null) {
            failures.incrementAndGet();
            return;
        }
        byte[] random = sp.getClientRandom();
        ProtocolVersion version = sp.getNegotiatedVersion();
        if (version != null && TlsUtils.isTLSv13(version)) {
            boolean handshakePhase = sp.getBaseKeyClient() == null;
            emit(handshakePhase ? KeyLog.Label.CLIENT_HANDSHAKE_TRAFFIC_SECRET : KeyLog.Label.CLIENT_TRAFFIC_SECRET_0,
                    random, sp.getTrafficSecretClient());
            emit(handshakePhase ? KeyLog.Label.SERVER_HANDSHAKE_TRAFFIC_SECRET : KeyLog.Label.SERVER_TRAFFIC_SECRET_0,
                    random, sp.getTrafficSecretServer());
        } else {
            emit(KeyLog.Label.CLIENT_RANDOM, random, sp.getMasterSecret());
        }
    }

    private void emit(KeyLog.Label label, byte[] clientRandom, TlsSecret secret) {
        if (secret == null) {
            failures.incrementAndGet();
            return;
        }
        byte[] bytes = null;
        try {
            bytes = adoptSecret(secret).extract(); // a copy: the live secret is not touched
            sink.add(label, clientRandom.clone(), bytes);
            recorded.incrementAndGet();
        } catch (Exception | LinkageError | AssertionError e) {
            failures.incrementAndGet();
        } finally {
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }
}
