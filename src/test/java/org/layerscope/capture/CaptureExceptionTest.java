package org.layerscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Capture errors become one line saying what happened and the exact fix for the OS, in English and Japanese. */
class CaptureExceptionTest {
    @Test
    void libpcapMessagesAreClassified() {
        assertEquals(CaptureException.Reason.NO_PERMISSION, CaptureException.classifyOpenError(
                "lo: You don't have permission to perform this capture on that device (socket: Operation not permitted)"));
        assertEquals(CaptureException.Reason.NO_PERMISSION, CaptureException.classifyOpenError(
                "(cannot open BPF device) /dev/bpf0: Permission denied"));
        assertEquals(CaptureException.Reason.NO_SUCH_INTERFACE, CaptureException.classifyOpenError(
                "eth9: No such device exists (SIOCGIFHWADDR: No such device)"));
        assertEquals(CaptureException.Reason.FAILED, CaptureException.classifyOpenError("something else"));
    }

    @Test
    void linuxFixesNameThePackageAndTheCapability() {
        CaptureException missing = new CaptureException(CaptureException.Reason.LIBPCAP_MISSING, "", "x",
                HostOs.LINUX, null);
        assertTrue(missing.fix(Locale.ENGLISH).contains("apt-get install libpcap0.8"), missing.fix(Locale.ENGLISH));
        CaptureException perm = new CaptureException(CaptureException.Reason.NO_PERMISSION, "lo", "denied",
                HostOs.LINUX, null);
        assertTrue(perm.fix(Locale.ENGLISH).contains("setcap cap_net_raw"), perm.fix(Locale.ENGLISH));
        assertTrue(perm.describe(Locale.ENGLISH).contains("'lo'"), perm.describe(Locale.ENGLISH));
    }

    @Test
    void macAndWindowsFixes() {
        assertTrue(new CaptureException(CaptureException.Reason.NO_PERMISSION, "en0", "", HostOs.MACOS, null)
                .fix(Locale.ENGLISH).contains("/dev/bpf"));
        assertTrue(new CaptureException(CaptureException.Reason.LIBPCAP_MISSING, "", "", HostOs.WINDOWS, null)
                .fix(Locale.ENGLISH).contains("Npcap"));
        assertTrue(new CaptureException(CaptureException.Reason.NO_PERMISSION, "x", "", HostOs.WINDOWS, null)
                .fix(Locale.ENGLISH).contains("Npcap"));
    }

    @ParameterizedTest
    @EnumSource(CaptureException.Reason.class)
    void everyReasonHasTextAndAFixInBothLanguages(CaptureException.Reason reason) {
        for (Locale l : new Locale[] {Locale.ENGLISH, Locale.JAPANESE}) {
            for (HostOs os : HostOs.values()) {
                CaptureException e = new CaptureException(reason, "lo", "detail", os, null);
                assertFalse(e.describe(l).startsWith("capture."), e.describe(l));
                assertFalse(e.fix(l).isEmpty(), reason + " " + os + " " + l);
                assertFalse(e.fix(l).startsWith("capture."), e.fix(l));
            }
        }
        assertFalse(new CaptureException(reason, "lo", "d", HostOs.LINUX, null).describe(Locale.JAPANESE)
                .equals(new CaptureException(reason, "lo", "d", HostOs.LINUX, null).describe(Locale.ENGLISH)));
    }

    @Test
    void osNames() {
        assertEquals(HostOs.LINUX, HostOs.of("Linux"));
        assertEquals(HostOs.MACOS, HostOs.of("Mac OS X"));
        assertEquals(HostOs.WINDOWS, HostOs.of("Windows 11"));
        assertEquals(HostOs.OTHER, HostOs.of("FreeBSD"));
    }
}
