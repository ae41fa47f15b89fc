package org.layerscope.capture;

import java.util.List;

/**
 * One interface a capture can use, as libpcap lists it.
 *
 * @param name        the name to capture on ({@code lo}, {@code eth0}, {@code \Device\NPF_{...}})
 * @param description libpcap's description, or an empty string
 * @param addresses   its IP addresses, in libpcap's order (textual form, IPv6 without scope brackets)
 * @param loopback    whether it is a loopback interface
 * @param up          whether it is up (false when libpcap does not say)
 */
public record NetworkInterfaceInfo(String name, String description, List<String> addresses, boolean loopback,
                                   boolean up) {
    public NetworkInterfaceInfo {
        description = description == null ? "" : description;
        addresses = List.copyOf(addresses);
    }
}
