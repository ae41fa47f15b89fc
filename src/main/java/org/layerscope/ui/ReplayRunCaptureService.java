package org.layerscope.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;

/**
 * A stand-in capture engine that replays a capture file as if it were captured live (frames with their
 * original spacing, sped up, and console lines like the publisher's). Used by the UI tests and for demos
 * on machines without capture rights.
 */
public final class ReplayRunCaptureService implements RunCaptureService {
    private final Path file;
    private final double speed;

    /** @param speed how much faster than real time to replay (1 = real time) */
    public ReplayRunCaptureService(Path file, double speed) {
        this.file = file;
        this.speed = speed;
    }

    @Override
    public List<String> interfaces() {
        return List.of("lo", "replay:" + file.getFileName());
    }

    @Override
    public List<String> filterPresets() {
        return List.of("tcp port 8883", "tcp port 1883", "tcp");
    }

    @Override
    public Optional<String> validateFilter(String filter) {
        int depth = 0;
        for (char c : filter.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < 0) {
                return Optional.of("unbalanced parentheses");
            }
        }
        return depth == 0 ? Optional.empty() : Optional.of("unbalanced parentheses");
    }

    @Override
    public List<String> profiles() {
        return List.of("embedded");
    }

    @Override
    public Session runCapture(Request request, Listener listener) {
        return replay(listener, true);
    }

    @Override
    public Session startCapture(Request request, Listener listener) {
        return replay(listener, false);
    }

    private Session replay(Listener listener, boolean publish) {
        AtomicBoolean stop = new AtomicBoolean();
        Thread t = new Thread(() -> {
            try (CaptureReader r = CaptureFiles.open(file)) {
                listener.console("capture: replaying " + file.getFileName());
                if (publish) {
                    listener.console("publisher: connecting (mutual TLS)");
                }
                RawFrame f;
                long first = Long.MIN_VALUE;
                long started = System.nanoTime();
                while (!stop.get() && (f = r.next()) != null) {
                    if (first == Long.MIN_VALUE) {
                        first = f.timestampNanos();
                    }
                    long due = (long) ((f.timestampNanos() - first) / speed);
                    long wait = due - (System.nanoTime() - started);
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    listener.frame(f);
                }
                if (publish) {
                    listener.console("publisher: published 1 message, disconnected");
                }
                listener.console("capture: stopped");
                listener.finished(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                listener.failed(new Problem(String.valueOf(e.getMessage()), "Check the replay file " + file));
            } catch (Throwable e) { // an Error: the window is told, never left capturing
                listener.failed(new Problem(TaskFailure.describe(org.layerscope.session.UiText.of(
                        java.util.Locale.getDefault()), "task.capture", e), ""));
            }
        }, "layerscope-replay");
        t.setDaemon(true);
        t.start();
        return () -> stop.set(true);
    }
}
