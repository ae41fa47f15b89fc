package org.layerscope.analysis;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** User-visible text from the resource bundles (English and Japanese). */
public final class Messages {
    private static final String BUNDLE = "org.layerscope.i18n.messages";

    private Messages() {
    }

    public static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle(BUNDLE, locale, ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The text for {@code key}; with arguments it is a {@link MessageFormat} pattern. */
    public static String get(Locale locale, String key, Object... args) {
        String pattern;
        try {
            pattern = bundle(locale).getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        if (args == null || args.length == 0) {
            return pattern;
        }
        return new MessageFormat(pattern, locale).format(args);
    }

    /** The plain-language explanation of a connection's verdict. */
    public static String verdict(Locale locale, ConnectionSummary c) {
        Object[] args = c.explanationArgs().toArray();
        for (int i = 0; i < args.length; i++) {
            if ("client".equals(args[i]) || "server".equals(args[i])) {
                args[i] = get(locale, "side." + args[i]);
            } else if (args[i] instanceof String s && get(locale, "phase." + s) != null
                    && !get(locale, "phase." + s).startsWith("phase.")) {
                args[i] = get(locale, "phase." + s);
            }
        }
        String text = get(locale, c.explanationKey(), args);
        // a fatal alert gets a hint for people: what it usually means and what to check
        int colon = c.verdict().indexOf(':');
        if (c.verdict().startsWith("tls-alert-by-") && colon > 0) {
            String side = c.verdict().substring("tls-alert-by-".length(), colon);
            String hintKey = "verdict.hint." + side + "." + c.verdict().substring(colon + 1);
            String hint = get(locale, hintKey);
            if (!hint.equals(hintKey)) {
                text = text + " " + hint;
            }
        }
        return text;
    }

    /** The plain-language explanation of a released frame. */
    public static String explanation(Locale locale, PacketResult r) {
        return get(locale, r.explanationKey(), r.explanationArgs());
    }
}
