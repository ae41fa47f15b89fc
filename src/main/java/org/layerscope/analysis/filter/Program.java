package org.layerscope.analysis.filter;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fields one filter uses: cache slots per field and slots per tree node name. */
final class Program {
    private final Map<FieldDef, FieldRef> refs = new LinkedHashMap<>();
    private final Map<String, Integer> treeSlots = new HashMap<>();

    FieldRef ref(FieldDef def) {
        FieldRef r = refs.get(def);
        if (r == null) {
            int[] slots = null;
            if (def.treeNames != null) {
                slots = new int[def.treeNames.length];
                for (int i = 0; i < slots.length; i++) {
                    slots[i] = treeSlots.computeIfAbsent(def.treeNames[i], k -> treeSlots.size());
                }
            }
            r = new FieldRef(def, refs.size(), slots);
            refs.put(def, r);
        }
        return r;
    }

    int refCount() {
        return refs.size();
    }

    int treeSlotCount() {
        return treeSlots.size();
    }

    Integer treeSlot(String nodeName) {
        return treeSlots.get(nodeName);
    }

    Iterable<FieldRef> refs() {
        return refs.values();
    }
}
