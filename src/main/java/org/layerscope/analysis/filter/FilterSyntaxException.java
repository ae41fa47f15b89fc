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

    /**
     * Two lines for a terminal: the expression, and a caret under the offending character (tabs before
     * it are kept so that the caret lines up), each line starting with {@code indent}.
     */
    public String pointer(String indent) {
        StringBuilder caret = new StringBuilder(indent);
        for (int i = 0; i < position; i++) {
            caret.append(expression.charAt(i) == '\t' ? '\t' : ' ');
        }
        caret.append('^');
        for (int i = 1; i < length && position + i < expression.length(); i++) {
            caret.append('~');
        }
        String shown = expression.replace('\n', ' ').replace('\r', ' ');
        return indent + shown + System.lineSeparator() + caret;
    }
}
