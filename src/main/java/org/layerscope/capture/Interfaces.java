package org.layerscope.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.layerscope.dissect.ip.Addresses;
import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

/** The interfaces libpcap can capture on, and which one to use for a target. */
public final class Interfaces {
    private Interfaces() {
    }

    /**
     * Every interface libpcap lists.
     *
     * @throws CaptureException {@link CaptureException.Reason#LIBPCAP_MISSING} without libpcap, {@code FAILED} when
     *                          libpcap cannot list them
     */
    public static List<NetworkInterfaceInfo> list() throws CaptureException {
        List<PcapNetworkInterface> devices;
        try {
            devices = Pcaps.findAllDevs();
        } catch (PcapNativeException e) {
            throw new CaptureException(CaptureException.classifyOpenError(e.getMessage()), "", e.getMessage(),
                    HostOs.current(), e);
        } catch (LinkageError e) {
            throw libpcapMissing(e);
        }
        List<NetworkInterfaceInfo> out = new ArrayList<>();
        for (PcapNetworkInterface d : devices) {
            List<String> addresses = new ArrayList<>();
            for (PcapAddress a : d.getAddresses()) {
                if (a.getAddress() != null) {
                    addresses.add(format(a.getAddress()));
                }
            }
            out.add(new NetworkInterfaceInfo(d.getName(), d.getDescription(), addresses, d.isLoopBack(), d.isUp()));
        }
        return out;
    }

    /** The interface with that name. */
    public static Optional<NetworkInterfaceInfo> byName(String name) throws CaptureException {
        return list().stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** The loopback interface ({@code lo} on Linux, {@code lo0} on macOS, the Npcap loopback adapter on Windows). */
    public static Optional<NetworkInterfaceInfo> loopback() throws CaptureException {
        List<NetworkInterfaceInfo> all = list();
        return all.stream().filter(NetworkInterfaceInfo::loopback).filter(NetworkInterfaceInfo::up).findFirst()
                .or(() -> all.stream().filter(NetworkInterfaceInfo::loopback).findFirst());
    }

    /**
     * The interface whose traffic reaches {@code target}: loopback for a loopback address, otherwise the interface
     * holding the local address the system routes from (found with an unconnected-then-connected UDP socket, which
     * sends nothing).
     */
    public static Optional<NetworkInterfaceInfo> routeTo(InetAddress target) throws CaptureException {
        if (target.isLoopbackAddress()) {
            return loopback();
        }
        InetAddress local;
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(target, 9));
            local = s.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException("no route to " + target.getHostAddress(), e);
        }
        if (local == null || local.isAnyLocalAddress()) {
            return Optional.empty();
        }
        String wanted = format(local);
        return list().stream().filter(i -> i.addresses().contains(wanted)).findFirst();
    }

    /** The address as people write it: dotted IPv4, or IPv6 in RFC 5952 form ({@code ::1}, {@code fe80::fc:ff:fe00:1}). */
    static String format(InetAddress a) {
        return a instanceof Inet6Address ? Addresses.format(a.getAddress()) : a.getHostAddress();
    }

    static CaptureException libpcapMissing(Throwable e) {
        return new CaptureException(CaptureException.Reason.LIBPCAP_MISSING, "", e.toString(), HostOs.current(), e);
    }
}
