package org.layerscope.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.layerscope.capture.CaptureText;
import org.layerscope.dissect.ip.NetDecoder;
import org.layerscope.dissect.ip.NetPacket;
import org.layerscope.dissect.other.OtherDissector;
import org.layerscope.dissect.other.OtherPacket;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.RawFrame;

/**
 * The first step of Run &amp; Capture against a broker given by name (AWS IoT Core's
 * {@code xxx-ats.iot.REGION.amazonaws.com}): the device asks DNS where the broker is. The capture already runs
 * (its default filter keeps {@code udp port 53} too), so the query and the answer are in the saved file. When the
 * name does not resolve, the DNS answer seen in the capture says why (NXDOMAIN: the endpoint is wrong).
 *
 * <p>The lookup goes through the system's resolver like the MQTT client's; the JVM caches answers for 30 s
 * ({@code networkaddress.cache.ttl}), so a run right after another one may show no DNS exchange.
 */
final class DnsStep {
    private final String name;
    private final OtherDissector dissector = new OtherDissector();
    private OtherPacket.Dns answer;

    DnsStep(String name) {
        this.name = strip(name);
    }

    /** Whether the endpoint is a DNS name (not an IPv4 or IPv6 literal, not localhost). */
    static boolean isName(String endpoint) {
        if (endpoint == null || endpoint.isBlank() || endpoint.equalsIgnoreCase("localhost")) {
            return false;
        }
        return !endpoint.matches("[0-9.]+") && !endpoint.contains(":");
    }

    /** The default capture filter for a target: its TCP port, and DNS when its endpoint is a name. */
    static String defaultFilter(TargetProfile p) {
        return !p.embedded() && isName(p.endpoint()) ? "tcp port " + p.port() + " or udp port 53"
                : "tcp port " + p.port();
    }

    /**
     * The address to find the capture interface by, before the lookup: the first name server of
     * {@code /etc/resolv.conf} (where the query goes), or, for a local stub resolver, an address of the
     * documentation range 192.0.2.0/24 (only for the routing table: nothing is sent to it), whose route is the
     * default route, where the stub's own queries and the connection to the broker leave.
     */
    static InetAddress routeHint() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/resolv.conf"))) {
                String[] w = line.trim().split("\\s+");
                if (w.length >= 2 && w[0].equals("nameserver") && !w[1].contains("%")) {
                    InetAddress a = InetAddress.getByName(w[1]); // a literal: no lookup
                    if (!a.isLoopbackAddress()) {
                        return a;
                    }
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no resolv.conf (Windows, macOS without it): the default route
        }
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A captured frame (the capture's thread): remembers the DNS answer for the name. */
    void accept(RawFrame frame) {
        NetPacket p = new NetPacket();
        NetDecoder.decode(frame, p, Field.NONE, new ArrayList<>());
        if (!p.udp || p.srcPort != 53) {
            return;
        }
        List<ExpertItem> ignored = new ArrayList<>();
        OtherPacket o = dissector.dissect(frame, p, Field.NONE, ignored);
        if (o != null && o.dns() != null && o.dns().response() && o.dns().name() != null
                && strip(o.dns().name()).equalsIgnoreCase(name)) {
            synchronized (this) {
                // an error answer stays: a later answer for the other address family must not hide it
                if (answer == null || answer.rcode() == 0) {
                    answer = o.dns();
                }
                notifyAll();
            }
        }
    }

    /**
     * Looks the name up. Returns empty when it resolved, else the one-line reason (from the captured answer when
     * there is one). Status lines go to {@code status}.
     */
    Optional<String> lookup(Locale locale, Consumer<String> status) {
        status.accept(CaptureText.get(locale, "run.dns.lookup", name));
        try {
            InetAddress[] all = InetAddress.getAllByName(name);
            List<String> a = new ArrayList<>();
            for (InetAddress i : all) {
                a.add(i.getHostAddress());
            }
            status.accept(CaptureText.get(locale, "run.dns.resolved", name, String.join(", ", a)));
            return Optional.empty();
        } catch (UnknownHostException e) {
            // the answer reached the resolver, so it is on its way through the capture: on a busy laptop that took
            // over a second (a loaded 2-core machine); waiting ends as soon as it is seen
            OtherPacket.Dns seen = awaitAnswer(3_000);
            if (seen != null && seen.rcode() == 3) {
                return Optional.of(CaptureText.get(locale, "run.dns.nxdomain", name));
            }
            if (seen != null && seen.rcode() != 0) {
                return Optional.of(CaptureText.get(locale, "run.dns.error", name, seen.rcodeName()));
            }
            return Optional.of(CaptureText.get(locale, "run.dns.unresolved", name));
        }
    }

    /** The captured answer (it may still be on its way through the capture), or null. */
    private synchronized OtherPacket.Dns awaitAnswer(long millis) {
        long end = System.currentTimeMillis() + millis;
        while (answer == null || answer.rcode() == 0) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return answer;
    }

    private static String strip(String n) {
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
