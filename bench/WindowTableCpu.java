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
 * connection (3 times) and 10 random rows (a selection), and a display filter over all rows.
 * Usage: {@code java -Xmx2g -cp target/layerscope.jar bench/WindowTableCpu.java CAPTURE [FILTER]}.
 */
public class WindowTableCpu {
    static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    public static void main(String[] a) throws Exception {
        long w0 = System.nanoTime();
        long c0 = cpu();
        CaptureLoader l = new CaptureLoader(Path.of(a[0]));
        l.run();
        PacketTable t = l.table();
        System.out.printf("load: %d rows, wall %.1f s, cpu %.1f s, table %d MB%n", t.size(), (System.nanoTime() - w0) / 1e9,
                (cpu() - c0) / 1e9, t.memoryBytes() >> 20);
        int longest = 0;
        for (int c = 0; c < t.connectionCount(); c++) {
            if (t.connection(c).frameCount() > t.connection(longest).frameCount()) {
                longest = c;
            }
        }
        int row = t.connection(longest).lastRow();
        for (int k = 0; k < 3; k++) {
            w0 = System.nanoTime();
            c0 = cpu();
            Reanalyzer.analyse(t, row);
            System.out.printf("select the last frame of the longest connection (%d frames): wall %.0f ms, cpu %.0f ms%n",
                    t.connection(longest).frameCount(), (System.nanoTime() - w0) / 1e6, (cpu() - c0) / 1e6);
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
        w0 = System.nanoTime();
        c0 = cpu();
        int n = RowMatcher.matchingRows(t, df, () -> false).cardinality();
        System.out.printf("filter %s: %d rows, wall %.1f s, cpu %.1f s%n", df, n, (System.nanoTime() - w0) / 1e9,
                (cpu() - c0) / 1e9);
    }
}
