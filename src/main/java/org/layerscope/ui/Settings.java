package org.layerscope.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/** What the app remembers between runs: recent files, theme, language. */
public interface Settings {
    String get(String key, String fallback);

    void put(String key, String value);

    default List<String> list(String key) {
        String v = get(key, "");
        List<String> out = new ArrayList<>();
        for (String s : v.split("\n")) {
            if (!s.isBlank()) {
                out.add(s);
            }
        }
        return out;
    }

    default void putList(String key, List<String> values) {
        put(key, String.join("\n", values));
    }

    /** Settings kept in memory only (tests). */
    static Settings inMemory() {
        Map<String, String> m = new HashMap<>();
        return new Settings() {
            @Override
            public String get(String key, String fallback) {
                return m.getOrDefault(key, fallback);
            }

            @Override
            public void put(String key, String value) {
                m.put(key, value);
            }
        };
    }

    /** The user's preferences store ({@link Preferences}); falls back to memory when it is unusable. */
    static Settings user() {
        try {
            Preferences p = Preferences.userRoot().node("org/layerscope/ui");
            p.keys();
            return new Settings() {
                @Override
                public String get(String key, String fallback) {
                    return p.get(key, fallback);
                }

                @Override
                public void put(String key, String value) {
                    p.put(key, value);
                    try {
                        p.flush();
                    } catch (BackingStoreException e) {
                        // kept in memory for this run
                    }
                }
            };
        } catch (BackingStoreException | SecurityException e) {
            return inMemory();
        }
    }
}
