package org.layerscope.ui;

import java.util.List;

/**
 * The one-time step that lets this user capture without running the window as root (Linux:
 * {@code layerscope setup-capture}, which gives the runtime LayerScope runs on {@code cap_net_raw,cap_net_admin}).
 *
 * @param prompted the command that runs the step as root through the desktop's graphical privilege prompt
 *                 ({@code pkexec /path/to/runtime … setup-capture --program /path/to/runtime}); empty when this
 *                 desktop has no such prompt (then the window offers {@code manual} to copy)
 * @param manual   the same step as one terminal command ({@code sudo …}), for people to paste
 * @param restart  the command line that starts this window again: a program given capabilities holds them only
 *                 from its next start, so the window retries the capture in a new process started with it; empty
 *                 to retry in this process
 */
public record CaptureSetupStep(List<String> prompted, String manual, List<String> restart) {
    public CaptureSetupStep {
        prompted = List.copyOf(prompted);
        manual = manual == null ? "" : manual;
        restart = List.copyOf(restart);
    }

    /** True when the desktop has a graphical privilege prompt to run the step with. */
    public boolean hasPrompt() {
        return !prompted.isEmpty();
    }
}
