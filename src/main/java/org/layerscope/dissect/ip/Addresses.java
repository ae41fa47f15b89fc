package org.layerscope.dissect.ip;

/** Text forms of addresses as Wireshark prints them (IPv6 in RFC 5952 compressed form). */
public final class Addresses {
    private Addresses() {
    }

    /** An IPv4 address read from a frame, shared by every frame that carries it, with its text as UTF-8. */
    private static final class V4 {
        final int value;
        final byte[] bytes;
        final byte[] text;

        V4(int value, byte[] bytes) {
            this.value = value;
            this.bytes = bytes;
            this.text = format(bytes).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private static final int V4_BITS = 8;
    /**
     * The IPv4 addresses met last, by a hash of their value: a capture has few of them, so frames share one array
     * per address instead of a copy each (less to allocate; equal addresses are mostly the same array). Read and
     * written by any thread without a lock: an entry is immutable and its fields are final, so a thread sees it
     * whole or not at all; a lost update only costs a new entry.
     */
    private static final V4[] V4_CACHE = new V4[1 << V4_BITS];

    /**
     * The 4 bytes at {@code d[at..at+4)} as an address array: a shared one when the address was met before. The
     * array must never be modified (nobody does: addresses are values).
     */
    public static byte[] ipv4(byte[] d, int at) {
        int v = ((d[at] & 0xff) << 24) | ((d[at + 1] & 0xff) << 16) | ((d[at + 2] & 0xff) << 8) | (d[at + 3] & 0xff);
        int slot = (v * 0x9E3779B1) >>> (32 - V4_BITS);
        V4 e = V4_CACHE[slot];
        if (e != null && e.value == v) {
            return e.bytes;
        }
        e = new V4(v, java.util.Arrays.copyOfRange(d, at, at + 4));
        V4_CACHE[slot] = e;
        return e.bytes;
    }

    /**
     * {@link #format} of {@code a} as ASCII bytes when {@code a} is an array {@link #ipv4} handed out and still
     * keeps (a quick look-up), else null.
     */
    public static byte[] cachedText(byte[] a) {
        if (a == null || a.length != 4) {
            return null;
        }
        int v = ((a[0] & 0xff) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff);
        V4 e = V4_CACHE[(v * 0x9E3779B1) >>> (32 - V4_BITS)];
        return e != null && e.bytes == a ? e.text : null;
    }

    public static String format(byte[] a) {
        if (a == null) {
            return "";
        }
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        if (a.length == 16) {
            return ipv6(a);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(String.format("%02x", a[i] & 0xff));
        }
        return sb.toString();
    }

    private static String ipv6(byte[] a) {
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        // IPv4-mapped ::ffff:a.b.c.d
        boolean mapped = w[0] == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0xffff;
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (w[i] == 0) {
                int j = i;
                while (j < 8 && w[j] == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        int words = mapped ? 6 : 8;
        for (int i = 0; i < words; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(w[i]));
        }
        if (mapped) {
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(a[12] & 0xff).append('.').append(a[13] & 0xff).append('.').append(a[14] & 0xff)
                    .append('.').append(a[15] & 0xff);
        }
        return sb.toString();
    }
}
