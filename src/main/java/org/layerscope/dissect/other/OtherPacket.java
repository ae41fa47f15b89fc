package org.layerscope.dissect.other;

import java.util.List;

/**
 * What {@link OtherDissector} made of a frame that is not TCP: Wireshark's Protocol and Info columns, a
 * short label, the key of its explanation, and the facts of a DNS message (null when it is not DNS).
 */
public record OtherPacket(String protocol, String info, String label, String explanationKey, Dns dns) {

    /**
     * A DNS message: {@code rcode} 0 = no error, 3 = NXDOMAIN; {@code addresses} of the A and AAAA answers.
     * {@code rcodeName} is Wireshark's text ("No such name").
     */
    public record Dns(int id, boolean response, int rcode, String rcodeName, String name, String type,
                      List<String> addresses) {
    }
}
