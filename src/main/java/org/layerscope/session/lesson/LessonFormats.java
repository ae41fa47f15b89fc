package org.layerscope.session.lesson;

import java.io.PrintWriter;
import org.layerscope.analysis.ConnectionSummary;

/** The plain outputs of {@code layerscope lesson}: the TSV contract and readable text. */
public final class LessonFormats {
    /** The TSV header, a stable contract. */
    public static final String TSV_HEADER = "step\tframes\tphase\tfrom\ttitle\tnarration";

    private LessonFormats() {
    }

    /** One line per step under {@link #TSV_HEADER}; tabs and line breaks inside texts become spaces. */
    public static void tsv(PrintWriter out, Lesson lesson, LessonText t) {
        out.print(TSV_HEADER + "\n");
        for (Lesson.Step s : lesson.steps()) {
            out.print(s.number() + "\t" + s.frameList() + "\t" + s.phase().id() + "\t" + s.fromId() + "\t"
                    + clean(t.title(lesson, s)) + "\t" + clean(t.narration(lesson, s)) + "\n");
        }
        out.flush();
    }

    /** A numbered list for people: title, sender, frames and phase, then the narration indented. */
    public static void text(PrintWriter out, Lesson lesson, LessonText t) {
        out.print(t.get("lesson.title", lesson.file()) + "\n");
        out.print(connectionLine(lesson, t) + "\n");
        out.print((lesson.decrypted() ? t.get("lesson.decrypted") : t.get("lesson.encrypted")) + "\n\n");
        for (Lesson.Step s : lesson.steps()) {
            String from = t.sender(lesson, s);
            String to = t.end(lesson, s.fromId().equals("client"));
            out.print(String.format("%2d. %s  [%s \u2192 %s]  %s  \u00B7 %s%n", s.number(), t.title(lesson, s), from, to,
                    t.get("lesson.frames", s.frameList()), t.phase(s.phase())));
            out.print("    " + clean(t.narration(lesson, s)) + "\n");
        }
        out.flush();
    }

    /** "Connection 0: 127.0.0.1:57854 → 127.0.0.1:8883 · TLS 1.3". */
    public static String connectionLine(Lesson lesson, LessonText t) {
        ConnectionSummary c = lesson.connection();
        String line = t.get("lesson.connection", c.stream(), c.client(), c.server());
        if (c.tls() != null && c.tls().version() != null) {
            line += " \u00B7 " + c.tls().version();
        }
        return line;
    }

    static String clean(String s) {
        return s.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
    }
}
