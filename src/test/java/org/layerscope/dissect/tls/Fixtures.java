package org.layerscope.dissect.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;

/** Loads the fixtures of src/test/resources/tls and replays them through TlsFramer + TlsDecoder. */
final class Fixtures {
    private Fixtures() {
    }

    /** One TCP payload of a fixture, with tshark's columns for its frame. */
    record Segment(int frame, int stream, Direction dir, byte[] data, String contentTypes, String handshakeTypes,
                   String alertDescs, String opaqueTypes, String versions, String lengths, String info) {
    }

    /** One decoded record, attributed to the frame that completed it. */
    record Decoded(int frame, int stream, Direction dir, TlsRecord record, Field tree, List<ExpertItem> expert,
                   byte[] bytes, int indexInFrame, int offset) {
    }

    static List<Segment> segments(String name) {
        List<Segment> out = new ArrayList<>();
        for (String line : lines("/tls/" + name + ".segments.tsv")) {
            String[] c = Arrays.copyOf(line.split("\t", -1), 11);
            for (int i = 0; i < c.length; i++) {
                if (c[i] == null) {
                    c[i] = "";
                }
            }
            out.add(new Segment(Integer.parseInt(c[0]), Integer.parseInt(c[1]),
                    c[2].equals("C") ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                    HexFormat.of().parseHex(c[3]), c[4], c[5], c[6], c[7], c[8], c[9], c[10]));
        }
        return out;
    }

    /** frame -> index in frame -> {inner type, plaintext}. */
    static Map<Integer, Map<Integer, RecordDecryptor.Plaintext>> decrypted(String capture) {
        Map<Integer, Map<Integer, RecordDecryptor.Plaintext>> m = new HashMap<>();
        for (String line : lines("/tls/" + capture + ".decrypted.tsv")) {
            String[] c = line.split("\t", -1);
            m.computeIfAbsent(Integer.parseInt(c[0]), k -> new HashMap<>()).put(Integer.parseInt(c[1]),
                    new RecordDecryptor.Plaintext(Integer.parseInt(c[2]), HexFormat.of().parseHex(c[3])));
        }
        return m;
    }

    static List<String> lines(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> out = new ArrayList<>();
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                if (!l.isEmpty() && !l.startsWith("#")) {
                    out.add(l);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Per (stream, direction) stream reassembly, as the pipeline does it (no gaps in the fixtures). */
    private static final class Pending {
        byte[] buf = new byte[0];
        int start;
        int len;

        void append(byte[] d) {
            if (len + d.length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + d.length));
            }
            System.arraycopy(d, 0, buf, len, d.length);
            len += d.length;
        }
    }

    /** A replay hook run before each record (for example to set a decryptor that knows the frame). */
    interface BeforeRecord {
        void accept(TlsDecoder decoder, int frame, int indexInFrame);
    }

    /**
     * Replays the segments: per stream and direction, appends each payload, cuts whole records with
     * {@link TlsFramer#probe} and decodes them with the stream's decoder, in capture order.
     */
    static Map<Integer, List<Decoded>> replay(List<Segment> segs, boolean tree, IntFunction<TlsDecoder> decoders,
                                              BeforeRecord before) {
        Map<Integer, TlsDecoder> dec = new HashMap<>();
        Map<String, Pending> pend = new HashMap<>();
        Map<Integer, List<Decoded>> out = new LinkedHashMap<>();
        for (Segment s : segs) {
            TlsDecoder d = dec.computeIfAbsent(s.stream(), decoders::apply);
            Pending p = pend.computeIfAbsent(s.stream() + "/" + s.dir(), k -> new Pending());
            p.append(s.data());
            List<Decoded> frameRecs = out.computeIfAbsent(s.frame(), k -> new ArrayList<>());
            while (true) {
                int r = TlsFramer.probe(p.buf, p.start, p.len - p.start);
                if (r == TlsFramer.NEED_MORE || r > p.len - p.start) {
                    break;
                }
                if (r == TlsFramer.NOT_TLS) {
                    throw new AssertionError("not TLS at frame " + s.frame() + " offset " + p.start);
                }
                if (before != null) {
                    before.accept(d, s.frame(), frameRecs.size());
                }
                Field root = tree ? Field.root() : Field.NONE;
                List<ExpertItem> ex = new ArrayList<>();
                TlsRecord rec = d.decodeRecord(s.dir(), p.buf, p.start, r, root, ex);
                frameRecs.add(new Decoded(s.frame(), s.stream(), s.dir(), rec, root, ex,
                        Arrays.copyOfRange(p.buf, p.start, p.start + r), frameRecs.size(), p.start));
                p.start += r;
            }
        }
        return out;
    }

    static Map<Integer, List<Decoded>> replay(String name, boolean tree) {
        return replay(segments(name), tree, k -> new TlsDecoder(), null);
    }

    /** The decoders used per stream, kept to inspect their session info. */
    static Map<Integer, TlsDecoder> replayKeepingDecoders(String name) {
        Map<Integer, TlsDecoder> decoders = new LinkedHashMap<>();
        replay(segments(name), false, k -> decoders.computeIfAbsent(k, x -> new TlsDecoder()), null);
        return decoders;
    }
}
