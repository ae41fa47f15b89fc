package org.layerscope.tls.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the TLS columns of a tshark truth file ({@code *.truth.tsv}: header line, tab-separated, comma lists). */
final class TruthTsv {
    private TruthTsv() {
    }

    /** Frame number → what tshark showed, for frames with any TLS record. */
    static Map<Long, TlsHarness.FrameView> read(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
        int frame = column(header, "frame.number");
        int types = column(header, "tls.record.content_type");
        int opaque = column(header, "tls.record.opaque_type");
        int handshake = column(header, "tls.handshake.type");
        int alert = column(header, "tls.alert_message.desc");
        Map<Long, TlsHarness.FrameView> out = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            TlsHarness.FrameView v = new TlsHarness.FrameView();
            ints(f[types], v.contentTypes);
            ints(f[opaque], v.opaqueTypes);
            ints(f[handshake], v.handshakeTypes);
            ints(f[alert], v.alerts);
            if (!v.isEmpty()) {
                out.put(Long.parseLong(f[frame]), v);
            }
        }
        return out;
    }

    private static int column(List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + name);
        }
        return i;
    }

    private static void ints(String field, List<Integer> out) {
        if (field.isEmpty()) {
            return;
        }
        for (String s : field.split(",")) {
            out.add(Integer.decode(s.trim()));
        }
    }
}
