package org.layerscope.dissect.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;

/**
 * Test support: reads tshark's view of a capture (the TSV files of {@code src/test/resources/mqtt/},
 * or the same columns from tshark at test time), feeds each TCP direction's bytes through
 * {@link MqttFramer} and {@link MqttDecoder} as the pipeline does, and compares the result with tshark.
 */
final class MqttFixtures {
    private MqttFixtures() {
    }

    /** The tshark fields the fixtures hold (same list as make-fixtures.sh). */
    static final List<String> FIELDS = List.of("frame.number", "tcp.stream", "tcp.srcport", "tcp.dstport",
            "tcp.seq", "tcp.payload", "mqtt.msgtype", "mqtt.hdrflags", "mqtt.len", "mqtt.dupflag", "mqtt.qos", "mqtt.retain",
            "mqtt.proto_len", "mqtt.protoname", "mqtt.ver", "mqtt.conflags", "mqtt.conflag.cleansess",
            "mqtt.conflag.uname", "mqtt.conflag.passwd", "mqtt.conflag.willflag", "mqtt.conflag.qos",
            "mqtt.conflag.retain", "mqtt.kalive", "mqtt.clientid", "mqtt.willtopic", "mqtt.willmsg", "mqtt.username",
            "mqtt.passwd_len", "mqtt.conack.flags", "mqtt.conack.flags.sp", "mqtt.conack.val",
            "mqtt.connack.reason_code", "mqtt.topic_len", "mqtt.topic", "mqtt.msgid", "mqtt.msg",
            "mqtt.puback.reason_code", "mqtt.pubrec.reason_code", "mqtt.pubrel.reason_code",
            "mqtt.pubcomp.reason_code", "mqtt.sub.qos", "mqtt.subscription_options", "mqtt.suback.qos",
            "mqtt.suback.reason_code", "mqtt.unsuback.reason_code", "mqtt.disconnect.reason_code",
            "mqtt.auth.reason_code", "mqtt.property_len", "mqtt.property_id", "mqtt.prop_number", "mqtt.prop_key",
            "mqtt.prop_value", "mqtt.prop_string", "mqtt.property.topic_alias", "mqtt.property.content_type",
            "_ws.col.Info");

    /** Fields tshark shows in hex (BASE_HEX); ours hold decimal. */
    private static final Set<String> HEX_FIELDS = Set.of("mqtt.hdrflags", "mqtt.conflags", "mqtt.conack.flags",
            "mqtt.property_id", "mqtt.subscription_options");

    static final Set<Integer> SERVER_PORTS = Set.of(1883, 8883);

    static Path resources() {
        return Tshark.repo().resolve("src/test/resources/mqtt");
    }

    static Path samples() {
        return Tshark.repo().resolve("sample-pcaps");
    }

    /** One row of tshark's TSV (one frame). */
    record Row(Map<String, String> f) {
        String get(String name) {
            String v = f.get(name);
            return v == null ? "" : v;
        }

        int frame() {
            return Integer.parseInt(get("frame.number"));
        }
    }

    static List<Row> parseTsv(String text) {
        List<Row> rows = new ArrayList<>();
        String[] lines = text.split("\n");
        if (lines.length == 0 || lines[0].isEmpty()) {
            return rows;
        }
        String[] header = lines[0].split("\t", -1);
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] cols = lines[i].split("\t", -1);
            Map<String, String> m = new LinkedHashMap<>();
            for (int c = 0; c < header.length; c++) {
                m.put(header[c], c < cols.length ? cols[c] : "");
            }
            rows.add(new Row(m));
        }
        return rows;
    }

    static List<Row> readTsv(String name) {
        try {
            return parseTsv(Files.readString(resources().resolve(name), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** tshark's TSV of a capture, made now (same options as make-fixtures.sh). */
    static List<Row> tsharkTsv(Path capture, String filter, String... options) {
        List<String> args = new ArrayList<>(List.of("-n", "-r", capture.toString()));
        args.addAll(Arrays.asList(options));
        args.addAll(List.of("-Y", filter, "-T", "fields", "-E", "header=y", "-E", "separator=/t", "-E", "quote=n",
                "-E", "occurrence=a", "-E", "aggregator=|"));
        for (String f : FIELDS) {
            args.add("-e");
            args.add(f);
        }
        return parseTsv(Tshark.run(args));
    }

    static byte[] hex(String s) {
        String h = s.replace(":", "").trim();
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }

    /** Bytes of one TCP segment (or one decrypted TLS record) in capture order. */
    record Chunk(int frame, int stream, Direction dir, byte[] bytes) {
    }

    static Direction direction(Row r) {
        return SERVER_PORTS.contains(Integer.parseInt(r.get("tcp.srcport"))) ? Direction.SERVER_TO_CLIENT
                : Direction.CLIENT_TO_SERVER;
    }

    /**
     * Each direction's payload in order, without what TCP sent twice: a retransmitted segment (loopback
     * captures have them too) is dropped or trimmed by its relative sequence number.
     */
    static List<Chunk> chunks(List<Row> rows) {
        List<Chunk> out = new ArrayList<>();
        Map<String, Long> next = new HashMap<>();
        for (Row r : rows) {
            if (r.get("tcp.payload").isEmpty()) {
                continue;
            }
            int stream = Integer.parseInt(r.get("tcp.stream"));
            Direction dir = direction(r);
            byte[] bytes = hex(r.get("tcp.payload"));
            String seqText = r.get("tcp.seq");
            if (!seqText.isEmpty()) {
                long seq = Long.parseLong(seqText);
                String key = key(stream, dir);
                long expected = next.getOrDefault(key, seq);
                if (seq + bytes.length <= expected) {
                    continue; // all of it seen before
                }
                if (seq < expected) {
                    bytes = Arrays.copyOfRange(bytes, (int) (expected - seq), bytes.length);
                }
                next.put(key, Math.max(expected, seq + (long) hex(r.get("tcp.payload")).length));
            }
            out.add(new Chunk(r.frame(), stream, dir, bytes));
        }
        return out;
    }

    /**
     * The decrypted records of "tshark -q -z follow,tls,raw,0": node 0's lines flush left, the other
     * side's indented; node 0 is whichever side tshark saw first, so its port tells the direction.
     */
    static List<Chunk> followChunks(String text) {
        List<Chunk> out = new ArrayList<>();
        boolean inData = false;
        boolean node0IsServer = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("Node 0:")) {
                String port = line.substring(line.lastIndexOf(':') + 1).trim();
                node0IsServer = SERVER_PORTS.contains(Integer.parseInt(port));
                continue;
            }
            if (line.startsWith("Node 1:")) {
                inData = true;
                continue;
            }
            if (!inData || line.startsWith("====") || line.isBlank()) {
                continue;
            }
            boolean node0 = !line.startsWith("\t");
            Direction d = node0 == node0IsServer ? Direction.SERVER_TO_CLIENT : Direction.CLIENT_TO_SERVER;
            out.add(new Chunk(-1, 0, d, hex(line.trim())));
        }
        return out;
    }

    /** One decoded packet with what the decoder produced for it. */
    record Decoded(int stream, Direction dir, int frame, MqttPacket packet, Field tree, List<ExpertItem> expert,
                   byte[] bytes) {
    }

    /**
     * Decodes the chunks as the pipeline would: one decoder per TCP stream, one growing buffer per
     * direction, {@link MqttFramer#probe} to cut packets, {@code decode} at the packet's offset.
     */
    static List<Decoded> decode(List<Chunk> chunks) {
        Map<Integer, MqttDecoder> decoders = new HashMap<>();
        Map<String, byte[]> bufs = new HashMap<>();
        Map<String, int[]> marks = new HashMap<>(); // {start, end}
        List<Decoded> out = new ArrayList<>();
        for (Chunk c : chunks) {
            MqttDecoder dec = decoders.computeIfAbsent(c.stream(), k -> new MqttDecoder());
            String key = c.stream() + "/" + c.dir();
            byte[] buf = bufs.getOrDefault(key, new byte[0]);
            int[] mark = marks.computeIfAbsent(key, k -> new int[2]);
            if (mark[1] + c.bytes().length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, mark[1] + c.bytes().length));
            }
            System.arraycopy(c.bytes(), 0, buf, mark[1], c.bytes().length);
            mark[1] += c.bytes().length;
            bufs.put(key, buf);
            while (true) {
                int n = MqttFramer.probe(buf, mark[0], mark[1] - mark[0]);
                if (n == MqttFramer.NOT_MQTT) {
                    fail("not MQTT at " + key + " offset " + mark[0] + " (frame " + c.frame() + ")");
                }
                if (n == MqttFramer.NEED_MORE || n > mark[1] - mark[0]) {
                    break;
                }
                Field root = Field.root();
                List<ExpertItem> expert = new ArrayList<>();
                MqttPacket p = dec.decode(c.dir(), buf, mark[0], n, root, expert);
                out.add(new Decoded(c.stream(), c.dir(), c.frame(), p, root, expert,
                        Arrays.copyOfRange(buf, mark[0], mark[0] + n)));
                mark[0] += n;
            }
        }
        return out;
    }

    /** What tshark says about one MQTT packet (fields only when its frame holds a single packet). */
    record Expected(int stream, Direction dir, int frame, int type, Row row) {
    }

    static List<Expected> expected(List<Row> rows) {
        List<Expected> out = new ArrayList<>();
        for (Row r : rows) {
            String types = r.get("mqtt.msgtype");
            if (types.isEmpty()) {
                continue;
            }
            String[] t = types.split("\\|");
            for (String one : t) {
                out.add(new Expected(Integer.parseInt(r.get("tcp.stream")), direction(r), r.frame(),
                        Integer.parseInt(one), t.length == 1 ? r : null));
            }
        }
        return out;
    }

    static String key(int stream, Direction dir) {
        return "stream " + stream + " " + dir;
    }

    /** Packet types per stream and direction, in order. */
    static Map<String, List<Integer>> typeSequences(List<Decoded> decoded) {
        Map<String, List<Integer>> m = new LinkedHashMap<>();
        for (Decoded d : decoded) {
            m.computeIfAbsent(key(d.stream(), d.dir()), k -> new ArrayList<>()).add(d.packet().type());
        }
        return m;
    }

    static Map<String, List<Integer>> expectedTypeSequences(List<Expected> expected) {
        Map<String, List<Integer>> m = new LinkedHashMap<>();
        for (Expected e : expected) {
            m.computeIfAbsent(key(e.stream(), e.dir()), k -> new ArrayList<>()).add(e.type());
        }
        return m;
    }

    /** Our values of one field in a packet tree, formatted as tshark prints them, joined with '|'. */
    static String ours(Field tree, String name) {
        StringJoiner j = new StringJoiner("|");
        for (Field f : tree.findAll(name)) {
            String v = f.value();
            if (v == null) {
                continue;
            }
            if (HEX_FIELDS.contains(name)) {
                v = String.format("0x%02x", Integer.parseInt(v));
            }
            j.add(v);
        }
        return j.toString();
    }

    /** tshark's Info column without what other dissectors add (the media dissector's " (text/plain)"). */
    static String tsharkInfo(Row r) {
        String info = r.get("_ws.col.Info");
        int media = info.lastIndexOf(" (text/");
        return media > 0 && info.endsWith(")") ? info.substring(0, media) : info;
    }

    /**
     * Asserts the decoded packets equal tshark's: the type sequence of every stream direction, and for
     * frames that hold one packet every {@code mqtt.*} field of {@link #FIELDS}, the Info text and the
     * {@link MqttPacket} summary. Returns how many packets were compared field by field.
     */
    static int assertMatchesTshark(String what, List<Decoded> decoded, List<Expected> expected) {
        return assertMatchesTshark(what, decoded, expected, true);
    }

    /** As above; {@code noExpert} also asserts that no packet got an expert item. */
    static int assertMatchesTshark(String what, List<Decoded> decoded, List<Expected> expected, boolean noExpert) {
        assertEquals(expectedTypeSequences(expected), typeSequences(decoded), what + ": packet types per direction");
        Map<String, List<Decoded>> ours = new HashMap<>();
        for (Decoded d : decoded) {
            ours.computeIfAbsent(key(d.stream(), d.dir()), k -> new ArrayList<>()).add(d);
        }
        Map<String, Integer> index = new HashMap<>();
        int compared = 0;
        for (Expected e : expected) {
            String k = key(e.stream(), e.dir());
            int i = index.merge(k, 1, Integer::sum) - 1;
            Decoded d = ours.get(k).get(i);
            if (e.row() == null) {
                continue;
            }
            String where = what + " frame " + e.frame() + " (" + k + " packet " + i + ")";
            for (String f : FIELDS) {
                if (!f.startsWith("mqtt.")) {
                    continue;
                }
                assertEquals(e.row().get(f), ours(d.tree(), f), where + ": " + f);
            }
            assertEquals(tsharkInfo(e.row()), d.packet().info(), where + ": info");
            assertSummary(where, e.row(), d);
            if (noExpert) {
                assertTrue(d.expert().isEmpty(), where + ": unexpected expert items " + d.expert());
            }
            compared++;
        }
        return compared;
    }

    private static void assertSummary(String where, Row r, Decoded d) {
        MqttPacket p = d.packet();
        assertEquals(d.bytes().length, p.length(), where + ": length");
        assertEquals(Integer.parseInt(r.get("mqtt.hdrflags").substring(2), 16) & 0x0f, p.flags(), where + ": flags");
        if (p.type() == MqttPacket.PUBLISH) {
            assertEquals(r.get("mqtt.topic"), p.topic(), where + ": topic");
            assertEquals(Integer.parseInt(r.get("mqtt.qos")), p.qos(), where + ": qos");
        } else {
            assertEquals(null, p.topic(), where + ": topic");
            assertEquals(-1, p.qos(), where + ": qos");
        }
        String msgid = r.get("mqtt.msgid");
        assertEquals(msgid.isEmpty() ? -1 : Integer.parseInt(msgid), p.packetId(), where + ": packet id");
        if (p.type() == MqttPacket.CONNECT) {
            assertEquals(r.get("mqtt.clientid"), p.clientId(), where + ": client id");
        }
        String rc = firstNonEmpty(r, "mqtt.conack.val", "mqtt.connack.reason_code", "mqtt.puback.reason_code",
                "mqtt.pubrec.reason_code", "mqtt.pubrel.reason_code", "mqtt.pubcomp.reason_code",
                "mqtt.suback.qos", "mqtt.suback.reason_code", "mqtt.unsuback.reason_code",
                "mqtt.disconnect.reason_code", "mqtt.auth.reason_code");
        if (!rc.isEmpty()) {
            assertEquals(Integer.parseInt(rc.split("\\|")[0]), p.returnCode(), where + ": return code");
        }
    }

    private static String firstNonEmpty(Row r, String... names) {
        for (String n : names) {
            if (!r.get(n).isEmpty()) {
                return r.get(n);
            }
        }
        return "";
    }
}
