package org.layerscope.analysis.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.layerscope.analysis.PacketResult;
import org.layerscope.model.Field;
import org.layerscope.testutil.Tools;

/**
 * The names the filter knows are the names the dissectors produce: every name seen on the sample and shared
 * captures is known; every known tree name is seen there or written in the dissectors' source; the values seen
 * read as the field's kind; the names LayerScope shares with Wireshark have Wireshark's type.
 */
class FieldRegistryTest {
    /** Names seen in the details trees of every capture, with up to a few hundred values each. */
    private static final Map<String, Set<String>> SEEN = new TreeMap<>();

    /** Where LayerScope's value of a Wireshark field is not of Wireshark's type, on purpose. */
    private static final Map<String, String> KIND_EXCEPTIONS = Map.of(
            "tls.handshake.certificate", "LayerScope's value is the certificate's subject (Wireshark's: its DER bytes)",
            "tls.handshake.verify_data", "LayerScope's value is the verify data (Wireshark's field is a label)",
            "tls.handshake.extensions.psk.binders", "LayerScope's value is the binder bytes (Wireshark's field is a label)");

    @BeforeAll
    static void analyseEveryCapture() throws IOException {
        for (Path[] c : Captures.all()) {
            for (PacketResult r : Captures.analyze(c[0], c[1])) {
                collect(r.tree());
            }
        }
    }

    private static void collect(Field f) {
        if (f != null) {
            Set<String> values = SEEN.computeIfAbsent(f.name(), k -> new TreeSet<>());
            if (f.value() != null && values.size() < 300) {
                values.add(f.value());
            }
            for (Field c : f.children()) {
                collect(c);
            }
        }
    }

    private static Map<String, FieldDef> treeFields() {
        Map<String, FieldDef> m = new TreeMap<>();
        for (FieldDef d : FieldRegistry.all().values()) {
            if (d.fromTree() && d.treeNames.length == 1) {
                m.put(d.name, d);
            }
        }
        return m;
    }

    @Test
    void everyNameTheDissectorsProduceIsKnown() {
        List<String> unknown = new ArrayList<>();
        for (String n : SEEN.keySet()) {
            if (!n.equals("frame") && !treeFields().containsKey(n)) {
                unknown.add(n);
            }
        }
        assertTrue(SEEN.size() > 200, "the captures show many fields: " + SEEN.size());
        assertEquals(List.of(), unknown, "names in the details trees that " + FieldRegistry.RESOURCE
                + " does not list (add them with their kind)");
    }

    @Test
    void everyKnownTreeNameIsProducedByTheDissectors() throws IOException {
        StringBuilder source = new StringBuilder();
        Path main = Tools.repoRoot().resolve("src/main/java/org/layerscope");
        try (Stream<Path> files = Files.walk(main)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (!p.toString().contains("/filter/")) {
                    source.append(Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        }
        List<String> stale = new ArrayList<>();
        int seen = 0;
        for (String n : treeFields().keySet()) {
            if (SEEN.containsKey(n)) {
                seen++;
                continue;
            }
            // not in any capture: the dissectors must at least write the name (or its base, for "<name>_len" vectors)
            String base = n.endsWith("_len") ? n.substring(0, n.length() - 4) : n;
            if (source.indexOf('"' + n + '"') < 0 && source.indexOf('"' + base + '"') < 0) {
                stale.add(n);
            }
        }
        assertEquals(List.of(), stale, "names in " + FieldRegistry.RESOURCE + " that no dissector produces");
        assertTrue(seen * 10 >= treeFields().size() * 8, "most known names occur in the captures: " + seen + " of "
                + treeFields().size());
    }

    @Test
    void valuesReadAsTheFieldsKind() {
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : SEEN.entrySet()) {
            FieldDef d = FieldRegistry.get(e.getKey());
            if (d == null || !d.kind.hasValue()) {
                continue;
            }
            for (String v : e.getValue()) {
                if (!reads(d.kind, v)) {
                    bad.add(e.getKey() + " (" + d.kind.label() + ") = '" + v + "'");
                    break;
                }
            }
        }
        assertEquals(List.of(), bad, "values that do not read as their field's kind");
    }

    private static boolean reads(FieldKind k, String v) {
        return switch (k) {
            case INTEGER -> Values.number(v) != Values.NO_VALUE;
            case BOOLEAN -> v.equals("0") || v.equals("1");
            case IPV4 -> Values.ipv4(v, 0, v.length()) >= 0;
            case IPV6 -> Values.ipv6(v) != null;
            case ETHER -> Values.ether(v) >= 0;
            case BYTES -> v.replaceFirst("…$", "").matches("([0-9a-f]{2})*");
            case TIME -> Values.seconds(v) != null;
            default -> true;
        };
    }

    @Test
    void namesSharedWithWiresharkHaveWiresharksType() {
        String tshark = Tools.require("tshark").toString();
        Tools.Result r = Tools.run(tshark, "-G", "fields").requireSuccess();
        Map<String, String> types = new HashMap<>();
        for (String line : r.lines()) {
            String[] c = line.split("\t", -1);
            if (c[0].equals("P") && c.length >= 3) {
                types.put(c[2], "FT_PROTOCOL");
            } else if (c[0].equals("F") && c.length >= 4) {
                types.put(c[2], c[3]);
            }
        }
        List<String> problems = new ArrayList<>();
        for (FieldDef d : FieldRegistry.all().values()) {
            String t = types.get(d.name);
            if (!d.wireshark) {
                if (t != null) {
                    problems.add(d.name + " is marked as LayerScope's own, but Wireshark has it (" + t + ")");
                }
                continue;
            }
            if (t == null) {
                problems.add(d.name + " is marked as Wireshark's, but tshark does not know it");
            } else if (kindOf(t) != d.kind && !KIND_EXCEPTIONS.containsKey(d.name)) {
                problems.add(d.name + ": " + d.kind + " here, " + t + " in Wireshark");
            }
        }
        assertEquals(List.of(), problems);
        for (String n : KIND_EXCEPTIONS.keySet()) {
            assertTrue(kindOf(types.get(n)) != FieldRegistry.get(n).kind, n + " is no longer an exception");
        }
    }

    private static FieldKind kindOf(String ft) {
        if (ft.matches("FT_U?INT\\d+|FT_FRAMENUM")) {
            return FieldKind.INTEGER;
        }
        return switch (ft) {
            case "FT_PROTOCOL" -> FieldKind.PROTOCOL;
            case "FT_NONE" -> FieldKind.NONE;
            case "FT_BOOLEAN" -> FieldKind.BOOLEAN;
            case "FT_STRING", "FT_STRINGZ", "FT_UINT_STRING", "FT_STRINGZPAD", "FT_STRINGZTRUNC" -> FieldKind.STRING;
            case "FT_BYTES", "FT_UINT_BYTES" -> FieldKind.BYTES;
            case "FT_IPv4" -> FieldKind.IPV4;
            case "FT_IPv6" -> FieldKind.IPV6;
            case "FT_ETHER" -> FieldKind.ETHER;
            case "FT_RELATIVE_TIME" -> FieldKind.TIME;
            default -> null;
        };
    }

    @Test
    void completionKnowsEveryField() throws FilterSyntaxException {
        Set<String> all = DisplayFilter.fields();
        assertTrue(all.containsAll(treeFields().keySet()));
        for (String n : List.of("ip.addr", "ipv6.addr", "tcp.port", "udp.port", "eth.addr", "frame", "frame.number",
                "frame.len", "frame.time_relative", "frame.comment", "phase", "ls.phase", "ls.phase_inferred", "ls.label",
                "ls.comment", "ls.expert", "ls.stream", "ls.direction")) {
            assertTrue(all.contains(n), n);
        }
        for (String n : all) {
            DisplayFilter f = DisplayFilter.compile(n); // every name is a valid presence test
            assertEquals(Set.of(n), f.referencedFields());
            assertTrue(DisplayFilter.kind(n).isPresent() && DisplayFilter.describe(n).isPresent(), n);
        }
        assertEquals(List.of("tls.handshake.type"), DisplayFilter.complete("tls.handshake.ty"));
        assertEquals(List.of("ls.phase", "ls.phase_inferred"), DisplayFilter.complete("ls.ph"));
        assertTrue(DisplayFilter.complete("mqtt.").size() > 30);
        assertTrue(DisplayFilter.isWiresharkField("tcp.port"));
        assertFalse(DisplayFilter.isWiresharkField("phase"));
        assertFalse(DisplayFilter.isWiresharkField("tls.handshake.certificate.subject"));
        assertEquals(FieldKind.IPV4, DisplayFilter.kind("ip.addr").orElseThrow());
    }
}
