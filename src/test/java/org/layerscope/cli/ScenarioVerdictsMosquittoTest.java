package org.layerscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.capture.CaptureSupport;
import org.layerscope.capture.LiveCapture;
import org.layerscope.demo.EmbeddedBroker;
import org.layerscope.testutil.Tools;

/**
 * The new verdicts on captures of Debian's mosquitto (plain MQTT on loopback, captured live, as root): a second
 * client with the same client id ({@code mosquitto_sub} then {@code mosquitto_pub}), a client with keep-alive 2 s
 * that stops sending (a raw socket client: {@code mosquitto_sub} refuses a keep-alive under 5 s), an MQTT 5 client
 * whose PUBLISH is larger than the broker's {@code max_packet_size} (DISCONNECT 0x95) and an MQTT 5 client with a
 * wrong password (CONNACK 0x87). tshark decodes the same captures and must agree on what decided each verdict.
 */
class ScenarioVerdictsMosquittoTest {
    @TempDir
    static Path dir;
    static Process mosquitto;
    static int open;
    static int locked;
    static String loopback;

    @BeforeAll
    static void startMosquitto() throws Exception {
        Path bin = Tools.require("mosquitto");
        Tools.require("mosquitto_pub");
        Tools.require("mosquitto_passwd");
        Tools.require("tshark");
        loopback = CaptureSupport.requireLoopbackCapture();
        open = EmbeddedBroker.freePort(EmbeddedBroker.HOST);
        locked = EmbeddedBroker.freePort(EmbeddedBroker.HOST);
        Path pw = dir.resolve("passwords");
        Tools.run(Tools.require("mosquitto_passwd").toString(), "-b", "-c", pw.toString(), "device", "secret")
                .requireSuccess();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "per_listener_settings true",
                "listener " + open + " 127.0.0.1",
                "allow_anonymous true",
                "max_packet_size 200",
                "listener " + locked + " 127.0.0.1",
                "allow_anonymous false",
                "password_file " + pw,
                "persistence false",
                "user root",
                "log_dest stderr", ""), StandardCharsets.UTF_8);
        mosquitto = new ProcessBuilder(bin.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        for (int port : new int[] {open, locked}) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (true) {
                try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
                    break;
                } catch (IOException e) {
                    if (System.currentTimeMillis() > deadline || !mosquitto.isAlive()) {
                        throw new IllegalStateException("mosquitto did not start: "
                                + Files.readString(dir.resolve("mosquitto.log")));
                    }
                    Thread.sleep(50);
                }
            }
        }
    }

    @AfterAll
    static void stopMosquitto() throws InterruptedException {
        if (mosquitto != null) {
            mosquitto.destroy();
            mosquitto.waitFor();
        }
    }

    interface Exchange {
        void run() throws Exception;
    }

    /** Captures {@code exchange} on loopback (port {@code port} only) into NAME.pcapng. */
    static Path capture(String name, int port, Exchange exchange) throws Exception {
        Path out = dir.resolve(name + ".pcapng");
        LiveCapture c = LiveCapture.start(new LiveCapture.Options(loopback, "tcp port " + port, out, List.of(
                "ScenarioVerdictsMosquittoTest: " + name)), f -> { });
        try {
            Thread.sleep(200);
            exchange.run();
            Thread.sleep(300);
        } finally {
            c.stop();
        }
        return out;
    }

    @Test
    void secondClientWithTheSameIdMqtt311() throws Exception {
        takenOver("taken-over-311", "mqttv311");
    }

    @Test
    void secondClientWithTheSameIdMqtt5() throws Exception {
        takenOver("taken-over-5", "5");
    }

    private void takenOver(String name, String version) throws Exception {
        Path file = capture(name, open, () -> {
            Process sub = new ProcessBuilder(Tools.require("mosquitto_sub").toString(), "-h", "127.0.0.1", "-p",
                    Integer.toString(open), "-V", version, "-i", "device-1", "-t", "sdk/test/python")
                    .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".sub.log").toFile()).start();
            try {
                Thread.sleep(1000);
                Tools.run(Tools.require("mosquitto_pub").toString(), "-h", "127.0.0.1", "-p",
                        Integer.toString(open), "-V", version, "-i", "device-1", "-t", "sdk/test/python", "-m",
                        "hello").requireSuccess();
                Thread.sleep(300);
            } finally {
                sub.destroy();
                sub.waitFor(5, TimeUnit.SECONDS);
            }
        });
        String[] conn0 = diagnose(file);
        List<String[]> connects = tshark(file, open, "mqtt.msgtype==1", "frame.number", "tcp.stream", "mqtt.clientid");
        assertEquals("0", connects.get(0)[1]);
        assertEquals("1", connects.get(1)[1]);
        assertEquals(connects.get(0)[2], connects.get(1)[2], "the same client id");
        List<String[]> disconnect = tshark(file, open, "tcp.stream==0 && tcp.srcport==" + open
                + " && mqtt.msgtype==14", "frame.number", "mqtt.disconnect.reason_code");
        if (!disconnect.isEmpty()) { // a mosquitto that says why (MQTT 5: Session taken over)
            assertEquals("142", disconnect.get(0)[1]);
            assertEquals(List.of("mqtt-disconnect-by-server:142", disconnect.get(0)[0]), List.of(conn0[4], conn0[5]));
            return;
        }
        assertEquals("client-id-taken-over", conn0[4], String.join("\t", conn0));
        long fin = first(file, open, "tcp.stream==0 && tcp.srcport==" + open + " && tcp.flags.fin==1");
        assertEquals(fin, Long.parseLong(conn0[5]), "the broker's FIN on the first connection decides");
        assertTrue(fin > Long.parseLong(connects.get(1)[0]), "after the second CONNECT");
        assertTrue(conn0[6].contains("'device-1'") && conn0[6].contains("iot:Connect"), conn0[6]);
        String ja = diagnose(file, "ja")[6];
        assertTrue(ja.contains("'device-1'") && ja.contains("クライアント ID"), ja);
    }

    @Test
    void silentClientMqtt311() throws Exception {
        silent("silent-311", 4);
    }

    @Test
    void silentClientMqtt5() throws Exception {
        silent("silent-5", 5);
    }

    private void silent(String name, int level) throws Exception {
        Path file = capture(name, open, () -> {
            try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), open)) {
                s.getOutputStream().write(connect(level, "silent-device", 2));
                s.setSoTimeout(15_000);
                readUntilClosed(s.getInputStream()); // CONNACK, then nothing from us until the broker gives up
            }
        });
        String[] conn0 = diagnose(file);
        List<String[]> disconnect = tshark(file, open, "tcp.srcport==" + open + " && mqtt.msgtype==14",
                "frame.number", "mqtt.disconnect.reason_code");
        if (!disconnect.isEmpty()) { // a mosquitto that says why (MQTT 5: Keep Alive timeout)
            assertEquals("141", disconnect.get(0)[1]);
            assertEquals("mqtt-disconnect-by-server:141", conn0[4]);
            return;
        }
        assertEquals("keepalive-timeout", conn0[4], String.join("\t", conn0));
        assertEquals(List.of("2"), tshark(file, open, "mqtt.msgtype==1", "mqtt.kalive").stream().map(r -> r[0])
                .toList());
        long fin = first(file, open, "tcp.srcport==" + open + " && tcp.flags.fin==1");
        assertEquals(fin, Long.parseLong(conn0[5]));
        double connect = Double.parseDouble(tshark(file, open, "mqtt.msgtype==1", "frame.time_relative").get(0)[0]);
        double closed = Double.parseDouble(tshark(file, open, "frame.number==" + fin, "frame.time_relative")
                .get(0)[0]);
        assertTrue(closed - connect >= 3.0, "silent for " + (closed - connect) + " s");
        assertTrue(conn0[6].contains("2 s"), conn0[6]);
    }

    @Test
    void packetTooLargeMqtt5() throws Exception {
        Path file = capture("too-large-5", open, () -> {
            try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), open)) {
                OutputStream o = s.getOutputStream();
                o.write(connect(5, "big-device", 60));
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                in.read(new byte[64]); // the CONNACK (it says: Maximum Packet Size 200)
                o.write(publish5("sdk/test/python", 400));
                readUntilClosed(in);
            }
        });
        String[] conn0 = diagnose(file);
        List<String[]> disconnect = tshark(file, open, "tcp.srcport==" + open + " && mqtt.msgtype==14",
                "frame.number", "mqtt.disconnect.reason_code");
        assertEquals(1, disconnect.size(), "tshark sees the broker's DISCONNECT");
        assertEquals("149", disconnect.get(0)[1]);
        assertEquals(List.of("mqtt-disconnect-by-server:149", disconnect.get(0)[0]), List.of(conn0[4], conn0[5]));
        assertTrue(conn0[6].contains("0x95") && conn0[6].contains("Packet too large"), conn0[6]);
    }

    @Test
    void wrongPasswordMqtt5() throws Exception {
        Path file = capture("refused-5", locked, () -> Tools.run(Tools.require("mosquitto_pub").toString(), "-h",
                "127.0.0.1", "-p", Integer.toString(locked), "-V", "5", "-u", "device", "-P", "wrong", "-t",
                "sdk/test/python", "-m", "hello"));
        String[] conn0 = diagnose(file);
        List<String[]> connack = tshark(file, locked, "mqtt.msgtype==2", "frame.number", "mqtt.connack.reason_code");
        assertEquals(1, connack.size());
        assertTrue(Integer.parseInt(connack.get(0)[1]) >= 0x80, "a refusal: " + connack.get(0)[1]);
        assertEquals(List.of("mqtt-connack-refused:" + connack.get(0)[1], connack.get(0)[0]),
                List.of(conn0[4], conn0[5]));
        assertTrue(conn0[6].contains(String.format("0x%02X", Integer.parseInt(connack.get(0)[1]))), conn0[6]);
        assertTrue(conn0[6].contains("iot:Connect"), conn0[6]);
    }

    // ------------------------------------------------------------------ helpers

    static String[] diagnose(Path file) {
        return diagnose(file, "en");
    }

    static String[] diagnose(Path file, String lang) {
        java.io.PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        RunCaptureSupport.Run d;
        try {
            System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
            d = RunCaptureSupport.run("diagnose", file.toString(), "--lang", lang);
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, d.exit(), d.err());
        String text = captured.toString(StandardCharsets.UTF_8);
        return text.lines().filter(l -> l.startsWith("0\t")).findFirst()
                .orElseThrow(() -> new AssertionError("no connection 0 in\n" + text)).split("\t");
    }

    static List<String[]> tshark(Path file, int port, String filter, String... fields) {
        List<String> cmd = new ArrayList<>(List.of(Tools.require("tshark").toString(), "-r", file.toString(), "-2",
                "-d", "tcp.port==" + port + ",mqtt", "-Y", filter, "-T", "fields", "-E", "separator=/t"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        return Tools.run(cmd, java.util.Map.of(), java.time.Duration.ofSeconds(60)).requireSuccess().lines().stream()
                .filter(l -> !l.isBlank()).map(l -> l.split("\t", -1)).toList();
    }

    static long first(Path file, int port, String filter) {
        List<String[]> r = tshark(file, port, filter, "frame.number");
        assertFalse(r.isEmpty(), "tshark finds " + filter);
        return Long.parseLong(r.get(0)[0]);
    }

    private static void readUntilClosed(InputStream in) throws IOException {
        byte[] b = new byte[256];
        try {
            while (in.read(b) >= 0) {
                // what the broker sends (CONNACK, DISCONNECT) is in the capture
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // reset or no close within the limit: the assertions on the capture say which
        }
    }

    /** A CONNECT (clean session/start) for protocol level 4 or 5: the test's own client, a few fixed bytes. */
    static byte[] connect(int level, String clientId, int keepAlive) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', (byte) level, 0x02, (byte) (keepAlive >> 8),
                (byte) keepAlive});
        if (level == 5) {
            v.write(0); // no properties
        }
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        v.write(0);
        v.write(id.length);
        v.writeBytes(id);
        return packet(0x10, v.toByteArray());
    }

    /** An MQTT 5 PUBLISH, QoS 0, with a payload of {@code size} bytes. */
    static byte[] publish5(String topic, int size) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        v.write(0);
        v.write(t.length);
        v.writeBytes(t);
        v.write(0); // no properties
        v.writeBytes("x".repeat(size).getBytes(StandardCharsets.US_ASCII));
        return packet(0x30, v.toByteArray());
    }

    private static byte[] packet(int header, byte[] rest) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(header);
        int n = rest.length;
        do {
            int b = n & 0x7f;
            n >>>= 7;
            p.write(n > 0 ? b | 0x80 : b);
        } while (n > 0);
        p.writeBytes(rest);
        return p.toByteArray();
    }
}
