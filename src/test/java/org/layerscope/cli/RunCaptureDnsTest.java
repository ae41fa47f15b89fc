package org.layerscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.analysis.PacketResult;
import org.layerscope.demo.CertificateAuthority;
import org.layerscope.testutil.Tools;

/**
 * The DNS step of Run &amp; Capture with a DNS server of our own: Debian's dnsmasq in one network namespace, the
 * run (the real command line, in a JVM of its own) in another, joined by a veth pair; the run's
 * {@code /etc/resolv.conf} (through {@code ip netns exec}'s {@code /etc/netns/NAME/resolv.conf}) names that
 * server. A name that does not exist ends the run with exit status 3 and the NXDOMAIN reason, and the saved
 * capture holds the query and its answer; a name that resolves is looked up before the SYN, in the capture.
 * Needs root, iproute2 and dnsmasq.
 */
class RunCaptureDnsTest {
    private static final String NS = "lsdns" + ProcessHandle.current().pid();
    private static final String A = NS + "a";
    private static final String B = NS + "b";
    private static Process dnsmasq;
    private static Path work;

    @BeforeAll
    static void namespaces() throws IOException {
        if (!"0".equals(Tools.run("id", "-u").stdout().trim())) {
            Tools.missing("the DNS step test needs root (network namespaces, live capture)");
        }
        Path ip = Tools.require("ip");
        String dnsmasqPath = Tools.find("dnsmasq").map(Path::toString).orElse(null);
        if (dnsmasqPath == null && Files.isExecutable(Path.of("/usr/sbin/dnsmasq"))) {
            dnsmasqPath = "/usr/sbin/dnsmasq";
        }
        if (dnsmasqPath == null) {
            Tools.missing("dnsmasq is missing (Debian: apt-get install dnsmasq-base)");
        }
        work = Files.createTempDirectory("ls-dns");
        sh(ip + " netns add " + A, ip + " netns add " + B,
                ip + " -n " + A + " link set lo up", ip + " -n " + B + " link set lo up",
                ip + " link add va netns " + A + " type veth peer name vb netns " + B,
                ip + " -n " + A + " addr add 10.98.0.1/24 dev va", ip + " -n " + B + " addr add 10.98.0.2/24 dev vb",
                ip + " -n " + A + " link set va up", ip + " -n " + B + " link set vb up");
        Files.writeString(work.resolve("hosts"), "10.98.0.2 broker.example.test\n");
        Path etc = Path.of("/etc/netns", A);
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("resolv.conf"), "nameserver 10.98.0.2\n");
        dnsmasq = new ProcessBuilder("ip", "netns", "exec", B, dnsmasqPath, "--no-daemon", "--no-resolv", "--no-hosts",
                "--addn-hosts=" + work.resolve("hosts"), "--local=/example.test/", "--listen-address=10.98.0.2",
                "--bind-interfaces", "--user=root", "--pid-file=" + work.resolve("dnsmasq.pid"))
                .redirectErrorStream(true).redirectOutput(work.resolve("dnsmasq.log").toFile()).start();
        sleep(1_000); // dnsmasq binds its address
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (dnsmasq != null) {
            dnsmasq.destroy();
        }
        if (work == null) {
            return; // skipped before anything was set up (no root, no ip, no dnsmasq): nothing to remove
        }
        Tools.run("ip", "netns", "del", A);
        Tools.run("ip", "netns", "del", B);
        Path etc = Path.of("/etc/netns", A);
        Files.deleteIfExists(etc.resolve("resolv.conf"));
        Files.deleteIfExists(etc);
    }

    private static void sh(String... commands) {
        for (String c : commands) {
            Tools.run("sh", "-c", c).requireSuccess();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Tools.Result runCapture(Path dir, String endpoint) throws IOException {
        CertificateAuthority.Pki pki = CertificateAuthority.ensure(dir.resolve("pki")).pki();
        Path profile = dir.resolve("target.properties");
        Files.writeString(profile, "endpoint=" + endpoint + "\nport=8883\ncert=" + pki.clientCert() + "\nkey="
                + pki.clientKey() + "\nca=" + pki.caCert() + "\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", A, java, "-cp",
                System.getProperty("java.class.path"), "org.layerscope.app.Main", "run-capture", "--profile",
                profile.toString(), "--out", dir.resolve("run.pcapng").toString(), "--format", "csv"));
        return Tools.run(cmd, Map.of(), Duration.ofSeconds(90));
    }

    @Test
    void aNameThatDoesNotExistEndsTheRunWithTheNxdomainReason(@TempDir Path dir) throws IOException {
        Tools.Result r = runCapture(dir, "nothere.example.test");
        assertEquals(3, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("the DNS server answered NXDOMAIN for nothere.example.test: check the endpoint"
                + " in the AWS IoT console, Settings \u2192 Device data endpoint"), r.stderr());
        assertTrue(r.stderr().contains("udp port 53"), r.stderr());
        List<PacketResult> frames = RunCaptureSupport.analyze(dir.resolve("run.pcapng"));
        assertTrue(frames.stream().anyMatch(f -> f.info().matches("Standard query 0x[0-9a-f]{4} A nothere\\.example\\.test.*")),
                "the query is in the capture");
        assertTrue(frames.stream().anyMatch(f -> f.info().matches(
                "Standard query response 0x[0-9a-f]{4} No such name A nothere\\.example\\.test.*")), "and its answer");
        assertTrue(frames.stream().noneMatch(PacketResult::isTcp), "no connection was tried");
    }

    @Test
    void theLookupComesBeforeTheSyn(@TempDir Path dir) throws IOException {
        Tools.Result r = runCapture(dir, "broker.example.test");
        // nothing listens on 10.98.0.2:8883: the run ends with the refused connection, after the lookup
        assertEquals(3, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("DNS: broker.example.test is at 10.98.0.2"), r.stderr());
        List<PacketResult> frames = RunCaptureSupport.analyze(dir.resolve("run.pcapng"));
        int answer = -1;
        int syn = -1;
        for (int i = 0; i < frames.size(); i++) {
            PacketResult f = frames.get(i);
            if (answer < 0 && f.info().matches("Standard query response 0x[0-9a-f]{4} A broker\\.example\\.test A 10\\.98\\.0\\.2.*")) {
                answer = i;
                assertEquals("DNS", f.protocol());
                assertEquals("other", f.phase().id());
            }
            if (syn < 0 && f.isTcp()) {
                syn = i;
            }
        }
        assertTrue(answer >= 0, "the DNS answer is in the capture");
        assertTrue(syn > answer, "the SYN comes after the DNS answer");
    }
}
