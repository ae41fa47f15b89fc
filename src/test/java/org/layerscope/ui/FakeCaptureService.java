package org.layerscope.ui;

import java.util.List;
import java.util.Optional;

/**
 * The common part of the tests' capture engines: one interface ({@code lo}), no filter presets, every filter
 * valid, the embedded profile only, and Run &amp; Capture doing what Start does. A test's engine says only how
 * it captures ({@link #startCapture}).
 */
abstract class FakeCaptureService implements RunCaptureService {
    @Override
    public List<String> interfaces() {
        return List.of("lo");
    }

    @Override
    public List<String> filterPresets() {
        return List.of();
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
        return startCapture(request, listener);
    }
}
