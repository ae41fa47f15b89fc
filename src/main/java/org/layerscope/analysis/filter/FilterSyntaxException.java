package org.layerscope.analysis.filter;

/**
 * A display filter that does not compile. {@link #getMessage()} reads "expected a value at 12";
 * {@link #position()} is the index (0-based, in {@code char}s) of the offending character in
 * {@link #expression()}, and {@link #length()} how many characters are concerned (at least 1), so a
 * filter bar can underline them.
 */
public final class FilterSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String expression;
    private final String reason;
    private final int position;
    private final int length;

    FilterSyntaxException(String expression, String reason, int position, int length) {
        super(reason + " at " + position);
        this.expression = expression;
        this.reason = reason;
        this.position = Math.max(0, Math.min(position, expression.length()));
        this.length = Math.max(1, length);
    }

    /** The expression that failed to compile. */
    public String expression() {
        return expression;
    }

    /** What is wrong, without the position ("expected a value"). */
    public String reason() {
        return reason;
    }

    /** Index of the offending character (equal to the expression's length when the expression ends too early). */
    public int position() {
        return position;
    }

    /** Number of characters concerned, at least 1. */
    public int length() {
        return length;
    }

    /** Longest part of the expression {@link #pointer} shows; a longer one is cut around the position. */
    private static final int SHOWN = 100;

    /**
     * Two lines for a terminal: the expression, and a caret under the offending character (tabs before
     * it are kept so that the caret lines up), each line starting with {@code indent}. An expression longer
     * than 100 characters is shown from a little before the position, with "..." where it was cut.
     */
    public String pointer(String indent) {
        int from = 0;
        int to = expression.length();
        if (to > SHOWN) {
            from = Math.max(0, Math.min(position - 30, to - SHOWN));
            to = Math.min(to, from + SHOWN);
        }
        String before = from > 0 ? "..." : "";
        StringBuilder caret = new StringBuilder(indent).append(" ".repeat(before.length()));
        for (int i = from; i < position; i++) {
            caret.append(expression.charAt(i) == '\t' ? '\t' : ' ');
        }
        caret.append('^');
        for (int i = 1; i < length && position + i < to; i++) {
            caret.append('~');
        }
        String shown = before + expression.substring(from, to).replace('\n', ' ').replace('\r', ' ')
                + (to < expression.length() ? "..." : "");
        return indent + shown + System.lineSeparator() + caret;
    }
}
