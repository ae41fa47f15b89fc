import java.nio.file.Path;
import org.layerscope.analysis.filter.DisplayFilter;
import org.layerscope.session.CaptureLoader;
import org.layerscope.session.PacketTable;
import org.layerscope.session.RowMatcher;

/**
 * The window's display filter without the window: loads a capture into a packet table as the window does, then
 * matches a filter over all its rows (a re-analysis of every row) several times, printing each wall time.
 * Usage: {@code java -Xmx2g -XX:+UnlockDiagnosticVMOptions -XX:CompilerDirectivesFile=DIRECTIVE -cp JAR
 * bench/FilterBench.java CAPTURE [RUNS [FILTER]]} (DIRECTIVE as for {@code LoadThreads.java}); add
 * {@code -Dlayerscope.frameBlocks=false} to compare with frames in arrays of their own.
 */
public class FilterBench {
    public static void main(String[] a) throws Exception {
        CaptureLoader l = new CaptureLoader(Path.of(a[0]));
        l.run();
        PacketTable t = l.table();
        int runs = a.length > 1 ? Integer.parseInt(a[1]) : 3;
        DisplayFilter df = DisplayFilter.compile(a.length > 2 ? a[2] : "tls.handshake.type == 1");
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            int n = RowMatcher.matchingRows(t, df, () -> false).cardinality();
            System.out.printf("filter '%s': %d rows, %.0f ms%n", df, n, (System.nanoTime() - t0) / 1e6);
        }
    }
}
