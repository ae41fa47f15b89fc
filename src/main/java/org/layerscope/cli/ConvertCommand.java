package org.layerscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.layerscope.analysis.Analyzer;
import org.layerscope.analysis.filter.DisplayFilter;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureFormatException;
import org.layerscope.pcapio.CaptureInterface;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.pcapio.DecryptionSecrets;
import org.layerscope.pcapio.PcapWriter;
import org.layerscope.pcapio.PcapngWriter;
import org.layerscope.pcapio.TimestampPrecision;
import org.layerscope.tls.keys.KeyLog;
import org.layerscope.tls.keys.SecretsBlocks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code layerscope convert IN OUT}: copy a capture, adding comments and (on request) TLS secrets. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Copy a capture to pcapng (or pcap, by the output's extension), keeping every packet byte for byte,"
                + " its time stamp, interface and comments.",
                "--comment adds packet comments; --keylog with --embed-secrets embeds the TLS secrets of the capture's"
                        + " sessions in a Decryption Secrets Block, so Wireshark opens the file already decrypted.",
                "Exit status: 0 written, 2 bad arguments or unreadable input (nothing is written then)."})
public final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "Capture file to read (pcap or pcapng).")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "File to write: .pcapng (default) or .pcap.")
    Path out;

    @Option(names = "--comment", paramLabel = "FRAME=TEXT", description = "Add a packet comment to frame FRAME (repeatable).")
    List<String> comments = new ArrayList<>();

    @Mixin
    KeyLogOption keyLogOption; // embedded with --embed-secrets, also used to decrypt for --filter

    @Option(names = "--embed-secrets", description = "Embed the key log's secrets of this capture's TLS sessions in the pcapng.")
    boolean embedSecrets;

    @Option(names = "--filter", paramLabel = "EXPR", description = "Display filter in Wireshark's syntax: write only the matching frames"
            + " (byte for byte; phases are computed on the whole capture). A bad expression exits with 2.")
    String filter;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Path keylog = keyLogOption.keylog;
        DisplayFilter df;
        try {
            df = CliSupport.filter(filter);
        } catch (CliSupport.BadInputException e) {
            err.println("layerscope: " + e.getMessage());
            return 2;
        }
        boolean pcap = out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pcap");
        Map<Long, List<String>> added = new HashMap<>();
        for (String c : comments) {
            int eq = c.indexOf('=');
            long frame;
            try {
                frame = eq > 0 ? Long.parseLong(c.substring(0, eq).trim()) : -1;
            } catch (NumberFormatException e) {
                frame = -1;
            }
            if (frame < 1) {
                err.println("layerscope: --comment takes FRAME=TEXT with a frame number from 1, not '" + c + "'");
                return 2;
            }
            added.computeIfAbsent(frame, k -> new ArrayList<>()).add(c.substring(eq + 1));
        }
        if (embedSecrets && keylog == null) {
            err.println("layerscope: --embed-secrets needs --keylog FILE (the secrets to embed)");
            return 2;
        }
        if (embedSecrets && pcap) {
            err.println("layerscope: a pcap file cannot hold secrets: write a .pcapng to embed them");
            return 2;
        }
        if (keylog != null && !embedSecrets && df.isEmpty()) {
            err.println("layerscope: note: --keylog without --embed-secrets embeds nothing");
        }
        KeyLog keys;
        try {
            keys = CliSupport.keyLog(keylog, err);
        } catch (CliSupport.BadInputException e) {
            err.println("layerscope: " + e.getMessage());
            return 2;
        }
        if (Files.exists(out) && Files.isSameFile(in, out)) {
            err.println("layerscope: IN and OUT are the same file; write to another name");
            return 2;
        }
        Optional<DecryptionSecrets> secrets = Optional.empty();
        BitSet keep = df.isEmpty() ? null : new BitSet();
        if (embedSecrets || keep != null) {
            // first pass: which TLS sessions does the capture hold (embed only their secrets), which frames match
            Analyzer a = new Analyzer(df.needsTree(), keep == null ? r -> { } : r -> {
                if (df.matches(r)) {
                    keep.set((int) r.number());
                }
            }, keys);
            int status = CliSupport.readCapture(in, a, err);
            if (status != 0) {
                return status;
            }
            if (embedSecrets) {
                secrets = SecretsBlocks.forClientRandoms(keys, a.tlsClientRandoms());
                if (secrets.isEmpty()) {
                    err.println("layerscope: warning: the key log has no secrets for the TLS sessions of " + in + "; nothing embedded");
                }
            }
        }
        return copy(err, pcap, added, secrets, keep);
    }

    /** The next frame to write: every frame, or with a filter the next one that matched; counts the frames read. */
    private static RawFrame next(CaptureReader reader, BitSet keep, long[] read) throws IOException {
        for (RawFrame f; (f = reader.next()) != null; ) {
            read[0]++;
            if (keep == null || keep.get((int) f.number())) {
                return f;
            }
        }
        return null;
    }

    private int copy(PrintWriter err, boolean pcap, Map<Long, List<String>> added, Optional<DecryptionSecrets> secrets,
                     BitSet keep) {
        long written = 0;
        long[] read = {0};
        boolean commentsDropped = false;
        try (CaptureReader reader = CaptureFiles.open(in)) {
            RawFrame first = next(reader, keep, read);
            if (pcap) {
                int link = first != null ? first.linkType() : reader.interfaces().isEmpty() ? 1
                        : reader.interfaces().get(0).linkType();
                PcapWriter w = PcapWriter.create(out, link, PcapWriter.DEFAULT_SNAP_LENGTH, TimestampPrecision.NANOSECONDS);
                try {
                    for (RawFrame f = first; f != null; f = next(reader, keep, read)) {
                        if (f.linkType() != link) {
                            throw new CaptureFormatException("frame " + f.number() + " has another link type ("
                                    + f.linkType() + "): a pcap file holds one; write a .pcapng");
                        }
                        commentsDropped |= !f.comments().isEmpty() || added.containsKey(f.number());
                        w.writeFrame(f);
                        written++;
                    }
                    commentsDropped |= !reader.sectionComments().isEmpty();
                    w.close();
                } catch (IOException | RuntimeException e) {
                    w.abort();
                    throw e;
                }
            } else {
                PcapngWriter w = PcapngWriter.create(out, reader.sectionComments());
                try {
                    Map<Integer, Integer> ifMap = new LinkedHashMap<>();
                    secrets.ifPresent(s -> {
                        try {
                            w.writeSecrets(s);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    int secretsCopied = 0;
                    for (RawFrame f = first; f != null; f = next(reader, keep, read)) {
                        for (; secretsCopied < reader.secrets().size(); secretsCopied++) {
                            w.writeSecrets(reader.secrets().get(secretsCopied));
                        }
                        Integer id = ifMap.get(f.interfaceId());
                        if (id == null) {
                            List<CaptureInterface> ifs = reader.interfaces();
                            id = f.interfaceId() < ifs.size() ? w.addInterface(ifs.get(f.interfaceId()))
                                    : w.addInterface(f.linkType(), 0, TimestampPrecision.NANOSECONDS);
                            ifMap.put(f.interfaceId(), id);
                        }
                        List<String> extra = added.get(f.number());
                        if (extra != null) {
                            List<String> all = new ArrayList<>(f.comments());
                            all.addAll(extra);
                            f = new RawFrame(f.number(), f.timestampNanos(), f.linkType(), f.originalLength(), f.data(),
                                    f.interfaceId(), all);
                        }
                        w.writeFrame(id, f);
                        written++;
                    }
                    w.close();
                } catch (IOException | RuntimeException e) {
                    w.abort();
                    throw e;
                }
            }
            for (String wn : reader.warnings()) {
                err.println("layerscope: warning: " + in + ": " + wn);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("layerscope: cannot open " + in + ": no such file");
            return 2;
        } catch (CaptureFormatException e) {
            err.println("layerscope: " + in + ": " + e.getMessage() + "; " + out + " was not written");
            return 2;
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println("layerscope: cannot write " + out + ": " + e.getMessage());
            return 2;
        }
        for (long f : added.keySet()) {
            if (f > read[0]) {
                err.println("layerscope: warning: frame " + f + " does not exist (the capture has " + read[0]
                        + " frames); its comment was not added");
            } else if (keep != null && !keep.get((int) f)) {
                err.println("layerscope: warning: frame " + f + " does not match the filter; its comment was not added");
            }
        }
        if (keep != null && written == 0) {
            err.println("layerscope: warning: no frame matches the filter; " + out + " holds no packets");
        }
        if (commentsDropped) {
            err.println("layerscope: warning: a pcap file cannot hold comments: they were left out (write a .pcapng to keep them)");
        }
        if (secrets.isPresent()) {
            err.println("layerscope: note: " + out + " now holds the TLS secrets of its sessions: anyone with the file can"
                    + " decrypt them. Share it with care.");
        }
        return 0;
    }
}
