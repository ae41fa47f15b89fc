package org.layerscope.ui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.layerscope.analysis.PacketResult;
import org.layerscope.model.Phase;
import org.layerscope.session.CaptureLoader;
import org.layerscope.session.PacketTable;
import org.layerscope.session.TableConnection;
import org.layerscope.session.Reanalyzer;
import org.layerscope.render.Palette;
import org.layerscope.render.TimelineRenderer;
import org.layerscope.render.TimelineViewport;

/** The UI's JavaFX-free parts: compact table, re-analysis, bundles, palette, renderer geometry. */
class ModelTest {
    private static PacketTable load(String sample) throws IOException {
        CaptureLoader l = new CaptureLoader(Samples.require(sample));
        assertTrue(l.run());
        return l.table();
    }

    @Test
    void reanalysisOfAnyRowMatchesTheCompactColumns() throws IOException {
        for (String s : new String[] {Samples.TLS12, Samples.TLS13, Samples.PLAIN}) {
            PacketTable t = load(s);
            assertTrue(t.size() > 0);
            for (int row = 0; row < t.size(); row++) {
                PacketResult r = Reanalyzer.analyse(t, row);
                assertNotNull(r, s + " row " + row);
                assertEquals(t.number(row), r.number());
                assertEquals(t.phase(row), r.phase(), s + " frame " + t.number(row) + " phase");
                assertEquals(t.label(row), r.label(), s + " frame " + t.number(row) + " label");
                assertEquals(t.info(row), r.info(), s + " frame " + t.number(row) + " info");
                assertTrue(r.tree().children().size() >= 2, "a details tree");
            }
        }
    }

    @Test
    void aKeyLogBesideTheCaptureDecryptsMqttInsideTls() throws IOException {
        Path capture = Samples.require(Samples.TLS12);
        Path keys = CaptureLoader.siblingKeyLog(capture);
        assertNotNull(keys, "mqtt-tls12-mutual.keylog beside the sample");
        org.layerscope.tls.keys.KeyLog log = org.layerscope.tls.keys.KeyLog.read(keys);
        CaptureLoader l = new CaptureLoader(capture, log);
        assertTrue(l.run());
        PacketTable t = l.table();
        int publish = -1;
        for (int i = 0; i < t.size(); i++) {
            if (t.label(i).contains("PUBLISH")) {
                publish = i;
            }
        }
        assertTrue(publish >= 0, "the decrypted PUBLISH is in the list");
        assertEquals("MQTT", t.protocol(publish));
        PacketResult r = Reanalyzer.analyse(t, publish);
        assertTrue(!r.mqttPackets().isEmpty(), "the re-analysis decrypts too");
        var layers = org.layerscope.session.LayerBreakdown.of(r, org.layerscope.session.UiText.of(java.util.Locale.ENGLISH));
        assertTrue(layers.stream().anyMatch(x -> x.kind().equals("mqtt") && x.caption().contains("PUBLISH")), layers.toString());
        assertTrue(layers.stream().anyMatch(x -> x.caption().startsWith("TLS overhead")), layers.toString());
        // without the key log the same frame is opaque application data
        PacketTable plain = load(Samples.TLS12);
        assertEquals("Application Data", plain.label(publish));
    }

    @Test
    void connectionsKnowTheirPhaseSpans() throws IOException {
        PacketTable t = load(Samples.TLS12);
        TableConnection c = t.connection(0);
        long prev = -1;
        for (Phase p : new Phase[] {Phase.TCP_HANDSHAKE, Phase.TLS_HANDSHAKE, Phase.APPLICATION_DATA, Phase.TEARDOWN}) {
            assertTrue(c.phaseStart(p) >= prev, p.id());
            assertTrue(c.phaseEnd(p) >= c.phaseStart(p), p.id());
            prev = c.phaseStart(p);
        }
        assertEquals(t.size(), c.frameCount());
    }

    @Test
    void timelineHitFindsTheMarkOfARow() throws IOException {
        PacketTable t = load(Samples.PLAIN);
        TimelineRenderer r = new TimelineRenderer(t, Palette.LIGHT, org.layerscope.session.UiText.of(java.util.Locale.ENGLISH), true);
        TimelineViewport v = new TimelineViewport();
        for (int row = 0; row < t.size(); row++) {
            v.set(t.time(row) - 50_000, 1_000); // 1 µs per pixel, the row 50 px into the plot
            double x = TimelineRenderer.GUTTER + v.x(t.time(row));
            int band = t.stream(row) < 0 ? t.connectionCount() : t.stream(row);
            v.scrollY(Math.max(0, band * TimelineRenderer.BAND_H - 10));
            double y = r.bandY(v, band) + TimelineRenderer.CAPTION_H
                    + (t.serverToClient(row) ? TimelineRenderer.LANE_H * 1.4 : TimelineRenderer.LANE_H * 0.6);
            int hit = r.hit(v, x, y, 1400);
            assertTrue(hit >= 0, "row " + row);
            assertEquals(t.time(row), t.time(hit), "a packet at the same time and place as row " + row);
            assertEquals(t.stream(row), t.stream(hit));
        }
    }

    @Test
    void englishAndJapaneseBundlesHaveTheSameKeys() throws IOException {
        Set<String> en = keys("/org/layerscope/ui/ui.properties");
        Set<String> ja = keys("/org/layerscope/ui/ui_ja.properties");
        assertEquals(en, ja);
        Properties jp = new Properties();
        try (InputStream in = ModelTest.class.getResourceAsStream("/org/layerscope/ui/ui_ja.properties")) {
            jp.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        assertTrue(jp.getProperty("column.no").equals("番号"));
    }

    private static Set<String> keys(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = ModelTest.class.getResourceAsStream(resource)) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return new TreeSet<>(p.stringPropertyNames());
    }

    @Test
    void cssThemesUseThePaletteColours() throws IOException {
        for (Palette pal : new Palette[] {Palette.LIGHT, Palette.DARK}) {
            String css;
            try (InputStream in = ModelTest.class.getResourceAsStream("/org/layerscope/ui/" + pal.name() + ".css")) {
                css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (Phase p : Phase.values()) {
                assertTrue(css.contains("-ls-phase-" + p.id() + ": " + Palette.hex(pal.phase(p)) + ";"),
                        pal.name() + ".css defines -ls-phase-" + p.id() + " as " + Palette.hex(pal.phase(p)));
            }
        }
    }

    @Test
    void rendererAndModelDoNotNeedJavaFx() {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.layerscope.session", "org.layerscope.render", "org.layerscope.cli");
        noClasses().should().dependOnClassesThat().resideInAPackage("javafx..").check(classes);
    }

    @SuppressWarnings("unused")
    private static Path unused() {
        return null;
    }
}
