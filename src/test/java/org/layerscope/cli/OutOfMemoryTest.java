package org.layerscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.layerscope.testutil.Tools;

/**
 * Issue #16 item 5 (and #11): running out of memory on the command line is one line that says what happened
 * and what to do, and exit status 2. A real {@code OutOfMemoryError}: a separate JVM with a 48 MiB heap reads a
 * capture whose one packet is 60 MiB long (the reader grows its buffer as the bytes arrive, on the read-ahead
 * thread).
 */
class OutOfMemoryTest {
    @TempDir
    Path tmp;

    /** A pcap file with one Ethernet frame of {@code length} bytes (zeros after the Ethernet header). */
    static Path hugePacket(Path file, int length) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuffer h = ByteBuffer.allocate(24 + 16).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(0x7fffffff).putInt(1);
            h.putInt(1).putInt(0).putInt(length).putInt(length);
            out.write(h.array());
            byte[] chunk = new byte[1 << 20];
            chunk[12] = 0x08; // IPv4 (the IP header is zeros: a bad one, which is fine)
            for (int left = length; left > 0; left -= chunk.length) {
                out.write(chunk, 0, Math.min(left, chunk.length));
                chunk[12] = 0;
            }
        }
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"analyze:json", "analyze:tsv", "diagnose:text", "export-timeline:svg"})
    void oneLineAndExit2(String command) throws IOException {
        Path huge = hugePacket(tmp.resolve("huge.pcap"), 60 << 20);
        String[] c = command.split(":");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"), "org.layerscope.app.Main",
                c[0], huge.toString()));
        if (c[0].equals("export-timeline")) {
            cmd.addAll(List.of("--out", tmp.resolve("t.svg").toString()));
        } else {
            cmd.addAll(List.of("--format", c[1]));
        }
        Tools.Result r = Tools.run(cmd, Map.of(), Duration.ofSeconds(90));
        String err = r.stderr().strip();
        assertEquals(2, r.exitCode(), err);
        assertEquals(1, err.lines().count(), "one line:\n" + err);
        assertTrue(err.startsWith("layerscope: out of memory (Java may use at most "), err);
        assertTrue(err.contains("-Xmx") && err.contains("smaller capture"), "says what to do: " + err);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), err);
    }
}
