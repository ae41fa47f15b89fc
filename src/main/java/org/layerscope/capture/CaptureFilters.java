package org.layerscope.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The capture filter presets of {@code capture-filters/}: one file per preset, {@code NAME.bpf}, with a comment
 * header ({@code #} lines: the first is the title, the others say what it is for) and the BPF expression.
 */
public final class CaptureFilters {
    /** The presets, in the order the command line and the GUI list them. */
    public static final List<String> NAMES = List.of("mqtt-tls", "mqtt-tls-ipv4", "mqtt", "mqtt-tls-443-alpn",
            "https");
    private static final String RESOURCE_FOLDER = "/org/layerscope/capture/filters/";

    private CaptureFilters() {
    }

    /**
     * A preset.
     *
     * @param name        its name (the file name without {@code .bpf})
     * @param title       the first comment line
     * @param description the other comment lines, joined with spaces
     * @param expression  the BPF expression (the non-comment lines joined with spaces)
     */
    public record Preset(String name, String title, String description, String expression) {
    }

    /** Every preset, in {@link #NAMES} order. */
    public static List<Preset> all() {
        List<Preset> out = new ArrayList<>();
        for (String n : NAMES) {
            out.add(byName(n).orElseThrow());
        }
        return out;
    }

    /** The preset of that name. */
    public static Optional<Preset> byName(String name) {
        if (!NAMES.contains(name)) {
            return Optional.empty();
        }
        try (InputStream in = CaptureFilters.class.getResourceAsStream(RESOURCE_FOLDER + name + ".bpf")) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a preset file's text. */
    public static Preset parse(String name, String text) {
        String title = null;
        StringBuilder description = new StringBuilder();
        StringBuilder expression = new StringBuilder();
        for (String line : text.split("\r?\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            if (l.startsWith("#")) {
                String c = l.substring(1).strip();
                if (title == null) {
                    title = c;
                } else if (!c.isEmpty()) {
                    if (description.length() > 0) {
                        description.append(' ');
                    }
                    description.append(c);
                }
            } else {
                if (expression.length() > 0) {
                    expression.append(' ');
                }
                expression.append(l);
            }
        }
        return new Preset(name, title == null ? name : title, description.toString(), expression.toString());
    }

    /** A preset's expression when {@code filter} names a preset, otherwise {@code filter} itself. */
    public static String resolve(String filter) {
        if (filter == null) {
            return null;
        }
        return byName(filter.strip()).map(Preset::expression).orElse(filter);
    }
}
