package org.layerscope.tls.keys;

/** Lower-case hex without separators; parsing is case-insensitive and never throws. */
final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    static String encode(byte[] b) {
        char[] out = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            out[2 * i] = DIGITS[(b[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[b[i] & 0xf];
        }
        return new String(out);
    }

    /** The bytes of {@code s}, or null when it is empty, of odd length or not hex. */
    static byte[] decode(CharSequence s) {
        int n = s.length();
        if (n == 0 || (n & 1) != 0) {
            return null;
        }
        byte[] out = new byte[n / 2];
        for (int i = 0; i < n; i += 2) {
            int hi = Character.digit(s.charAt(i), 16);
            int lo = Character.digit(s.charAt(i + 1), 16);
            if (hi < 0 || lo < 0 || s.charAt(i) > 'f' || s.charAt(i + 1) > 'f') {
                return null;
            }
            out[i / 2] = (byte) ((hi << 4) | lo);
        }
        return out;
    }
}
