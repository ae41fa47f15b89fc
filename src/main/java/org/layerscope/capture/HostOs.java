package org.layerscope.capture;

import java.util.Locale;

/** The operating system families whose capture set-up differs. */
public enum HostOs {
    LINUX, MACOS, WINDOWS, OTHER;

    /** The OS this JVM runs on. */
    public static HostOs current() {
        return of(System.getProperty("os.name", ""));
    }

    /** The family of an {@code os.name} value. */
    public static HostOs of(String osName) {
        String n = osName.toLowerCase(Locale.ROOT);
        if (n.contains("linux")) {
            return LINUX;
        }
        if (n.contains("mac") || n.contains("darwin")) {
            return MACOS;
        }
        if (n.contains("windows")) {
            return WINDOWS;
        }
        return OTHER;
    }

    String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
