package org.layerscope.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A capture engine on which capturing is not permitted (as for a user without cap_net_raw on Linux): every capture
 * fails with {@link RunCaptureService.Problem.Kind#NO_PERMISSION}, and it offers {@code step} as the one-time set-up.
 */
final class NotPermittedService extends FakeCaptureService {
    final List<String> attempts = new ArrayList<>();
    private final CaptureSetupStep step;
    private final Problem.Kind kind;

    NotPermittedService(CaptureSetupStep step, Problem.Kind kind) {
        this.step = step;
        this.kind = kind;
    }

    @Override
    public Optional<CaptureSetupStep> captureSetup() {
        return Optional.ofNullable(step);
    }

    @Override
    public Session runCapture(Request request, Listener listener) {
        attempts.add("run");
        return fail(listener);
    }

    @Override
    public Session startCapture(Request request, Listener listener) {
        attempts.add("start");
        return fail(listener);
    }

    private Session fail(Listener listener) {
        listener.failed(new Problem("No permission to capture on interface 'lo' (libpcap: socket: Operation not permitted).",
                "Run once, as root: sudo layerscope setup-capture", kind));
        return () -> { };
    }
}
