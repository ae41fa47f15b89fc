package org.layerscope.pcapio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.layerscope.pcapio.SharedCaptures.name;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.layerscope.model.RawFrame;

/**
 * Cut and corrupted copies of every shared capture: the reader returns complete frames and then either a
 * truncation warning or a CaptureFormatException, and never anything else.
 */
class RobustnessTest {
    /** Cut every file at every offset up to this one (and at every packet boundary beyond). */
    private static final int EVERY_OFFSET_UP_TO = 2048;

    /** What reading a damaged file gave: the frames before the end, and the warnings or the exception. */
    record Outcome(List<RawFrame> frames, List<String> warnings, CaptureFormatException error) {
    }

    static Outcome outcome(byte[] file, String what) {
        List<RawFrame> frames = new ArrayList<>();
        CaptureReader reader = null;
        try {
            reader = CaptureFiles.open(new ByteArrayInputStream(file), what);
            for (RawFrame f; (f = reader.next()) != null; ) {
                assertEquals(frames.size() + 1, f.number(), what + ": frame numbers");
                frames.add(f);
            }
            assertNull(reader.next(), what + ": stays at the end");
            return new Outcome(frames, List.copyOf(reader.warnings()), null);
        } catch (CaptureFormatException e) {
            assertNotNull(e.getMessage(), what);
            assertFalse(e.getMessage().contains("\n"), what + ": one-line message: " + e.getMessage());
            assertFalse(e.getMessage().contains("internal error"), what + ": " + e.getMessage());
            return new Outcome(frames, reader == null ? List.of() : List.copyOf(reader.warnings()), e);
        } catch (IOException | RuntimeException | Error e) {
            throw new AssertionError(what + ": " + e, e);
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (IOException e) {
                    fail(what + ": close: " + e);
                }
            }
        }
    }

    static boolean sameFrame(RawFrame a, RawFrame b) {
        return a.number() == b.number() && a.timestampNanos() == b.timestampNanos() && a.linkType() == b.linkType()
                && a.originalLength() == b.originalLength() && a.interfaceId() == b.interfaceId()
                && a.comments().equals(b.comments()) && Arrays.equals(a.data(), b.data());
    }

    static void assertPrefix(List<RawFrame> all, List<RawFrame> prefix, String what) {
        assertTrue(prefix.size() <= all.size(), what + ": more frames than the whole file");
        for (int i = 0; i < prefix.size(); i++) {
            if (!sameFrame(all.get(i), prefix.get(i))) {
                fail(what + ": frame " + (i + 1) + " differs from the whole file's");
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaptureCutAnywhere() {
        return SharedCaptures.all().stream().map(p -> DynamicTest.dynamicTest(name(p), () -> cutEverywhere(p)));
    }

    static void cutEverywhere(Path capture) throws IOException {
        byte[] plain = SharedCaptures.plainBytes(capture);
        SharedCaptures.Reading whole = SharedCaptures.read(plain);
        List<Integer> boundaries = new ArrayList<>();
        if (SharedCaptures.isPcapng(capture)) {
            boundaries.addAll(ByteSwap.pcapngBlockBoundaries(plain));
        } else {
            boundaries.add(24);
            whole.ends().forEach(e -> boundaries.add(e.intValue()));
        }
        assertEquals(plain.length, boundaries.get(boundaries.size() - 1).intValue(), "the boundaries reach the end");
        int headerEnd = SharedCaptures.isPcapng(capture) ? boundaries.get(1) : 24;

        TreeSet<Integer> cuts = new TreeSet<>();
        for (int i = 0; i <= Math.min(plain.length, EVERY_OFFSET_UP_TO); i++) {
            cuts.add(i);
        }
        long previous = 0;
        for (long end : whole.ends()) {
            cuts.addAll(List.of((int) end - 1, (int) end, (int) end + 1, (int) ((previous + end) / 2)));
            previous = end;
        }
        for (int b : boundaries) {
            cuts.addAll(List.of(b - 1, b, b + 1));
        }
        cuts.removeIf(c -> c < 0 || c > plain.length);

        for (int cut : cuts) {
            String what = name(capture) + " cut at " + cut;
            Outcome o = outcome(Arrays.copyOf(plain, cut), what);
            if (cut < headerEnd) {
                assertNotNull(o.error(), what + ": a file cut in its header is refused");
                continue;
            }
            if (o.error() != null) {
                fail(what + ": " + o.error().getMessage());
            }
            long complete = whole.ends().stream().filter(e -> e <= cut).count();
            assertEquals(complete, o.frames().size(), what + ": every complete frame");
            assertPrefix(whole.frames(), o.frames(), what);
            if (boundaries.contains(cut)) {
                assertEquals(List.of(), o.warnings(), what + ": a cut between blocks is a clean end");
            } else {
                assertEquals(1, o.warnings().size(), what + ": " + o.warnings());
                assertTrue(o.warnings().get(0).matches("the last (packet|block) is truncated \\(file cut at byte "
                        + cut + "\\)"), what + ": " + o.warnings());
            }
        }

        byte[] stored = SharedCaptures.bytes(capture);
        if (stored.length != plain.length) { // gzip: cut the compressed file too
            for (int cut = 0; cut < stored.length; cut += cut < EVERY_OFFSET_UP_TO ? 1 : 7) {
                String what = name(capture) + " (compressed) cut at " + cut;
                Outcome o = outcome(Arrays.copyOf(stored, cut), what);
                assertPrefix(whole.frames(), o.frames(), what);
                assertTrue(o.error() != null || !o.warnings().isEmpty(), what + ": refused or warned");
            }
        }
    }

    @Test
    void twoHundredRandomlyCorruptedCopies() {
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            List<Path> captures = SharedCaptures.all();
            Random random = new Random(20_240_601L);
            int refused = 0;
            int read = 0;
            for (int copy = 0; copy < 200; copy++) {
                Path capture = captures.get(random.nextInt(captures.size()));
                boolean compressed = SharedCaptures.bytes(capture).length != SharedCaptures.plainBytes(capture).length
                        && random.nextInt(4) == 0;
                byte[] original = compressed ? SharedCaptures.bytes(capture) : SharedCaptures.plainBytes(capture);
                List<Integer> targets = compressed || !SharedCaptures.isPcapng(capture) ? List.of()
                        : ByteSwap.pcapngBlockBoundaries(original);
                byte[] damaged = corrupt(original, targets, random);
                String what = "copy " + copy + " of " + name(capture) + (compressed ? " (compressed)" : "");
                Outcome o = outcome(damaged, what);
                if (o.error() != null) {
                    refused++;
                } else {
                    read++;
                }
            }
            // both outcomes happen (else the corruption would be too weak or too strong to test anything)
            assertTrue(refused > 20 && read > 20, "refused " + refused + ", read " + read);
        });
    }

    /** 1 to 6 random mutations, half of them aimed at block headers when the block boundaries are known. */
    static byte[] corrupt(byte[] original, List<Integer> blockStarts, Random random) {
        byte[] b = original.clone();
        int mutations = 1 + random.nextInt(6);
        for (int m = 0; m < mutations && b.length > 0; m++) {
            int at = !blockStarts.isEmpty() && random.nextBoolean()
                    ? Math.min(b.length - 1, blockStarts.get(random.nextInt(blockStarts.size())) + 4 * random.nextInt(8))
                    : random.nextInt(b.length);
            switch (random.nextInt(7)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = (byte) random.nextInt(256);
                case 2 -> putWord(b, at, new int[] {0, -1, 0x7fffffff, 0x80000000, 12, 0x0A0D0D0A, 0x1A2B3C4D}[
                        random.nextInt(7)]);
                case 3 -> putWord(b, at, random.nextInt());
                case 4 -> b = Arrays.copyOf(b, at); // cut
                case 5 -> { // a range repeated
                    int len = Math.min(b.length - at, 1 + random.nextInt(64));
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(b, 0, at + len);
                    out.write(b, at, b.length - at);
                    b = out.toByteArray();
                }
                default -> { // a range removed
                    int len = Math.min(b.length - at, 1 + random.nextInt(64));
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(b, 0, at);
                    out.write(b, at + len, b.length - at - len);
                    b = out.toByteArray();
                }
            }
        }
        return b;
    }

    private static void putWord(byte[] b, int at, int value) {
        for (int i = 0; i < 4 && at + i < b.length; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }
}
