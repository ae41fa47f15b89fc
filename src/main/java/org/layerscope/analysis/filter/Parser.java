package org.layerscope.analysis.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.layerscope.analysis.filter.Lexer.Token;
import org.layerscope.analysis.filter.Lexer.Type;

/**
 * Recursive descent over the tokens; precedence as in Wireshark: {@code not} binds tightest, then
 * {@code and}, then {@code or}. Literals are read for the kind of the field they are compared with, so a
 * bad literal is an error at compile time, at its position.
 */
final class Parser {
    private final String src;
    private final List<Token> tokens;
    private final Program program;
    private int k;

    private Parser(String src, List<Token> tokens, Program program) {
        this.src = src;
        this.tokens = tokens;
        this.program = program;
    }

    /** The expression's tree, or null when it is empty (matches every frame). */
    static Node parse(String src, Program program) throws FilterSyntaxException {
        Parser p = new Parser(src, Lexer.tokens(src), program);
        if (p.peek().type() == Type.EOF) {
            return null;
        }
        Node n = p.or();
        Token t = p.peek();
        if (t.type() != Type.EOF) {
            throw p.error("unexpected " + t.describe() + (Op.of(t) != null ? " (a comparison needs a field on its left)"
                    : " (expected and, or, or the end)"), t);
        }
        return n;
    }

    private Token peek() {
        return tokens.get(k);
    }

    private Token next() {
        Token t = tokens.get(k);
        if (t.type() != Type.EOF) {
            k++;
        }
        return t;
    }

    private FilterSyntaxException error(String reason, Token at) {
        return new FilterSyntaxException(src, reason, at.pos(), Math.max(1, at.text().length()));
    }

    private FilterSyntaxException error(String reason, int pos, int len) {
        return new FilterSyntaxException(src, reason, pos, len);
    }

    /**
     * Deepest nesting of parentheses accepted. Chains of {@code and}/{@code or} and of {@code not} do not
     * nest (they are read in loops into flat nodes), so only parentheses make the tree deep; the limit keeps
     * parsing and evaluation far from the stack's end.
     */
    static final int MAX_DEPTH = 200;

    private int depth;

    private Node or() throws FilterSyntaxException {
        Node n = and();
        if (!(peek().type() == Type.OR || peek().is("or"))) {
            return n;
        }
        List<Node> terms = new ArrayList<>();
        terms.add(n);
        while (peek().type() == Type.OR || peek().is("or")) {
            next();
            terms.add(and());
        }
        return new Node.Or(terms);
    }

    private Node and() throws FilterSyntaxException {
        Node n = unary();
        if (!(peek().type() == Type.AND || peek().is("and"))) {
            return n;
        }
        List<Node> terms = new ArrayList<>();
        terms.add(n);
        while (peek().type() == Type.AND || peek().is("and")) {
            next();
            terms.add(unary());
        }
        return new Node.And(terms);
    }

    private Node unary() throws FilterSyntaxException {
        int nots = 0;
        while (peek().type() == Type.NOT || peek().is("not")) {
            next();
            nots++;
        }
        Node n = primary();
        return nots % 2 == 1 ? new Node.Not(n) : n; // not not x is x
    }

    private Node primary() throws FilterSyntaxException {
        Token t = next();
        switch (t.type()) {
            case LPAREN: {
                if (++depth > MAX_DEPTH) {
                    throw error("parentheses nested more than " + MAX_DEPTH + " deep", t);
                }
                Node n = or();
                depth--;
                Token close = peek();
                if (close.type() != Type.RPAREN) {
                    throw error("expected ')'", close);
                }
                next();
                return n;
            }
            case WORD:
                break;
            case EOF:
                throw error("expected a field name", t);
            case STRING:
                throw error("expected a field name, not a string (a comparison starts with the field)", t);
            default:
                throw error("expected a field name, not " + t.describe(), t);
        }
        if (t.is("and") || t.is("or") || t.is("in") || t.is("contains") || t.is("matches")) {
            throw error("expected a field name, not " + t.describe(), t);
        }
        if (peek().type() == Type.LPAREN && peek().pos() == t.end()) {
            throw error("functions like " + t.text() + "() are not supported", t);
        }
        FieldRef ref = field(t);
        Token o = peek();
        Op op = Op.of(o);
        if (op != null) {
            next();
            return comparison(ref, t, op, o);
        }
        if (o.is("in")) {
            next();
            return set(ref, t, o);
        }
        return new Node.Presence(ref);
    }

    private FieldRef field(Token t) throws FilterSyntaxException {
        FieldDef d = FieldRegistry.get(t.text());
        if (d != null) {
            return program.ref(d);
        }
        String w = t.text();
        if (Values.integerLiteral(w) != null || Values.ipv4(w, 0, w.length()) >= 0 || w.indexOf(':') >= 0) {
            throw error("expected a field name, not the value '" + w + "' (the field comes first)", t);
        }
        String near = nearest(w);
        throw error("unknown field '" + w + "'" + (near != null ? " (did you mean " + near + "?)" : ""), t);
    }

    /** The known field closest to {@code w} by edit distance (at most 2; 1 for short words), or null. */
    private static String nearest(String w) {
        String best = null;
        int bestD = w.length() <= 5 ? 2 : 3;
        for (String n : FieldRegistry.all().keySet()) {
            if (Math.abs(n.length() - w.length()) >= bestD) {
                continue;
            }
            int d = distance(w, n, bestD);
            if (d < bestD) {
                bestD = d;
                best = n;
            }
        }
        return best;
    }

    private static int distance(String a, String b, int limit) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin >= limit) {
                return limit;
            }
            int[] x = prev;
            prev = cur;
            cur = x;
        }
        return prev[b.length()];
    }

    private Node comparison(FieldRef ref, Token ft, Op op, Token ot) throws FilterSyntaxException {
        FieldKind kind = ref.kind();
        if (!kind.hasValue()) {
            throw error(ref.name() + " is a " + (kind == FieldKind.PROTOCOL ? "protocol" : "label")
                    + " without a value: test it alone (" + ref.name() + ") or compare one of its fields", ft);
        }
        if ((op == Op.CONTAINS || op == Op.MATCHES) && !kind.textual()) {
            throw error(ref.name() + " (" + kind.label() + ") cannot be used with " + ot.text()
                    + ": only text and bytes can", ot);
        }
        Token v = next();
        if (v.type() == Type.WORD && FieldRegistry.get(v.text()) != null) {
            return fieldComparison(ref, op, v);
        }
        if (v.type() != Type.WORD && v.type() != Type.STRING) {
            throw error("expected a value", v);
        }
        if (op == Op.MATCHES) {
            try {
                return new Node.Compare(ref, false, new Node.MatchPred(kind, Pattern.compile(v.value())));
            } catch (PatternSyntaxException e) {
                int at = v.pos() + (v.type() == Type.STRING ? 1 : 0) + Math.max(0, e.getIndex());
                throw error("invalid regular expression: " + e.getDescription(), Math.min(at, v.end() - 1), 1);
            }
        }
        return new Node.Compare(ref, op.all(), pred(ref, op.single(), v));
    }

    private Node fieldComparison(FieldRef a, Op op, Token v) throws FilterSyntaxException {
        FieldRef b = program.ref(FieldRegistry.get(v.text()));
        if (op == Op.MATCHES) {
            throw error("matches needs a regular expression in quotes, not the field " + b.name(), v);
        }
        if (group(a.kind()) != group(b.kind())) {
            throw error("cannot compare " + a.name() + " (" + a.kind().label() + ") with " + b.name() + " ("
                    + b.kind().label() + ")", v);
        }
        return new Node.FieldCompare(a, b, op);
    }

    private static int group(FieldKind k) {
        return k == FieldKind.BOOLEAN ? FieldKind.INTEGER.ordinal() : k.ordinal();
    }

    private Node set(FieldRef ref, Token ft, Token in) throws FilterSyntaxException {
        if (!ref.kind().hasValue()) {
            throw error(ref.name() + " is a " + (ref.kind() == FieldKind.PROTOCOL ? "protocol" : "label")
                    + " without a value: it cannot be in a set", ft);
        }
        Token open = next();
        if (open.type() != Type.LBRACE) {
            throw error("expected '{' after in", open);
        }
        List<Node.Pred> members = new ArrayList<>();
        while (true) {
            Token v = next();
            if (v.type() != Type.WORD && v.type() != Type.STRING) {
                throw error(v.type() == Type.RBRACE && members.isEmpty() ? "the set is empty" : "expected a value", v);
            }
            if (peek().type() == Type.RANGE) {
                next();
                Token hi = next();
                if (hi.type() != Type.WORD && hi.type() != Type.STRING) {
                    throw error("expected the upper bound of the range", hi);
                }
                members.add(new Node.RangePred(pred(ref, Op.GE, v), pred(ref, Op.LE, hi)));
            } else {
                members.add(pred(ref, Op.EQ, v));
            }
            Token sep = next();
            if (sep.type() == Type.RBRACE) {
                break;
            }
            if (sep.type() != Type.COMMA) {
                throw error("expected ',' or '}' in the set", sep);
            }
        }
        return new Node.Compare(ref, false, new Node.SetPred(members));
    }

    /** The test of one occurrence against the literal {@code v}, read for the field's kind. */
    private Node.Pred pred(FieldRef ref, Op op, Token v) throws FilterSyntaxException {
        FieldKind kind = ref.kind();
        String text = v.value();
        FieldDef def = ref.def;
        if (def.closedValues != null && op != Op.CONTAINS && !def.closedValues.contains(text)) {
            throw error("'" + text + "' is not a value of " + def.name + " (" + String.join(", ", def.closedValues) + ")", v);
        }
        switch (kind) {
            case INTEGER: {
                Long n = Values.integerLiteral(text);
                if (n == null) {
                    throw error("'" + text + "' is not a valid number", v);
                }
                return new Node.LongPred(kind, op, n, -1L);
            }
            case BOOLEAN: {
                Long n = text.equalsIgnoreCase("true") ? Long.valueOf(1) : text.equalsIgnoreCase("false") ? Long.valueOf(0)
                        : Values.integerLiteral(text);
                if (n == null) {
                    throw error("'" + text + "' is not a boolean (1, 0, True or False)", v);
                }
                return new Node.LongPred(kind, op, n != 0 ? 1 : 0, -1L);
            }
            case TIME: {
                Long n = Values.seconds(text);
                if (n == null) {
                    throw error("'" + text + "' is not a time in seconds", v);
                }
                return new Node.LongPred(kind, op, n, -1L);
            }
            case ETHER: {
                long a = Values.ether(text);
                if (a < 0) {
                    throw error("'" + text + "' is not an Ethernet address (write 00:0b:82:01:fc:42)", v);
                }
                return new Node.LongPred(kind, op, a, -1L);
            }
            case STRING:
                return new Node.StringPred(kind, op, text);
            case BYTES: {
                String hex = v.type() == Type.STRING ? Values.utf8Hex(text) : Values.bytesLiteral(text);
                if (hex == null) {
                    throw error("'" + text + "' is not a byte string (write 16:03:01, 160301 or a quoted string)", v);
                }
                return new Node.StringPred(kind, op, hex);
            }
            case IPV4:
                return ipv4(op, v, text);
            case IPV6:
                return ipv6(op, v, text);
            default:
                throw new IllegalStateException(kind.toString());
        }
    }

    private Node.Pred ipv4(Op op, Token v, String text) throws FilterSyntaxException {
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        long a = Values.ipv4(addr, 0, addr.length());
        if (a < 0) {
            throw error("'" + addr + "' is not an IPv4 address" + (looksLikeHost(addr) ? " (host names are not looked up)" : ""),
                    v.pos() + (v.type() == Type.STRING ? 1 : 0), addr.length());
        }
        int bits = 32;
        if (slash >= 0) {
            bits = prefix(text.substring(slash + 1), 32, v, slash);
            if (op.ordering()) {
                throw error("a subnet cannot be compared with " + op.shown(), v);
            }
        }
        long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
        return new Node.LongPred(FieldKind.IPV4, op, a & mask, mask);
    }

    private Node.Pred ipv6(Op op, Token v, String text) throws FilterSyntaxException {
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        byte[] a = Values.ipv6(addr);
        if (a == null) {
            throw error("'" + addr + "' is not an IPv6 address" + (looksLikeHost(addr) ? " (host names are not looked up)" : ""),
                    v.pos() + (v.type() == Type.STRING ? 1 : 0), addr.length());
        }
        int bits = 128;
        if (slash >= 0) {
            bits = prefix(text.substring(slash + 1), 128, v, slash);
            if (op.ordering()) {
                throw error("a subnet cannot be compared with " + op.shown(), v);
            }
        }
        return new Node.Ipv6Pred(op, bits < 128 ? Node.Ipv6Pred.mask(a, bits) : a, bits);
    }

    private int prefix(String s, int max, Token v, int slash) throws FilterSyntaxException {
        int at = v.pos() + (v.type() == Type.STRING ? 1 : 0) + slash + 1;
        Long n = s.matches("\\d{1,3}") ? Long.valueOf(s) : null;
        if (n == null || n > max) {
            throw error("the prefix length after '/' must be 0 to " + max + (s.isEmpty() ? "" : ", not " + s), at,
                    Math.max(1, s.length()));
        }
        return n.intValue();
    }

    private static boolean looksLikeHost(String s) {
        return s.chars().anyMatch(Character::isLetter) && s.indexOf(':') < 0;
    }
}
