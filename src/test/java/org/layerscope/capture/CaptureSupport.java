package org.layerscope.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.layerscope.testutil.Tools;

/**
 * Like {@link Tools}, for live capture: skips a test (or fails it when {@code LAYERSCOPE_REQUIRE_ALL=true}) when
 * libpcap is missing or this process may not capture on the loopback interface.
 */
public final class CaptureSupport {
    private static String problem;
    private static String loopback;
    private static boolean checked;

    private CaptureSupport() {
    }

    /** The loopback interface's name, once live capture on it is known to work. */
    public static synchronized String requireLoopbackCapture() {
        if (!checked) {
            checked = true;
            problem = probe();
        }
        if (problem != null) {
            Tools.missing(problem);
        }
        return loopback;
    }

    private static String probe() {
        try {
            NetworkInterfaceInfo lo = Interfaces.loopback().orElse(null);
            if (lo == null) {
                return "libpcap lists no loopback interface";
            }
            Path tmp = Files.createTempFile("layerscope-probe", ".pcapng");
            try (LiveCapture c = LiveCapture.start(new LiveCapture.Options(lo.name(), "tcp port 9", tmp, List.of()),
                    f -> { })) {
                c.stop();
            } finally {
                Files.deleteIfExists(tmp);
            }
            loopback = lo.name();
            return null;
        } catch (CaptureException e) {
            return "live capture is not possible here (run as root to test it): " + e.getMessage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
