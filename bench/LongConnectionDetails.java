import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.PacketResult;
import org.layerscope.model.Field;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.session.CaptureLoader;
import org.layerscope.session.PacketTable;
import org.layerscope.session.Reanalyzer;

/**
 * Whether selecting a packet deep in a long connection shows what the whole capture's analysis says of it: for the
 * CONNECTIONS longest connections (default 6), the last frame, the last frame with more than an ACK and a frame in
 * the middle are re-analysed as the window does ({@link Reanalyzer#analyse}) and compared, details tree, info, phase
 * and expert items, with one analysis of the whole file with trees; with the time each re-analysis took. A key log
 * beside the capture (NAME.keylog) decrypts it, as the window does.
 * Usage: {@code java -Xmx4g -cp target/layerscope.jar bench/LongConnectionDetails.java CAPTURE [CONNECTIONS [RANDOM [EARLY]]]}
 * (RANDOM: that many more frames, picked at random in connections of more than 2,000 frames; EARLY: that many of the
 * frames the whole analysis let go before what they waited for came, because too many frames of the capture waited
 * behind them, each with the next frame of its connection).
 */
public class LongConnectionDetails {
    static void dump(Field f, int depth, StringBuilder sb) {
        sb.append("  ".repeat(depth)).append(f.name()).append('=').append(f.value()).append(" | ").append(f.display())
                .append(" @").append(f.offset()).append('+').append(f.length()).append('\n');
        for (Field c : f.children()) {
            dump(c, depth + 1, sb);
        }
    }

    static String text(PacketResult r) {
        StringBuilder sb = new StringBuilder();
        dump(r.tree(), 0, sb);
        return sb.append(r.info()).append('\n').append(r.phase()).append('\n').append(r.expert()).toString();
    }

    public static void main(String[] a) throws Exception {
        Path file = Path.of(a[0]);
        int count = a.length > 1 ? Integer.parseInt(a[1]) : 6;
        Path keyLog = CaptureLoader.siblingKeyLog(file); // NAME.keylog beside NAME.pcapng: decrypted with it
        List<Long> letGo = new ArrayList<>(); // frames the whole analysis let go early (Analyzer.MAX_HELD)
        PacketTable t = new CaptureLoader(file, keyLog == null ? null : org.layerscope.tls.keys.KeyLog.read(keyLog))
                .alsoEach(r -> {
                    if (r.releasedEarlyAfter() >= 0) {
                        letGo.add(r.number());
                    }
                }, false)
                .runAndGet();
        List<Integer> cs = new ArrayList<>();
        for (int c = 0; c < t.connectionCount(); c++) {
            cs.add(c);
        }
        cs.sort((x, y) -> t.connection(y).frameCount() - t.connection(x).frameCount());
        List<Integer> rows = new ArrayList<>();
        for (int k = 0; k < Math.min(count, cs.size()); k++) {
            int s = cs.get(k);
            PacketTable.Connection c = t.connection(s);
            int data = c.lastRow();
            while (data > c.firstRow() && (t.stream(data) != s || t.label(data).equals("ACK"))) {
                data--;
            }
            int mid = (c.firstRow() + c.lastRow()) / 2;
            while (t.stream(mid) != s) {
                mid++;
            }
            rows.add(c.lastRow());
            rows.add(data);
            rows.add(mid);
        }
        // RANDOM more frames (third argument, default 0) anywhere in connections of more than 2,000 frames
        int random = a.length > 2 ? Integer.parseInt(a[2]) : 0;
        java.util.Random rnd = new java.util.Random(7);
        for (int k = 0, tries = 0; k < random && tries < 100 * random; tries++) {
            int row = rnd.nextInt(t.size());
            int s = t.stream(row);
            if (s >= 0 && t.connection(s).frameCount() > 2_000) {
                rows.add(row);
                k++;
            }
        }
        // EARLY more (fourth argument, default 0): frames the whole analysis let go before what they waited for came
        // (too many frames of the capture waited behind them), spread evenly over them, each with the next frame of
        // its connection
        int early = a.length > 3 ? Integer.parseInt(a[3]) : 0;
        for (int k = 0; k < Math.min(early, letGo.size()); k++) {
            int row = (int) (letGo.get((int) ((long) k * letGo.size() / Math.min(early, letGo.size()))) - 1);
            if (t.number(row) != row + 1 || t.stream(row) < 0) {
                continue;
            }
            rows.add(row);
            for (int next = row + 1; next <= t.connection(t.stream(row)).lastRow(); next++) {
                if (t.stream(next) == t.stream(row)) {
                    rows.add(next);
                    break;
                }
            }
        }
        System.out.println(letGo.size() + " frames let go early by the whole analysis");
        BitSet wanted = new BitSet();
        rows.forEach(r -> wanted.set((int) t.number(r)));
        Map<Long, PacketResult> full = new HashMap<>();
        Analyzer an = new Analyzer(true, r -> {
            if (wanted.get((int) r.number())) {
                full.put(r.number(), r);
            }
        }, t.keysOrNull());
        try (CaptureReader reader = CaptureFiles.open(file)) {
            for (RawFrame f; (f = reader.next()) != null; ) {
                an.accept(f);
            }
        }
        an.finish();
        int differ = 0;
        for (int row : rows) {
            int s = t.stream(row);
            long t0 = System.nanoTime();
            PacketResult again = Reanalyzer.analyse(t, row);
            double ms = (System.nanoTime() - t0) / 1e6;
            String want = text(full.get(t.number(row)));
            String got = text(again);
            boolean same = want.equals(got);
            if (!same) { // the first line that differs
                String[] w = want.split("\n", -1);
                String[] g = got.split("\n", -1);
                for (int k = 0; k < Math.max(w.length, g.length); k++) {
                    String x = k < w.length ? w[k] : "(none)";
                    String y = k < g.length ? g[k] : "(none)";
                    if (!x.equals(y)) { // from a little before the first character that differs
                        int at = 0;
                        while (at < Math.min(x.length(), y.length()) && x.charAt(at) == y.charAt(at)) {
                            at++;
                        }
                        int from = Math.max(0, at - 80);
                        System.out.println("  whole analysis: …" + x.substring(from, Math.min(x.length(), at + 160))
                                + "\n  re-analysis:    …" + y.substring(from, Math.min(y.length(), at + 160)));
                        break;
                    }
                }
            }
            differ += same ? 0 : 1;
            System.out.printf("frame %d (%s%s) of a %d-frame connection: %s, re-analysed in %.0f ms%n", t.number(row),
                    t.label(row), t.decrypted(row) ? ", decrypted" : "", t.connection(s).frameCount(),
                    same ? "same details" : "DIFFERENT details", ms);
        }
        System.out.println(differ + " of " + rows.size() + " differ");
    }
}
