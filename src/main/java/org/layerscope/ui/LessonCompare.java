package org.layerscope.ui;

import java.util.List;
import java.util.function.IntConsumer;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.layerscope.model.Phase;
import org.layerscope.session.lesson.Lesson;
import org.layerscope.session.lesson.LessonText;

/**
 * Two lessons side by side, aligned by phase (TLS 1.2 next to TLS 1.3): a row per phase heading, then the steps of
 * that phase of each lesson, so a class sees one round trip less and the certificate hidden.
 */
final class LessonCompare {
    private static final Phase[] PHASES = {Phase.TCP_HANDSHAKE, Phase.TLS_HANDSHAKE, Phase.APPLICATION_DATA,
        Phase.TEARDOWN};

    private LessonCompare() {
    }

    static Node grid(Lesson left, Lesson right, int current, LessonText t, IntConsumer go, String closeText,
                     Runnable close) {
        GridPane g = new GridPane();
        g.setId("lesson-compare-grid");
        g.setHgap(24);
        g.setVgap(4);
        g.setPadding(new Insets(4, 16, 4, 16));
        ColumnConstraints c = new ColumnConstraints();
        c.setPercentWidth(50);
        g.getColumnConstraints().addAll(c, c);
        g.add(header(left, t), 0, 0);
        g.add(header(right, t), 1, 0);
        int row = 1;
        for (Phase p : PHASES) {
            List<Integer> a = stepsOf(left, p);
            List<Integer> b = stepsOf(right, p);
            if (a.isEmpty() && b.isEmpty()) {
                continue;
            }
            Label ph = new Label(t.phase(p));
            ph.getStyleClass().addAll("lesson-compare-phase", "ph-" + p.id());
            ph.setMaxWidth(Double.MAX_VALUE);
            g.add(ph, 0, row++, 2, 1);
            for (int k = 0; k < Math.max(a.size(), b.size()); k++) {
                if (k < a.size()) {
                    g.add(cell(left, a.get(k), a.get(k) == current, t, go), 0, row);
                }
                if (k < b.size()) {
                    g.add(cell(right, b.get(k), false, t, null), 1, row);
                }
                row++;
            }
        }
        Button closeButton = new Button(closeText);
        closeButton.setId("lesson-compare-close");
        closeButton.setOnAction(e -> close.run());
        ScrollPane sp = new ScrollPane(g);
        sp.setFitToWidth(true);
        return new VBox(4, closeButton, sp);
    }

    private static Node header(Lesson l, LessonText t) {
        Label h = new Label(l.file() + "\n" + (l.connection().tls() != null ? l.connection().tls().version() : "TCP")
                + " \u00B7 " + t.get("lesson.compare.summary", roundTrips(l), certificate(l, t)));
        h.getStyleClass().add("lesson-heading");
        h.setWrapText(true);
        return h;
    }

    /** Flights the server sends before the handshake is done: TLS 1.2 needs two, TLS 1.3 one. */
    static int roundTrips(Lesson l) {
        int n = 0;
        for (Lesson.Step s : l.steps()) {
            if (s.phase() == Phase.TLS_HANDSHAKE && s.fromId().equals("server")) {
                n++;
            }
        }
        return n;
    }

    private static String certificate(Lesson l, LessonText t) {
        for (Lesson.Step s : l.steps()) {
            if (s.kind() == Lesson.Kind.SERVER_HELLO_12) {
                return t.get("lesson.compare.cert.clear");
            }
            if (s.kind() == Lesson.Kind.SERVER_HELLO_13) {
                return t.get("lesson.compare.cert.encrypted");
            }
        }
        return "-";
    }

    private static List<Integer> stepsOf(Lesson l, Phase p) {
        java.util.ArrayList<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < l.steps().size(); i++) {
            if (l.steps().get(i).phase() == p) {
                out.add(i);
            }
        }
        return out;
    }

    private static Node cell(Lesson l, int i, boolean current, LessonText t, IntConsumer go) {
        Lesson.Step s = l.steps().get(i);
        String arrow = s.kind() == Lesson.Kind.VERDICT ? "\u2716 " : s.fromId().equals("client") ? "\u2192 " : "\u2190 ";
        Label c = new Label(s.number() + ". " + arrow + t.title(l, s));
        c.getStyleClass().add("lesson-compare-step");
        if (current) {
            c.getStyleClass().add("cur");
        }
        c.setWrapText(true);
        c.setMaxWidth(Double.MAX_VALUE);
        if (go != null) {
            c.setOnMouseClicked(e -> go.accept(i));
        }
        return c;
    }
}
