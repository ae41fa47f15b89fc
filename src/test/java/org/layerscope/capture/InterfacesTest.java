package org.layerscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Addresses are listed as people write them. */
class InterfacesTest {
    @Test
    void ipv6InRfc5952Form() throws Exception {
        assertEquals("::1", Interfaces.format(InetAddress.getByName("::1")));
        assertEquals("fe80::fc:ff:fe00:1", Interfaces.format(InetAddress.getByName("fe80:0:0:0:fc:ff:fe00:1")));
        assertEquals("fd00::2", Interfaces.format(InetAddress.getByName("fd00:0:0:0:0:0:0:2")));
        assertEquals("2001:db8::1:0:0:1", Interfaces.format(InetAddress.getByName("2001:db8:0:0:1:0:0:1")));
        assertEquals("1:0:2:0:3:0:4:0", Interfaces.format(InetAddress.getByName("1:0:2:0:3:0:4:0")));
        assertEquals("::", Interfaces.format(InetAddress.getByName("::")));
        assertEquals("127.0.0.1", Interfaces.format(InetAddress.getByName("127.0.0.1")));
    }
}
