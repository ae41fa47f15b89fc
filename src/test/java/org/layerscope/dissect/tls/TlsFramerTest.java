package org.layerscope.dissect.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TlsFramerTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
        ''                 | -1
        16                 | -1
        1603               | -1
        160303             | -1
        16030300           | -1
        1603030000         | 5
        1603010087         | 140
        1403030001         | 6
        1503030002         | 7
        1703030035         | 58
        1803030010         | 21
        160300004a         | 79
        167f1400ff         | 260
        1603044800         | 18437
        1603034801         | -2
        16030f0001         | -2
        1603050001         | -2
        160305             | -2
        1602000001         | -2
        1604000001         | -2
        1303030001         | -2
        1903030001         | -2
        0003030001         | -2
        13                 | -2
        1601               | -2
        10                 | -2
        101800044d515454   | -2
        474554202f         | -2
        8067010300         | 105
        806701000200       | 105
        80670103           | -1
        8067               | -1
        80                 | -1
        8067020300         | -2
        8067010400         | -2
        8067010301         | 105
        800a010300         | -2
        """)
    void probe(String hex, int expected) {
        byte[] b = HexFormat.of().parseHex(hex);
        assertEquals(expected, TlsFramer.probe(b, 0, b.length));
    }

    @Test
    void offsetsAndBounds() {
        byte[] b = HexFormat.of().parseHex("aaaa1603030010bbbb");
        assertEquals(21, TlsFramer.probe(b, 2, 7));
        assertEquals(TlsFramer.NEED_MORE, TlsFramer.probe(b, 2, 3));
        // len larger than the array: only what exists counts
        assertEquals(21, TlsFramer.probe(b, 2, 1000));
        assertEquals(TlsFramer.NOT_TLS, TlsFramer.probe(b, 6, 100));
        assertEquals(TlsFramer.NEED_MORE, TlsFramer.probe(b, 2, 1));
        assertEquals(TlsFramer.NOT_TLS, TlsFramer.probe(null, 0, 5));
        assertEquals(TlsFramer.NOT_TLS, TlsFramer.probe(b, -1, 5));
        assertEquals(TlsFramer.NOT_TLS, TlsFramer.probe(b, 100, 5));
        assertEquals(TlsFramer.NOT_TLS, TlsFramer.probe(b, 0, -3));
        assertEquals(TlsFramer.NEED_MORE, TlsFramer.probe(b, b.length, 0));
    }

    @Test
    void maximumLength() {
        byte[] ok = {22, 3, 3, (byte) 0x48, 0x00};
        assertEquals(5 + (1 << 14) + 2048, TlsFramer.probe(ok, 0, 5));
        byte[] tooLong = {23, 3, 3, (byte) 0x48, 0x01};
        assertEquals(TlsFramer.NOT_TLS, TlsFramer.probe(tooLong, 0, 5));
    }

    @Test
    void notTlsPayloads() {
        for (String s : new String[] {"GET / HTTP/1.1\r\n", "SSH-2.0-OpenSSH", "\u0010\u0012\u0000\u0004MQTT\u0004"}) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(TlsFramer.NOT_TLS, TlsFramer.probe(b, 0, b.length), s);
        }
    }

    @Test
    void everyRecordOfTheFixturesIsFramed() {
        // the SSLv2 ClientHello of rsasnakeoil2.pcap, frame 4 (103 bytes + 2-byte header)
        Fixtures.Segment ssl2 = Fixtures.segments("rsasnakeoil2.pcap").get(0);
        assertEquals(ssl2.data().length, TlsFramer.probe(ssl2.data(), 0, ssl2.data().length));
        for (int i = 0; i < 5; i++) {
            assertEquals(TlsFramer.NEED_MORE, TlsFramer.probe(ssl2.data(), 0, i));
        }
    }
}
