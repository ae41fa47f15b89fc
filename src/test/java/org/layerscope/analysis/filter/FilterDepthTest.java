package org.layerscope.analysis.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerscope.analysis.PacketResult;

/**
 * Expressions whose shape once overflowed the stack (issue #16): deep parentheses are a syntax error at the
 * level that is too deep; long chains of not, and, or compile and evaluate like their short forms.
 */
class FilterDepthTest {
    private static List<PacketResult> frames() {
        return Captures.analyze(Captures.SAMPLES.resolve("mqtt-plain-311.pcapng"), null);
    }

    private static String nested(int depth, String inner) {
        return "(".repeat(depth) + inner + ")".repeat(depth);
    }

    @Test
    void parenthesesUpToTheLimitWork() throws FilterSyntaxException {
        List<PacketResult> all = frames();
        DisplayFilter deep = DisplayFilter.compile(nested(Parser.MAX_DEPTH, "mqtt"));
        assertEquals(Captures.select(DisplayFilter.compile("mqtt"), all), Captures.select(deep, all));
    }

    @Test
    void deeperParenthesesAreASyntaxErrorAtTheTooDeepOne() {
        for (int depth : new int[] {Parser.MAX_DEPTH + 1, 2_100, 100_000}) {
            FilterSyntaxException e = assertThrows(FilterSyntaxException.class,
                    () -> DisplayFilter.compile(nested(depth, "tcp")));
            assertEquals(Parser.MAX_DEPTH, e.position(), e.getMessage());
            assertTrue(e.getMessage().startsWith("parentheses nested more than " + Parser.MAX_DEPTH + " deep"), e.getMessage());
            String[] lines = e.pointer("  ").split("\\R");
            assertEquals(2, lines.length);
            assertTrue(lines[0].length() < 120, "the pointer shows a window of a long expression: " + lines[0].length());
            assertEquals('(', lines[0].charAt(lines[1].indexOf('^')));
        }
        // parentheses that open and close again do not add up
        assertEquals(0, assertThrowsNothing(String.join(" && ", java.util.Collections.nCopies(5_000, nested(50, "tcp")))));
    }

    private static int assertThrowsNothing(String expr) {
        try {
            DisplayFilter.compile(expr);
            return 0;
        } catch (FilterSyntaxException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void longNotChainsKeepTheirMeaning() throws FilterSyntaxException {
        List<PacketResult> all = frames();
        List<Long> mqtt = Captures.select(DisplayFilter.compile("mqtt"), all);
        List<Long> notMqtt = Captures.select(DisplayFilter.compile("!mqtt"), all);
        assertEquals(mqtt, Captures.select(DisplayFilter.compile("!".repeat(100_000) + "mqtt"), all));
        assertEquals(notMqtt, Captures.select(DisplayFilter.compile("!".repeat(100_001) + "mqtt"), all));
        assertEquals(notMqtt, Captures.select(DisplayFilter.compile("not ".repeat(30_001) + "mqtt"), all));
        assertEquals(notMqtt, Captures.select(DisplayFilter.compile("!(" + "not ".repeat(20_000) + "(mqtt))"), all));
    }

    @Test
    void longAndOrChainsEvaluateWithoutRecursion() throws FilterSyntaxException {
        List<PacketResult> all = frames();
        String or = String.join(" || ", java.util.Collections.nCopies(50_000, "tcp.port == 1")) + " || mqtt";
        assertEquals(Captures.select(DisplayFilter.compile("mqtt"), all), Captures.select(DisplayFilter.compile(or), all));
        String and = String.join(" && ", java.util.Collections.nCopies(50_000, "tcp")) + " and mqtt";
        assertEquals(Captures.select(DisplayFilter.compile("mqtt"), all), Captures.select(DisplayFilter.compile(and), all));
        String mixed = String.join(" || ", java.util.Collections.nCopies(20_000, "(tcp && tcp.port == 1)")) + " || !tcp";
        assertEquals(Captures.select(DisplayFilter.compile("!tcp"), all), Captures.select(DisplayFilter.compile(mixed), all));
    }

    @Test
    void precedenceIsKept() throws FilterSyntaxException {
        List<PacketResult> all = frames();
        // and binds tighter than or, not tighter than and
        assertEquals(Captures.select(DisplayFilter.compile("mqtt || (tcp && !tcp)"), all),
                Captures.select(DisplayFilter.compile("mqtt || tcp && !tcp"), all));
        assertEquals(Captures.select(DisplayFilter.compile("(!mqtt) && tcp"), all),
                Captures.select(DisplayFilter.compile("!mqtt && tcp"), all));
    }
}
