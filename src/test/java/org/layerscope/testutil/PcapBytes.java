package org.layerscope.testutil;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Damage done to a real classic pcap file (little-endian, as LayerScope and tcpdump write them on x86). */
public final class PcapBytes {
    private PcapBytes() {
    }

    /**
     * Writes {@code out}: {@code pcap} with the captured length of record {@code index} (0-based) made impossible
     * (pcap: a 24-byte file header, then 16-byte record headers), so a reader fails there after the records before it.
     */
    public static Path withImpossibleLength(Path pcap, int index, Path out) throws IOException {
        byte[] b = Files.readAllBytes(pcap);
        int at = 24;
        for (int k = 0; k < index; k++) {
            at += 16 + ByteBuffer.wrap(b, at + 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }
        ByteBuffer.wrap(b, at + 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7fffff00);
        return Files.write(out, b);
    }
}
