import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Random;
import org.layerscope.analysis.filter.DisplayFilter;
import org.layerscope.session.CaptureLoader;
import org.layerscope.session.PacketTable;
import org.layerscope.session.Reanalyzer;
import org.layerscope.session.RowMatcher;

/**
 * The CPU time (of the working thread, so it holds on a loaded machine) of what the window does on a big
 * capture, without the window: loading the packet table, re-analysing the last frame of the longest
 * connection and of the connection nearest to 30,000 frames (3 times each) and 10 random rows (a selection), and a
 * display filter over all rows (twice); the process CPU next to the thread's (read-ahead thread, JIT, collector).
 * Usage: {@code java -Xmx2g -cp target/layerscope.jar bench/WindowTableCpu.java CAPTURE [FILTER]}; add
 * {@code -XX:TieredStopAtLevel=1} to compile as the window does (its {@code app.QuickJit} puts every method on C1).
 */
public class WindowTableCpu {
    static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** CPU nanoseconds of the whole process (all threads: the read-ahead thread, the JIT compilers, the collector). */
    static long pcpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] a) throws Exception {
        long w0 = System.nanoTime();
        long c0 = cpu();
        long p0 = pcpu();
        CaptureLoader l = new CaptureLoader(Path.of(a[0]));
        l.run();
        PacketTable t = l.table();
        System.out.printf("load: %d rows, wall %.1f s, cpu %.1f s (process %.1f s), table %d MB%n", t.size(),
                (System.nanoTime() - w0) / 1e9, (cpu() - c0) / 1e9, (pcpu() - p0) / 1e9, t.memoryBytes() >> 20);
        int longest = 0;
        for (int c = 0; c < t.connectionCount(); c++) {
            if (t.connection(c).frameCount() > t.connection(longest).frameCount()) {
                longest = c;
            }
        }
        int near = 0; // the connection nearest to 30,000 frames
        for (int c = 0; c < t.connectionCount(); c++) {
            if (Math.abs(t.connection(c).frameCount() - 30_000) < Math.abs(t.connection(near).frameCount() - 30_000)) {
                near = c;
            }
        }
        for (int c : new int[] {longest, near}) {
            for (int k = 0; k < 3; k++) {
                w0 = System.nanoTime();
                c0 = cpu();
                p0 = pcpu();
                Reanalyzer.analyse(t, t.connection(c).lastRow());
                System.out.printf("select the last frame of a %d-frame connection: wall %.0f ms, cpu %.0f ms (process %.0f ms)%n",
                        t.connection(c).frameCount(), (System.nanoTime() - w0) / 1e6, (cpu() - c0) / 1e6, (pcpu() - p0) / 1e6);
            }
        }
        Random r = new Random(1);
        w0 = System.nanoTime();
        c0 = cpu();
        for (int k = 0; k < 10; k++) {
            Reanalyzer.analyse(t, r.nextInt(t.size()));
        }
        System.out.printf("select a random row (average of 10): wall %.0f ms, cpu %.0f ms%n", (System.nanoTime() - w0) / 1e7,
                (cpu() - c0) / 1e7);
        DisplayFilter df = DisplayFilter.compile(a.length > 1 ? a[1] : "tls.handshake.type == 1");
        for (int k = 0; k < 2; k++) {
            w0 = System.nanoTime();
            c0 = cpu();
            p0 = pcpu();
            int n = RowMatcher.matchingRows(t, df, () -> false).cardinality();
            System.out.printf("filter %s: %d rows, wall %.1f s, cpu %.1f s (process %.1f s)%n", df, n,
                    (System.nanoTime() - w0) / 1e9, (cpu() - c0) / 1e9, (pcpu() - p0) / 1e9);
        }
    }
}
