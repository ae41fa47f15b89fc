package org.layerscope.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFormatException;
import org.layerscope.pcapio.CaptureInterface;
import org.layerscope.pcapio.DecryptionSecrets;
import org.layerscope.pcapio.PcapWriter;
import org.layerscope.pcapio.PcapngWriter;
import org.layerscope.pcapio.TimestampPrecision;
import org.layerscope.tls.keys.SecretsBlocks;

/**
 * Writes the frames of an open capture with their current comments (Save, Save As, the autosave copy):
 * in the order of the file, each frame's bytes, time stamp and interface as read, the file's interface
 * descriptions, the capture comment and the file's own Decryption Secrets Blocks. Writing goes to a
 * temporary file renamed into place on success, so a failed save never destroys the original (the
 * writers do that). pcap when the name ends in {@code .pcap} (no comments, one link type), else pcapng.
 */
public final class CaptureSaver {
    /** What was written. */
    public record Result(long frames, boolean commentsDropped) {
    }

    private CaptureSaver() {
    }

    /** Whether {@code path} names a pcap file (which cannot hold comments). */
    public static boolean isPcap(Path path) {
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".pcap") || n.endsWith(".cap");
    }

    /** Whether the capture has a comment anywhere (packets or the capture itself). */
    public static boolean hasComments(PacketTable t) {
        return t.commentedRows().length > 0 || !t.sectionComments().isEmpty();
    }

    /**
     * Writes {@code t} to {@code out}.
     *
     * @param embedSecrets also embed the secrets the capture was decrypted with (only when the user asked);
     *                     otherwise only the secrets blocks the file already held are kept
     */
    public static Result save(PacketTable t, Path out, boolean embedSecrets) throws IOException {
        return save(t, out, embedSecrets, false);
    }

    /**
     * Like {@link #save}, as a pcapng readable and writable by its owner only from its creation on (autosave copies:
     * the comments and packets of a capture may be private).
     */
    public static Result saveOwnerOnly(PacketTable t, Path out) throws IOException {
        return save(t, out, false, true);
    }

    private static Result save(PacketTable t, Path out, boolean embedSecrets, boolean ownerOnly) throws IOException {
        int[] rows = t.rowsInFileOrder();
        if (isPcap(out) && !ownerOnly) {
            return savePcap(t, out, rows);
        }
        PcapngWriter w = ownerOnly ? PcapngWriter.createOwnerOnly(out, t.sectionComments())
                : PcapngWriter.create(out, t.sectionComments());
        try {
            Optional<DecryptionSecrets> all = embedSecrets ? SecretsBlocks.of(t.keyLog()) : Optional.empty();
            if (all.isPresent()) {
                w.writeSecrets(all.get());
            } else {
                for (DecryptionSecrets s : t.fileSecrets()) {
                    w.writeSecrets(s);
                }
            }
            List<CaptureInterface> ifs = t.interfaces();
            for (CaptureInterface i : ifs) {
                w.addInterface(i);
            }
            Map<Integer, Integer> extra = new HashMap<>();
            for (int row : rows) {
                RawFrame f = t.frame(row);
                int id = f.interfaceId();
                if (id >= ifs.size()) {
                    Integer known = extra.get(id * 31 + f.linkType());
                    if (known == null) {
                        known = w.addInterface(f.linkType(), 0, TimestampPrecision.NANOSECONDS);
                        extra.put(id * 31 + f.linkType(), known);
                    }
                    id = known;
                }
                w.writeFrame(id, f);
            }
            w.close();
            return new Result(rows.length, false);
        } catch (IOException | RuntimeException e) {
            w.abort();
            throw e;
        }
    }

    private static Result savePcap(PacketTable t, Path out, int[] rows) throws IOException {
        int link = rows.length > 0 ? t.frame(rows[0]).linkType()
                : t.interfaces().isEmpty() ? 1 : t.interfaces().get(0).linkType();
        PcapWriter w = PcapWriter.create(out, link, PcapWriter.DEFAULT_SNAP_LENGTH, TimestampPrecision.NANOSECONDS);
        try {
            for (int row : rows) {
                RawFrame f = t.frame(row);
                if (f.linkType() != link) {
                    throw new CaptureFormatException("frame " + f.number() + " has another link type (" + f.linkType()
                            + "): a pcap file holds one; save as .pcapng");
                }
                w.writeFrame(f);
            }
            w.close();
            return new Result(rows.length, hasComments(t));
        } catch (IOException | RuntimeException e) {
            w.abort();
            throw e;
        }
    }
}
