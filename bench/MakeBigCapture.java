import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.pcapio.PcapWriter;
import org.layerscope.pcapio.TimestampPrecision;

/**
 * Makes a big classic pcap for the benchmark by repeating the TCP connections of a real seed capture.
 *
 * <pre>
 * java -cp target/layerscope.jar bench/MakeBigCapture.java SEED OUT.pcap [FRAMES [CONCURRENT]]
 * </pre>
 *
 * <p>Reads the seed (pcap or pcapng, with the project's own reader, so it must run with the LayerScope jar on
 * the class path; JDK 17, nothing else) and writes a nanosecond pcap of at least FRAMES frames (default
 * 1,000,000): whole repetitions of the seed, so the count is rounded up to a multiple of the seed's frame
 * count and every connection is complete.
 *
 * <p>In every repetition, each TCP connection of the seed gets its own client endpoint: a client port from the
 * Linux ephemeral range 32768-60999 (leaving out the seed's server ports and the ports LayerScope treats as
 * well-known server ports), and when those run out, the next client IP address (IPv4: the seed client's
 * address plus n in its low 24 bits; IPv6: plus n in its low 32 bits). The server side is kept. Rewritten: the
 * IP source/destination address and TCP port fields of the client side, the IPv4 header checksum (recomputed)
 * and the TCP checksum (adjusted incrementally, RFC 1624: a checksum that was valid stays valid, one that was
 * not, for instance because the seed was captured on loopback with checksum offload, stays equally invalid).
 * Sequence numbers and payloads are kept, so every repetition is a valid, separate TCP connection that the
 * analysis must reassemble and dissect for real.
 *
 * <p>Time stamps are shifted so time keeps increasing: repetition r starts r * PERIOD after the seed's first
 * frame, PERIOD = (seed duration + 1 ms) / CONCURRENT. With CONCURRENT = 1 (default) repetitions follow one
 * another; with CONCURRENT = k about k connections are open at once and their frames interleave (merged by
 * time).
 *
 * <p>Frames that are not TCP over IPv4/IPv6 (ARP, UDP, IP fragments...) are copied unchanged, time-shifted.
 * The output is streamed (only the seed, which is small, is held in memory). The seed must have a single link
 * type (a classic pcap has one).
 */
public final class MakeBigCapture {
    private static final long DEFAULT_FRAMES = 1_000_000L;
    private static final long MAX_SEED_BYTES = 256L << 20;
    private static final long GAP_NANOS = 1_000_000L;
    private static final int EPHEMERAL_FIRST = 32768;
    private static final int EPHEMERAL_LAST = 60999;
    /** Ports LayerScope's Analyzer treats as server ports (it must not take a client for a server). */
    private static final int[] WELL_KNOWN = {443, 8883, 1883, 8443, 4433, 9131, 80, 8080, 5671, 5672};

    /** Where the IP and TCP headers of a seed frame are, and which seed connection it belongs to. */
    private static final class SeedFrame {
        final RawFrame raw;
        int ipOffset = -1;
        boolean v6;
        int tcpOffset = -1;
        int flow = -1;
        /** The client of the flow is this frame's source (else its destination). */
        boolean clientIsSource;

        SeedFrame(RawFrame raw) {
            this.raw = raw;
        }
    }

    /** One TCP connection (4-tuple) of the seed. */
    private static final class Flow {
        final String key;
        byte[] clientAddr;
        int clientPort;
        byte[] serverAddr;
        int serverPort;
        boolean synSeen;

        Flow(String key) {
            this.key = key;
        }
    }

    /** The next frame of one repetition. */
    private record Cursor(long rep, int index, long time) {
    }

    private MakeBigCapture() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 4) {
            System.err.println("usage: java -cp target/layerscope.jar bench/MakeBigCapture.java SEED OUT.pcap"
                    + " [FRAMES (default " + DEFAULT_FRAMES + ")] [CONCURRENT (default 1)]");
            System.exit(2);
        }
        Path seedPath = Path.of(args[0]);
        Path outPath = Path.of(args[1]);
        long frames = args.length > 2 ? Long.parseLong(args[2].replace("_", "")) : DEFAULT_FRAMES;
        int concurrent = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        if (frames < 1 || concurrent < 1) {
            throw new IllegalArgumentException("FRAMES and CONCURRENT must be at least 1");
        }
        long started = System.nanoTime();

        List<SeedFrame> seed = readSeed(seedPath);
        int linkType = seed.get(0).raw.linkType();
        List<Flow> flows = findFlows(seed);
        int[] ports = clientPorts(flows);
        long firstTime = Long.MAX_VALUE;
        long lastTime = Long.MIN_VALUE;
        for (SeedFrame f : seed) {
            firstTime = Math.min(firstTime, f.raw.timestampNanos());
            lastTime = Math.max(lastTime, f.raw.timestampNanos());
        }
        long period = Math.max(1, (lastTime - firstTime + GAP_NANOS) / concurrent);
        long reps = (frames + seed.size() - 1) / seed.size();
        long lastStart = firstTime + (reps - 1) * period + (lastTime - firstTime);
        if (lastStart / 1_000_000_000L > 0xffffffffL) {
            throw new IllegalArgumentException("the time stamps would pass the pcap limit (2106)");
        }

        Path parent = outPath.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        long written = 0;
        long maxIpIndex = 0;
        try (PcapWriter out = PcapWriter.create(outPath, linkType, 0, TimestampPrecision.NANOSECONDS)) {
            PriorityQueue<Cursor> active = new PriorityQueue<>((a, b) -> a.time != b.time
                    ? Long.compare(a.time, b.time) : Long.compare(a.rep, b.rep));
            long nextRep = 0;
            while (nextRep < reps || !active.isEmpty()) {
                if (nextRep < reps && (active.isEmpty() || firstTime + nextRep * period <= active.peek().time)) {
                    long shift = nextRep * period;
                    active.add(new Cursor(nextRep, 0, seed.get(0).raw.timestampNanos() + shift));
                    nextRep++;
                    continue;
                }
                Cursor c = active.poll();
                SeedFrame sf = seed.get(c.index);
                written++;
                byte[] data = sf.raw.data().clone();
                if (sf.flow >= 0) {
                    long k = c.rep * flows.size() + sf.flow;
                    long ipIndex = k / ports.length;
                    maxIpIndex = Math.max(maxIpIndex, ipIndex);
                    rewrite(data, sf, flows.get(sf.flow), ports[(int) (k % ports.length)], ipIndex);
                }
                out.writeFrame(new RawFrame(written, c.time, linkType, sf.raw.originalLength(), data, 0, null));
                if (c.index + 1 < seed.size()) {
                    long shift = c.rep * period;
                    active.add(new Cursor(c.rep, c.index + 1, seed.get(c.index + 1).raw.timestampNanos() + shift));
                }
                if (written % 250_000 == 0) {
                    System.err.printf("MakeBigCapture: %,d frames...%n", written);
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.err.printf("MakeBigCapture: wrote %s: %,d frames (%,d repetitions of %d frames, %d TCP connection(s)"
                        + " each; %,d client ports per address, %d client address(es)), %,d bytes, in %.1f s%n",
                outPath, written, reps, seed.size(), flows.size(), ports.length, maxIpIndex + 1,
                Files.size(outPath), seconds);
    }

    // ---------------------------------------------------------------- seed

    private static List<SeedFrame> readSeed(Path path) throws IOException {
        List<SeedFrame> seed = new ArrayList<>();
        long bytes = 0;
        try (CaptureReader r = CaptureFiles.open(path)) {
            RawFrame f;
            while ((f = r.next()) != null) {
                if (!seed.isEmpty() && f.linkType() != seed.get(0).raw.linkType()) {
                    throw new IllegalArgumentException("the seed has several link types (" + seed.get(0).raw.linkType()
                            + ", " + f.linkType() + "); a classic pcap holds one");
                }
                bytes += f.data().length;
                if (bytes > MAX_SEED_BYTES) {
                    throw new IllegalArgumentException("the seed is too big to hold in memory (> 256 MiB)");
                }
                seed.add(new SeedFrame(f));
            }
            for (String w : r.warnings()) {
                System.err.println("MakeBigCapture: warning: seed: " + w);
            }
        }
        if (seed.isEmpty()) {
            throw new IllegalArgumentException("the seed has no frames");
        }
        for (SeedFrame sf : seed) {
            locateTcp(sf);
        }
        return seed;
    }

    /** Finds the IP and TCP headers of a frame; leaves them at -1 when it is not unfragmented TCP over IP. */
    private static void locateTcp(SeedFrame sf) {
        byte[] d = sf.raw.data();
        int off;
        int version; // 4, 6 or 0 = look at the first nibble
        switch (sf.raw.linkType()) {
            case 1 -> { // Ethernet, with 802.1Q / 802.1ad tags
                off = 12;
                int type = u16(d, off);
                while (type == 0x8100 || type == 0x88a8) {
                    off += 4;
                    type = u16(d, off);
                }
                off += 2;
                version = type == 0x0800 ? 4 : type == 0x86dd ? 6 : -1;
            }
            case 113 -> { // Linux cooked v1
                off = 16;
                int type = u16(d, 14);
                version = type == 0x0800 ? 4 : type == 0x86dd ? 6 : -1;
            }
            case 276 -> { // Linux cooked v2
                off = 20;
                int type = u16(d, 0);
                version = type == 0x0800 ? 4 : type == 0x86dd ? 6 : -1;
            }
            case 0, 108 -> { // BSD NULL (host byte order) / OpenBSD LOOP (network byte order)
                off = 4;
                if (d.length < 4) {
                    return;
                }
                int family = sf.raw.linkType() == 108 ? (int) u32(d, 0)
                        : Math.min((int) u32(d, 0), Integer.reverseBytes((int) u32(d, 0)));
                version = family == 2 ? 4 : family == 24 || family == 28 || family == 30 ? 6 : -1;
            }
            case 12, 14, 101, 228, 229 -> {
                off = 0;
                version = 0;
            }
            default -> {
                return;
            }
        }
        if (version < 0 || d.length < off + 1) {
            return;
        }
        if (version == 0) {
            version = (d[off] & 0xff) >> 4;
        }
        if (version == 4) {
            if (d.length < off + 20 || (d[off] & 0xff) >> 4 != 4) {
                return;
            }
            int ihl = (d[off] & 0x0f) * 4;
            int fragment = u16(d, off + 6) & 0x3fff; // MF flag and fragment offset
            if (ihl < 20 || d[off + 9] != 6 || fragment != 0 || d.length < off + ihl + 20) {
                return;
            }
            sf.ipOffset = off;
            sf.tcpOffset = off + ihl;
        } else if (version == 6) {
            if (d.length < off + 40 || (d[off] & 0xff) >> 4 != 6) {
                return;
            }
            int next = d[off + 6] & 0xff;
            int p = off + 40;
            while (next == 0 || next == 43 || next == 60) { // hop-by-hop, routing, destination options
                if (d.length < p + 8) {
                    return;
                }
                next = d[p] & 0xff;
                p += ((d[p + 1] & 0xff) + 1) * 8;
            }
            if (next != 6 || d.length < p + 20) {
                return;
            }
            sf.ipOffset = off;
            sf.v6 = true;
            sf.tcpOffset = p;
        }
    }

    /** Groups the seed's TCP frames into connections and picks each one's client. */
    private static List<Flow> findFlows(List<SeedFrame> seed) {
        Map<String, Flow> byKey = new LinkedHashMap<>();
        for (SeedFrame sf : seed) {
            if (sf.tcpOffset < 0) {
                continue;
            }
            byte[] d = sf.raw.data();
            byte[] src = srcAddr(sf);
            byte[] dst = dstAddr(sf);
            int sport = u16(d, sf.tcpOffset);
            int dport = u16(d, sf.tcpOffset + 2);
            String a = hex(src) + "/" + sport;
            String b = hex(dst) + "/" + dport;
            String key = a.compareTo(b) <= 0 ? a + "-" + b : b + "-" + a;
            Flow flow = byKey.computeIfAbsent(key, Flow::new);
            int flags = d[sf.tcpOffset + 13] & 0xff;
            boolean pureSyn = (flags & 0x02) != 0 && (flags & 0x10) == 0;
            boolean srcIsClient;
            if (pureSyn && !flow.synSeen) {
                srcIsClient = true; // the SYN says who the client is
                flow.synSeen = true;
            } else if (flow.clientAddr == null) {
                srcIsClient = sport >= dport; // a guess until a SYN comes: the higher port is the client
            } else {
                continue;
            }
            flow.clientAddr = srcIsClient ? src : dst;
            flow.clientPort = srcIsClient ? sport : dport;
            flow.serverAddr = srcIsClient ? dst : src;
            flow.serverPort = srcIsClient ? dport : sport;
        }
        List<Flow> flows = new ArrayList<>(byKey.values());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < flows.size(); i++) {
            index.put(flows.get(i).key, i);
        }
        for (SeedFrame sf : seed) {
            if (sf.tcpOffset < 0) {
                continue;
            }
            byte[] d = sf.raw.data();
            byte[] src = srcAddr(sf);
            int sport = u16(d, sf.tcpOffset);
            int dport = u16(d, sf.tcpOffset + 2);
            String a = hex(src) + "/" + sport;
            String b = hex(dstAddr(sf)) + "/" + dport;
            sf.flow = index.get(a.compareTo(b) <= 0 ? a + "-" + b : b + "-" + a);
            Flow flow = flows.get(sf.flow);
            sf.clientIsSource = sport == flow.clientPort && java.util.Arrays.equals(src, flow.clientAddr);
        }
        if (flows.isEmpty()) {
            throw new IllegalArgumentException("the seed has no TCP over IPv4/IPv6 frames");
        }
        return flows;
    }

    /** The client ports to hand out: the ephemeral range without the seed's server ports and well-known ports. */
    private static int[] clientPorts(List<Flow> flows) {
        Set<Integer> excluded = new TreeSet<>();
        for (int p : WELL_KNOWN) {
            excluded.add(p);
        }
        for (Flow f : flows) {
            excluded.add(f.serverPort);
        }
        return java.util.stream.IntStream.rangeClosed(EPHEMERAL_FIRST, EPHEMERAL_LAST)
                .filter(p -> !excluded.contains(p)).toArray();
    }

    // ---------------------------------------------------------------- rewriting

    /** Gives the frame's client side the port {@code port} and the {@code ipIndex}-th client address. */
    private static void rewrite(byte[] d, SeedFrame sf, Flow flow, int port, long ipIndex) {
        int ip = sf.ipOffset;
        int tcp = sf.tcpOffset;
        int addrLen = sf.v6 ? 16 : 4;
        int addrOffset = ip + (sf.v6 ? (sf.clientIsSource ? 8 : 24) : (sf.clientIsSource ? 12 : 16));
        int portOffset = tcp + (sf.clientIsSource ? 0 : 2);
        boolean tcpChecksumCaptured = d.length >= tcp + 18;
        int check = tcpChecksumCaptured ? u16(d, tcp + 16) : 0;

        byte[] addr = flow.clientAddr.clone();
        if (ipIndex > 0) {
            if (sf.v6) {
                long low = (u32(addr, 12) + ipIndex) & 0xffffffffL;
                put32(addr, 12, low);
            } else {
                long v = u32(addr, 0);
                long low = ((v & 0x00ffffffL) + ipIndex) & 0x00ffffffL;
                put32(addr, 0, (v & 0xff000000L) | low);
            }
        }
        for (int i = 0; i < addrLen; i += 2) {
            int old = u16(d, addrOffset + i);
            int now = ((addr[i] & 0xff) << 8) | (addr[i + 1] & 0xff);
            check = adjust(check, old, now);
            d[addrOffset + i] = addr[i];
            d[addrOffset + i + 1] = addr[i + 1];
        }
        check = adjust(check, u16(d, portOffset), port);
        put16(d, portOffset, port);
        if (tcpChecksumCaptured) {
            put16(d, tcp + 16, check);
        }
        if (!sf.v6) {
            int ihl = (d[ip] & 0x0f) * 4;
            put16(d, ip + 10, 0);
            long sum = 0;
            for (int i = 0; i < ihl; i += 2) {
                sum += u16(d, ip + i);
            }
            while ((sum >> 16) != 0) {
                sum = (sum & 0xffff) + (sum >> 16);
            }
            put16(d, ip + 10, (int) (~sum & 0xffff));
        }
    }

    /** RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'). */
    private static int adjust(int check, int oldWord, int newWord) {
        int sum = (~check & 0xffff) + (~oldWord & 0xffff) + (newWord & 0xffff);
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        return ~sum & 0xffff;
    }

    // ---------------------------------------------------------------- bytes

    private static byte[] srcAddr(SeedFrame sf) {
        int o = sf.ipOffset + (sf.v6 ? 8 : 12);
        return java.util.Arrays.copyOfRange(sf.raw.data(), o, o + (sf.v6 ? 16 : 4));
    }

    private static byte[] dstAddr(SeedFrame sf) {
        int o = sf.ipOffset + (sf.v6 ? 24 : 16);
        return java.util.Arrays.copyOfRange(sf.raw.data(), o, o + (sf.v6 ? 16 : 4));
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    private static int u16(byte[] b, int off) {
        if (b.length < off + 2) {
            return -1;
        }
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    private static long u32(byte[] b, int off) {
        return ((long) (b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8)
                | (b[off + 3] & 0xff);
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >> 8);
        b[off + 1] = (byte) v;
    }

    private static void put32(byte[] b, int off, long v) {
        b[off] = (byte) (v >> 24);
        b[off + 1] = (byte) (v >> 16);
        b[off + 2] = (byte) (v >> 8);
        b[off + 3] = (byte) v;
    }
}
