package org.layerscope.analysis.filter;

/** Comparison operators, with Wireshark's symbols and words. */
enum Op {
    /** {@code ==}, {@code eq}, {@code any_eq}: some occurrence is equal. */
    EQ("==", "eq", "any_eq"),
    /** {@code !=}, {@code ne}, {@code all_ne}: every occurrence differs (Wireshark 4.0). */
    NE("!=", "ne", "all_ne"),
    /** {@code ===}, {@code all_eq}: every occurrence is equal. */
    ALL_EQ("===", "all_eq", null),
    /** {@code !==}, {@code any_ne}: some occurrence differs. */
    ANY_NE("!==", "any_ne", null),
    LT("<", "lt", null),
    LE("<=", "le", null),
    GT(">", "gt", null),
    GE(">=", "ge", null),
    CONTAINS(null, "contains", null),
    MATCHES("~", "matches", null);

    final String symbol;
    final String word;
    final String word2;

    Op(String symbol, String word, String word2) {
        this.symbol = symbol;
        this.word = word;
        this.word2 = word2;
    }

    /** The operator a token stands for, or null. */
    static Op of(Lexer.Token t) {
        for (Op o : values()) {
            if (t.type() == Lexer.Type.OP && t.text().equals(o.symbol)
                    || t.type() == Lexer.Type.WORD && (t.text().equalsIgnoreCase(o.word) || t.text().equalsIgnoreCase(o.word2))) {
                return o;
            }
        }
        return null;
    }

    boolean ordering() {
        return this == LT || this == LE || this == GT || this == GE;
    }

    /** Whether the result needs every occurrence to pass (!= and ===); else one is enough. */
    boolean all() {
        return this == NE || this == ALL_EQ;
    }

    /** The test one occurrence must pass: != and !== test "not equal", === tests "equal". */
    Op single() {
        return this == ALL_EQ ? EQ : this == ANY_NE ? NE : this;
    }

    String shown() {
        return symbol != null ? symbol : word;
    }
}
