package org.layerscope.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.layerscope.model.RawFrame;

/**
 * The seam between the window and the live-capture engine (packages {@code capture} and {@code demo}):
 * the window only knows this interface. The app wires the real engine; tests and builds without it use
 * {@link ReplayRunCaptureService} or {@link UnavailableRunCaptureService}.
 *
 * <p>Callbacks come from any thread; the window batches them onto the FX thread (at most 10 updates a
 * second).
 */
public interface RunCaptureService {
    /** Interfaces that can be captured on, best first (for example {@code lo}, {@code eth0}). */
    List<String> interfaces();

    /** Capture filter presets (BPF), from {@code capture-filters/}; each "name: expression" or an expression. */
    List<String> filterPresets();

    /** Why a BPF expression is invalid, or empty when it compiles. */
    Optional<String> validateFilter(String filter);

    /** Target profiles: {@code embedded} first, then profile files. */
    List<String> profiles();

    /** Where the profile editor saves profile files ({@code NAME.properties}). */
    default Path profileFolder() {
        return Path.of(System.getProperty("user.home"), ".layerscope", "profiles");
    }

    /** Why a saved profile file cannot be used, or empty when it loads. */
    default Optional<String> validateProfile(Path file) {
        return Optional.empty();
    }

    /** Runs the whole {@code run-capture} exchange: capture on, one MQTT publish over mutual TLS, capture off. */
    Session runCapture(Request request, Listener listener);

    /** Starts a plain capture (no publishing) until {@link Session#stop()}. */
    Session startCapture(Request request, Listener listener);

    /**
     * What to capture and where to publish.
     *
     * @param iface      interface name
     * @param filter     BPF capture filter ("" = none)
     * @param profile    target profile name or file
     * @param tlsVersion "auto", "1.2" or "1.3"
     * @param scenario   what Run &amp; Capture stages on the embedded broker ({@code ok}, {@code broker-down}, ...;
     *                   see {@link #scenarios()})
     */
    record Request(String iface, String filter, String profile, String tlsVersion, String scenario) {
        public Request {
            scenario = scenario == null || scenario.isBlank() ? "ok" : scenario;
        }

        /** The normal exchange. */
        public Request(String iface, String filter, String profile, String tlsVersion) {
            this(iface, filter, profile, tlsVersion, "ok");
        }
    }

    /**
     * The scenarios Run &amp; Capture can stage on the embedded broker ({@code layerscope scenarios}), {@code ok}
     * first; their descriptions are the texts {@code scenario.NAME}. None when staging is not available.
     */
    default List<String> scenarios() {
        return List.of();
    }

    /** A capture problem for people: what happened and the exact fix (never a stack trace). */
    record Problem(String message, String fix) {
    }

    /** Events of a running capture. */
    interface Listener {
        /** A console line of the publisher or broker. */
        void console(String line);

        /** A captured frame, in capture order (numbered from 1). */
        void frame(RawFrame frame);

        /**
         * The key log in which the run records the secrets of its own TLS sessions as they are made; called
         * before the first frame (Run &amp; Capture only).
         */
        default void secrets(org.layerscope.tls.keys.KeyLog keys) {
        }

        /**
         * The pcapng file the capture writes as packets arrive (called before its first packet): the window notes
         * it, so a capture interrupted by a crash of the window is offered at the next start.
         */
        default void writing(Path file) {
        }

        /** Packets dropped by the kernel or the capture so far. */
        default void drops(long dropped) {
        }

        /** The capture ended normally; {@code savedFile} is the pcapng written, or null. */
        void finished(Path savedFile);

        /** The capture could not start or broke down. */
        void failed(Problem problem);
    }

    /** A running capture. */
    interface Session {
        void stop();
    }
}
