package org.layerscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.model.Phase;
import org.layerscope.testutil.Tools;
import org.layerscope.render.Palette;

/** {@code export-timeline} writes PNG and SVG without a display, showing the phases of the capture. */
class ExportTimelineCommandTest {
    private static final Phase[] FOUR = {Phase.TCP_HANDSHAKE, Phase.TLS_HANDSHAKE, Phase.APPLICATION_DATA, Phase.TEARDOWN};

    private static Path sample(String name) {
        return Tools.requireFile(Tools.repoRoot().resolve("sample-pcaps").resolve(name), "sample capture " + name);
    }

    private static int run(String... args) {
        return LayerScopeCommand.run(new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true), args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqtt-tls12-mutual.pcapng", "mqtt-tls13-mutual.pcapng"})
    void pngAndSvgShowAllFourPhases(String name, @TempDir Path tmp) throws Exception {
        Path in = sample(name);
        Path png = tmp.resolve("t.png");
        Path svg = tmp.resolve("t.svg");
        assertEquals(0, run("export-timeline", in.toString(), "--out", png.toString(), "--width", "1200"));
        assertEquals(0, run("export-timeline", in.toString(), "--out", svg.toString(), "--lang", "ja"));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1200, img.getWidth());
        String doc = Files.readString(svg);
        assertTrue(doc.startsWith("<?xml") && doc.contains("<svg") && doc.trim().endsWith("</svg>"));
        for (Phase p : FOUR) {
            int c = Palette.LIGHT.phase(p);
            assertTrue(contains(img, c), name + ": the PNG shows " + p.id());
            assertTrue(doc.contains("fill=\"" + Palette.hex(c) + "\""), name + ": the SVG shows " + p.id());
        }
        assertTrue(doc.contains("TCP コネクション 0"), "Japanese labels in the SVG");
    }

    @Test
    void withAFilterOnlyTheMatchingPacketsAreDrawnAndTheConnectionsStay(@TempDir Path tmp) throws Exception {
        Path in = sample("mqtt-tls12-mutual.pcapng");
        Path all = tmp.resolve("all.svg");
        Path some = tmp.resolve("some.svg");
        assertEquals(0, run("export-timeline", in.toString(), "--out", all.toString()));
        StringWriter out = new StringWriter();
        assertEquals(0, LayerScopeCommand.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                "export-timeline", in.toString(), "--out", some.toString(), "--filter", "tls.handshake.type == 1"));
        assertTrue(out.toString().contains("1 of "), out.toString());
        String a = Files.readString(all);
        String s = Files.readString(some);
        assertTrue(a.contains("Server Hello") && a.contains("Client Hello"), "unfiltered: every key packet is labelled");
        assertTrue(s.contains("Client Hello"), "the matching packet is drawn");
        assertTrue(!s.contains("Server Hello"), "the others are hidden");
        assertTrue(s.contains("TCP connection 0"), "the connection band stays");
        for (Phase p : FOUR) {
            String span = "fill=\"" + Palette.hex(Palette.LIGHT.phase(p)) + "\" fill-opacity=\"0.16";
            assertTrue(a.contains(span) && s.contains(span), "the span of " + p.id() + " stays: phases are those of the whole capture");
        }
        StringWriter err = new StringWriter();
        assertEquals(2, LayerScopeCommand.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "export-timeline", in.toString(), "--out", some.toString(), "--filter", "tcp.port =="));
        assertTrue(err.toString().contains("bad --filter"), err.toString());
    }

    @Test
    void withTheKeyLogTheMqttPacketsInsideTlsAreLabelled(@TempDir Path tmp) throws Exception {
        Path in = sample("mqtt-tls13-mutual.pcapng");
        Path keys = sample("mqtt-tls13-mutual.keylog");
        Path plain = tmp.resolve("plain.svg");
        Path decrypted = tmp.resolve("decrypted.svg");
        assertEquals(0, run("export-timeline", in.toString(), "--out", plain.toString()));
        assertEquals(0, run("export-timeline", in.toString(), "--out", decrypted.toString(), "--keylog", keys.toString()));
        assertTrue(!Files.readString(plain).contains("PUBLISH"));
        assertTrue(Files.readString(decrypted).contains("PUBLISH"), "the PUBLISH label on the timeline");
        assertEquals(2, run("export-timeline", in.toString(), "--out", decrypted.toString(), "--keylog",
                tmp.resolve("missing.keylog").toString()));
    }

    @Test
    void everySampleExports(@TempDir Path tmp) throws Exception {
        Path dir = Tools.requireFile(Tools.repoRoot().resolve("sample-pcaps"), "sample-pcaps/");
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".pcapng")).toList()) {
                Path out = tmp.resolve(f.getFileName() + ".png");
                assertEquals(0, run("export-timeline", f.toString(), "--out", out.toString()), f.toString());
                assertTrue(Files.size(out) > 1000, f.toString());
            }
        }
    }

    @Test
    void badArgumentsExitWith2(@TempDir Path tmp) {
        assertEquals(2, run("export-timeline", tmp.resolve("missing.pcapng").toString(), "--out", tmp.resolve("x.png").toString()));
        assertEquals(2, run("export-timeline", "x.pcapng", "--out", tmp.resolve("x.gif").toString()));
        assertEquals(2, run("export-timeline", "x.pcapng"));
    }

    private static boolean contains(BufferedImage img, int argb) {
        int rgb = argb & 0xffffff;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A PNG taller than Java's images can hold (2^31 pixels: here 1,500 connections, a row each, 20,000 pixels
     * wide) is refused before drawing with one line that says what to do; nothing is written, and the SVG of
     * the same capture is. Before, it ended in "internal error: IllegalArgumentException at SampleModel".
     */
    @Test
    void aPngTooTallForAPictureIsRefusedWithAWayOut(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("short-connections.pcap");
        org.layerscope.testutil.ShortConnections.write(sample("mqtt-tls12-mutual.pcapng"), in, 1500);
        Path png = tmp.resolve("t.png");
        StringWriter err = new StringWriter();
        assertEquals(2, LayerScopeCommand.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "export-timeline", in.toString(), "--out", png.toString(), "--width", "20000"));
        assertTrue(err.toString().startsWith("layerscope: The timeline of 1,500 connections would be 20,000\u00d7"),
                err.toString());
        assertTrue(err.toString().contains(".svg") && err.toString().contains("editcap -c"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(!Files.exists(png), "no partial picture");
        Path svg = tmp.resolve("t.svg");
        assertEquals(0, run("export-timeline", in.toString(), "--out", svg.toString(), "--width", "20000"));
        assertTrue(Files.readString(svg).trim().endsWith("</svg>"));
    }
}
