package org.layerscope.tls.export;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.layerscope.tls.keys.KeyLog;

/**
 * The secrets of LayerScope's own TLS sessions. The JDK's SunJSSE provider cannot export them; BouncyCastle's JSSE
 * provider ({@code BCJSSE}) can, with a crypto that records each session's secrets when it makes its record cipher
 * (see {@link KeyExportingTlsCrypto}).
 *
 * <ul>
 *   <li>{@link #install()} puts one recording {@code BCJSSE} first in the JVM's provider list, so every
 *       {@code SSLContext.getInstance("TLS")} made afterwards (Netty's {@code SslContextBuilder} inside the HiveMQ
 *       client, for example) uses it. Its secrets go to whoever {@linkplain #record(SecretSink) records} at the time,
 *       and nowhere else: with no recording open they are dropped.</li>
 *   <li>{@link #sslContext(SecretSink)} makes a context of a private, uninstalled {@code BCJSSE} whose sessions
 *       report to one sink only (the embedded broker's, so its key log holds exactly its own sessions).</li>
 * </ul>
 * Secrets are never logged; recording never breaks a handshake (failures are {@linkplain #failures() counted}).
 * Netty's OpenSSL provider (netty-tcnative) must stay off the class path: with it Netty would not use JSSE at all.
 */
public final class TlsKeyExport {
    /** The name BouncyCastle's JSSE provider registers. */
    public static final String PROVIDER_NAME = BouncyCastleJsseProvider.PROVIDER_NAME;
    /** The provider {@code AlpnOffer} puts in front while it is open; it delegates to the next one. */
    private static final String ALPN_OFFER = "LayerScopeAlpn";
    private static final AtomicLong RECORDED = new AtomicLong();
    private static final AtomicLong FAILURES = new AtomicLong();
    private static final List<Recording> RECORDINGS = new CopyOnWriteArrayList<>();
    /** Kept so the level set here is not lost when the logger would otherwise be collected. */
    private static final Logger BC_JSSE_LOG = Logger.getLogger("org.bouncycastle.jsse");
    private static Provider installed;
    private static Provider jca;

    private TlsKeyExport() {
    }

    /** An open recording: secrets of sessions of the installed provider go to its sink until it is closed. */
    public static final class Recording implements AutoCloseable {
        private final SecretSink sink;

        private Recording(SecretSink sink) {
            this.sink = sink;
        }

        /** Stops recording (idempotent). */
        @Override
        public void close() {
            RECORDINGS.remove(this);
        }
    }

    /**
     * Installs the recording {@code BCJSSE} as the first provider (once; again when something else was put first
     * since). Call it before any TLS context is built. Returns the provider.
     */
    public static synchronized Provider install() {
        quietBouncyCastleLogging();
        if (installed == null) {
            installed = new BouncyCastleJsseProvider(false,
                    new KeyExportingCryptoProvider(jca(), TlsKeyExport::dispatch, RECORDED, FAILURES));
        }
        if (!isFirst(installed)) {
            Security.removeProvider(PROVIDER_NAME); // another BCJSSE, or ours further down
            Security.insertProviderAt(installed, 1);
        }
        return installed;
    }

    /** Whether {@code SSLContext.getInstance("TLS")} reaches {@code p} (only an open ALPN offer may come first). */
    private static boolean isFirst(Provider p) {
        for (Provider q : Security.getProviders()) {
            if (q == p) {
                return true;
            }
            if (!ALPN_OFFER.equals(q.getName())) {
                return false;
            }
        }
        return false;
    }

    /** Whether the recording provider is installed and first. */
    public static synchronized boolean isInstalled() {
        return installed != null && isFirst(installed);
    }

    /**
     * Starts recording the secrets of every session of the installed provider into {@code sink} ({@code keyLog::add})
     * until the recording is closed. Installs the provider first if needed.
     */
    public static Recording record(SecretSink sink) {
        install();
        Recording r = new Recording(sink);
        RECORDINGS.add(r);
        return r;
    }

    /** {@link #record(SecretSink)} into a key log. */
    public static Recording record(KeyLog keyLog) {
        return record(keyLog::add);
    }

    /**
     * A private {@code BCJSSE} (not installed) whose sessions report to {@code sink} only. Take the {@code SSLContext}
     * and its key and trust manager factories ({@code PKIX}) from it.
     */
    public static Provider newProvider(SecretSink sink) {
        quietBouncyCastleLogging();
        return new BouncyCastleJsseProvider(false, new KeyExportingCryptoProvider(jca(), sink, RECORDED, FAILURES));
    }

    /** A new {@code TLS} context of {@link #newProvider(SecretSink)}; initialise it as usual. */
    public static SSLContext sslContext(SecretSink sink) throws NoSuchAlgorithmException {
        return SSLContext.getInstance("TLS", newProvider(sink));
    }

    /** BouncyCastle's JCA provider for the TLS crypto (one instance, not installed; it takes a while to make). */
    private static synchronized Provider jca() {
        if (jca == null) {
            jca = new BouncyCastleProvider();
        }
        return jca;
    }

    /** Secrets recorded since the JVM started (all providers of this class). */
    public static long recorded() {
        return RECORDED.get();
    }

    /** Secrets that could not be recorded since the JVM started (their handshakes went on). */
    public static long failures() {
        return FAILURES.get();
    }

    private static void dispatch(KeyLog.Label label, byte[] clientRandom, byte[] secret) {
        for (Recording r : RECORDINGS) {
            try {
                r.sink.add(label, clientRandom, secret);
            } catch (RuntimeException e) {
                FAILURES.incrementAndGet();
            }
        }
    }

    /**
     * BouncyCastle's JSSE logs every connection at INFO through java.util.logging, which would print on standard
     * error in the middle of LayerScope's output, and warns on every start about entries of the JDK's
     * {@code jdk.certpath.disabledAlgorithms} it does not understand. Keep only its severe messages (they never
     * contain secrets) unless the user configured the logger.
     */
    private static void quietBouncyCastleLogging() {
        synchronized (BC_JSSE_LOG) {
            if (BC_JSSE_LOG.getLevel() == null) {
                BC_JSSE_LOG.setLevel(Level.SEVERE);
            }
        }
    }
}
