package org.layerscope.ui;

import org.layerscope.session.UiText;

/**
 * The one-line message for background work that died (issue 13 item 4), from the window's resource bundle: what
 * stopped and why, that the window stays usable, and for an {@code OutOfMemoryError} what to do (the same advice as
 * the command line's: more memory with {@code -Xmx}, or a smaller capture). Never a stack trace.
 */
public final class TaskFailure {
    private TaskFailure() {
    }

    /**
     * @param task the bundle key naming the work ({@code task.load}, {@code task.filter}, {@code task.capture}, ...)
     */
    public static String describe(UiText t, String task, Throwable e) {
        String what = t.get(task);
        if (e instanceof OutOfMemoryError) {
            return t.get("error.outOfMemory", what, Long.toString(Runtime.getRuntime().maxMemory() >> 20));
        }
        String m = e.getMessage();
        String why = e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + firstLine(m));
        return t.get("error.background", what, why);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
