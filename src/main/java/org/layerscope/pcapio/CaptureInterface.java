package org.layerscope.pcapio;

/**
 * One capture interface (a pcapng Interface Description Block, or the single interface of a pcap).
 *
 * @param linkType       LINKTYPE_* value
 * @param snapLength     maximum captured length (0 = unlimited)
 * @param name           {@code if_name} or null
 * @param description    {@code if_description} or null
 * @param tsUnitsPerSecond timestamp resolution in units per second ({@code if_tsresol}; pcap: 10^6 or 10^9)
 * @param tsOffsetSeconds {@code if_tsoffset}, 0 when absent
 */
public record CaptureInterface(int linkType, int snapLength, String name, String description,
                               long tsUnitsPerSecond, long tsOffsetSeconds) {
}
