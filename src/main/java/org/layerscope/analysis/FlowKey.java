package org.layerscope.analysis;

import java.util.Arrays;

/** Direction-independent key of a TCP connection: the two (address, port) endpoints in a fixed order. */
final class FlowKey {
    private final byte[] a;
    private final int pa;
    private final byte[] b;
    private final int pb;
    private final int hash;

    FlowKey(byte[] src, int sport, byte[] dst, int dport) {
        int cmp = Arrays.compare(src, dst);
        if (cmp < 0 || (cmp == 0 && sport <= dport)) {
            a = src;
            pa = sport;
            b = dst;
            pb = dport;
        } else {
            a = dst;
            pa = dport;
            b = src;
            pb = sport;
        }
        hash = ((Arrays.hashCode(a) * 31 + pa) * 31 + Arrays.hashCode(b)) * 31 + pb;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey k && k.hash == hash && k.pa == pa && k.pb == pb && Arrays.equals(k.a, a)
                && Arrays.equals(k.b, b);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
