package org.layerscope.analysis.filter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.layerscope.analysis.PacketResult;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Phase;

/**
 * Every field name the display filter knows: the names of LayerScope's details tree (the resource
 * {@code fields.tsv}, kept equal to what the dissectors produce by {@code FieldRegistryTest}), Wireshark's
 * synthetic fields ({@code ip.addr}, {@code tcp.port}, {@code frame.*}) and LayerScope's own
 * ({@code phase}, {@code ls.*}).
 */
final class FieldRegistry {
    static final String RESOURCE = "fields.tsv";

    private static final SortedMap<String, FieldDef> FIELDS = load();

    private FieldRegistry() {
    }

    static FieldDef get(String name) {
        return FIELDS.get(name);
    }

    static Map<String, FieldDef> all() {
        return Collections.unmodifiableSortedMap(FIELDS);
    }

    private static SortedMap<String, FieldDef> load() {
        SortedMap<String, FieldDef> m = new TreeMap<>();
        try (InputStream in = FieldRegistry.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t");
                FieldKind kind = FieldKind.fromTsv(c[1]);
                m.put(c[0], new FieldDef(c[0], kind, c[2].equals("ws"), new String[] {c[0]}, null, null,
                        kind.label()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pair(m, "eth.addr", FieldKind.ETHER, "eth.src", "eth.dst");
        pair(m, "ip.addr", FieldKind.IPV4, "ip.src", "ip.dst");
        pair(m, "ipv6.addr", FieldKind.IPV6, "ipv6.src", "ipv6.dst");
        pair(m, "tcp.port", FieldKind.INTEGER, "tcp.srcport", "tcp.dstport");
        pair(m, "udp.port", FieldKind.INTEGER, "udp.srcport", "udp.dstport");

        fastFields(m);
        computed(m, "frame", FieldKind.PROTOCOL, true, null, "every frame", (r, out) -> out.add(""));
        computed(m, "frame.number", FieldKind.INTEGER, true, null, "frame number, from 1",
                (r, out) -> out.add(r.number()));
        computed(m, "frame.len", FieldKind.INTEGER, true, null, "frame length on the wire",
                (r, out) -> out.add((long) r.frame().originalLength()));
        computed(m, "frame.cap_len", FieldKind.INTEGER, true, null, "captured length",
                (r, out) -> out.add((long) r.capturedLength()));
        computed(m, "frame.time_relative", FieldKind.TIME, true, null, "seconds since the first frame",
                (r, out) -> out.add(r.relativeNanos()));
        computed(m, "frame.comment", FieldKind.STRING, true, null, "packet comment (pcapng)",
                (r, out) -> out.addAll(r.frame().comments()));

        List<String> phases = new ArrayList<>();
        for (Phase p : Phase.values()) {
            phases.add(p.id());
        }
        FieldDef.Computed phase = (r, out) -> out.add(r.phase().id());
        computed(m, "phase", FieldKind.STRING, false, phases, "LayerScope phase: " + String.join(", ", phases), phase);
        computed(m, "ls", FieldKind.PROTOCOL, false, null, "every frame (LayerScope's fields)", (r, out) -> out.add(""));
        computed(m, "ls.phase", FieldKind.STRING, false, phases, "LayerScope phase: " + String.join(", ", phases), phase);
        computed(m, "ls.phase_inferred", FieldKind.BOOLEAN, false, null, "1 when the phase is inferred, else 0",
                (r, out) -> out.add(r.phaseInferred() ? 1L : 0L));
        computed(m, "ls.label", FieldKind.STRING, false, null, "LayerScope's short label of the frame",
                (r, out) -> {
                    String l = r.label();
                    if (l != null) {
                        out.add(l);
                    }
                });
        computed(m, "ls.info", FieldKind.STRING, false, null, "the Info column", (r, out) -> out.add(r.info()));
        computed(m, "ls.protocol", FieldKind.STRING, false, null, "the Protocol column (MQTT, TLSv1.2, TCP, ...)",
                (r, out) -> out.add(r.protocol()));
        computed(m, "ls.comment", FieldKind.STRING, false, null, "packet comment (pcapng)",
                (r, out) -> out.addAll(r.frame().comments()));
        computed(m, "ls.expert", FieldKind.STRING, false, null, "expert item key (tcp.retransmission, tls.decrypt.failed, ...)",
                (r, out) -> {
                    for (ExpertItem e : r.expert()) {
                        out.add(e.key());
                    }
                });
        computed(m, "ls.stream", FieldKind.INTEGER, false, null, "TCP connection index, from 0",
                (r, out) -> {
                    if (r.stream() >= 0) {
                        out.add((long) r.stream());
                    }
                });
        List<String> directions = List.of("client-to-server", "server-to-client");
        computed(m, "ls.direction", FieldKind.STRING, false, directions, "client-to-server or server-to-client",
                (r, out) -> {
                    if (r.direction() != null) {
                        out.add(r.direction().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                    }
                });
        return m;
    }

    /**
     * Tree fields whose values the analysis also keeps outside the tree (TCP header, TLS records, MQTT
     * packets): a filter whose tree fields are all such fields runs without building trees
     * ({@link DisplayFilter#buildsTree()}), about as fast as {@code analyze --format tsv}. Each one gives the same values as the tree nodes of its name ({@code FastFieldsTest}
     * checks every frame of every sample capture).
     */
    private static void fastFields(Map<String, FieldDef> m) {
        String[] flags = {"fin", "syn", "reset", "push", "ack", "urg", "ece", "cwr", "ae"};
        for (int i = 0; i < flags.length; i++) {
            int bit = 1 << i;
            fast(m, "tcp.flags." + flags[i], (r, out) -> {
                if (r.isTcp()) {
                    out.add((r.net().tcpFlags & bit) != 0 ? 1L : 0L);
                }
            });
        }
        fast(m, "tcp.srcport", (r, out) -> {
            if (r.isTcp()) {
                out.add((long) r.net().srcPort);
            }
        });
        fast(m, "tcp.dstport", (r, out) -> {
            if (r.isTcp()) {
                out.add((long) r.net().dstPort);
            }
        });
        FieldDef port = m.get("tcp.port");
        m.put("tcp.port", new FieldDef("tcp.port", port.kind, true, port.treeNames, null, null, port.description,
                (r, out) -> {
                    if (r.isTcp()) {
                        out.add((long) r.net().srcPort);
                        out.add((long) r.net().dstPort);
                    }
                }));
        fast(m, "tcp.len", (r, out) -> {
            if (r.isTcp()) {
                out.add((long) r.net().tcpLen);
            }
        });
        fast(m, "tls.record.content_type", (r, out) -> {
            for (org.layerscope.dissect.tls.TlsRecord t : r.tlsRecords()) {
                if (!t.opaque() && t.contentType() >= 0) {
                    out.add((long) t.contentType());
                }
            }
        });
        fast(m, "tls.handshake.type", (r, out) -> {
            for (org.layerscope.dissect.tls.TlsRecord t : r.tlsRecords()) {
                for (int type : t.handshakeTypes()) {
                    out.add((long) type);
                }
            }
        });
        fast(m, "mqtt.msgtype", (r, out) -> {
            for (org.layerscope.dissect.mqtt.MqttPacket p : r.mqttPackets()) {
                out.add((long) p.type());
            }
        });
    }

    private static void fast(Map<String, FieldDef> m, String name, FieldDef.Computed c) {
        FieldDef tree = m.get(name);
        if (tree == null || !tree.fromTree()) {
            throw new IllegalStateException("not a tree field: " + name);
        }
        m.put(name, new FieldDef(name, tree.kind, tree.wireshark, tree.treeNames, null, null, tree.description, c));
    }

    private static void pair(Map<String, FieldDef> m, String name, FieldKind kind, String a, String b) {
        m.put(name, new FieldDef(name, kind, true, new String[] {a, b}, null, null, a + " or " + b));
    }

    private static void computed(Map<String, FieldDef> m, String name, FieldKind kind, boolean wireshark,
                                 List<String> closed, String description, FieldDef.Computed c) {
        m.put(name, new FieldDef(name, kind, wireshark, null, c, closed, description));
    }
}
