package org.layerscope.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.layerscope.capture.CaptureException;
import org.layerscope.capture.CaptureFilters;
import org.layerscope.capture.CaptureStats;
import org.layerscope.capture.CaptureText;
import org.layerscope.capture.Interfaces;
import org.layerscope.capture.LiveCapture;
import org.layerscope.capture.NetworkInterfaceInfo;
import org.layerscope.model.RawFrame;
import org.layerscope.tls.export.TlsKeyExport;
import org.layerscope.tls.keys.KeyLog;

/**
 * Run &amp; Capture as a service without UI: start the capture, wait until it really captures, connect, publish and
 * disconnect, wait for the connection's teardown (at most two seconds), stop and save. The command line and the
 * GUI (from a background thread) call {@link #run()}; progress arrives through the {@link Listener}, and
 * {@link #cancel()} ends a run early from any thread.
 *
 * <p>The run collects the secrets of its TLS sessions in memory as they are made ({@link #keyLog()}): the client's
 * side through BouncyCastle's JSSE ({@link TlsKeyExport}), and with the embedded broker also the broker's side. They
 * are never printed or logged, and stay in memory unless the caller saves them
 * ({@link Result#writeKeyLog(Path)}) or embeds them in the capture ({@link Result#embedSecrets()}); an analysis
 * given {@link #keyLog()} or {@link Result#keyLog()} shows the MQTT inside.
 */
public final class RunCapture {
    /** How long to wait for the teardown packets after the client is done. */
    public static final long TEARDOWN_WAIT_MILLIS = 2_000;

    /** Progress of a run. Methods are called on the run's thread, except {@link #frame} (the capture's thread). */
    public interface Listener {
        /** One of the publisher's progress lines ({@code Connecting to ...}, {@code Connected!}, ...). */
        default void progress(String line) {
        }

        /** LayerScope's own status line (broker started, capturing on ..., capture saved ...). */
        default void status(String line) {
        }

        /** A captured frame, as soon as it was written to the pcapng file. */
        default void frame(RawFrame frame) {
        }

        /**
         * The pcapng file the run is about to write (before it is created): the window notes it, so a capture
         * interrupted by a crash is offered at its next start.
         */
        default void output(Path file) {
        }
    }

    /**
     * What to run.
     *
     * @param profileFile   a profile file, or null for the embedded broker
     * @param tlsVersion    overrides the profile's TLS version, or null
     * @param interfaceName the interface to capture on, or null to pick it
     * @param filter        a BPF expression or preset name, or null for {@code tcp port PORT}
     * @param output        the pcapng file, or null for one in the LayerScope folder's {@code captures}
     * @param embeddedPort  the embedded broker's port (8883 by default)
     * @param home          the LayerScope folder (certificates, broker data, default captures)
     * @param locale        language of status lines and error messages
     * @param scenario      what to stage on the embedded broker (null: {@link Scenario#OK}); only with the embedded
     *                      broker
     */
    public record Request(Path profileFile, TlsVersion tlsVersion, String interfaceName, String filter, Path output,
                          int embeddedPort, Path home, Locale locale, Scenario scenario) {
        public Request {
            locale = locale == null ? Locale.ENGLISH : locale;
            home = home == null ? LayerScopeHome.resolve() : home;
            scenario = scenario == null ? Scenario.OK : scenario;
        }

        /** The normal exchange ({@link Scenario#OK}). */
        public Request(Path profileFile, TlsVersion tlsVersion, String interfaceName, String filter, Path output,
                       int embeddedPort, Path home, Locale locale) {
            this(profileFile, tlsVersion, interfaceName, filter, output, embeddedPort, home, locale, Scenario.OK);
        }
    }

    /**
     * What a run did.
     *
     * @param outcome   the publisher's outcome (acknowledged, or the client's error)
     * @param stats     the capture's counts and file
     * @param profile   the target
     * @param interfaceName the interface captured on
     * @param filter    the capture filter used
     * @param torndown  whether the connection's teardown was seen before the wait ended
     * @param keyLog    the secrets recorded during the run (in memory; never printed)
     * @param clientRandoms the randoms of the ClientHellos in the capture: its TLS sessions
     */
    public record Result(Publisher.Outcome outcome, CaptureStats stats, TargetProfile profile, String interfaceName,
                         String filter, boolean torndown, KeyLog keyLog, List<byte[]> clientRandoms) {
        public Result {
            clientRandoms = clientRandoms.stream().map(byte[]::clone).toList();
        }

        public boolean acknowledged() {
            return outcome.acknowledged();
        }

        /**
         * The secrets of the capture's TLS sessions only (what a saved key log or an embedded secrets block should
         * hold): a new key log, empty when none was recorded.
         */
        public KeyLog sessionSecrets() {
            return keyLog.subset(clientRandoms);
        }

        /** Whether secrets of the capture's sessions are known (so asking "embed the secrets?" makes sense). */
        public boolean hasSessionSecrets() {
            return !sessionSecrets().isEmpty();
        }

        /**
         * Writes the secrets of the capture's sessions to {@code file} in NSS key log format ({@code SSLKEYLOGFILE}),
         * readable and writable by its owner only ({@code rw-------}); returns the number of sessions written.
         */
        public int writeKeyLog(Path file) throws IOException {
            KeyLog s = sessionSecrets();
            s.writeTo(file);
            return s.sessionCount();
        }

        /**
         * Rewrites the saved capture with a Decryption Secrets Block holding the secrets of its sessions, so
         * Wireshark, tshark and LayerScope open it already decrypted (the file becomes owner-only). Returns the
         * number of sessions embedded (0: nothing recorded, the file is left as it is).
         */
        public int embedSecrets() throws IOException {
            return CaptureSecrets.embed(stats.file(), stats.file(), sessionSecrets());
        }

        /** Like {@link #embedSecrets()}, into a copy at {@code target} (for "Save as"). */
        public int saveWithSecrets(Path target) throws IOException {
            return CaptureSecrets.embed(stats.file(), target, sessionSecrets());
        }
    }

    /** The run could not start (bad profile, port taken, capture impossible): what happened and the fix. */
    public static final class SetupException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String fix;

        public SetupException(String message, String fix, Throwable cause) {
            super(message, cause);
            this.fix = fix == null ? "" : fix;
        }

        /** The fix, or an empty string. */
        public String fix() {
            return fix;
        }
    }

    private final Request request;
    private final Listener listener;
    private final KeyLog keyLog = new KeyLog();
    private volatile boolean cancelled;
    private volatile TeardownWatcher watcher;

    public RunCapture(Request request, Listener listener) {
        this.request = request;
        this.listener = listener == null ? new Listener() { } : listener;
    }

    /** Asks the run to end as soon as possible (the capture is still saved). */
    public void cancel() {
        cancelled = true;
        TeardownWatcher w = watcher;
        if (w != null) {
            w.cancel();
        }
    }

    /**
     * The secrets of this run's TLS sessions, recorded as they are made: a live analysis of the frames handed to
     * {@link Listener#frame} can decrypt with it while the run goes on ({@code new Analyzer(trees, out, run.keyLog())};
     * the analysis looks keys up again when the log grows). In memory only; never printed.
     */
    public KeyLog keyLog() {
        return keyLog;
    }

    /** Runs it; returns when the capture is saved. */
    public Result run() throws SetupException {
        Locale locale = request.locale();
        TargetProfile profile;
        CertificateAuthority.Pki pki = null;
        try {
            if (request.profileFile() == null) {
                Path pkiFolder = request.home().resolve("pki");
                LayerScopeHome.privateDirectory(request.home());
                CertificateAuthority.Ensured e = CertificateAuthority.ensure(pkiFolder);
                if (e.created()) {
                    listener.status(CaptureText.get(locale, "run.pki.created", pkiFolder));
                }
                pki = e.pki();
                profile = TargetProfile.embedded(pki, request.embeddedPort());
            } else {
                profile = TargetProfile.load(request.profileFile());
            }
        } catch (IOException e) {
            String name = request.profileFile() == null ? "embedded" : request.profileFile().toString();
            throw new SetupException(CaptureText.get(locale, "run.profile.invalid", name, e.getMessage()), null, e);
        }
        ScenarioStage stage;
        try {
            stage = stage(profile, pki);
        } catch (IOException e) {
            throw new SetupException(CaptureText.get(locale, "run.scenario.failed", request.scenario().id(),
                    e.getMessage()), null, e);
        }
        profile = stage.client();
        Publisher publisher;
        try {
            publisher = new Publisher(profile);
        } catch (IOException e) {
            throw new SetupException(CaptureText.get(locale, "run.profile.invalid", profile.name(), e.getMessage()),
                    null, e);
        }
        String iface = chooseInterface(profile, locale);
        String filter = request.filter() == null || request.filter().isBlank() ? DnsStep.defaultFilter(profile)
                : CaptureFilters.resolve(request.filter());
        // a broker given by name: the lookup is the run's first step, captured (see DnsStep)
        DnsStep dns = !profile.embedded() && DnsStep.isName(profile.endpoint()) ? new DnsStep(profile.endpoint()) : null;
        Path output = output();
        listener.output(output);

        EmbeddedBroker broker = null;
        LiveCapture capture = null;
        try {
            try {
                LiveCapture.checkFilter(filter);
            } catch (CaptureException e) {
                throw setup(e, locale);
            }
            if (profile.embedded() && stage.broker() == null && !EmbeddedBroker.isFree(EmbeddedBroker.HOST,
                    profile.port())) {
                throw new SetupException(CaptureText.get(locale, "run.broker.port_taken", EmbeddedBroker.HOST,
                        Integer.toString(profile.port()), Integer.toString(EmbeddedBroker.freePort(
                                EmbeddedBroker.HOST))), null, null);
            }
            if (profile.embedded() && stage.broker() != null) {
                try {
                    broker = EmbeddedBroker.start(stage.broker(), profile.port(), request.home().resolve("broker"),
                            keyLog);
                } catch (EmbeddedBroker.PortTakenException e) {
                    throw new SetupException(CaptureText.get(locale, "run.broker.port_taken", e.host(),
                            Integer.toString(e.port()), Integer.toString(e.suggestion())), null, e);
                } catch (IOException e) {
                    throw new SetupException(e.getMessage(), null, e);
                }
            }
            TeardownWatcher w = new TeardownWatcher(profile.port());
            watcher = w;
            try {
                capture = LiveCapture.start(new LiveCapture.Options(iface, filter, output, comments(profile, iface,
                        filter, request.scenario())), f -> {
                            w.accept(f);
                            if (dns != null) {
                                dns.accept(f);
                            }
                            listener.frame(f);
                        });
            } catch (CaptureException e) {
                throw setup(e, locale);
            }
            if (broker != null) {
                listener.status(CaptureText.get(locale, "run.broker.started", EmbeddedBroker.HOST,
                        Integer.toString(profile.port())));
            }
            listener.status(CaptureText.get(locale, "run.capturing", iface, filter, output));
            if (request.scenario() != Scenario.OK) {
                listener.status(CaptureText.get(locale, "run.scenario", request.scenario().id()));
            }
            Publisher.Outcome outcome;
            Optional<String> dnsFailure = dns == null || cancelled ? Optional.empty()
                    : dns.lookup(locale, listener::status);
            if (dnsFailure.isPresent()) {
                outcome = new Publisher.Outcome(false, false, dnsFailure.get());
            } else if (cancelled) {
                outcome = new Publisher.Outcome(false, false, "cancelled");
            } else {
                try (TlsKeyExport.Recording recording = TlsKeyExport.record(keyLog)) {
                    outcome = publisher.run(listener::progress, () -> cancelled, stage.behaviour(),
                            key -> listener.status(CaptureText.get(locale, key)));
                }
            }
            boolean torndown;
            try {
                torndown = w.await(w.synSeen() ? TEARDOWN_WAIT_MILLIS : 300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                torndown = false;
            }
            CaptureStats stats = capture.stop();
            capture = null;
            listener.status(CaptureText.get(locale, "run.saved", stats.file(), Long.toString(stats.frames()),
                    stats.kernelDropped() < 0 ? "?" : Long.toString(stats.kernelDropped())));
            return new Result(outcome, stats, profile, iface, filter, torndown, keyLog, w.clientRandoms());
        } finally {
            if (capture != null) {
                capture.stop();
            }
            if (broker != null) {
                broker.closeInBackground();
            }
        }
    }

    /** The scenario's setup; the normal exchange with a profile file is the profile as it is. */
    private ScenarioStage stage(TargetProfile profile, CertificateAuthority.Pki pki) throws IOException,
            SetupException {
        Scenario scenario = request.scenario();
        if (!profile.embedded()) {
            if (scenario != Scenario.OK) {
                throw new SetupException(CaptureText.get(request.locale(), "run.scenario.embedded_only",
                        scenario.id()), null, null);
            }
            TargetProfile p = request.tlsVersion() == null ? profile : profile.withTlsVersion(request.tlsVersion());
            return new ScenarioStage(scenario, p, null, Publisher.Behaviour.NORMAL);
        }
        return ScenarioStage.prepare(scenario, pki, profile, request.tlsVersion(), request.home());
    }

    private String chooseInterface(TargetProfile profile, Locale locale) throws SetupException {
        if (request.interfaceName() != null && !request.interfaceName().isBlank()) {
            return request.interfaceName();
        }
        try {
            Optional<NetworkInterfaceInfo> i;
            if (profile.embedded()) {
                i = Interfaces.loopback();
            } else if (DnsStep.isName(profile.endpoint())) {
                // not resolved yet: the lookup is captured once the capture runs
                i = Interfaces.routeTo(DnsStep.routeHint());
            } else {
                InetAddress a;
                try {
                    a = InetAddress.getByName(profile.endpoint());
                } catch (UnknownHostException e) {
                    throw new SetupException(CaptureText.get(locale, "run.no_interface", profile.endpoint()), null, e);
                }
                i = Interfaces.routeTo(a);
            }
            return i.orElseThrow(() -> new SetupException(CaptureText.get(locale, "run.no_interface",
                    profile.endpoint()), null, null)).name();
        } catch (CaptureException e) {
            throw setup(e, locale);
        } catch (java.io.UncheckedIOException e) {
            throw new SetupException(CaptureText.get(locale, "run.no_interface", profile.endpoint()), null, e);
        }
    }

    private Path output() throws SetupException {
        Path out = request.output();
        try {
            if (out == null) {
                Path dir = LayerScopeHome.privateDirectory(request.home().resolve("captures"));
                out = dir.resolve("run-capture-" + LocalDateTime.now().format(
                        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".pcapng");
            } else {
                Path parent = out.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            }
        } catch (IOException e) {
            throw setup(new CaptureException(CaptureException.Reason.OUTPUT, String.valueOf(out), e.toString()),
                    request.locale());
        }
        return out;
    }

    private static SetupException setup(CaptureException e, Locale locale) {
        return new SetupException(e.describe(locale), e.fix(locale), e);
    }

    private static List<String> comments(TargetProfile p, String iface, String filter, Scenario scenario) {
        List<String> c = new ArrayList<>();
        c.add("LayerScope Run & Capture, " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        c.add("Target: " + (p.embedded() ? "embedded broker" : "profile " + p.name()) + ", " + p.endpoint() + ":"
                + p.port() + ", TLS " + p.tlsVersion().id() + (p.alpn() == null ? "" : ", ALPN " + p.alpn()));
        c.add("Interface " + iface + ", capture filter: " + filter);
        if (scenario != Scenario.OK) {
            c.add("Scenario: " + scenario.id() + " (expected verdict " + scenario.expectedVerdict(p.tlsVersion()) + ")");
        }
        return c;
    }
}
