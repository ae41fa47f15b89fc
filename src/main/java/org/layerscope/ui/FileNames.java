package org.layerscope.ui;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The naming rules of the save and export dialogs (no JavaFX): the name offered, the extension added
 * when the user typed none, and what a {@code .gz} name becomes (LayerScope reads gzip but writes plain files).
 */
final class FileNames {
    private FileNames() {
    }

    /** A capture's name without {@code .gz} and without its capture extension ({@code a.pcap.gz} → {@code a}). */
    static String base(Path capture) {
        return capture.getFileName().toString().replaceFirst("\\.gz$", "").replaceFirst("\\.(pcapng|pcap|cap)$", "");
    }

    /** The name Save As offers: the open file's as pcapng, or {@code capture.pcapng}. */
    static String saveName(Path current) {
        return (current == null ? "capture" : base(current)) + ".pcapng";
    }

    /** The name an export offers: {@code CAPTURE-name} (or just {@code name} with no file open). */
    static String exportName(Path current, String name) {
        return (current == null ? "" : base(current) + "-") + name;
    }

    /**
     * The file to save to from the name the user chose: a {@code .gz} suffix is dropped (the file written is
     * not compressed), a name without extension gets {@code .pcap} or {@code .pcapng} after the type chosen.
     */
    static Path saveTarget(Path chosen, boolean pcapChosen) {
        Path p = chosen;
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            p = p.resolveSibling(p.getFileName().toString().substring(0, p.getFileName().toString().length() - 3));
            name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        }
        if (!name.contains(".")) {
            p = p.resolveSibling(p.getFileName() + (pcapChosen ? ".pcap" : ".pcapng"));
        }
        return p;
    }

    /** The same file as pcapng ({@code a.pcap} → {@code a.pcapng}), when comments must be kept. */
    static Path asPcapng(Path p) {
        return p.resolveSibling(p.getFileName().toString().replaceFirst("\\.(pcap|cap)$", "") + ".pcapng");
    }
}
