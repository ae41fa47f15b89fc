package org.layerscope.ui;

import java.util.List;
import java.util.Optional;
import org.layerscope.session.UiText;

/** Used when this build has no live-capture engine: every capture fails with a clear explanation. */
public final class UnavailableRunCaptureService implements RunCaptureService {
    @Override
    public List<String> interfaces() {
        return List.of("lo");
    }

    @Override
    public List<String> filterPresets() {
        return List.of("tcp port 8883", "tcp port 1883", "tcp");
    }

    @Override
    public Optional<String> validateFilter(String filter) {
        return Optional.empty();
    }

    @Override
    public List<String> profiles() {
        return List.of("embedded");
    }

    @Override
    public Session runCapture(Request request, Listener listener) {
        return fail(listener);
    }

    @Override
    public Session startCapture(Request request, Listener listener) {
        return fail(listener);
    }

    private static Session fail(Listener listener) {
        UiText t = UiText.of(java.util.Locale.getDefault());
        listener.failed(new Problem(t.get("capture.unavailable"), t.get("capture.unavailable.fix")));
        return () -> { };
    }
}
