package org.layerscope.session;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.layerscope.analysis.Messages;
import org.layerscope.model.Phase;

/**
 * The user-visible strings of the desktop app and the timeline export, from the bundle
 * {@code org/layerscope/ui/ui*.properties} (English and Japanese), falling back to the analysis bundle
 * (phase names, explanations).
 */
public final class UiText {
    public static final String BUNDLE = "org.layerscope.ui.ui";
    public static final Locale JAPANESE = Locale.JAPANESE;
    public static final Locale ENGLISH = Locale.ENGLISH;

    private final Locale locale;
    private final ResourceBundle bundle;

    private UiText(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** Texts in the supported language closest to {@code locale} (Japanese or English). */
    public static UiText of(Locale locale) {
        return new UiText(supported(locale));
    }

    public static Locale supported(Locale locale) {
        return locale != null && "ja".equals(locale.getLanguage()) ? JAPANESE : ENGLISH;
    }

    /** A language from "en" or "ja" (anything else: English). */
    public static Locale parse(String lang) {
        return lang != null && lang.toLowerCase(Locale.ROOT).startsWith("ja") ? JAPANESE : ENGLISH;
    }

    public Locale locale() {
        return locale;
    }

    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return Messages.get(locale, key, args);
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }

    public String phase(Phase p) {
        return Messages.get(locale, "phase." + p.id());
    }

    /** A duration in milliseconds, as on the time axis ("12.345 ms"). */
    public String millis(long nanos) {
        return get("unit.ms", formatMillis(nanos));
    }

    public static String formatMillis(long nanos) {
        double ms = nanos / 1e6;
        double abs = Math.abs(ms);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%.0f", ms);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", ms);
        }
        if (abs >= 1 || abs == 0) {
            return String.format(Locale.ROOT, "%.2f", ms);
        }
        return String.format(Locale.ROOT, "%.3f", ms);
    }
}
