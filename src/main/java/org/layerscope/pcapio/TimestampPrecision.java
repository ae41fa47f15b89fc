package org.layerscope.pcapio;

/** Time stamp resolution of a written capture: the pcap magic number, or the pcapng {@code if_tsresol}. */
public enum TimestampPrecision {
    MICROSECONDS(6, 1_000_000L),
    NANOSECONDS(9, 1_000_000_000L);

    private final int decimalExponent;
    private final long unitsPerSecond;

    TimestampPrecision(int decimalExponent, long unitsPerSecond) {
        this.decimalExponent = decimalExponent;
        this.unitsPerSecond = unitsPerSecond;
    }

    /** The pcapng {@code if_tsresol} value (a power of ten). */
    public int tsresol() {
        return decimalExponent;
    }

    public long unitsPerSecond() {
        return unitsPerSecond;
    }

    /** Nanoseconds per unit: 1000 or 1. */
    long nanosPerUnit() {
        return 1_000_000_000L / unitsPerSecond;
    }

    /** The coarsest precision that keeps every time stamp of an interface with this resolution. */
    public static TimestampPrecision forUnitsPerSecond(long unitsPerSecond) {
        return unitsPerSecond > 0 && unitsPerSecond <= 1_000_000L && 1_000_000L % unitsPerSecond == 0
                ? MICROSECONDS : NANOSECONDS;
    }
}
