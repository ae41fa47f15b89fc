package org.layerscope.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * tshark as an independent oracle: per-frame TCP and TLS fields, read from a live tshark run or from a
 * truth TSV that tshark wrote (same columns).
 */
final class TsharkOracle {
    static final String[] FIELDS = {"frame.number", "tcp.flags", "tcp.len", "tls.record.content_type",
            "tls.record.opaque_type", "tls.handshake.type", "mqtt.msgtype", "tls.alert_message.desc"};

    /** One frame as tshark sees it: column name to value. */
    record Row(Map<String, String> values) {
        String get(String field) {
            String v = values.get(field);
            return v == null ? "" : v;
        }
    }

    private TsharkOracle() {
    }

    /** Runs tshark with two-pass analysis, an empty profile and the given extra options. */
    static List<Row> run(String tshark, Path capture, List<String> extra, Path emptyConfigDir)
            throws IOException, InterruptedException {
        return run(tshark, capture, extra, emptyConfigDir, List.of(FIELDS));
    }

    /** As {@link #run(String, Path, List, Path)}, with other fields. */
    static List<Row> run(String tshark, Path capture, List<String> extra, Path emptyConfigDir, List<String> fields)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(tshark, "-n", "-2", "-r", capture.toString()));
        cmd.addAll(extra);
        cmd.addAll(List.of("-T", "fields", "-E", "header=y", "-E", "separator=/t", "-E", "quote=n",
                "-E", "occurrence=a", "-E", "aggregator=,"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("WIRESHARK_CONFIG_DIR", emptyConfigDir.toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Path out = Files.createTempFile("tshark", ".tsv");
        try {
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("tshark timed out on " + capture);
            }
            return parse(Files.readAllLines(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static List<Row> parse(List<String> lines) {
        List<Row> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            return rows;
        }
        String[] header = lines.get(0).split("\t", -1);
        for (int i = 1; i < lines.size(); i++) {
            String[] v = lines.get(i).split("\t", -1);
            Map<String, String> m = new HashMap<>();
            for (int c = 0; c < header.length && c < v.length; c++) {
                m.put(header[c], v[c]);
            }
            rows.add(new Row(m));
        }
        return rows;
    }

    /** tshark's tcp.flags (hex) as LayerScope's flag list. */
    static String flagList(String hex) {
        if (hex.isEmpty()) {
            return "";
        }
        int v = Integer.decode(hex);
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if ((v & (1 << i)) != 0) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(names[i]);
            }
        }
        return sb.toString();
    }

    /** Content types of all records of the frame as tshark lists them: content_type values, then opaque ones. */
    static String records(Row r) {
        String ct = r.get("tls.record.content_type");
        String ot = r.get("tls.record.opaque_type");
        if (ct.isEmpty()) {
            return ot;
        }
        return ot.isEmpty() ? ct : ct + "," + ot;
    }

    /** As {@link #records}, with {@code decrypted} of the opaque (outer 23) entries taken out: they were read. */
    static String recordsDecrypted(Row r, int decrypted) {
        String ct = r.get("tls.record.content_type");
        java.util.List<String> ot = new java.util.ArrayList<>(java.util.Arrays.asList(r.get("tls.record.opaque_type").split(",")));
        ot.removeIf(String::isEmpty);
        for (int i = 0; i < decrypted && !ot.isEmpty(); i++) {
            ot.remove(ot.size() - 1);
        }
        String o = String.join(",", ot);
        if (ct.isEmpty()) {
            return o;
        }
        return o.isEmpty() ? ct : ct + "," + o;
    }
}
