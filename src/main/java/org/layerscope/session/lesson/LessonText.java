package org.layerscope.session.lesson;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.layerscope.analysis.Messages;
import org.layerscope.model.Phase;

/**
 * The lesson's texts in one language, from the bundle {@code org/layerscope/i18n/lesson*.properties} (English and
 * Japanese). Every pattern gets the names of the two ends first: {0} the client and {1} the server in the middle of
 * a sentence, {2} and {3} at its start ("the device"/"The device" for MQTT, "the client"/"The client" otherwise);
 * a {@link Msg}'s own arguments follow from {4}.
 */
public final class LessonText {
    public static final String BUNDLE = "org.layerscope.i18n.lesson";

    private final Locale locale;
    private final ResourceBundle bundle;

    private LessonText(Locale locale) {
        this.locale = "ja".equals(locale.getLanguage()) ? Locale.JAPANESE : Locale.ENGLISH;
        this.bundle = ResourceBundle.getBundle(BUNDLE, this.locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public static LessonText of(Locale locale) {
        return new LessonText(locale == null ? Locale.ENGLISH : locale);
    }

    public Locale locale() {
        return locale;
    }

    /** A plain key of the bundle (labels of the slideshow and the view). */
    public String get(String key, Object... args) {
        String p;
        try {
            p = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        return new MessageFormat(p, locale).format(args);
    }

    public String phase(Phase p) {
        return Messages.get(locale, "phase." + p.id());
    }

    /** The step's title: its parts joined by " + ". */
    public String title(Lesson lesson, Lesson.Step step) {
        return join(lesson, step.title(), " + ");
    }

    /** The step's narration: its sentences joined by a space (none in Japanese). */
    public String narration(Lesson lesson, Lesson.Step step) {
        return join(lesson, step.narration(), locale.getLanguage().equals("ja") ? "" : " ");
    }

    /** Who sent the step: "Device", "Broker", "Client" or "Server". */
    public String sender(Lesson lesson, Lesson.Step step) {
        return get("role." + step.fromId() + (lesson.mqtt() ? ".mqtt" : "") + ".label");
    }

    /** The label of an end of the ladder: "Device (client)" / "Broker (server)" or "Client" / "Server". */
    public String end(Lesson lesson, boolean server) {
        return get("role." + (server ? "server" : "client") + (lesson.mqtt() ? ".mqtt" : "") + ".label");
    }

    private String join(Lesson lesson, List<Msg> parts, String sep) {
        StringBuilder sb = new StringBuilder();
        for (Msg m : parts) {
            if (sb.length() > 0) {
                sb.append(sep);
            }
            sb.append(text(lesson, m));
        }
        return sb.toString();
    }

    /** One message in this language. */
    public String text(Lesson lesson, Msg m) {
        if (m.isLiteral()) {
            return String.valueOf(m.args().get(0));
        }
        String suffix = lesson.mqtt() ? ".mqtt" : "";
        Object[] args = new Object[4 + m.args().size()];
        args[0] = get("role.client" + suffix);
        args[1] = get("role.server" + suffix);
        args[2] = get("role.client" + suffix + ".start");
        args[3] = get("role.server" + suffix + ".start");
        for (int i = 0; i < m.args().size(); i++) {
            Object a = m.args().get(i);
            if (a instanceof Msg inner) {
                a = text(lesson, inner);
            } else if (a instanceof LessonNarrator.VerdictText v) {
                a = Messages.verdict(locale, v.connection());
            } else if (a instanceof Number n) {
                a = n.toString();
            }
            args[4 + i] = a;
        }
        String p;
        try {
            p = bundle.getString(m.key());
        } catch (MissingResourceException e) {
            return m.key();
        }
        return new MessageFormat(p, locale).format(args);
    }
}
