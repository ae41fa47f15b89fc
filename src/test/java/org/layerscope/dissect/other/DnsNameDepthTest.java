package org.layerscope.dissect.other;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.layerscope.analysis.export.FrameFormatter;
import org.layerscope.fuzz.Targets;
import org.layerscope.model.Field;
import org.pcap4j.packet.DnsPacket;

/**
 * DNS names are followed through compression pointers in a loop with RFC 1035's limits (issue #16, bounded
 * recursion wherever input controls depth): pcap4j's own {@code decompress} recursed once per pointer and rebuilt
 * the name at each step, so one 32 KB message of names pointing at each other took 42 s and 16 million characters.
 */
class DnsNameDepthTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** A query whose question i is the label "a" and a pointer to question i-1; question 0 is the root. */
    static byte[] chain(int n) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0x12, 0x34, 0x01, 0x00, (byte) ((n + 1) >> 8), (byte) (n + 1), 0, 0, 0, 0, 0, 0});
        m.writeBytes(new byte[] {0, 0, 1, 0, 1});
        int prev = 12;
        for (int i = 0; i < n; i++) {
            int start = m.size();
            m.writeBytes(new byte[] {1, 'a', (byte) (0xc0 | (prev >> 8)), (byte) prev, 0, 1, 0, 1});
            prev = start;
        }
        return m.toByteArray();
    }

    private static List<String> questionNames(byte[] dns) throws Exception {
        Field tree = Field.root();
        Dns.dissect(DnsPacket.newPacket(dns, 0, dns.length), 0, tree);
        List<String> names = new ArrayList<>();
        collect(tree, names);
        return names;
    }

    private static void collect(Field f, List<String> out) {
        if (f.name().equals("dns.qry.name")) {
            out.add(String.valueOf(f.value()));
        }
        for (Field c : f.children()) {
            collect(c, out);
        }
    }

    @Test
    @Timeout(60)
    void aChainOfCompressionPointersIsFollowedInALoopUpTo255Octets() throws Exception {
        byte[] dns = chain(4000); // 32 KB
        long a0 = THREADS.getCurrentThreadAllocatedBytes();
        long t0 = THREADS.getCurrentThreadCpuTime();
        List<String> names = questionNames(dns);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - a0;
        long cpu = THREADS.getCurrentThreadCpuTime() - t0;
        assertEquals(4001, names.size());
        assertEquals("<Root>", names.get(0));
        // a pointer to the root keeps pcap4j's trailing dot, as before
        assertEquals("a.", names.get(1));
        assertEquals("a.a.a.", names.get(3));
        assertEquals("a" + ".a".repeat(126) + ".", names.get(127)); // 127 labels: 254 octets
        assertEquals(Dns.BAD_NAME, names.get(128)); // 256 octets: longer than RFC 1035 allows
        assertEquals(Dns.BAD_NAME, names.get(4000));
        assertTrue(allocated < 64L << 20, "allocated " + (allocated >> 20) + " MiB");
        assertTrue(cpu < 5_000_000_000L, "took " + cpu / 1_000_000 + " ms of CPU time");
    }

    @Test
    void aPointerLoopIsABadName() throws Exception {
        // the question's name is "a" and a pointer to itself
        byte[] dns = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 1, 'a', (byte) 0xc0, 12, 0, 1, 0, 1};
        assertEquals(List.of(Dns.BAD_NAME), questionNames(dns));
        // a pointer to a pointer to itself: no label at all
        byte[] bare = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 12, 0, 1, 0, 1};
        assertEquals(List.of(Dns.BAD_NAME), questionNames(bare));
    }

    @Test
    void compressedNamesReadAsBefore() throws Exception {
        // www.example.com, then "mail" and a pointer to "example.com", then a bare pointer to the first name
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0x12, 0x34, 0x01, 0x00, 0, 3, 0, 0, 0, 0, 0, 0});
        m.writeBytes(new byte[] {3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1});
        m.writeBytes(new byte[] {4, 'm', 'a', 'i', 'l', (byte) 0xc0, 16, 0, 1, 0, 1});
        m.writeBytes(new byte[] {(byte) 0xc0, 12, 0, 28, 0, 1});
        assertEquals(List.of("www.example.com", "mail.example.com", "www.example.com"), questionNames(m.toByteArray()));
    }

    @Test
    void theWholeAnalysisOfSuchAPacketStaysInTheFuzzingBounds() throws Exception {
        byte[] dns = chain(3000); // a 24 KB datagram in a 24 KB capture
        Targets.analyze(pcap(dns), false, FrameFormatter.Format.json);
        Targets.analyze(pcap(dns), false, FrameFormatter.Format.tsv);
    }

    /** One Ethernet frame: IPv4 127.0.0.1:40000 to 127.0.0.1:53 over UDP carrying {@code dns}. */
    static byte[] pcap(byte[] dns) {
        int udpLen = 8 + dns.length;
        int ipLen = 20 + udpLen;
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(new byte[] {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x08, 0x00});
        byte[] ip = {0x45, 0, (byte) (ipLen >> 8), (byte) ipLen, 0, 1, 0, 0, 64, 17, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1};
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((ip[i] & 0xff) << 8) | (ip[i + 1] & 0xff);
        }
        sum = (sum & 0xffff) + (sum >> 16);
        sum = ~((sum & 0xffff) + (sum >> 16)) & 0xffff;
        ip[10] = (byte) (sum >> 8);
        ip[11] = (byte) sum;
        f.writeBytes(ip);
        f.writeBytes(new byte[] {(byte) 0x9c, 0x40, 0, 53, (byte) (udpLen >> 8), (byte) udpLen, 0, 0});
        f.writeBytes(dns);
        byte[] frame = f.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            (byte) 0xff, (byte) 0xff, 0, 0, 1, 0, 0, 0});
        out.writeBytes(new byte[] {0x10, 0, 0, 0, 0, 0, 0, 0});
        byte[] len = {(byte) frame.length, (byte) (frame.length >> 8), (byte) (frame.length >> 16), 0};
        out.writeBytes(len);
        out.writeBytes(len);
        out.writeBytes(frame);
        return out.toByteArray();
    }

}
