package org.layerscope.pcapio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.layerscope.testutil.Tools;

/** Runs tshark the way the shared ground truth was made (empty profile, tab-separated fields). */
final class Tshark {
    private static Path emptyProfile;

    private Tshark() {
    }

    /** One row per frame, one column per field; skips (or fails, on CI) without tshark. */
    static List<String[]> fields(Path capture, List<String> options, String... fields) {
        Path tshark = Tools.require("tshark");
        List<String> command = new ArrayList<>(List.of(tshark.toString(), "-n", "-r", capture.toString()));
        command.addAll(options);
        command.addAll(List.of("-T", "fields", "-E", "separator=/t", "-E", "quote=n", "-E", "occurrence=a",
                "-E", "aggregator=,"));
        for (String f : fields) {
            command.add("-e");
            command.add(f);
        }
        Tools.Result result = Tools.run(command, Map.of("WIRESHARK_CONFIG_DIR", profile().toString()),
                Duration.ofMinutes(2)).requireSuccess();
        List<String[]> rows = new ArrayList<>();
        for (String line : result.lines()) {
            rows.add(line.split("\t", -1));
        }
        return rows;
    }

    static List<String[]> fields(Path capture, String... fields) {
        return fields(capture, List.of(), fields);
    }

    /** Writes the pcapng files one after the other (one section each) into one file and reads it with tshark. */
    static List<String[]> fieldsOfConcatenation(Path dir, List<byte[]> pcapngs, String... fields) {
        Tools.require("tshark");
        try {
            Path all = Files.createTempFile(dir, "concatenated", ".pcapng");
            try (var out = Files.newOutputStream(all)) {
                for (byte[] b : pcapngs) {
                    out.write(b);
                }
            }
            return fields(all, fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The captures' frames one after the other ({@code mergecap -a}) in a new pcapng file. */
    static Path mergeWithMergecap(Path dir, List<Path> captures) {
        Path mergecap = Tools.require("mergecap");
        try {
            Path out = Files.createTempFile(dir, "merged", ".pcapng");
            List<String> command = new ArrayList<>(List.of(mergecap.toString(), "-a", "-F", "pcapng", "-w",
                    out.toString()));
            captures.forEach(c -> command.add(c.toString()));
            Tools.run(command, Map.of("WIRESHARK_CONFIG_DIR", profile().toString()), Duration.ofMinutes(2))
                    .requireSuccess();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Path profile() {
        if (emptyProfile == null) {
            try {
                emptyProfile = Files.createTempDirectory("layerscope-wireshark-profile");
                emptyProfile.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return emptyProfile;
    }
}
