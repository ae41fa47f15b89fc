package org.layerscope.analysis.filter;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** A compiled filter expression, evaluated on one frame. */
abstract class Node {
    abstract boolean eval(FrameView v);

    /** A chain of and terms, evaluated in a loop (a long chain does not nest). */
    static final class And extends Node {
        private final Node[] terms;

        And(List<Node> terms) {
            this.terms = terms.toArray(new Node[0]);
        }

        @Override
        boolean eval(FrameView v) {
            for (Node t : terms) {
                if (!t.eval(v)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A chain of or terms, evaluated in a loop (a long chain does not nest). */
    static final class Or extends Node {
        private final Node[] terms;

        Or(List<Node> terms) {
            this.terms = terms.toArray(new Node[0]);
        }

        @Override
        boolean eval(FrameView v) {
            for (Node t : terms) {
                if (t.eval(v)) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class Not extends Node {
        private final Node a;

        Not(Node a) {
            this.a = a;
        }

        @Override
        boolean eval(FrameView v) {
            return !a.eval(v);
        }
    }

    /** {@code tls.handshake}: the field occurs at least once. */
    static final class Presence extends Node {
        private final FieldRef ref;

        Presence(FieldRef ref) {
            this.ref = ref;
        }

        @Override
        boolean eval(FrameView v) {
            return !v.values(ref).isEmpty();
        }
    }

    /**
     * {@code field OP literal} (or {@code field in {...}}): true when one occurrence passes the test, or for
     * {@code !=} and {@code ===} when every occurrence does; false when the field has no occurrence with a value.
     */
    static final class Compare extends Node {
        private final FieldRef ref;
        private final boolean all;
        private final Pred pred;

        Compare(FieldRef ref, boolean all, Pred pred) {
            this.ref = ref;
            this.all = all;
            this.pred = pred;
        }

        @Override
        boolean eval(FrameView v) {
            List<?> occ = v.values(ref);
            int seen = 0;
            for (int i = 0, n = occ.size(); i < n; i++) {
                int r = pred.test(occ.get(i), v);
                if (r < 0) {
                    continue;
                }
                seen++;
                if (all) {
                    if (r == 0) {
                        return false;
                    }
                } else if (r == 1) {
                    return true;
                }
            }
            return all && seen > 0;
        }
    }

    /** {@code field OP field}: pairs of occurrences, with the same quantifiers as {@link Compare}. */
    static final class FieldCompare extends Node {
        private final FieldRef a;
        private final FieldRef b;
        private final Op op;

        FieldCompare(FieldRef a, FieldRef b, Op op) {
            this.a = a;
            this.b = b;
            this.op = op;
        }

        @Override
        boolean eval(FrameView v) {
            List<?> la = v.values(a);
            List<?> lb = v.values(b);
            boolean all = op.all();
            Op single = op.single();
            int seen = 0;
            for (Object x : la) {
                Object cx = canonical(a.kind(), x, v);
                if (cx == null) {
                    continue;
                }
                for (Object y : lb) {
                    Object cy = canonical(b.kind(), y, v);
                    if (cy == null) {
                        continue;
                    }
                    seen++;
                    boolean r = single == Op.CONTAINS ? contains(a.kind(), (String) cx, (String) cy)
                            : Pred.apply(single, compare(cx, cy));
                    if (all && !r) {
                        return false;
                    }
                    if (!all && r) {
                        return true;
                    }
                }
            }
            return all && seen > 0;
        }

        private static boolean contains(FieldKind k, String hay, String needle) {
            return k == FieldKind.BYTES ? Values.hexContains(hay, needle) : hay.contains(needle);
        }

        @SuppressWarnings("unchecked")
        private static int compare(Object x, Object y) {
            return ((Comparable<Object>) x).compareTo(y);
        }

        /** Long for integer-like kinds, String for text, bytes and IPv6 (hex); null when there is no value. */
        private static Object canonical(FieldKind k, Object o, FrameView v) {
            if (Values.longForm(k)) {
                long n = Values.asLong(k, o);
                return n == Values.NO_VALUE ? null : (Object) n;
            }
            if (k == FieldKind.IPV6) {
                byte[] b = Values.asIpv6(o);
                return b == null ? null : Values.hex(b, 0, 16);
            }
            return Values.asString(k, o, v.frameData());
        }
    }

    /** A test of one occurrence: 1 passes, 0 fails, -1 has no value of the right kind (not counted). */
    abstract static class Pred {
        abstract int test(Object occ, FrameView v);

        static boolean apply(Op op, int c) {
            return switch (op) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                default -> throw new IllegalStateException(op.toString());
            };
        }
    }

    /** Integers, booleans, times, IPv4 (with a subnet mask) and Ethernet addresses. */
    static final class LongPred extends Pred {
        private final FieldKind kind;
        private final Op op;
        private final long lit;
        private final long mask;

        LongPred(FieldKind kind, Op op, long lit, long mask) {
            this.kind = kind;
            this.op = op;
            this.lit = lit;
            this.mask = mask;
        }

        @Override
        int test(Object occ, FrameView v) {
            long x = Values.asLong(kind, occ);
            if (x == Values.NO_VALUE) {
                return -1;
            }
            if (mask != -1L) {
                x &= mask;
            }
            return apply(op, Long.compare(x, lit)) ? 1 : 0;
        }
    }

    /** Text and bytes (as hex): comparisons and contains. */
    static final class StringPred extends Pred {
        private final FieldKind kind;
        private final Op op;
        private final String lit;

        StringPred(FieldKind kind, Op op, String lit) {
            this.kind = kind;
            this.op = op;
            this.lit = lit;
        }

        @Override
        int test(Object occ, FrameView v) {
            String s = Values.asString(kind, occ, v.frameData());
            if (s == null) {
                return -1;
            }
            if (op == Op.CONTAINS) {
                return (kind == FieldKind.BYTES ? Values.hexContains(s, lit) : s.contains(lit)) ? 1 : 0;
            }
            return apply(op, s.compareTo(lit)) ? 1 : 0;
        }
    }

    /** {@code matches}: a Java regular expression found anywhere in the text (bytes as ISO-8859-1 text). */
    static final class MatchPred extends Pred {
        private final FieldKind kind;
        private final Pattern pattern;

        MatchPred(FieldKind kind, Pattern pattern) {
            this.kind = kind;
            this.pattern = pattern;
        }

        @Override
        int test(Object occ, FrameView v) {
            String s = Values.asString(kind, occ, v.frameData());
            if (s == null) {
                return -1;
            }
            return pattern.matcher(kind == FieldKind.BYTES ? Values.hexToLatin1(s) : s).find() ? 1 : 0;
        }
    }

    /** IPv6 addresses, with a prefix length for subnets. */
    static final class Ipv6Pred extends Pred {
        private final Op op;
        private final byte[] lit;
        private final int prefix;

        Ipv6Pred(Op op, byte[] lit, int prefix) {
            this.op = op;
            this.lit = lit;
            this.prefix = prefix;
        }

        @Override
        int test(Object occ, FrameView v) {
            byte[] x = Values.asIpv6(occ);
            if (x == null) {
                return -1;
            }
            if (prefix < 128) {
                x = mask(x, prefix);
            }
            return apply(op, Arrays.compareUnsigned(x, lit)) ? 1 : 0;
        }

        static byte[] mask(byte[] a, int prefix) {
            byte[] m = a.clone();
            for (int i = 0; i < 16; i++) {
                int bits = Math.max(0, Math.min(8, prefix - 8 * i));
                m[i] &= (byte) (0xff00 >>> bits);
            }
            return m;
        }
    }

    /** {@code lo..hi} in a set: both bounds included. */
    static final class RangePred extends Pred {
        private final Pred lo;
        private final Pred hi;

        RangePred(Pred lo, Pred hi) {
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        int test(Object occ, FrameView v) {
            int a = lo.test(occ, v);
            return a <= 0 ? a : hi.test(occ, v);
        }
    }

    /** {@code in {...}}: one member (a value or a range) passes. */
    static final class SetPred extends Pred {
        private final Pred[] members;

        SetPred(List<Pred> members) {
            this.members = members.toArray(new Pred[0]);
        }

        @Override
        int test(Object occ, FrameView v) {
            int result = -1;
            for (Pred p : members) {
                int r = p.test(occ, v);
                if (r == 1) {
                    return 1;
                }
                result = Math.max(result, r);
            }
            return result;
        }
    }
}
