package org.layerscope.demo;

import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Key managers that send the device certificate whatever CAs the server's CertificateRequest names, as the device
 * SDKs built on OpenSSL or mbed TLS do. A JSSE key manager otherwise sends no certificate when its issuer is not in
 * the server's list, and a device with a certificate from an unknown CA would look like one without any.
 */
final class DeviceKeyManagers {
    private DeviceKeyManagers() {
    }

    /** {@code kmf}'s key managers, choosing the client certificate without looking at the server's CA names. */
    static KeyManagerFactory anyIssuer(KeyManagerFactory kmf) {
        KeyManager[] wrapped = kmf.getKeyManagers().clone();
        for (int i = 0; i < wrapped.length; i++) {
            if (wrapped[i] instanceof X509ExtendedKeyManager x) {
                wrapped[i] = new AnyIssuer(x);
            }
        }
        return new KeyManagerFactory(new KeyManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore ks, char[] password) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters spec) {
            }

            @Override
            protected KeyManager[] engineGetKeyManagers() {
                return wrapped.clone();
            }
        }, kmf.getProvider(), kmf.getAlgorithm()) {
        };
    }

    private static final class AnyIssuer extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager d;

        AnyIssuer(X509ExtendedKeyManager d) {
            this.d = d;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return d.getClientAliases(keyType, null);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return d.chooseClientAlias(keyType, null, socket);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return d.chooseEngineClientAlias(keyType, null, engine);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return d.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return d.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return d.chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return d.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return d.getPrivateKey(alias);
        }
    }
}
