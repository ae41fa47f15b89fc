package org.layerscope.capture;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** User-visible text of live capture and Run &amp; Capture (bundle {@code org.layerscope.i18n.capture}). */
public final class CaptureText {
    private static final String BUNDLE = "org.layerscope.i18n.capture";

    private CaptureText() {
    }

    /** The text for {@code key} in {@code locale} (English when missing); with arguments a MessageFormat pattern. */
    public static String get(Locale locale, String key, Object... args) {
        String pattern;
        try {
            pattern = ResourceBundle.getBundle(BUNDLE, locale == null ? Locale.ENGLISH : locale,
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES))
                    .getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        if (args == null || args.length == 0) {
            return pattern;
        }
        return new MessageFormat(pattern, locale == null ? Locale.ENGLISH : locale).format(args);
    }
}
