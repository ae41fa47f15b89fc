package org.layerscope.analysis.filter;

import java.util.ArrayList;
import java.util.List;
import org.layerscope.analysis.PacketResult;
import org.layerscope.model.Field;

/**
 * One frame as a compiled filter sees it: the occurrences of each field it uses, looked up once. The
 * details tree is walked at most once, and only when a tree field is needed; each node whose name the
 * filter uses is put in that name's list (no other allocation per node).
 */
final class FrameView {
    final PacketResult r;
    private final Program program;
    private final List<?>[] cache;
    private ArrayList<Field>[] tree;

    FrameView(PacketResult r, Program program) {
        this.r = r;
        this.program = program;
        this.cache = new List<?>[program.refCount()];
    }

    byte[] frameData() {
        return r.frame().data();
    }

    /** Occurrences of {@code ref}: tree {@link Field}s, or computed Long/String values. */
    List<?> values(FieldRef ref) {
        List<?> l = cache[ref.slot];
        if (l != null) {
            return l;
        }
        if (ref.def.fast != null) {
            ArrayList<Object> out = new ArrayList<>(2);
            ref.def.fast.collect(r, out);
            l = out;
        } else if (ref.treeSlots != null) {
            index();
            if (ref.treeSlots.length == 1) {
                l = orEmpty(tree[ref.treeSlots[0]]);
            } else {
                ArrayList<Field> all = new ArrayList<>(4);
                for (int s : ref.treeSlots) {
                    all.addAll(orEmpty(tree[s]));
                }
                l = all;
            }
        } else {
            ArrayList<Object> out = new ArrayList<>(2);
            ref.def.computed.collect(r, out);
            l = out;
        }
        cache[ref.slot] = l;
        return l;
    }

    private static List<Field> orEmpty(List<Field> l) {
        return l == null ? List.of() : l;
    }

    @SuppressWarnings("unchecked")
    private void index() {
        if (tree != null) {
            return;
        }
        tree = new ArrayList[program.treeSlotCount()];
        Field root = r.tree();
        if (program.treeSlot(root.name()) != null) {
            walk(root);
            return;
        }
        // the link, IP and TCP headers are most of a small frame's tree: skip them unless the filter names them
        List<Field> top = root.children();
        for (int i = 0, n = top.size(); i < n; i++) {
            Field f = top.get(i);
            if (program.mayUse(f.name())) {
                walk(f);
            }
        }
    }

    private void walk(Field f) {
        Integer s = program.treeSlot(f.name());
        if (s != null) {
            ArrayList<Field> l = tree[s];
            if (l == null) {
                l = new ArrayList<>(2);
                tree[s] = l;
            }
            l.add(f);
        }
        List<Field> children = f.children();
        for (int i = 0, n = children.size(); i < n; i++) {
            walk(children.get(i));
        }
    }
}
