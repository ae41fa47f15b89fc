package org.layerscope.analysis.filter;

/** A field as used by one compiled filter: its definition, its cache slot and the tree slots of its nodes. */
final class FieldRef {
    final FieldDef def;
    final int slot;
    /** Indices in the filter's tree index of the node names that make this field, or null for computed fields. */
    final int[] treeSlots;

    FieldRef(FieldDef def, int slot, int[] treeSlots) {
        this.def = def;
        this.slot = slot;
        this.treeSlots = treeSlots;
    }

    String name() {
        return def.name;
    }

    FieldKind kind() {
        return def.kind;
    }
}
