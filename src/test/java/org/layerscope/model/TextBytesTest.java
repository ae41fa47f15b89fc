package org.layerscope.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** TextBytes writes exactly what String.valueOf and String.getBytes(UTF_8) would (the TSV output relies on it). */
class TextBytesTest {
    private static byte[] bytes(TextBytes t) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        t.writeTo(b);
        return b.toByteArray();
    }

    @Test
    void numbersAsLongToString() throws Exception {
        long[] values = {0, 1, 9, 10, 99, 100, 12345, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, -1, -10,
                Integer.MIN_VALUE, 1_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE, -999_999_999_999L};
        for (long v : values) {
            TextBytes t = new TextBytes(1);
            t.append(v);
            assertEquals(Long.toString(v), t.toString());
        }
        TextBytes t = new TextBytes(1);
        t.appendPadded(42, 6).ascii('|').appendPadded(123456, 6).ascii('|').appendPadded(0, 6);
        assertEquals("000042|123456|000000", t.toString());
    }

    @Test
    void everyIntAsLongToString() throws Exception {
        // the digits are made two at a time with a multiplication instead of a division: check the edges
        java.util.Random rnd = new java.util.Random(11);
        TextBytes t = new TextBytes(1);
        for (int k = 0; k < 400_000; k++) {
            long v = k < 200_000 ? k : k < 200_100 ? Integer.MAX_VALUE - (k - 200_000) : rnd.nextInt(Integer.MAX_VALUE);
            if (k >= 200_100 && k < 200_200) {
                long p10 = 1;
                for (int e = 0; e < (k - 200_100) / 10; e++) {
                    p10 *= 10;
                }
                v = p10 + (k % 10) - 5;
                if (v < 0) {
                    continue;
                }
            }
            t.setLength(0);
            t.append(v).ascii('|').appendPadded(v, 6).ascii('|').appendPadded(v, 10);
            String d = Long.toString(v);
            assertEquals(d + "|" + "0".repeat(Math.max(0, 6 - d.length())) + d + "|"
                    + "0".repeat(Math.max(0, 10 - d.length())) + d, t.toString());
        }
    }

    @Test
    void stringsAsGetBytesUtf8() throws Exception {
        String[] values = {"", "plain ascii", "47552 → 1883 [SYN]", "Käse", "日本語のトピック", "emoji \uD83D\uDE00 ok",
                "lone \uD800 high", "lone \uDC00 low", "end \uD83D", "\u0000\u007f\u0080\u07ff\u0800\uffff"};
        for (String s : values) {
            TextBytes t = new TextBytes(2);
            t.append("x").append(s).append("y");
            assertArrayEquals(("x" + s + "y").getBytes(StandardCharsets.UTF_8), bytes(t), s);
        }
    }

    @Test
    void cleanReplacesTabsAndLineEndsFromAnOffset() throws Exception {
        TextBytes t = new TextBytes(4);
        t.append("a\tb").ascii('\t');
        int from = t.length();
        t.append("c\td\ne\rf → g");
        t.cleanFrom(from);
        assertEquals("a\tb\tc d e f → g", t.toString());
        t.setLength(1);
        t.raw(new byte[] {'!', '?'});
        assertEquals("a!?", t.toString());
    }
}
