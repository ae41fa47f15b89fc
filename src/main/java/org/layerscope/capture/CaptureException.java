package org.layerscope.capture;

import java.util.Locale;

/**
 * A capture that could not start (or stopped on an error): what happened, in one line, and the exact fix for the
 * operating system. {@link #getMessage()} is the English "what happened" line.
 */
public final class CaptureException extends Exception {
    /** Why a capture failed. */
    public enum Reason {
        /** libpcap (Npcap on Windows) could not be loaded. */
        LIBPCAP_MISSING,
        /** The process may not capture on that interface. */
        NO_PERMISSION,
        /** No interface has that name (or it went away). */
        NO_SUCH_INTERFACE,
        /** libpcap could not compile the capture filter. */
        BAD_FILTER,
        /** The capture file could not be written. */
        OUTPUT,
        /** Anything else libpcap reported. */
        FAILED
    }

    private final Reason reason;
    private final String subject;
    private final String detail;
    private final HostOs os;

    /**
     * @param reason  the kind of failure
     * @param subject what it concerns: the interface name, the filter expression or the file
     * @param detail  libpcap's (or the system's) own message, or null
     * @param os      the OS whose fix to give
     */
    public CaptureException(Reason reason, String subject, String detail, HostOs os, Throwable cause) {
        super(null, cause);
        this.reason = reason;
        this.subject = subject == null ? "" : subject;
        this.detail = detail == null ? "" : detail.strip();
        this.os = os;
    }

    public CaptureException(Reason reason, String subject, String detail) {
        this(reason, subject, detail, HostOs.current(), null);
    }

    public Reason reason() {
        return reason;
    }

    /** libpcap's own message (empty when there is none). */
    public String detail() {
        return detail;
    }

    /** What happened, one line. */
    public String describe(Locale locale) {
        return CaptureText.get(locale, "capture.error." + reason.name().toLowerCase(Locale.ROOT), subject,
                detail.isEmpty() ? "-" : detail);
    }

    /** The exact fix on this operating system (may span lines), or an empty string. */
    public String fix(Locale locale) {
        String key = "capture.fix." + reason.name().toLowerCase(Locale.ROOT) + "." + os.key();
        String text = CaptureText.get(locale, key, subject);
        if (text.equals(key)) {
            text = CaptureText.get(locale, "capture.fix." + reason.name().toLowerCase(Locale.ROOT), subject);
            if (text.startsWith("capture.fix.")) {
                return "";
            }
        }
        return text;
    }

    @Override
    public String getMessage() {
        return describe(Locale.ENGLISH);
    }

    /**
     * Maps libpcap's message when opening or activating an interface to a reason: "You don't have permission to
     * capture on that device", "Operation not permitted", "No such device exists", ... Anything else is
     * {@link Reason#FAILED}.
     */
    public static Reason classifyOpenError(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (m.contains("permission") || m.contains("not permitted") || m.contains("eperm")
                || m.contains("access is denied") || m.contains("/dev/bpf") && m.contains("denied")) {
            return Reason.NO_PERMISSION;
        }
        if (m.contains("no such device") || m.contains("doesn't exist") || m.contains("does not exist")
                || m.contains("no such interface") || m.contains("not found") || m.contains("enodev")
                || m.contains("enxio")) {
            return Reason.NO_SUCH_INTERFACE;
        }
        return Reason.FAILED;
    }
}
