package org.layerscope.fuzz;

import org.layerscope.testutil.TlsBytes;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.ConnectionSummary;
import org.layerscope.analysis.PacketResult;
import org.layerscope.analysis.export.DiagnoseReport;
import org.layerscope.analysis.export.FrameFormatter;
import org.layerscope.analysis.filter.DisplayFilter;
import org.layerscope.analysis.filter.FilterSyntaxException;
import org.layerscope.dissect.mqtt.MqttDecoder;
import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.dissect.mqtt.MqttFramer;
import org.layerscope.dissect.tls.TlsDecoder;
import org.layerscope.dissect.tls.TlsFramer;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureFormatException;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.pcapio.DecryptionSecrets;
import org.layerscope.pcapio.PcapReader;
import org.layerscope.pcapio.PcapngReader;
import org.layerscope.pcapio.PcapngWriter;
import org.layerscope.session.lesson.Lesson;
import org.layerscope.session.lesson.LessonCollector;
import org.layerscope.session.lesson.LessonFormats;
import org.layerscope.session.lesson.LessonHtml;
import org.layerscope.session.lesson.LessonText;
import org.layerscope.testutil.Tools;
import org.layerscope.tls.keys.KeyLog;

/**
 * The fuzz targets of issue #16, shared by the Jazzer tests ({@code *FuzzTest}, regression replay and real
 * fuzzing with {@code bench/fuzz.sh}) and by {@link CorpusReplayTest} (the sample and shared captures).
 *
 * <p>What counts as a finding (an {@link AssertionError} or any other {@code Throwable} escaping a target):
 * a {@code Throwable} other than the documented "not a capture" ({@link CaptureFormatException}) and "bad
 * filter" ({@link FilterSyntaxException}); a decoder's safety net firing (an expert item or message made from
 * a caught {@code RuntimeException}); more than 64 MiB allocated or more than 1 s of CPU time for an input of at
 * most 64 KiB; output that is not valid JSON Lines or TSV.
 *
 * <p>Allocation and time are judged without instrumentation: by the normal test run (allocation; its first runs
 * load classes, so not time) and by {@link Replay}, which {@code bench/fuzz.sh} runs on a campaign's whole corpus
 * afterwards (both). Under Jazzer's instrumentation its own hooks allocate on the target's thread (a 64 KiB MQTT
 * input that allocates 27 MiB allocated 601 MiB instrumented), so while fuzzing only a gross bound
 * ({@value #INSTRUMENTED_FACTOR}× both) stops an input at once.
 */
public final class Targets {
    static final int SMALL_INPUT = 64 * 1024;
    static final long MAX_ALLOCATION = 64L << 20;
    static final long MAX_NANOS = 1_000_000_000L;
    static final int INSTRUMENTED_FACTOR = 16;
    private static final boolean FUZZING = System.getenv("JAZZER_FUZZ") != null && !System.getenv("JAZZER_FUZZ").isEmpty();
    /** Time is judged while fuzzing (grossly) and by {@link Replay}; not in the normal test run (its first runs load classes). */
    private static final boolean TIMED = FUZZING || Boolean.getBoolean("layerscope.fuzz.timed");
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final JsonFactory JSON = new JsonFactory();

    /** How the safety nets (a caught RuntimeException) begin their expert items and messages. */
    /** Compiled once: the harness's own allocation counts in {@link #bounded} (a per-call regex was most of it). */
    private static final java.util.regex.Pattern MQTT_PREFIX = java.util.regex.Pattern.compile("^Malformed [A-Za-z_ ]{1,40}: ");
    private static final List<String> SAFETY_NETS = List.of("Decoder exception", "Dissector error", "Decryptor failed",
            "LayerScope could not finish decoding", "corrupt capture near byte");

    private Targets() {
    }

    /** Runs {@code body} on {@code input}, failing when it allocates or (while fuzzing) takes too much. */
    static void bounded(byte[] input, ThrowingRunnable body) throws Exception {
        bounded(input, () -> 0L, body);
    }

    /**
     * The same, for a target that builds {@code output.get()} characters of output in memory (the command would
     * stream them): those are allowed on top (a growing {@code StringWriter} allocates about 8 bytes per char).
     * A gzip-compressed capture is judged by its decompressed size.
     */
    static void bounded(byte[] input, java.util.function.LongSupplier output, ThrowingRunnable body) throws Exception {
        long nets = org.layerscope.tls.keys.SessionDecryptor.internalErrors();
        long t0 = THREADS.getCurrentThreadCpuTime();
        long a0 = THREADS.getCurrentThreadAllocatedBytes();
        body.run();
        if (org.layerscope.tls.keys.SessionDecryptor.internalErrors() != nets) {
            throw new AssertionError("a safety net fired in the decryptor: "
                    + org.layerscope.tls.keys.SessionDecryptor.lastInternalError());
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - a0;
        long nanos = THREADS.getCurrentThreadCpuTime() - t0;
        long size = uncompressedSize(input);
        if (size <= SMALL_INPUT) {
            long allowed = (MAX_ALLOCATION + 8 * output.getAsLong()) * (FUZZING ? INSTRUMENTED_FACTOR : 1);
            long maxNanos = MAX_NANOS * (FUZZING ? INSTRUMENTED_FACTOR : 1);
            if (allocated > allowed || nanos > maxNanos) {
                // the first run of a code path loads (and, while fuzzing, instruments) classes: measure again
                t0 = THREADS.getCurrentThreadCpuTime();
                a0 = THREADS.getCurrentThreadAllocatedBytes();
                body.run();
                allocated = THREADS.getCurrentThreadAllocatedBytes() - a0;
                nanos = THREADS.getCurrentThreadCpuTime() - t0;
            }
            if (allocated > allowed) {
                throw new AssertionError("allocated " + (allocated >> 20) + " MiB for an input of " + size + " bytes ("
                        + output.getAsLong() + " characters of output)");
            }
            if (TIMED && nanos > maxNanos) {
                throw new AssertionError("took " + nanos / 1_000_000 + " ms of CPU time for an input of " + size + " bytes");
            }
        }
    }

    private static long uncompressedSize(byte[] input) {
        if (input.length < 2 || (input[0] & 0xff) != 0x1f || (input[1] & 0xff) != 0x8b) {
            return input.length;
        }
        // a cut gzip stream counts what it decompresses to before the cut (the reader reads that much too)
        long n = 0;
        try (var in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(input))) {
            byte[] buf = new byte[8192];
            int r;
            while ((r = in.read(buf)) > 0) {
                n += r;
            }
        } catch (IOException e) {
            // counted up to the damage
        }
        return Math.max(n, input.length);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    static void noSafetyNet(List<ExpertItem> items, String where) {
        for (ExpertItem e : items) {
            if (e.key().equals("ls.internal")) {
                throw new AssertionError("a safety net fired in " + where + ": " + e.text());
            }
            noSafetyNet(e.text(), where);
        }
    }

    /** Matches the start of the text only: the input may contain these words anywhere else. */
    static void noSafetyNet(String text, String where) {
        if (text == null) {
            return;
        }
        text = MQTT_PREFIX.matcher(text).replaceFirst(""); // the MQTT decoder's prefix
        for (String s : SAFETY_NETS) {
            if (text.startsWith(s) && (!s.startsWith("corrupt capture") || text.contains("(internal error: "))) {
                throw new AssertionError("a safety net fired in " + where + ": " + text);
            }
        }
    }

    // ------------------------------------------------------------------ capture readers

    /** The frames of a capture, or null when it is not one; the documented failure only. */
    static Capture read(byte[] data) throws IOException {
        List<RawFrame> frames = new ArrayList<>();
        Capture c = new Capture(frames);
        try (CaptureReader r = CaptureFiles.open(new ByteArrayInputStream(data), "fuzz")) {
            RawFrame f;
            while ((f = r.next()) != null) {
                frames.add(f);
                if (c.secrets.size() != r.secrets().size()) {
                    c.secrets = List.copyOf(r.secrets());
                }
            }
            c.sectionComments = r.sectionComments();
            c.warnings = r.warnings();
            c.secrets = List.copyOf(r.secrets());
        } catch (CaptureFormatException e) {
            noSafetyNet(e.getMessage(), "the capture reader");
            c.failure = e.getMessage();
        }
        return c;
    }

    static final class Capture {
        final List<RawFrame> frames;
        List<String> sectionComments = List.of();
        List<String> warnings = List.of();
        List<DecryptionSecrets> secrets = List.of();
        String failure;

        Capture(List<RawFrame> frames) {
            this.frames = frames;
        }
    }

    public static void pcapReader(byte[] data) throws Exception {
        bounded(data, () -> readWith(data, true));
    }

    public static void pcapngReader(byte[] data) throws Exception {
        bounded(data, () -> readWith(data, false));
    }

    private static void readWith(byte[] data, boolean pcap) throws IOException {
        try (CaptureReader r = pcap ? new PcapReader(new ByteArrayInputStream(data))
                : new PcapngReader(new ByteArrayInputStream(data))) {
            while (r.next() != null) {
                r.secrets();
                r.interfaces();
            }
            r.warnings();
        } catch (CaptureFormatException e) {
            noSafetyNet(e.getMessage(), "the " + (pcap ? "pcap" : "pcapng") + " reader");
        }
    }

    // ------------------------------------------------------------------ analysis

    private static volatile KeyLog keys;

    /** Every key log of the samples and the shared captures, so that mutated captures still decrypt. */
    static KeyLog sampleKeys() throws IOException {
        if (keys == null) {
            KeyLog k = new KeyLog();
            for (Path dir : List.of(Tools.repoRoot().resolve("sample-pcaps"),
                    Tools.repoRoot().resolve("../shared/wireshark-captures/keys").normalize())) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (var s = Files.list(dir)) {
                    for (Path p : s.sorted().toList()) {
                        String n = p.getFileName().toString();
                        if (n.endsWith(".keylog") || n.endsWith(".keys") || n.endsWith("keylog.dat") || n.endsWith(".txt")) {
                            k.addAll(p);
                        }
                    }
                }
            }
            keys = k;
        }
        return keys;
    }

    /** What {@code analyze --format json} (or tsv) does with a capture, without its threads; checks the output. */
    public static void analyze(byte[] data, boolean withKeyLog, FrameFormatter.Format format) throws Exception {
        KeyLog k = withKeyLog ? sampleKeys() : null;
        StringWriter[] last = {new StringWriter()};
        bounded(data, () -> last[0].getBuffer().length(), () -> {
            StringWriter out = new StringWriter();
            last[0] = out;
            Capture c = read(data);
            FrameFormatter fmt = FrameFormatter.create(format, out, Locale.ENGLISH, true);
            fmt.header();
            List<ExpertItem> expert = new ArrayList<>();
            Analyzer a = new Analyzer(true, r -> {
                try {
                    fmt.frame(r);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                expert.addAll(r.expert());
            }, k).keepConnections(false);
            feed(a, c);
            a.finish();
            fmt.footer();
            noSafetyNet(expert, "the analysis");
            if (format == FrameFormatter.Format.json) {
                checkJsonLines(out.toString(), c.frames.size());
            } else if (format == FrameFormatter.Format.tsv) {
                checkTsv(out.toString(), c.frames.size());
            }
        });
    }

    private static void feed(Analyzer a, Capture c) {
        if (!c.secrets.isEmpty()) {
            a.addSecrets(c.secrets);
        }
        for (RawFrame f : c.frames) {
            a.accept(f);
        }
    }

    static void checkJsonLines(String out, int frames) throws IOException {
        int n = 0;
        for (String line : out.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            n++;
            try (JsonParser p = JSON.createParser(line)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new AssertionError("not a JSON object: " + line);
                }
                p.skipChildren();
                if (p.nextToken() != null) {
                    throw new AssertionError("more than one JSON value on a line: " + line);
                }
            } catch (com.fasterxml.jackson.core.JsonParseException e) {
                throw new AssertionError("invalid JSON: " + e.getOriginalMessage() + " in " + line, e);
            }
        }
        if (n != frames) {
            throw new AssertionError(n + " JSON lines for " + frames + " frames");
        }
    }

    static void checkTsv(String out, int frames) {
        String[] lines = out.split("\n", -1);
        int columns = FrameFormatter.TSV_HEADER.split("\t", -1).length;
        int n = 0;
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            n++;
            if (line.split("\t", -1).length != columns) {
                throw new AssertionError("a TSV line without " + columns + " columns: " + line);
            }
            if (line.indexOf('\r') >= 0) {
                throw new AssertionError("a carriage return in a TSV line: " + line);
            }
        }
        if (n != frames + 1) {
            throw new AssertionError(n + " TSV lines for " + frames + " frames and a header");
        }
    }

    /** {@code diagnose} in every format and language. */
    public static void diagnose(byte[] data) throws Exception {
        KeyLog k = sampleKeys();
        bounded(data, () -> {
            Capture c = read(data);
            List<ExpertItem> expert = new ArrayList<>();
            Analyzer a = new Analyzer(false, r -> expert.addAll(r.expert()), k);
            feed(a, c);
            a.finish();
            noSafetyNet(expert, "the analysis");
            List<ConnectionSummary> conns = a.connections();
            for (Locale locale : List.of(Locale.ENGLISH, Locale.JAPANESE)) {
                StringWriter text = new StringWriter();
                PrintWriter pw = new PrintWriter(text);
                DiagnoseReport.text(pw, conns, locale);
                pw.flush();
                StringWriter json = new StringWriter();
                DiagnoseReport.json(json, conns, locale);
                checkJsonLines(json.toString(), conns.size());
                DiagnoseReport.markdown(new StringWriter(), conns, locale, "fuzz");
            }
        });
    }

    /**
     * What {@code layerscope lesson} does with a capture (default connection: the first with TLS or MQTT), in
     * tsv, text and html, English and Japanese: the TSV has the header and one line of 6 columns per step, the
     * text one numbered line per step, the HTML one {@code <section>} per step (what the capture says is escaped).
     */
    public static void lesson(byte[] data, boolean withKeyLog) throws Exception {
        KeyLog k = withKeyLog ? sampleKeys() : null;
        long[] chars = {0};
        bounded(data, () -> chars[0], () -> {
            chars[0] = 0;
            Capture c = read(data);
            List<ExpertItem> expert = new ArrayList<>();
            LessonCollector collector = new LessonCollector(-1);
            Analyzer a = new Analyzer(true, r -> {
                collector.accept(r);
                expert.addAll(r.expert());
            }, k);
            feed(a, c);
            a.finish();
            noSafetyNet(expert, "the analysis");
            if (collector.overflowed()) {
                throw new AssertionError("the lesson collector overflowed on " + c.frames.size() + " frames");
            }
            Lesson lesson = collector.lesson("fuzz.pcapng", a.connections());
            if (lesson == null) {
                return;
            }
            int steps = lesson.steps().size();
            for (Locale locale : List.of(Locale.ENGLISH, Locale.JAPANESE)) {
                LessonText t = LessonText.of(locale);
                StringWriter tsv = new StringWriter();
                LessonFormats.tsv(new PrintWriter(tsv), lesson, t);
                checkLessonTsv(tsv.toString(), steps);
                StringWriter text = new StringWriter();
                LessonFormats.text(new PrintWriter(text), lesson, t);
                StringWriter html = new StringWriter();
                LessonHtml.write(new PrintWriter(html), lesson, t);
                checkLessonHtml(html.toString(), steps);
                chars[0] += tsv.getBuffer().length() + text.getBuffer().length() + html.getBuffer().length();
            }
        });
    }

    static void checkLessonTsv(String out, int steps) {
        String[] lines = out.split("\n", -1);
        if (!lines[0].equals(LessonFormats.TSV_HEADER)) {
            throw new AssertionError("the lesson TSV does not start with its header: " + lines[0]);
        }
        int columns = LessonFormats.TSV_HEADER.split("\t", -1).length;
        int n = 0;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            n++;
            if (lines[i].split("\t", -1).length != columns || lines[i].indexOf('\r') >= 0) {
                throw new AssertionError("a lesson TSV line without " + columns + " columns: " + lines[i]);
            }
            if (!lines[i].startsWith(n + "\t")) {
                throw new AssertionError("lesson step " + n + " is numbered otherwise: " + lines[i]);
            }
        }
        if (n != steps) {
            throw new AssertionError(n + " lesson TSV lines for " + steps + " steps");
        }
    }

    static void checkLessonHtml(String out, int steps) {
        int sections = 0;
        for (int i = out.indexOf("<section"); i >= 0; i = out.indexOf("<section", i + 1)) {
            sections++;
        }
        int closed = 0;
        for (int i = out.indexOf("</section>"); i >= 0; i = out.indexOf("</section>", i + 1)) {
            closed++;
        }
        int scripts = 0;
        for (int i = out.indexOf("<script"); i >= 0; i = out.indexOf("<script", i + 1)) {
            scripts++;
        }
        if (sections != steps || closed != steps || scripts != 1 || !out.endsWith("</html>\n")) {
            throw new AssertionError("the lesson HTML has " + sections + "/" + closed + " sections and " + scripts
                    + " scripts for " + steps + " steps (unescaped text?)");
        }
    }

    /** Write what was read as pcapng, read it again: the same frames, comments, section comments and secrets. */
    public static void writerRoundTrip(byte[] data) throws Exception {
        bounded(data, () -> {
            Capture c = read(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (PcapngWriter w = PcapngWriter.to(out, c.sectionComments)) {
                for (DecryptionSecrets s : c.secrets) {
                    w.writeSecrets(s);
                }
                for (RawFrame f : c.frames) {
                    w.writeFrame(f);
                }
            }
            Capture back = read(out.toByteArray());
            if (back.failure != null) {
                throw new AssertionError("the written capture does not read back: " + back.failure);
            }
            if (!back.sectionComments.equals(c.sectionComments)) {
                throw new AssertionError("section comments " + c.sectionComments + " came back as " + back.sectionComments);
            }
            if (back.secrets.size() != c.secrets.size()) {
                throw new AssertionError(c.secrets.size() + " secrets blocks came back as " + back.secrets.size());
            }
            if (back.frames.size() != c.frames.size()) {
                throw new AssertionError(c.frames.size() + " frames came back as " + back.frames.size());
            }
            for (int i = 0; i < c.frames.size(); i++) {
                RawFrame a = c.frames.get(i);
                RawFrame b = back.frames.get(i);
                if (a.timestampNanos() != b.timestampNanos() || a.linkType() != b.linkType()
                        || a.originalLength() != b.originalLength() || !Arrays.equals(a.data(), b.data())
                        || !Objects.equals(a.comments(), b.comments())) {
                    throw new AssertionError("frame " + (i + 1) + " differs after writing: " + describe(a) + " vs " + describe(b));
                }
            }
        });
    }

    private static String describe(RawFrame f) {
        return "[t=" + f.timestampNanos() + " link=" + f.linkType() + " orig=" + f.originalLength() + " len="
                + f.data().length + " comments=" + f.comments() + "]";
    }

    // ------------------------------------------------------------------ decoders

    /**
     * Input of the stream decoders: chunks of {@code [flags][length: 2 bytes][bytes]}; bit 0 of the flags is
     * the direction (1 = server to client). Each direction's bytes are framed like TCP payload is.
     */
    static List<byte[]>[] chunks(byte[] data, int[][] dirs) {
        @SuppressWarnings("unchecked")
        List<byte[]>[] out = new List[] {new ArrayList<byte[]>()};
        List<Integer> d = new ArrayList<>();
        int p = 0;
        while (p + 3 <= data.length) {
            int flags = data[p] & 0xff;
            int len = Math.min((data[p + 1] & 0xff) << 8 | (data[p + 2] & 0xff), data.length - p - 3);
            out[0].add(Arrays.copyOfRange(data, p + 3, p + 3 + len));
            d.add(flags & 1);
            p += 3 + len;
        }
        dirs[0] = d.stream().mapToInt(Integer::intValue).toArray();
        return out;
    }

    public static void tls(byte[] data) throws Exception {
        bounded(data, () -> {
            int[][] dirs = new int[1][];
            List<byte[]> chunks = chunks(data, dirs)[0];
            TlsDecoder dec = new TlsDecoder();
            ByteArrayOutputStream[] pending = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
            for (int i = 0; i < chunks.size(); i++) {
                int di = dirs[0][i];
                Direction dir = di == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
                pending[di].write(chunks.get(i));
                byte[] b = pending[di].toByteArray();
                int p = 0;
                while (p < b.length) {
                    int n = TlsFramer.probe(b, p, b.length - p);
                    if (n == TlsFramer.NEED_MORE) {
                        break;
                    }
                    if (n == TlsFramer.NOT_TLS || n <= 0 || n > b.length - p) {
                        p = b.length; // not TLS: the rest of this direction is dropped
                        break;
                    }
                    List<ExpertItem> expert = new ArrayList<>();
                    dec.decodeRecord(dir, b, p, n, Field.root(), expert);
                    noSafetyNet(expert, "the TLS decoder");
                    dec.sessionInfo();
                    p += n;
                }
                pending[di] = new ByteArrayOutputStream();
                pending[di].write(b, p, b.length - p);
            }
        });
    }

    /**
     * {@code der} as the one certificate of a TLS 1.2 Certificate message, then the same bytes as the one
     * distinguished name of a CertificateRequest, each sent in records of at most 16 KiB: the certificate
     * decoder (ASN.1/X.509) on arbitrary DER, with its expert items checked for safety nets.
     */
    public static void certificate(byte[] der) throws Exception {
        bounded(der, () -> {
            TlsDecoder dec = new TlsDecoder();
            List<ExpertItem> expert = new ArrayList<>();
            byte[] cert = new byte[4 + 3 + 3 + der.length];
            cert[0] = 11;
            TlsBytes.put24(cert, 1, 6 + der.length);
            TlsBytes.put24(cert, 4, 3 + der.length);
            TlsBytes.put24(cert, 7, der.length);
            System.arraycopy(der, 0, cert, 10, der.length);
            records(dec, cert, expert);
            int dnLen = Math.min(der.length, 0xffff);
            byte[] req = new byte[4 + 1 + 1 + 2 + 2 + 2 + dnLen];
            req[0] = 13;
            TlsBytes.put24(req, 1, req.length - 4);
            req[4] = 1; // certificate_types: rsa_sign
            req[5] = 1;
            req[6] = 0; // signature_algorithms: none
            req[7] = 0;
            req[8] = (byte) ((2 + dnLen) >> 8);
            req[9] = (byte) (2 + dnLen);
            req[10] = (byte) (dnLen >> 8);
            req[11] = (byte) dnLen;
            System.arraycopy(der, 0, req, 12, dnLen);
            records(dec, req, expert);
            noSafetyNet(expert, "the certificate decoder");
            dec.sessionInfo();
        });
    }

    private static void records(TlsDecoder dec, byte[] msg, List<ExpertItem> expert) {
        for (byte[] rec : TlsBytes.handshakeRecords(msg, 16384)) {
            dec.decodeRecord(Direction.SERVER_TO_CLIENT, rec, 0, rec.length, Field.root(), expert);
        }
    }

    public static void mqtt(byte[] data, int protocolLevel) throws Exception {
        bounded(data, () -> {
            MqttDecoder dec = new MqttDecoder(protocolLevel);
            forEachMqttPacket(data, (dir, b, p, n) -> {
                List<ExpertItem> expert = new ArrayList<>();
                dec.decode(dir, b, p, n, Field.root(), expert);
                noSafetyNet(expert, "the MQTT decoder");
            });
        });
        treelessDecodesTheSame(data, protocolLevel); // after the bounds: it decodes everything twice
    }

    /**
     * The same stream without a tree, as {@code analyze --format tsv} decodes it ({@code MqttQuickPath} takes the
     * common packets there): the same packet and the same expert items as with a tree, packet by packet.
     */
    private static void treelessDecodesTheSame(byte[] data, int protocolLevel) {
        MqttDecoder dec = new MqttDecoder(protocolLevel);
        MqttDecoder treeless = new MqttDecoder(protocolLevel);
        forEachMqttPacket(data, (dir, b, p, n) -> {
            List<ExpertItem> expert = new ArrayList<>();
            MqttPacket withTree = dec.decode(dir, b, p, n, Field.root(), expert);
            List<ExpertItem> expertTreeless = new ArrayList<>();
            MqttPacket withoutTree = treeless.decode(dir, b, p, n, Field.NONE, expertTreeless);
            if (!withTree.equals(withoutTree) || !expertKeys(expert).equals(expertKeys(expertTreeless))) {
                throw new AssertionError("without a tree the MQTT decoder gives " + withoutTree + " "
                        + expertKeys(expertTreeless) + ", with one " + withTree + " " + expertKeys(expert));
            }
        });
    }

    /** One MQTT packet of a fuzz input: {@code n} bytes at {@code p} of a chunk sent in direction {@code dir}. */
    private interface MqttPacketVisitor {
        void packet(Direction dir, byte[] b, int p, int n);
    }

    /**
     * The fuzz input cut into chunks of either direction, each chunk into MQTT packets as the framer finds them;
     * an incomplete or bad packet is given as it is (the rest of its chunk), to be decoded as malformed.
     */
    private static void forEachMqttPacket(byte[] data, MqttPacketVisitor v) {
        int[][] dirs = new int[1][];
        List<byte[]> chunks = chunks(data, dirs)[0];
        for (int i = 0; i < chunks.size(); i++) {
            Direction dir = dirs[0][i] == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
            byte[] b = chunks.get(i);
            int p = 0;
            while (p < b.length) {
                int n = MqttFramer.probe(b, p, b.length - p);
                if (n <= 0) {
                    n = b.length - p;
                }
                v.packet(dir, b, p, n);
                p += n;
            }
        }
    }

    private static List<String> expertKeys(List<ExpertItem> expert) {
        List<String> keys = new ArrayList<>();
        for (ExpertItem e : expert) {
            keys.add(e.key() + ": " + e.text());
        }
        return keys;
    }

        public static void keyLog(byte[] data) throws Exception {
        bounded(data, () -> {
            String text = new String(data, StandardCharsets.UTF_8);
            KeyLog k = new KeyLog();
            KeyLog.ReadResult r = k.addAll(text);
            if (r.bad() < 0 || r.secrets() < 0 || r.lines() < 0) {
                throw new AssertionError("negative counts: " + r);
            }
            if (r.secrets() > r.lines()) {
                throw new AssertionError("more secrets than lines: " + r);
            }
            KeyLog.parse(text);
        });
    }

    // ------------------------------------------------------------------ display filter

    private static volatile List<PacketResult> filterFrames;

    /** Frames with trees the filters are evaluated on: two samples, MQTT 3.1.1 in clear and TLS 1.3 decrypted. */
    static List<PacketResult> filterFrames() throws IOException {
        if (filterFrames == null) {
            List<PacketResult> all = new ArrayList<>();
            for (String s : List.of("mqtt-plain-311.pcapng", "mqtt-tls13-mutual.pcapng")) {
                Path p = Tools.repoRoot().resolve("sample-pcaps").resolve(s);
                Capture c = read(Files.readAllBytes(p));
                Analyzer a = new Analyzer(true, all::add, sampleKeys());
                feed(a, c);
                a.finish();
            }
            filterFrames = List.copyOf(all);
        }
        return filterFrames;
    }

    public static void filter(String expression) throws Exception {
        List<PacketResult> frames = filterFrames();
        bounded(expression.getBytes(StandardCharsets.UTF_8), () -> {
            DisplayFilter f;
            try {
                f = DisplayFilter.compile(expression);
            } catch (FilterSyntaxException e) {
                if (e.getMessage() == null || e.position() < 0 || e.position() > expression.length()) {
                    throw new AssertionError("a syntax error without a position in the expression: " + e.getMessage());
                }
                e.pointer("  ");
                return;
            }
            for (PacketResult r : frames) {
                f.matches(r);
            }
            f.referencedFields();
            DisplayFilter.compile(f.toString()); // what it shows compiles again
        });
    }
}
