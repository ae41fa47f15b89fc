import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.layerscope.session.CaptureLoader;

/**
 * The window's load of a capture into its packet table, without the window: wall time, and the run time of each
 * thread during the load (the loading thread, the read-ahead thread, the JIT, the collector), from Linux's
 * {@code /proc/self/task/*}{@code /schedstat} before and after. For comparing two jars' load work on a noisy
 * machine: run them in alternation, several pairs.
 * Usage: {@code java -Xmx2g -XX:+UnlockDiagnosticVMOptions -XX:CompilerDirectivesFile=DIRECTIVE -cp JAR
 * bench/LoadThreads.java CAPTURE [RUNS]}, where DIRECTIVE holds the window's JIT setting
 * ({@code [{ match: ["*.*"], c2: { Exclude: true } }]}, see {@code app.QuickJit}).
 */
public class LoadThreads {
    /** Run and wait nanoseconds per thread (id and name) now. */
    static Map<String, long[]> threads() {
        Map<String, long[]> out = new HashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : ds) {
                try {
                    String name = Files.readString(t.resolve("comm")).trim();
                    String[] s = Files.readString(t.resolve("schedstat")).trim().split(" ");
                    out.put(t.getFileName() + " " + name, new long[] {Long.parseLong(s[0]), Long.parseLong(s[1])});
                } catch (java.io.IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    public static void main(String[] a) throws Exception {
        int runs = a.length > 1 ? Integer.parseInt(a[1]) : 1;
        for (int i = 0; i < runs; i++) {
            Map<String, long[]> before = threads();
            Map<String, long[]> last = new HashMap<>();
            Thread sampler = new Thread(() -> { // threads that end during the load (the read-ahead thread)
                while (!Thread.currentThread().isInterrupted()) {
                    last.putAll(threads());
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "sampler");
            long w0 = System.nanoTime();
            CaptureLoader l = new CaptureLoader(Path.of(a[0]));
            Thread loader = new Thread(() -> {
                try {
                    l.run();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "loader");
            sampler.start();
            loader.start();
            loader.join();
            long wall = System.nanoTime() - w0;
            sampler.interrupt();
            sampler.join();
            last.putAll(threads());
            Map<String, long[]> byName = new TreeMap<>();
            last.forEach((k, v) -> {
                if (k.endsWith(" sampler")) {
                    return;
                }
                long[] b = before.getOrDefault(k, new long[2]);
                long[] x = byName.computeIfAbsent(k.substring(k.indexOf(' ') + 1), n -> new long[2]);
                x[0] += v[0] - b[0];
                x[1] += v[1] - b[1];
            });
            StringBuilder sb = new StringBuilder(String.format("load %d rows: wall %.2f s;", l.table().size(), wall / 1e9));
            byName.entrySet().stream().filter(e -> e.getValue()[0] > 20_000_000L)
                    .sorted((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]))
                    .forEach(e -> sb.append(String.format(" %s %.0f ms (waited %.0f)", e.getKey(), e.getValue()[0] / 1e6,
                            e.getValue()[1] / 1e6)));
            System.out.println(sb);
        }
    }
}
