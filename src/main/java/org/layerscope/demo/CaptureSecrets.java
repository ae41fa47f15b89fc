package org.layerscope.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.layerscope.model.RawFrame;
import org.layerscope.pcapio.CaptureFiles;
import org.layerscope.pcapio.CaptureInterface;
import org.layerscope.pcapio.CaptureReader;
import org.layerscope.pcapio.DecryptionSecrets;
import org.layerscope.pcapio.PcapngWriter;
import org.layerscope.pcapio.TimestampPrecision;
import org.layerscope.tls.keys.KeyLog;
import org.layerscope.tls.keys.SecretsBlocks;

/**
 * Embeds TLS secrets in a saved pcapng capture: the file is rewritten with a Decryption Secrets Block right after its
 * section header, before every packet, so Wireshark and tshark (and LayerScope) open it already decrypted. The
 * frames, their comments, the interfaces, the section comments and any secrets block already there are kept.
 */
public final class CaptureSecrets {
    private CaptureSecrets() {
    }

    /**
     * Writes {@code in} to {@code out} (which may be the same file) with the secrets of {@code secrets} embedded. The
     * new file is written next to {@code out} and moved into place ({@link org.layerscope.pcapio.AtomicFile}), readable
     * and writable by its owner only ({@code rw-------}) from its creation on, as it reveals the sessions. Give only the secrets of
     * the capture's sessions ({@link RunCapture.Result#sessionSecrets()}).
     *
     * @return the number of sessions embedded; 0 when {@code secrets} is empty (then nothing is written)
     */
    public static int embed(Path in, Path out, KeyLog secrets) throws IOException {
        Optional<DecryptionSecrets> block = SecretsBlocks.of(secrets);
        if (block.isEmpty()) {
            return 0;
        }
        try (CaptureReader reader = CaptureFiles.open(in)) {
            RawFrame first = reader.next();
            PcapngWriter w = PcapngWriter.createOwnerOnly(out.toAbsolutePath(), reader.sectionComments());
            try {
                w.writeSecrets(block.get());
                Map<Integer, Integer> interfaces = new LinkedHashMap<>();
                int secretsCopied = 0;
                for (RawFrame f = first; f != null; f = reader.next()) {
                    for (; secretsCopied < reader.secrets().size(); secretsCopied++) {
                        w.writeSecrets(reader.secrets().get(secretsCopied));
                    }
                    Integer id = interfaces.get(f.interfaceId());
                    if (id == null) {
                        List<CaptureInterface> ifs = reader.interfaces();
                        id = f.interfaceId() < ifs.size() ? w.addInterface(ifs.get(f.interfaceId()))
                                : w.addInterface(f.linkType(), 0, TimestampPrecision.NANOSECONDS);
                        interfaces.put(f.interfaceId(), id);
                    }
                    w.writeFrame(id, f);
                }
            } catch (IOException | RuntimeException e) {
                w.abort();
                throw e;
            }
            w.close();
        }
        return secrets.sessionCount();
    }
}
