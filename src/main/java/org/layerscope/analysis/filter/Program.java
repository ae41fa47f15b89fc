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

    /**
     * Link, network and transport layers whose subtrees hold only their own fields (the decoders of
     * {@code dissect.ip} and {@code dissect.link}), so a filter that names none of their fields can skip them.
     */
    private static final java.util.Set<String> SELF_CONTAINED = java.util.Set.of("eth", "sll", "null", "ip", "ipv6",
            "tcp", "udp");

    /** Whether the top-level subtree of protocol {@code name} may hold a field this program uses. */
    boolean mayUse(String topLevelName) {
        Boolean known = mayUse.get(topLevelName);
        if (known == null) {
            known = computeMayUse(topLevelName);
            mayUse.put(topLevelName, known);
        }
        return known;
    }

    private final Map<String, Boolean> mayUse = new java.util.concurrent.ConcurrentHashMap<>();

    private boolean computeMayUse(String topLevelName) {
        int dot = topLevelName.indexOf('.');
        String proto = dot < 0 ? topLevelName : topLevelName.substring(0, dot);
        if (!SELF_CONTAINED.contains(proto)) {
            return true;
        }
        for (String n : treeSlots.keySet()) {
            if (n.equals(proto) || n.startsWith(proto + ".")) {
                return true;
            }
        }
        return false;
    }

    Iterable<FieldRef> refs() {
        return refs.values();
    }
}
