package org.layerscope.dissect.tls;

/** Hex formatting for display strings. */
final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /** Lower-case hex of up to {@code max} bytes, followed by "…" when {@code len > max}. */
    static String of(byte[] b, int p, int len, int max) {
        int n = Math.max(0, Math.min(len, max));
        StringBuilder sb = new StringBuilder(n * 2 + 1);
        for (int i = 0; i < n; i++) {
            int v = b[p + i] & 0xff;
            sb.append(DIGITS[v >> 4]).append(DIGITS[v & 0xf]);
        }
        if (len > max) {
            sb.append('\u2026');
        }
        return sb.toString();
    }

    static String u16(int v) {
        return "0x" + TlsNames.hex4(v);
    }
}
