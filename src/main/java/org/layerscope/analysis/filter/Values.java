package org.layerscope.analysis.filter;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import org.layerscope.model.Field;

/**
 * Reading values: the text of tree fields ("0x018", "127.0.0.1", "0a0b…") and the literals of a filter,
 * into one comparable form per {@link FieldKind}: a {@code long} for integers, booleans, times
 * (nanoseconds), IPv4 and Ethernet addresses; a {@code String} for text and for bytes (lowercase hex);
 * a {@code byte[16]} for IPv6 addresses. Nothing here allocates for integers and IPv4 addresses.
 */
final class Values {
    /** "This occurrence has no value of the field's kind" (never a real value: all longs we read are smaller). */
    static final long NO_VALUE = Long.MIN_VALUE;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Values() {
    }

    /** Kinds whose comparable form is a long. */
    static boolean longForm(FieldKind k) {
        return k == FieldKind.INTEGER || k == FieldKind.BOOLEAN || k == FieldKind.TIME || k == FieldKind.IPV4
                || k == FieldKind.ETHER;
    }

    /** The text of an occurrence (a tree {@link Field}, a computed String or Long), or null when it has none. */
    static String text(Object o) {
        if (o instanceof Field f) {
            return f.value();
        }
        if (o instanceof String s) {
            return s;
        }
        return o == null ? null : o.toString();
    }

    /** An occurrence as a long of kind {@code k} (see {@link #longForm}), or {@link #NO_VALUE}. */
    static long asLong(FieldKind k, Object o) {
        if (o instanceof Long l) {
            return k == FieldKind.BOOLEAN ? (l != 0 ? 1 : 0) : l;
        }
        String s = text(o);
        if (s == null) {
            return NO_VALUE;
        }
        switch (k) {
            case INTEGER:
                return number(s);
            case BOOLEAN: {
                long n = number(s);
                return n == NO_VALUE ? NO_VALUE : n != 0 ? 1 : 0;
            }
            case TIME: {
                Long n = seconds(s);
                return n == null ? NO_VALUE : n;
            }
            case IPV4: {
                long a = ipv4(s, 0, s.length());
                return a < 0 ? NO_VALUE : a;
            }
            case ETHER: {
                long a = ether(s);
                return a < 0 ? NO_VALUE : a;
            }
            default:
                return NO_VALUE;
        }
    }

    /**
     * An occurrence as text ({@link FieldKind#STRING}) or lowercase hex ({@link FieldKind#BYTES}; a tree node
     * without a value but with bytes in the frame, like {@code tcp.payload}, gives those bytes), or null.
     */
    static String asString(FieldKind k, Object o, byte[] frame) {
        String s = text(o);
        if (s == null && k == FieldKind.BYTES && o instanceof Field f && f.offset() >= 0 && f.length() > 0
                && frame != null && f.offset() < frame.length) {
            return hex(frame, f.offset(), Math.min(f.length(), frame.length - f.offset()));
        }
        return s;
    }

    /** An occurrence as a 16-byte IPv6 address, or null. */
    static byte[] asIpv6(Object o) {
        String s = text(o);
        return s == null ? null : ipv6(s);
    }

    // ---- tree values ----

    /** A tree value: decimal (optionally negative) or 0x hex; {@link #NO_VALUE} when it is neither. */
    static long number(String s) {
        int n = s.length();
        if (n == 0) {
            return NO_VALUE;
        }
        int i = 0;
        boolean neg = false;
        if (s.charAt(0) == '-') {
            neg = true;
            i = 1;
        }
        int radix = 10;
        if (n - i > 2 && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
            radix = 16;
            i += 2;
        }
        if (i >= n || n - i > (radix == 16 ? 15 : 18)) {
            return NO_VALUE;
        }
        long v = 0;
        for (; i < n; i++) {
            int d = Character.digit(s.charAt(i), radix);
            if (d < 0) {
                return NO_VALUE;
            }
            v = v * radix + d;
        }
        return neg ? -v : v;
    }

    /** Seconds ("1.25", "-0.5", "3") as nanoseconds, or null. */
    static Long seconds(String s) {
        if (s.isEmpty() || !s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            return null;
        }
        try {
            return new BigDecimal(s).movePointRight(9).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }

    /** Dotted-quad IPv4 in {@code s[from, to)} as an unsigned 32-bit value, or -1. */
    static long ipv4(String s, int from, int to) {
        long a = 0;
        int parts = 0;
        int i = from;
        while (i < to) {
            int start = i;
            int v = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                v = v * 10 + (s.charAt(i) - '0');
                if (v > 255 || i - start > 2) {
                    return -1;
                }
                i++;
            }
            if (i == start) {
                return -1;
            }
            a = (a << 8) | v;
            parts++;
            if (i < to) {
                if (s.charAt(i) != '.' || parts == 4) {
                    return -1;
                }
                i++;
                if (i == to) {
                    return -1;
                }
            }
        }
        return parts == 4 ? a : -1;
    }

    /** An IPv6 address (with "::" and a trailing dotted quad allowed) as 16 bytes, or null. */
    static byte[] ipv6(String s) {
        if (s.indexOf(':') < 0) {
            return null;
        }
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        int[] words = new int[8];
        int n = 0;
        int tail = -1; // index in words where "::" is
        int i = 0;
        int len = s.length();
        if (dbl == 0) {
            tail = 0;
            i = 2;
            if (i == len) {
                return new byte[16];
            }
        }
        while (i < len) {
            int start = i;
            while (i < len && Character.digit(s.charAt(i), 16) >= 0) {
                i++;
            }
            if (i < len && s.charAt(i) == '.') {
                long v4 = ipv4(s, start, len);
                if (v4 < 0 || n > 6) {
                    return null;
                }
                words[n++] = (int) (v4 >>> 16);
                words[n++] = (int) (v4 & 0xffff);
                i = len;
                break;
            }
            if (i == start || i - start > 4 || n == 8) {
                return null;
            }
            words[n++] = Integer.parseInt(s, start, i, 16);
            if (i == len) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < len && s.charAt(i) == ':') {
                if (tail >= 0) {
                    return null;
                }
                tail = n;
                i++;
            } else if (i == len) {
                return null;
            }
        }
        if (tail < 0 ? n != 8 : n > 7) {
            return null;
        }
        int[] full = new int[8];
        if (tail < 0) {
            full = words;
        } else {
            System.arraycopy(words, 0, full, 0, tail);
            int after = n - tail;
            System.arraycopy(words, tail, full, 8 - after, after);
        }
        byte[] b = new byte[16];
        for (int w = 0; w < 8; w++) {
            b[2 * w] = (byte) (full[w] >>> 8);
            b[2 * w + 1] = (byte) full[w];
        }
        return b;
    }

    /** An Ethernet address (aa:bb:cc:dd:ee:ff, with - or . separators, or 12 hex digits) as 48 bits, or -1. */
    static long ether(String s) {
        String h = bytesLiteral(s);
        if (h == null || h.length() != 12) {
            return -1;
        }
        return Long.parseLong(h, 16);
    }

    // ---- literals ----

    /**
     * An integer literal as Wireshark reads it: decimal, 0x hex, 0b binary, a leading 0 for octal, an
     * optional sign; null when it is none of these.
     */
    static Long integerLiteral(String s) {
        String t = s;
        boolean neg = false;
        if (t.startsWith("-") || t.startsWith("+")) {
            neg = t.charAt(0) == '-';
            t = t.substring(1);
        }
        int radix = 10;
        if (t.length() > 2 && t.charAt(0) == '0' && (t.charAt(1) == 'x' || t.charAt(1) == 'X')) {
            radix = 16;
            t = t.substring(2);
        } else if (t.length() > 2 && t.charAt(0) == '0' && (t.charAt(1) == 'b' || t.charAt(1) == 'B')) {
            radix = 2;
            t = t.substring(2);
        } else if (t.length() > 1 && t.charAt(0) == '0') {
            radix = 8;
            t = t.substring(1);
        }
        if (t.isEmpty()) {
            return null;
        }
        for (int i = 0; i < t.length(); i++) {
            if (Character.digit(t.charAt(i), radix) < 0) {
                return null;
            }
        }
        try {
            long v = Long.parseLong(t, radix);
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A byte string literal: hex bytes separated by ':', '-' or '.' (one or two digits each), or an even
     * number of hex digits without separators; as lowercase hex, or null.
     */
    static String bytesLiteral(String s) {
        if (s.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(s.length());
        boolean separated = s.indexOf(':') >= 0 || s.indexOf('-') >= 0 || s.indexOf('.') >= 0;
        if (!separated) {
            if (s.length() % 2 != 0) {
                return null;
            }
            for (int i = 0; i < s.length(); i++) {
                if (Character.digit(s.charAt(i), 16) < 0) {
                    return null;
                }
                sb.append(Character.toLowerCase(s.charAt(i)));
            }
            return sb.toString();
        }
        char sep = 0;
        for (int i = 0; i < s.length() && sep == 0; i++) {
            char c = s.charAt(i);
            if (c == ':' || c == '-' || c == '.') {
                sep = c;
            }
        }
        String[] groups = s.split(java.util.regex.Pattern.quote(String.valueOf(sep)), -1);
        boolean cisco = sep == '.' && groups[0].length() == 4; // aaaa.bbbb.cccc
        for (String part : groups) {
            if (part.isEmpty() || (cisco ? part.length() != 4 : part.length() > 2)) {
                return null;
            }
            for (int i = 0; i < part.length(); i++) {
                if (Character.digit(part.charAt(i), 16) < 0) {
                    return null; // also another separator
                }
            }
            if (part.length() == 1) {
                sb.append('0');
            }
            sb.append(part.toLowerCase(java.util.Locale.ROOT));
        }
        return sb.toString();
    }

    static String hex(byte[] b, int off, int len) {
        char[] c = new char[len * 2];
        for (int i = 0; i < len; i++) {
            int v = b[off + i] & 0xff;
            c[2 * i] = HEX[v >>> 4];
            c[2 * i + 1] = HEX[v & 15];
        }
        return new String(c);
    }

    static String utf8Hex(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return hex(b, 0, b.length);
    }

    /** Lowercase hex (possibly ending in '…' when the tree truncated it) as ISO-8859-1 text, for regexes. */
    static String hexToLatin1(String hex) {
        int n = 0;
        while (n + 1 < hex.length() && Character.digit(hex.charAt(n), 16) >= 0 && Character.digit(hex.charAt(n + 1), 16) >= 0) {
            n += 2;
        }
        char[] c = new char[n / 2];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) ((Character.digit(hex.charAt(2 * i), 16) << 4) | Character.digit(hex.charAt(2 * i + 1), 16));
        }
        return new String(c);
    }

    /** Whether {@code needle} (hex) occurs in {@code hay} (hex) at a byte boundary. */
    static boolean hexContains(String hay, String needle) {
        int from = 0;
        while (true) {
            int i = hay.indexOf(needle, from);
            if (i < 0) {
                return false;
            }
            if ((i & 1) == 0) {
                return true;
            }
            from = i + 1;
        }
    }
}
