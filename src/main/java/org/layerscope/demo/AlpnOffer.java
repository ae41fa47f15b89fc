package org.layerscope.demo;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Makes client TLS engines offer an ALPN protocol ({@code x-amzn-mqtt-ca} for AWS IoT Core on port 443).
 *
 * <p>The HiveMQ client has no ALPN setting; it builds its engines through Netty from {@code SSLContext.getInstance
 * ("TLS")}. While an {@code AlpnOffer} is open, a provider placed first answers that call with a context that
 * delegates everything to the next provider's context and sets the application protocols on every engine it makes.
 * Open it only around a connection attempt, and close it after.
 */
final class AlpnOffer implements AutoCloseable {
    private static final String NAME = "LayerScopeAlpn";
    private static final Object LOCK = new Object();

    private AlpnOffer() {
    }

    /** Installs the provider (replacing an earlier one) offering {@code protocol}. */
    static AlpnOffer open(String protocol) {
        synchronized (LOCK) {
            Security.removeProvider(NAME);
            Security.insertProviderAt(new AlpnProvider(protocol), 1);
        }
        return new AlpnOffer();
    }

    @Override
    public void close() {
        synchronized (LOCK) {
            Security.removeProvider(NAME);
        }
    }

    private static final class AlpnProvider extends Provider {
        private static final long serialVersionUID = 1L;

        AlpnProvider(String protocol) {
            super(NAME, "1.0", "SSLContext that offers the ALPN protocol " + protocol);
            for (String algorithm : new String[] {"TLS", "Default"}) {
                putService(new Service(this, "SSLContext", algorithm, AlpnContext.class.getName(), null,
                        Map.of()) {
                    @Override
                    public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
                        return new AlpnContext(algorithm, protocol);
                    }
                });
            }
        }
    }

    private static final class AlpnContext extends SSLContextSpi {
        private final SSLContext delegate;
        private final String protocol;

        AlpnContext(String algorithm, String protocol) throws NoSuchAlgorithmException {
            this.protocol = protocol;
            SSLContext found = null;
            for (Provider p : Security.getProviders()) {
                if (!NAME.equals(p.getName()) && p.getService("SSLContext", algorithm) != null) {
                    found = SSLContext.getInstance(algorithm, p);
                    break;
                }
            }
            if (found == null) {
                throw new NoSuchAlgorithmException("no other provider offers SSLContext." + algorithm);
            }
            this.delegate = found;
        }

        private SSLEngine offer(SSLEngine e) {
            SSLParameters p = e.getSSLParameters();
            p.setApplicationProtocols(new String[] {protocol});
            e.setSSLParameters(p);
            return e;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            if (!"Default".equals(delegate.getProtocol())) {
                delegate.init(km, tm, sr);
            }
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return delegate.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return delegate.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return offer(delegate.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return offer(delegate.createSSLEngine(host, port));
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return delegate.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate.getSupportedSSLParameters();
        }
    }
}
