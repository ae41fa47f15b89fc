import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.PacketResult;
import org.layerscope.analysis.export.TsvWriter;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;

/**
 * The CPU time of each stage of {@code analyze --format tsv}, one stage at a time on one thread (so that it holds on
 * a loaded machine and each stage is seen alone): reading the capture into frames (the read-ahead thread's first
 * job), decoding their headers (its second), the analysis (the main thread) and writing the TSV lines (the output
 * thread, to a stream that drops them). Several rounds; the last ones are the compiled code's.
 * Usage, with the flags of the child JVM the program starts for itself:
 * {@code java -Xmx3g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp target/layerscope.jar bench/TsvCpu.java CAPTURE [ROUNDS]}
 * (a capture of a few hundred thousand frames: they are all kept in memory).
 */
public class TsvCpu {
    static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    static long cpu() {
        return MX.getCurrentThreadCpuTime();
    }

    public static void main(String[] a) throws Exception {
        Path file = Path.of(a[0]);
        int rounds = a.length > 1 ? Integer.parseInt(a[1]) : 5;
        OutputStream nowhere = OutputStream.nullOutputStream();
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        for (int round = 1; round <= rounds; round++) {
            long c0 = cpu();
            List<RawFrame> frames = new ArrayList<>();
            try (CaptureReader r = CaptureFiles.open(file)) {
                RawFrame f;
                while ((f = r.next()) != null) {
                    frames.add(f);
                }
            }
            long c1 = cpu();
            PacketResult[] decoded = new PacketResult[frames.size()];
            for (int i = 0; i < decoded.length; i++) {
                decoded[i] = Analyzer.decodeHeaders(frames.get(i), false);
            }
            long c2 = cpu();
            PacketResult[] out = new PacketResult[decoded.length];
            int[] n = {0};
            Analyzer an = new Analyzer(false, r -> out[n[0]++] = r).keepConnections(false);
            for (PacketResult r : decoded) {
                an.accept(r);
            }
            an.finish();
            long c3 = cpu();
            TsvWriter w = new TsvWriter(nowhere);
            w.header();
            for (int i = 0; i < n[0]; i++) {
                w.frame(out[i]);
            }
            w.flush();
            long c4 = cpu();
            System.out.printf("round %d: %d frames, read %.0f ms, headers %.0f ms, analysis %.0f ms, tsv %.0f ms, total %.0f ms%n",
                    round, n[0], (c1 - c0) / 1e6, (c2 - c1) / 1e6, (c3 - c2) / 1e6, (c4 - c3) / 1e6, (c4 - c0) / 1e6);
            long[] t = {c1 - c0, c2 - c1, c3 - c2, c4 - c3};
            for (int i = 0; i < 4; i++) {
                best[i] = Math.min(best[i], t[i]);
            }
        }
        System.out.printf("best of %d: read %.0f ms, headers %.0f ms, analysis %.0f ms, tsv %.0f ms%n", rounds,
                best[0] / 1e6, best[1] / 1e6, best[2] / 1e6, best[3] / 1e6);
    }
}
