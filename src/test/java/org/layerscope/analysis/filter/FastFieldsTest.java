package org.layerscope.analysis.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.PacketResult;
import org.layerscope.model.Field;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.tls.keys.KeyLog;

/**
 * The filter fields computed without a tree (see {@code FieldRegistry.fastFields}) give, on every frame of
 * every sample capture (with and without the TLS keys) and of the shared public captures, exactly the
 * values of the tree nodes of the same name, in the same order.
 */
class FastFieldsTest {
    private static final List<String> FAST = List.of("tcp.flags.fin", "tcp.flags.syn", "tcp.flags.reset",
            "tcp.flags.push", "tcp.flags.ack", "tcp.flags.urg", "tcp.flags.ece", "tcp.flags.cwr", "tcp.flags.ae",
            "tcp.srcport", "tcp.dstport", "tcp.len", "tls.record.content_type", "tls.handshake.type", "mqtt.msgtype");

    @Test
    void fastFieldsNeedNoTree() throws Exception {
        for (String f : FAST) {
            assertFalse(DisplayFilter.compile(f + " == 1").buildsTree(), f);
        }
        assertFalse(DisplayFilter.compile("tcp.port == 8883").buildsTree());
        assertTrue(DisplayFilter.compile("tls.record.length == 1").buildsTree());
        assertTrue(DisplayFilter.compile("tcp.port == 8883 || tls.record.length == 1").buildsTree());
        assertFalse(DisplayFilter.compile("phase == teardown").buildsTree());
    }

    @Test
    void sameValuesAsTheTree() throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("sample-pcaps"))) {
            s.filter(p -> p.toString().endsWith(".pcapng")).sorted().forEach(files::add);
        }
        Path shared = Path.of("../shared/wireshark-captures/captures");
        if (Files.isDirectory(shared)) {
            try (Stream<Path> s = Files.list(shared)) {
                s.filter(p -> !p.toString().endsWith(".tsv") && !p.toString().endsWith(".txt")).sorted()
                        .forEach(files::add);
            }
        }
        int frames = 0;
        int values = 0;
        for (Path p : files) {
            String name = p.getFileName().toString();
            Path keyFile = p.resolveSibling(name.replaceFirst("\\.pcapng$", ".keylog"));
            List<KeyLog> keySets = new ArrayList<>();
            keySets.add(null);
            if (Files.isRegularFile(keyFile)) {
                keySets.add(KeyLog.read(keyFile));
            }
            for (KeyLog keys : keySets) {
                List<PacketResult> results = new ArrayList<>();
                Analyzer a = new Analyzer(true, results::add, keys);
                try (CaptureReader r = CaptureFiles.open(p)) {
                    for (RawFrame f; (f = r.next()) != null; ) {
                        a.addSecrets(r.secrets());
                        a.accept(f);
                    }
                } catch (IOException e) {
                    continue; // a capture the reader refuses (tested elsewhere)
                }
                a.finish();
                for (PacketResult r : results) {
                    frames++;
                    for (String field : FAST) {
                        FieldDef def = FieldRegistry.get(field);
                        List<Object> fast = new ArrayList<>();
                        def.fast.collect(r, fast);
                        List<Long> tree = new ArrayList<>();
                        collect(r.tree(), field, def.kind, tree);
                        values += tree.size();
                        assertEquals(tree, fast, name + (keys == null ? "" : " (with keys)") + " frame "
                                + r.number() + ": " + field);
                    }
                }
            }
        }
        assertTrue(frames > 1000, "frames checked: " + frames);
        assertTrue(values > 1000, "values checked: " + values);
    }

    private static void collect(Field f, String name, FieldKind kind, List<Long> out) {
        if (f.name().equals(name)) {
            out.add(Values.asLong(kind, f));
        }
        for (Field c : f.children()) {
            collect(c, name, kind, out);
        }
    }
}
