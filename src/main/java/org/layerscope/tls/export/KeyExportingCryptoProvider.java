package org.layerscope.tls.export;

import java.security.Provider;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * Makes {@link KeyExportingTlsCrypto}s for the BouncyCastle JSSE provider (one per initialised SSLContext), on
 * BouncyCastle's JCA provider: the JDK's providers lack the signature names BouncyCastle's TLS asks for RSA-PSS
 * ({@code SHA256WITHRSAANDMGF1}), without which a TLS 1.3 handshake with RSA certificates fails. The JCA provider is
 * used through this object only, never installed.
 */
final class KeyExportingCryptoProvider extends JcaTlsCryptoProvider {
    private final SecretSink sink;
    private final AtomicLong recorded;
    private final AtomicLong failures;

    KeyExportingCryptoProvider(Provider jca, SecretSink sink, AtomicLong recorded, AtomicLong failures) {
        setProvider(jca);
        this.sink = sink;
        this.recorded = recorded;
        this.failures = failures;
    }

    @Override
    public JcaTlsCrypto create(SecureRandom keyRandom, SecureRandom nonceRandom) {
        return new KeyExportingTlsCrypto(getHelper(), keyRandom, nonceRandom, sink, recorded, failures);
    }
}
