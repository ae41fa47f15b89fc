package org.layerscope.session;

import java.util.HashMap;
import java.util.Map;

/**
 * String interning for columns with few distinct values (addresses, protocols, labels). Only the writer
 * calls {@link #id}; most of its strings are the analysis's constants ("TCP", "Application Data"), which a
 * few slots compared by identity find without hashing. Used by {@link PacketTable}.
 */
final class Interner {
    private final Map<String, Integer> ids = new HashMap<>();
    private volatile String[] values = new String[64];
    private int count;
    /** Strings met and their ids, two slots per hash (so that two hot strings rarely evict each other). */
    private final String[] recent = new String[256];
    private final int[] recentId = new int[256];

    int id(String s) {
        String[] r = recent;
        int k = s.hashCode() & (r.length - 2);
        if (r[k] == s) {
            return recentId[k];
        }
        if (r[k + 1] == s) {
            return recentId[k + 1];
        }
        int id = lookUp(s);
        if (r[k] != null) { // the older of the two moves to the second slot
            r[k + 1] = r[k];
            recentId[k + 1] = recentId[k];
        }
        r[k] = s;
        recentId[k] = id;
        return id;
    }

    private synchronized int lookUp(String s) {
        Integer id = ids.get(s);
        if (id != null) {
            return id;
        }
        if (count == values.length) {
            values = java.util.Arrays.copyOf(values, count * 2);
        }
        String[] v = values;
        v[count] = s;
        values = v; // publish the element
        ids.put(s, count);
        return count++;
    }

    String get(int id) {
        return values[id];
    }
}
