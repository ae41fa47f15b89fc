package org.layerscope.app;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's view of where a step's time went among the process's threads (Java and the JVM's own: GC,
 * compilers, the renderer): for each thread, the time it ran on a core and the time it was ready but waited for
 * one, from Linux's {@code /proc/self/task/ID/schedstat} (nanoseconds). Elsewhere it reads nothing and says so.
 */
final class ThreadTimes {
    private record Times(String name, long run, long waited) {
    }

    private final Map<String, Times> start;
    /** The last times seen of every thread, ended ones too (see {@link #sample()}). */
    private final Map<String, Times> latest = new java.util.concurrent.ConcurrentHashMap<>();

    private ThreadTimes(Map<String, Times> start) {
        this.start = start;
    }

    /** Notes the threads' times now, so that a thread that ends before {@link #since} still counts. */
    void sample() {
        latest.putAll(read());
    }

    static ThreadTimes now() {
        return new ThreadTimes(read());
    }

    /** The threads that ran most since {@link #now()}, and the time all threads waited for a core. */
    String since(int top) {
        Map<String, Times> end = new HashMap<>(latest);
        end.putAll(read());
        if (end.isEmpty()) {
            return "no per-thread times on this system";
        }
        List<Times> d = new ArrayList<>();
        long waited = 0;
        for (Map.Entry<String, Times> e : end.entrySet()) {
            Times a = start.get(e.getKey());
            Times b = e.getValue();
            long run = b.run - (a == null ? 0 : a.run);
            long wait = b.waited - (a == null ? 0 : a.waited);
            waited += wait;
            if (run > 0) {
                d.add(new Times(b.name, run, wait));
            }
        }
        d.sort((x, y) -> Long.compare(y.run, x.run));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(top, d.size()); i++) {
            Times t = d.get(i);
            sb.append(i == 0 ? "" : ", ").append(t.name).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f", t.run / 1e6)).append(" ms (waited ")
                    .append(String.format(Locale.ROOT, "%.1f", t.waited / 1e6)).append(')');
        }
        return sb.append(String.format(Locale.ROOT, "; all threads waited for a core %.1f ms", waited / 1e6)).toString();
    }

    /** Thread names by Linux thread id, read once each (a sample then reads one small file per thread). */
    private static final Map<String, String> NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    private static Map<String, Times> read() {
        Map<String, Times> m = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    String[] s = Files.readString(t.resolve("schedstat")).trim().split(" ");
                    String id = t.getFileName().toString();
                    String name = NAMES.get(id);
                    if (name == null) {
                        name = Files.readString(t.resolve("comm")).trim();
                        NAMES.put(id, name);
                    }
                    m.put(t.getFileName().toString(), new Times(name, Long.parseLong(s[0]), Long.parseLong(s[1])));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return m;
    }
}
