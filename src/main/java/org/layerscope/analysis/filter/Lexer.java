package org.layerscope.analysis.filter;

import java.util.ArrayList;
import java.util.List;

/** Splits a display filter into tokens, each with its position; lexical errors name the offending character. */
final class Lexer {
    enum Type { LPAREN, RPAREN, LBRACE, RBRACE, COMMA, RANGE, OP, NOT, AND, OR, WORD, STRING, EOF }

    /**
     * @param text  the token as written (for STRING: with its quotes)
     * @param value for STRING the decoded content; for OP the operator; else the text
     */
    record Token(Type type, String text, String value, int pos) {
        int end() {
            return pos + text.length();
        }

        /** A WORD equal (ignoring case) to a keyword. */
        boolean is(String keyword) {
            return type == Type.WORD && text.equalsIgnoreCase(keyword);
        }

        String describe() {
            return type == Type.EOF ? "the end" : "'" + text + "'";
        }
    }

    private final String s;
    private int i;

    private Lexer(String s) {
        this.s = s;
    }

    static List<Token> tokens(String expression) throws FilterSyntaxException {
        Lexer l = new Lexer(expression);
        List<Token> out = new ArrayList<>();
        Token t;
        do {
            t = l.next();
            out.add(t);
        } while (t.type() != Type.EOF);
        return out;
    }

    static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == ':' || c == '/' || c == '-' || c == '+';
    }

    private FilterSyntaxException error(String reason, int pos, int len) {
        return new FilterSyntaxException(s, reason, pos, len);
    }

    private Token next() throws FilterSyntaxException {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        int p = i;
        if (i >= s.length()) {
            return new Token(Type.EOF, "", "", p);
        }
        char c = s.charAt(i);
        char d = i + 1 < s.length() ? s.charAt(i + 1) : 0;
        switch (c) {
            case '(':
                i++;
                return new Token(Type.LPAREN, "(", "(", p);
            case ')':
                i++;
                return new Token(Type.RPAREN, ")", ")", p);
            case '{':
                i++;
                return new Token(Type.LBRACE, "{", "{", p);
            case '}':
                i++;
                return new Token(Type.RBRACE, "}", "}", p);
            case ',':
                i++;
                return new Token(Type.COMMA, ",", ",", p);
            case '=':
                if (d == '=') {
                    i += s.startsWith("===", p) ? 3 : 2;
                    return op(p);
                }
                throw error("unexpected '=' (write == to compare)", p, 1);
            case '!':
                if (d == '=') {
                    i += s.startsWith("!==", p) ? 3 : 2;
                    return op(p);
                }
                i++;
                return new Token(Type.NOT, "!", "!", p);
            case '<':
            case '>':
                i += d == '=' ? 2 : 1;
                return op(p);
            case '~':
                i++;
                return op(p);
            case '&':
                if (d == '&') {
                    i += 2;
                    return new Token(Type.AND, "&&", "&&", p);
                }
                throw error("unexpected '&' (write && or and; bitwise & is not supported)", p, 1);
            case '|':
                if (d == '|') {
                    i += 2;
                    return new Token(Type.OR, "||", "||", p);
                }
                throw error("unexpected '|' (write || or or)", p, 1);
            case '"':
                return string(p, false);
            case '[':
                throw error("slices ([...]) are not supported", p, 1);
            default:
                break;
        }
        if ((c == 'r' || c == 'R') && d == '"') {
            return string(p, true);
        }
        if (c == '.' && d == '.') {
            i += 2;
            return new Token(Type.RANGE, "..", "..", p);
        }
        if (wordChar(c)) {
            while (i < s.length() && wordChar(s.charAt(i)) && !s.startsWith("..", i)) {
                i++;
            }
            String w = s.substring(p, i);
            return new Token(Type.WORD, w, w, p);
        }
        if (c == '\'') {
            throw error("use double quotes for strings", p, 1);
        }
        throw error("unexpected character '" + c + "'", p, 1);
    }

    private Token op(int p) {
        String o = s.substring(p, i);
        return new Token(Type.OP, o, o, p);
    }

    /** A double-quoted string with C escapes, or a raw string r"..." (backslashes kept; only \" escapes). */
    private Token string(int p, boolean raw) throws FilterSyntaxException {
        i = p + (raw ? 2 : 1);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw error("missing closing quote of the string", p, i - p);
            }
            char c = s.charAt(i);
            if (c == '"') {
                i++;
                return new Token(Type.STRING, s.substring(p, i), sb.toString(), p);
            }
            if (c != '\\') {
                sb.append(c);
                i++;
                continue;
            }
            int at = i;
            if (i + 1 >= s.length()) {
                throw error("missing closing quote of the string", p, i - p);
            }
            char e = s.charAt(i + 1);
            if (raw) {
                sb.append('\\');
                if (e == '"' || e == '\\') {
                    sb.append(e);
                    i += 2;
                } else {
                    i++;
                }
                continue;
            }
            i += 2;
            switch (e) {
                case '\\', '"', '\'' -> sb.append(e);
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case 'x' -> sb.appendCodePoint(digits(at, 16, 1, 2));
                case 'u' -> sb.appendCodePoint(digits(at, 16, 4, 4));
                case 'U' -> sb.appendCodePoint(digits(at, 16, 8, 8));
                default -> {
                    if (e >= '0' && e <= '7') {
                        i--;
                        sb.append((char) digits(at, 8, 1, 3));
                    } else {
                        throw error("unknown escape sequence '\\" + e + "' in the string", at, 2);
                    }
                }
            }
        }
    }

    /** Reads min..max digits of {@code radix} at {@code i}; the escape started at {@code at}. */
    private int digits(int at, int radix, int min, int max) throws FilterSyntaxException {
        int v = 0;
        int n = 0;
        while (n < max && i < s.length() && Character.digit(s.charAt(i), radix) >= 0) {
            v = v * radix + Character.digit(s.charAt(i), radix);
            i++;
            n++;
        }
        if (n < min || !Character.isValidCodePoint(v) || (radix == 8 && v > 0xff)) {
            throw error("bad escape sequence in the string", at, Math.max(2, i - at));
        }
        return v;
    }
}
