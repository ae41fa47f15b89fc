package org.layerscope.session.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.testutil.Tools;

/**
 * The slideshow in a real browser: headless Chromium (Debian's package) opens the file offline, renders it, and
 * real key presses (sent through the DevTools protocol on a port Chromium picks on loopback) move between the
 * slides.
 */
class LessonHtmlBrowserTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static Path html(Path dir, String sample, String keylog, Locale locale) throws IOException {
        Path samples = LessonBuilderTest.SAMPLES;
        LessonBuilderTest.Capture c = LessonBuilderTest.read(samples.resolve(sample),
                keylog == null ? null : samples.resolve(keylog));
        Lesson l = c.lesson(0);
        Path out = dir.resolve(sample + "." + locale.getLanguage() + ".html");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            LessonHtml.write(w, l, LessonText.of(locale));
        }
        return out;
    }

    @Test
    void theFileIsSelfContained(@TempDir Path dir) throws IOException {
        String h = Files.readString(html(dir, "mqtt-tls12-unknown-ca.pcapng", null, Locale.ENGLISH));
        assertFalse(h.contains("http://") || h.contains("https://"), "no address outside the file");
        assertFalse(h.contains(" src=") || h.contains("<link") || h.contains("@import") || h.contains("url(http"),
                "no external resource");
        assertEquals(10, h.split("<section ", -1).length - 1, "one section per step");
        assertTrue(h.contains("Where it stopped: tls-alert-by-server:unknown_ca"));
        String ja = Files.readString(html(dir, "mqtt-tls12-unknown-ca.pcapng", null, Locale.JAPANESE));
        assertTrue(ja.contains("<html lang=\"ja\">") && ja.contains("止まった場所"));
    }

    @Test
    void chromiumRendersItAndTheKeysMoveBetweenSlides(@TempDir Path dir) throws Exception {
        Path chromium = Tools.require("chromium");
        Path file = html(dir, "mqtt-tls13-mutual.pcapng", "mqtt-tls13-mutual.keylog", Locale.ENGLISH);
        Path profile = Files.createDirectory(dir.resolve("profile"));
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile,
                "--window-size=1280,720", file.toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        try {
            Path active = profile.resolve("DevToolsActivePort");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(active) && Files.readAllLines(active).size() >= 1) && System.nanoTime() < until) {
                assertTrue(p.isAlive(), () -> "chromium ended: " + log(dir));
                Thread.sleep(100);
            }
            assertTrue(Files.exists(active), () -> "chromium opened no DevTools port: " + log(dir));
            int port = Integer.parseInt(Files.readAllLines(active).get(0).trim());
            try (Cdp cdp = Cdp.connect(port)) {
                cdp.call("Emulation.setDeviceMetricsOverride", Map.of("width", 1280, "height", 720,
                        "deviceScaleFactor", 1, "mobile", false)); // a projector's 1280x720
                cdp.waitFor("document.readyState === 'complete' && !!document.body.dataset.current");
                int sections = cdp.eval("document.querySelectorAll('section.step').length").asInt();
                assertEquals(16, sections);
                assertEquals("1", cdp.eval("document.body.dataset.current").asText());
                assertEquals("step-1", visible(cdp));
                cdp.key("ArrowRight", "ArrowRight", 39, null);
                cdp.key("ArrowRight", "ArrowRight", 39, null);
                assertEquals("step-3", visible(cdp));
                cdp.key(" ", "Space", 32, " ");
                assertEquals("step-4", visible(cdp));
                assertEquals("Client Hello", cdp.eval("document.querySelector('#step-4 h2').lastChild.textContent.trim()")
                        .asText());
                cdp.key("ArrowLeft", "ArrowLeft", 37, null);
                assertEquals("step-3", visible(cdp));
                cdp.key("End", "End", 35, null);
                assertEquals("step-16", visible(cdp));
                cdp.key("ArrowRight", "ArrowRight", 39, null);
                assertEquals("step-16", visible(cdp), "the last slide stays");
                cdp.key("Home", "Home", 36, null);
                assertEquals("step-1", visible(cdp));
                for (int i = 0; i < 10; i++) {
                    cdp.key("ArrowRight", "ArrowRight", 39, null);
                }
                assertEquals("step-11", visible(cdp));
                // it renders: the slide fills the window, the current arrow is the thick one, text is laid out
                JsonNode box = cdp.eval("(function(){var r=document.querySelector('#step-11 .narration')"
                        + ".getBoundingClientRect();return [r.width,r.height,window.innerWidth,window.innerHeight];})()");
                assertTrue(box.get(0).asDouble() > 300 && box.get(1).asDouble() > 40, box.toString());
                JsonNode bottom = cdp.eval("document.querySelector('#step-11 .phases').getBoundingClientRect().bottom");
                assertTrue(bottom.asDouble() <= 720, "the phase progress is on screen: " + bottom);
                assertEquals(1, cdp.eval("document.querySelectorAll('#step-11 .ladder g.cur').length").asInt());
                assertEquals(5.0, cdp.eval("parseFloat(getComputedStyle(document.querySelector('#step-11 .ladder g.cur line'))"
                        + ".strokeWidth)").asDouble(), 0.01);
                byte[] png = Base64.getDecoder().decode(cdp.call("Page.captureScreenshot", Map.of("format", "png"))
                        .get("data").asText());
                Path shot = Tools.repoRoot().resolve("target/lesson-slideshow-step11.png");
                Files.createDirectories(shot.getParent());
                Files.write(shot, png);
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
                assertEquals("1280x720", img.getWidth() + "x" + img.getHeight());
                Set<Integer> colours = new HashSet<>();
                for (int y = 0; y < img.getHeight(); y += 3) {
                    for (int x = 0; x < img.getWidth(); x += 3) {
                        colours.add(img.getRGB(x, y));
                    }
                }
                assertTrue(colours.size() > 50, "a drawn page, not a blank one: " + colours.size() + " colours");
            }
        } finally {
            stop(p);
            deleteProfile(profile);
        }
    }

    /**
     * Ends Chromium and every process it started (renderer, network and utility processes keep writing into the
     * profile for a moment after the browser process is gone), and waits until all of them are gone.
     */
    private static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> all = new java.util.ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroy);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                h.destroyForcibly();
            }
        }
    }

    /**
     * The profile, deleted before JUnit deletes the temporary folder (a late write gets another try); never throws,
     * so that it cannot hide the test's own failure.
     */
    private static void deleteProfile(Path profile) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try (Stream<Path> s = Files.walk(profile)) {
                for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(x);
                }
                return;
            } catch (IOException | java.io.UncheckedIOException e) {
                if (attempt >= 20) {
                    return; // (JUnit's own clean-up reports what is left)
                }
                Thread.sleep(100);
            }
        }
    }

    private static String visible(Cdp cdp) throws Exception {
        return cdp.eval("Array.from(document.querySelectorAll('section.step')).filter(function(s){return !s.hidden"
                + " && s.getBoundingClientRect().height > 0;}).map(function(s){return s.id;}).join(',')").asText();
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("chromium.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** A minimal Chrome DevTools Protocol client over the JDK's WebSocket. */
    static final class Cdp implements AutoCloseable, WebSocket.Listener {
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket ws;

        static Cdp connect(int port) throws Exception {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            String ws = null;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (ws == null && System.nanoTime() < until) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                for (JsonNode t : JSON.readTree(r.body())) {
                    if ("page".equals(t.path("type").asText()) && t.path("url").asText().startsWith("file:")) {
                        ws = t.path("webSocketDebuggerUrl").asText();
                    }
                }
                if (ws == null) {
                    Thread.sleep(100);
                }
            }
            assertTrue(ws != null, "no page target");
            Cdp c = new Cdp();
            c.ws = http.newWebSocketBuilder().buildAsync(URI.create(ws), c).get(10, TimeUnit.SECONDS);
            return c;
        }

        JsonNode call(String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            ObjectNode msg = JSON.createObjectNode();
            msg.put("id", id);
            msg.put("method", method);
            msg.set("params", JSON.valueToTree(params));
            CompletableFuture<JsonNode> f = new CompletableFuture<>();
            pending.put(id, f);
            ws.sendText(JSON.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
            JsonNode r = f.get(30, TimeUnit.SECONDS);
            assertFalse(r.has("error"), r.toString());
            return r.get("result");
        }

        JsonNode eval(String expression) throws Exception {
            JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
            assertFalse(r.has("exceptionDetails"), r.toString());
            return r.get("result").path("value");
        }

        void waitFor(String condition) throws Exception {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!eval("!!(" + condition + ")").asBoolean()) {
                assertTrue(System.nanoTime() < until, "timed out waiting for " + condition);
                Thread.sleep(100);
            }
        }

        /** A real key press: down and up, as the keyboard would send it. */
        void key(String key, String code, int keyCode, String text) throws Exception {
            Map<String, Object> down = new java.util.HashMap<>(Map.of("type", text == null ? "rawKeyDown" : "keyDown",
                    "key", key, "code", code, "windowsVirtualKeyCode", keyCode, "nativeVirtualKeyCode", keyCode));
            if (text != null) {
                down.put("text", text);
            }
            call("Input.dispatchKeyEvent", down);
            call("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", key, "code", code,
                    "windowsVirtualKeyCode", keyCode, "nativeVirtualKeyCode", keyCode));
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode n = JSON.readTree(partial.toString());
                    partial.setLength(0);
                    if (n.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(n.get("id").asInt());
                        if (f != null) {
                            f.complete(n);
                        }
                    }
                } catch (IOException e) {
                    partial.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS);
        }
    }
}
