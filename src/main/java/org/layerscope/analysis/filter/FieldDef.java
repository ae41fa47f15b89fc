package org.layerscope.analysis.filter;

import java.util.List;
import org.layerscope.analysis.PacketResult;

/**
 * One name the filter knows: where its values come from (nodes of the details tree, or computed from
 * the {@link PacketResult}) and their {@link FieldKind}.
 */
final class FieldDef {
    /** Computes the occurrences of a field that is not a tree node (frame.number, ls.phase, ...). */
    @FunctionalInterface
    interface Computed {
        /** Adds the values ({@link Long} or {@link String}) of this field in {@code r} to {@code out}. */
        void collect(PacketResult r, List<Object> out);
    }

    final String name;
    final FieldKind kind;
    /** True when Wireshark has a field of this name (so tshark can check a filter that uses it). */
    final boolean wireshark;
    /** Tree node names whose occurrences are this field's (one, or two for ip.addr = ip.src + ip.dst), or null. */
    final String[] treeNames;
    final Computed computed;
    /** For fields with a closed set of values (phase, direction): the values; a literal outside is an error. */
    final List<String> closedValues;
    final String description;
    /**
     * For a tree field whose values the analysis also keeps outside the tree: computes them without one
     * (the same values, in the same order), or null.
     */
    final Computed fast;

    FieldDef(String name, FieldKind kind, boolean wireshark, String[] treeNames, Computed computed,
             List<String> closedValues, String description) {
        this(name, kind, wireshark, treeNames, computed, closedValues, description, null);
    }

    FieldDef(String name, FieldKind kind, boolean wireshark, String[] treeNames, Computed computed,
             List<String> closedValues, String description, Computed fast) {
        this.fast = fast;
        this.name = name;
        this.kind = kind;
        this.wireshark = wireshark;
        this.treeNames = treeNames;
        this.computed = computed;
        this.closedValues = closedValues;
        this.description = description;
    }

    boolean fromTree() {
        return treeNames != null;
    }
}
