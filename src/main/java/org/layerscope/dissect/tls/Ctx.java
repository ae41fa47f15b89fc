package org.layerscope.dissect.tls;

import java.util.List;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.Severity;

/**
 * The bytes being dissected and how their indices map to offsets in the caller's buffer.
 *
 * <p>For bytes read straight from the record, {@code delta} is 0 and {@code validFrom} 0. For a handshake
 * message reassembled from several records, {@code b} is the reassembly buffer: only its tail (from
 * {@code validFrom}) lies in the current record, at {@code index + delta}; earlier bytes get offset -1.
 * Decrypted bytes are nowhere in the caller's buffer ({@code validFrom} = MAX_VALUE).
 */
final class Ctx {
    final byte[] b;
    final int delta;
    final int validFrom;
    final boolean on;
    final Direction dir;
    final List<ExpertItem> expert;
    final SessionState s;

    Ctx(byte[] b, int delta, int validFrom, boolean on, Direction dir, List<ExpertItem> expert, SessionState s) {
        this.b = b;
        this.delta = delta;
        this.validFrom = validFrom;
        this.on = on;
        this.dir = dir;
        this.expert = expert;
        this.s = s;
    }

    /** Offset in the caller's buffer of index {@code p} of {@link #b}, or -1. */
    int o(int p) {
        return p >= validFrom ? p + delta : -1;
    }

    boolean client() {
        return dir == Direction.CLIENT_TO_SERVER;
    }

    int u8(int p) {
        return b[p] & 0xff;
    }

    int u16(int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }

    int u24(int p) {
        return ((b[p] & 0xff) << 16) | ((b[p + 1] & 0xff) << 8) | (b[p + 2] & 0xff);
    }

    long u32(int p) {
        return ((long) u16(p) << 16) | u16(p + 2);
    }

    Field add(Field parent, String name, int p, int len, Object value, String display) {
        return parent.add(name, o(p), len, value, display);
    }

    void expert(Severity sev, String key, String text, int p, int len) {
        expert.add(new ExpertItem(sev, key, text, o(p), len));
    }

    /**
     * Bounds check before a read: returns when {@code n} bytes are available at {@code p} before {@code end},
     * else throws {@link Malformed}, which the decoder's boundaries (handshake message, extension block, each
     * extension, certificate list, SSLv2 hello) turn into a {@code tls.malformed} expert item with
     * {@link #malformed}; what was decoded before stays in the tree.
     */
    void need(int p, int n, int end, String what) {
        if (n < 0 || p > end || end - p < n) {
            throw new Malformed(what + ": truncated (needs " + n + " bytes, " + Math.max(0, end - p) + " left)",
                    p, Math.max(0, end - p));
        }
    }

    /** Reports content cut short (thrown by {@link #need}) as a {@code tls.malformed} error. */
    void malformed(Malformed m) {
        expert(Severity.ERROR, "tls.malformed", m.getMessage(), m.index, m.length);
    }

    /** Truncated or inconsistent content at {@code index} of {@link #b}: stackless, never leaves the decoder. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int index;
        final int length;

        Malformed(String message, int index, int length) {
            super(message, null, false, false);
            this.index = index;
            this.length = length;
        }
    }

    /** Hex of up to {@code max} bytes, with an ellipsis when longer. */
    String hex(int p, int len, int max) {
        return Hex.of(b, p, len, max);
    }
}
