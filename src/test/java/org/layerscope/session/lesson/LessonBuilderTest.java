package org.layerscope.session.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.ConnectionSummary;
import org.layerscope.model.Phase;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.testutil.Tools;
import org.layerscope.tls.keys.KeyLog;

/** The lesson of real captures: the steps, their order, their texts, and that every frame belongs to one step. */
class LessonBuilderTest {
    static final Path SAMPLES = Tools.repoRoot().resolve("sample-pcaps");
    static final Path SHARED = Tools.repoRoot().resolve("../shared/wireshark-captures").normalize();
    static final LessonText EN = LessonText.of(Locale.ENGLISH);
    static final LessonText JA = LessonText.of(Locale.JAPANESE);

    /** Every stream's frames and the connections of one capture. */
    record Capture(Map<Integer, List<LessonFrame>> streams, List<ConnectionSummary> connections) {
        Lesson lesson(int stream) {
            ConnectionSummary c = connections.stream().filter(x -> x.stream() == stream).findFirst().orElseThrow();
            return LessonBuilder.build("test", c, streams.get(stream));
        }
    }

    static Capture read(Path file, Path keylog) {
        try {
            KeyLog keys = null;
            if (keylog != null) {
                keys = new KeyLog();
                keys.addAll(keylog);
            }
            Map<Integer, List<LessonFrame>> streams = new TreeMap<>();
            Analyzer a = new Analyzer(true, r -> {
                if (r.stream() >= 0 && r.isTcp()) {
                    streams.computeIfAbsent(r.stream(), k -> new ArrayList<>()).add(LessonFrame.of(r));
                }
            }, keys);
            try (CaptureReader reader = CaptureFiles.open(file)) {
                RawFrame f;
                int secrets = 0;
                while ((f = reader.next()) != null) {
                    if (reader.secrets().size() != secrets) {
                        secrets = reader.secrets().size();
                        a.addSecrets(reader.secrets());
                    }
                    a.accept(f);
                }
            }
            a.finish();
            for (List<LessonFrame> l : streams.values()) {
                l.sort((x, y) -> Long.compare(x.number(), y.number()));
            }
            return new Capture(streams, a.connections());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> titles(Lesson l, LessonText t) {
        return l.steps().stream().map(s -> t.title(l, s)).toList();
    }

    // ------------------------------------------------------------------ the invariant on every capture

    /** Every capture with the key logs that decrypt it (null: none). */
    static List<Object[]> captures() throws IOException {
        List<Object[]> out = new ArrayList<>();
        Path samples = Tools.requireFile(SAMPLES, "sample-pcaps");
        try (Stream<Path> files = Files.list(samples)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".pcapng")).sorted().toList()) {
                out.add(new Object[] {p, null});
                Path keys = samples.resolve(p.getFileName().toString().replace(".pcapng", ".keylog"));
                if (Files.exists(keys)) {
                    out.add(new Object[] {p, keys});
                }
            }
        }
        Path shared = Tools.requireFile(SHARED, "the shared Wireshark test captures").resolve("captures");
        Map<String, String> keyFor = Map.of("dhe1.pcapng.gz", "dhe1_keylog.dat",
                "http2-data-reassembly.pcap", "http2-data-reassembly.keys",
                "tls12-chacha20poly1305.pcap", "tls12-chacha20poly1305.keys",
                "tls13-20-chacha20poly1305.pcap", "tls13-20-chacha20poly1305.keys",
                "tls13-rfc8446.pcap", "tls13-rfc8446.keys");
        try (Stream<Path> files = Files.list(shared)) {
            for (Path p : files.filter(p -> !p.toString().endsWith(".tsv") && !p.toString().endsWith(".txt")).sorted()
                    .toList()) {
                out.add(new Object[] {p, null});
                String k = keyFor.get(p.getFileName().toString());
                if (k != null) {
                    out.add(new Object[] {p, SHARED.resolve("keys").resolve(k)});
                }
            }
        }
        return out;
    }

    @Test
    void everyFrameOfEveryConnectionBelongsToExactlyOneStep() throws IOException {
        int lessons = 0;
        int tlsLessons = 0;
        for (Object[] c : captures()) {
            Path file = (Path) c[0];
            Path keys = (Path) c[1];
            String where = file.getFileName() + (keys == null ? "" : " with " + keys.getFileName());
            Capture cap = read(file, keys);
            for (Map.Entry<Integer, List<LessonFrame>> e : cap.streams().entrySet()) {
                Lesson l = cap.lesson(e.getKey());
                String at = where + " stream " + e.getKey();
                checkInvariant(l, e.getValue(), at);
                checkTexts(l, at);
                lessons++;
                if (e.getValue().stream().anyMatch(f -> !f.tls().isEmpty())) {
                    tlsLessons++;
                }
            }
        }
        System.out.println("lesson invariant: " + lessons + " lessons, " + tlsLessons + " of TLS connections");
        assertTrue(lessons > 60, "lessons checked: " + lessons);
        assertTrue(tlsLessons > 40, "lessons of TLS connections checked: " + tlsLessons);
    }

    static void checkInvariant(Lesson l, List<LessonFrame> frames, String at) {
        Map<Long, Integer> owner = new HashMap<>();
        long lastMain = 0;
        for (int i = 0; i < l.steps().size(); i++) {
            Lesson.Step s = l.steps().get(i);
            assertEquals(i + 1, s.number(), at);
            assertNotEquals(Phase.OTHER, s.phase(), at + " step " + s.number());
            assertFalse(s.frames().isEmpty() && s.kind() != Lesson.Kind.VERDICT, at + " step " + s.number());
            if (s.kind() == Lesson.Kind.VERDICT) {
                assertEquals(l.steps().size(), s.number(), at + ": the verdict is the last step");
                assertTrue(l.failed(), at);
                assertEquals(List.of(l.connection().verdictFrame()), s.frames(), at);
                continue;
            }
            for (int k = 1; k < s.frames().size(); k++) {
                assertTrue(s.frames().get(k - 1) < s.frames().get(k), at + " step " + s.number() + " frames in order");
            }
            assertTrue(s.frames().contains(s.main()), at + " step " + s.number());
            assertTrue(s.main() > lastMain, at + ": steps in the order their events happened");
            lastMain = s.main();
            for (long f : s.frames()) {
                Integer before = owner.put(f, s.number());
                assertEquals(null, before, at + ": frame " + f + " is in steps " + before + " and " + s.number());
            }
        }
        for (LessonFrame f : frames) {
            boolean meaningful = f.has(LessonFrame.SYN) || f.has(LessonFrame.FIN) || f.has(LessonFrame.RST)
                    || !f.tls().isEmpty() || !f.mqtt().isEmpty();
            assertTrue(owner.containsKey(f.number()), at + ": frame " + f.number()
                    + (meaningful ? " (SYN/FIN/RST/TLS/MQTT)" : "") + " belongs to no step");
        }
        assertEquals(frames.size(), owner.size(), at + ": only the connection's frames");
        if (l.failed()) {
            assertEquals(Lesson.Kind.VERDICT, l.steps().get(l.steps().size() - 1).kind(), at);
        }
    }

    static final Pattern SENTENCE_END = Pattern.compile("[.!?](\\s|$)");

    static void checkTexts(Lesson l, String at) {
        for (Lesson.Step s : l.steps()) {
            for (LessonText t : List.of(EN, JA)) {
                String title = t.title(l, s);
                String narration = t.narration(l, s);
                String where = at + " step " + s.number() + " (" + t.locale() + "): " + title + " / " + narration;
                assertFalse(title.isBlank(), where);
                assertFalse(narration.isBlank(), where);
                for (String text : List.of(title, narration)) {
                    assertFalse(text.matches(".*\\b[ntx]\\.[a-z-]+\\b.*") && !text.contains("://"), where);
                    assertFalse(text.contains("{") || text.contains("''"), where);
                }
                if (t == EN) {
                    Matcher m = SENTENCE_END.matcher(narration);
                    int sentences = 0;
                    while (m.find()) {
                        sentences++;
                    }
                    assertTrue(sentences >= 1 && sentences <= 3, "one to three sentences: " + where);
                } else {
                    assertTrue(narration.chars().anyMatch(ch -> ch >= 0x3040 && ch <= 0x30ff), "Japanese: " + where);
                }
            }
        }
    }

    // ------------------------------------------------------------------ what the steps say

    @Test
    void tls13MutualWithKeysTellsEveryMessage() {
        Capture c = read(SAMPLES.resolve("mqtt-tls13-mutual.pcapng"), SAMPLES.resolve("mqtt-tls13-mutual.keylog"));
        Lesson l = c.lesson(0);
        assertTrue(l.decrypted());
        assertTrue(l.mqtt());
        assertEquals(List.of("TCP SYN", "TCP SYN/ACK", "TCP ACK", "Client Hello",
                "Server Hello + Change Cipher Spec + Encrypted Extensions + Certificate Request + Certificate"
                        + " + Certificate Verify + Finished",
                "Change Cipher Spec + Certificate + Certificate Verify + Finished", "New Session Ticket", "MQTT CONNECT",
                "New Session Ticket", "MQTT CONNACK", "MQTT PUBLISH", "MQTT PUBACK", "MQTT DISCONNECT",
                "Alert: close_notify + TCP FIN", "Alert: close_notify", "TCP RST"), titles(l, EN));
        List<String> phases = l.steps().stream().map(s -> s.phase().id()).toList();
        assertEquals(List.of("tcp-handshake", "tcp-handshake", "tcp-handshake", "tls-handshake", "tls-handshake",
                "tls-handshake", "application-data", "application-data", "application-data", "application-data",
                "application-data", "application-data", "application-data", "teardown", "teardown", "teardown"), phases);
        assertEquals("client,server,client,client,server,client,server,client,server,server,client,server,client,"
                + "client,server,client", String.join(",", l.steps().stream().map(Lesson.Step::fromId).toList()));
        // pure ACKs fold into what they acknowledge
        assertEquals(List.of(4L, 5L), l.steps().get(3).frames());
        assertEquals(List.of(13L, 14L), l.steps().get(9).frames());
        assertTrue(EN.narration(l, l.steps().get(10)).contains("\"sdk/test/python\""), EN.narration(l, l.steps().get(10)));
        assertTrue(JA.narration(l, l.steps().get(7)).contains("basicPubSub"));
        assertFalse(l.failed());
    }

    @Test
    void withoutKeysTheRecordsAreOpaqueAndGuessedFromTheirSize() {
        Capture c = read(SAMPLES.resolve("mqtt-tls13-mutual.pcapng"), null);
        Lesson l = c.lesson(0);
        assertFalse(l.decrypted());
        List<String> t = titles(l, EN);
        assertEquals("Server Hello + Change Cipher Spec + Encrypted handshake records", t.get(4));
        assertEquals("Encrypted record (probably MQTT CONNECT)", t.get(7));
        assertEquals("Encrypted record (probably an alert) + TCP FIN", t.get(13));
        assertTrue(EN.narration(l, l.steps().get(7)).contains("an eavesdropper sees only its size"));
    }

    /**
     * The guesses without keys against the truth with keys, on every sample with a key log: the steps are the same
     * (same frames) and a guessed MQTT packet is the decrypted one in most cases.
     */
    @Test
    void guessesMatchTheDecryptedTruthMostOfTheTime() throws IOException {
        int guesses = 0;
        int right = 0;
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.list(SAMPLES)) {
            for (Path keys : files.filter(p -> p.toString().endsWith(".keylog")).sorted().toList()) {
                Path pcap = SAMPLES.resolve(keys.getFileName().toString().replace(".keylog", ".pcapng"));
                Capture plain = read(pcap, null);
                Capture keyed = read(pcap, keys);
                for (int s : plain.streams().keySet()) {
                    Lesson a = plain.lesson(s);
                    Lesson b = keyed.lesson(s);
                    for (Lesson.Step step : a.steps()) {
                        String title = EN.title(a, step);
                        Matcher m = Pattern.compile("probably (MQTT [A-Z]+|New Session Ticket)").matcher(title);
                        if (!m.find()) {
                            continue;
                        }
                        guesses++;
                        int i = b.stepOfFrame(step.main());
                        String truth = i < 0 ? "" : EN.title(b, b.steps().get(i));
                        if (truth.contains(m.group(1))) {
                            right++;
                        } else {
                            wrong.add(pcap.getFileName() + " frame " + step.main() + ": " + m.group(1) + " vs " + truth);
                        }
                    }
                }
            }
        }
        System.out.println("lesson guesses without keys: " + right + " of " + guesses + " right; wrong: " + wrong);
        assertTrue(guesses >= 40, "guesses: " + guesses);
        assertTrue(right >= guesses * 9 / 10, right + " of " + guesses + " right; wrong: " + wrong);
    }

    @Test
    void aFailedConnectionEndsWithWhereAndWhyItStopped() {
        Lesson l = read(SAMPLES.resolve("mqtt-tls12-unknown-ca.pcapng"), null).lesson(0);
        assertTrue(l.failed());
        Lesson.Step last = l.steps().get(l.steps().size() - 1);
        assertEquals(Lesson.Kind.VERDICT, last.kind());
        assertEquals(List.of(9L), last.frames());
        assertEquals("server", last.fromId());
        assertEquals("Where it stopped: tls-alert-by-server:unknown_ca", EN.title(l, last));
        assertTrue(EN.narration(l, last).contains("unknown_ca"), EN.narration(l, last));
        assertEquals("Alert: unknown_ca", EN.title(l, l.steps().get(l.stepOfFrame(9))));
        assertTrue(JA.narration(l, last).contains("フレーム 9"), JA.narration(l, last));

        Lesson refused = read(SAMPLES.resolve("tcp-refused-8883.pcapng"), null).lesson(0);
        assertEquals(List.of("TCP SYN", "TCP RST", "Where it stopped: tcp-refused"), titles(refused, EN));
        assertTrue(EN.narration(refused, refused.steps().get(1)).contains("nothing listens"));

        Lesson silent = read(SAMPLES.resolve("tcp-no-answer-8883.pcapng"), null).lesson(0);
        assertEquals(2, silent.steps().size(), "the SYNs sent again fold into the SYN");
        assertEquals(silent.steps().get(0).frames().size(), read(SAMPLES.resolve("tcp-no-answer-8883.pcapng"), null)
                .streams().get(0).size());
    }

    @Test
    void tls12ShowsTheCertificatesInTheClearAndTwoRoundTrips() {
        Lesson l = read(SAMPLES.resolve("mqtt-tls12-mutual.pcapng"), SAMPLES.resolve("mqtt-tls12-mutual.keylog"))
                .lesson(0);
        List<String> t = titles(l, EN);
        assertEquals("Server Hello + Certificate + Server Key Exchange + Certificate Request + Server Hello Done", t.get(4));
        assertEquals(Lesson.Kind.SERVER_HELLO_12, l.steps().get(4).kind());
        assertEquals(Lesson.Kind.CLIENT_FLIGHT_12, l.steps().get(5).kind());
        assertEquals(Lesson.Kind.SERVER_FINISHED_12, l.steps().get(6).kind());
        assertTrue(EN.narration(l, l.steps().get(5)).contains("in the clear"), EN.narration(l, l.steps().get(5)));
        assertEquals(4, l.firstStepOf(Phase.TLS_HANDSHAKE) + 1);
    }

    @Test
    void bundlesHaveTheSameKeysInBothLanguages() throws IOException {
        Properties en = new Properties();
        Properties ja = new Properties();
        try (InputStream a = getClass().getResourceAsStream("/org/layerscope/i18n/lesson.properties");
             InputStream b = getClass().getResourceAsStream("/org/layerscope/i18n/lesson_ja.properties")) {
            en.load(a);
            ja.load(new java.io.InputStreamReader(b, java.nio.charset.StandardCharsets.UTF_8));
        }
        Set<Object> missing = new HashSet<>(en.keySet());
        missing.removeAll(ja.keySet());
        assertEquals(Set.of(), missing, "keys without a Japanese text");
        Set<Object> extra = new HashSet<>(ja.keySet());
        extra.removeAll(en.keySet());
        assertEquals(Set.of(), extra, "Japanese keys without an English text");
    }
}
