package org.layerscope.session.lesson;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.layerscope.model.Phase;
import org.layerscope.session.LayerBreakdown;

/**
 * The lesson as a self-contained slideshow: one HTML file, one {@code <section>} per step, no external resource
 * (styles, script and ladder drawings are inline), so students open it offline in any browser. Each slide shows
 * the ladder between the two ends with the step's arrow highlighted, the narration, the layer envelope of the
 * step's frame (nested boxes with byte counts) and the phase progress. ←/→, space, Page Up/Down, Home and End
 * step through it; the slide's number is kept in the address (#3) so a reload stays on it.
 */
public final class LessonHtml {
    /** Arrows drawn around the current one on a slide (long connections show a window of the ladder). */
    static final int LADDER_WINDOW = 13;
    private static final Phase[] PHASES = {Phase.TCP_HANDSHAKE, Phase.TLS_HANDSHAKE, Phase.APPLICATION_DATA,
        Phase.TEARDOWN};

    private LessonHtml() {
    }

    public static void write(PrintWriter out, Lesson lesson, LessonText t) {
        Locale loc = t.locale();
        StringBuilder sb = new StringBuilder(64 * 1024);
        String title = t.get("lesson.title", lesson.file());
        sb.append("<!DOCTYPE html>\n<html lang=\"").append(loc.getLanguage()).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n")
                .append("<body>\n<header><h1>").append(esc(title)).append("</h1><p>")
                .append(esc(LessonFormats.connectionLine(lesson, t))).append(" \u00B7 ")
                .append(esc(lesson.decrypted() ? t.get("lesson.decrypted") : t.get("lesson.encrypted")))
                .append("</p></header>\n<main>\n");
        int n = lesson.steps().size();
        for (int i = 0; i < n; i++) {
            Lesson.Step s = lesson.steps().get(i);
            sb.append("<section id=\"step-").append(s.number()).append("\" class=\"step phase-").append(s.phase().id())
                    .append(s.kind() == Lesson.Kind.VERDICT ? " verdict" : "").append("\" data-step=\"").append(s.number())
                    .append("\" data-phase=\"").append(s.phase().id()).append("\"").append(i == 0 ? "" : " hidden")
                    .append(">\n");
            sb.append("<h2><span class=\"num\">").append(esc(t.get("lesson.step", s.number(), n))).append("</span> ")
                    .append(esc(t.title(lesson, s))).append("</h2>\n");
            sb.append("<div class=\"cols\">\n");
            ladder(sb, lesson, t, i);
            sb.append("<div class=\"text\">\n<p class=\"from\">");
            String from = t.sender(lesson, s);
            String to = t.end(lesson, s.fromId().equals("client"));
            sb.append(esc(t.get("lesson.from", from, to))).append(" \u00B7 ").append(esc(t.get("lesson.frames", s.frameList())))
                    .append("</p>\n<p class=\"narration\">").append(esc(t.narration(lesson, s))).append("</p>\n");
            envelope(sb, s, t);
            sb.append("</div>\n</div>\n");
            progress(sb, s.phase(), t);
            sb.append("</section>\n");
        }
        sb.append("</main>\n<footer>").append(esc(t.get("lesson.keys"))).append("</footer>\n<script>\n").append(JS)
                .append("</script>\n</body>\n</html>\n");
        out.print(sb);
        out.flush();
    }

    private static void ladder(StringBuilder sb, Lesson lesson, LessonText t, int current) {
        List<Lesson.Step> steps = lesson.steps();
        int from = Math.max(0, Math.min(current - LADDER_WINDOW / 2, steps.size() - LADDER_WINDOW));
        int to = Math.min(steps.size(), from + LADDER_WINDOW);
        int rowH = 34;
        int top = 56;
        int w = 420;
        int xc = 70;
        int xs = w - 70;
        int h = top + (to - from) * rowH + 20;
        sb.append("<svg class=\"ladder\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" role=\"img\" aria-label=\"ladder\">\n");
        sb.append("<defs><marker id=\"ah").append(current + 1).append("\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"12\" markerHeight=\"12\""
                + " orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#444\"/></marker></defs>\n");
        sb.append("<text class=\"end\" x=\"").append(xc).append("\" y=\"24\">").append(esc(t.end(lesson, false)))
                .append("</text><text class=\"end\" x=\"").append(xs).append("\" y=\"24\">")
                .append(esc(t.end(lesson, true))).append("</text>\n");
        sb.append("<line class=\"life\" x1=\"").append(xc).append("\" y1=\"34\" x2=\"").append(xc).append("\" y2=\"")
                .append(h - 6).append("\"/><line class=\"life\" x1=\"").append(xs).append("\" y1=\"34\" x2=\"").append(xs)
                .append("\" y2=\"").append(h - 6).append("\"/>\n");
        for (int i = from; i < to; i++) {
            Lesson.Step s = steps.get(i);
            int y = top + (i - from) * rowH + 18;
            String cls = (i == current ? "cur" : i < current ? "past" : "next") + " ph-" + s.phase().id();
            String label = shorten(t.title(lesson, s), 34);
            if (s.kind() == Lesson.Kind.VERDICT) {
                sb.append("<g class=\"").append(cls).append(" stop\"><line x1=\"").append(xc).append("\" y1=\"").append(y)
                        .append("\" x2=\"").append(xs).append("\" y2=\"").append(y).append("\"/><text x=\"").append(w / 2)
                        .append("\" y=\"").append(y - 6).append("\">\u2716 ").append(esc(label)).append("</text></g>\n");
                continue;
            }
            boolean client = s.fromId().equals("client");
            int x1 = client ? xc : xs;
            int x2 = client ? xs : xc;
            sb.append("<g class=\"").append(cls).append("\"><line x1=\"").append(x1).append("\" y1=\"").append(y - 4)
                    .append("\" x2=\"").append(x2).append("\" y2=\"").append(y + 8)
                    .append("\" marker-end=\"url(#ah").append(current + 1).append(")\"/><text x=\"").append(w / 2).append("\" y=\"").append(y - 7)
                    .append("\">").append(esc(label)).append("</text></g>\n");
        }
        sb.append("</svg>\n");
    }

    private static void envelope(StringBuilder sb, Lesson.Step s, LessonText t) {
        List<LayerBreakdown.Layer> layers = s.layers(t.locale());
        if (layers.isEmpty()) {
            return;
        }
        sb.append("<div class=\"envelope\"><p class=\"cap\">").append(esc(t.get("lesson.layers", s.main())))
                .append("</p>\n");
        // each layer nests in the latest layer one level up
        List<Integer> open = new ArrayList<>();
        for (LayerBreakdown.Layer l : layers) {
            while (!open.isEmpty() && open.get(open.size() - 1) >= l.depth()) {
                sb.append("</div>");
                open.remove(open.size() - 1);
            }
            sb.append("<div class=\"box k-").append(esc(l.kind())).append("\"><span>").append(esc(l.caption()))
                    .append("</span>");
            open.add(l.depth());
        }
        for (int i = 0; i < open.size(); i++) {
            sb.append("</div>");
        }
        sb.append("</div>\n");
    }

    private static void progress(StringBuilder sb, Phase phase, LessonText t) {
        sb.append("<ol class=\"phases\">");
        for (Phase p : PHASES) {
            String cls = p == phase ? "now" : p.ordinal() < phase.ordinal() ? "done" : "todo";
            sb.append("<li class=\"").append(cls).append("\">").append(esc(t.phase(p))).append("</li>");
        }
        sb.append("</ol>\n");
    }

    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            :root { --tcp: #1f77b4; --tls: #8e44ad; --app: #2e8b57; --down: #d35400; --fg: #1d1d1f; --bg: #fbfbfd; }
            * { box-sizing: border-box; }
            html, body { margin: 0; height: 100%; background: var(--bg); color: var(--fg);
              font-family: system-ui, "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif; }
            body { display: flex; flex-direction: column; font-size: clamp(14px, 2.1vh, 30px); }
            header { padding: 0.4em 1em; border-bottom: 1px solid #ccc; }
            header h1 { font-size: 1em; margin: 0; } header p { margin: 0.1em 0 0; font-size: 0.8em; color: #555; }
            main { flex: 1; overflow: hidden; }
            section { height: 100%; padding: 0.6em 1em; display: flex; flex-direction: column; }
            section[hidden] { display: none; }
            h2 { font-size: 1.6em; margin: 0 0 0.4em; } h2 .num { font-size: 0.55em; color: #666; font-weight: normal; }
            .cols { flex: 1; display: flex; gap: 1em; min-height: 0; }
            .ladder { flex: 0 0 40%; max-height: 100%; font-size: 13px; }
            .ladder .end { text-anchor: middle; font-weight: bold; font-size: 17px; }
            .ladder .life { stroke: #888; stroke-width: 2; stroke-dasharray: 4 4; }
            .ladder g line { stroke: #999; stroke-width: 2; } .ladder g text { text-anchor: middle; fill: #555; }
            .ladder g.next { opacity: 0.35; }
            .ladder g.ph-tcp-handshake line { stroke: var(--tcp); } .ladder g.ph-tls-handshake line { stroke: var(--tls); }
            .ladder g.ph-application-data line { stroke: var(--app); } .ladder g.ph-teardown line { stroke: var(--down); }
            .ladder g.cur line { stroke-width: 5; } .ladder g.cur text { fill: #000; font-weight: bold; font-size: 15px; }
            .ladder g.stop line { stroke: #c0392b; stroke-dasharray: 8 4; } .ladder g.stop text { fill: #c0392b; }
            .text { flex: 1; min-width: 0; overflow: auto; }
            .from { color: #555; margin: 0 0 0.3em; font-size: 0.85em; }
            .narration { font-size: 1.25em; line-height: 1.45; margin: 0 0 0.6em; }
            .verdict .narration { color: #a93226; }
            .envelope { font-size: 0.85em; } .envelope .cap { margin: 0 0 0.2em; color: #555; }
            .box { border: 2px solid #999; border-radius: 6px; padding: 0.15em 0.4em; margin: 0.2em 0; background: #fff; }
            .box > span { font-family: ui-monospace, "Noto Sans Mono CJK JP", monospace; }
            .box .box { margin-left: 0.6em; }
            .k-frame { border-color: #555; } .k-link { border-color: #7f8c8d; background: #f4f6f6; }
            .k-ip { border-color: #2980b9; background: #eaf2f8; } .k-tcp, .k-payload { border-color: var(--tcp); background: #eef5fb; }
            .k-tls { border-color: var(--tls); background: #f5eef8; } .k-mqtt { border-color: var(--app); background: #e9f7ef; }
            .phases { display: flex; list-style: none; padding: 0; margin: 0.5em 0 0; gap: 0.3em; }
            .phases li { flex: 1; text-align: center; padding: 0.25em; border-radius: 4px; background: #e5e5e5; color: #777; font-size: 0.85em; }
            .phases li.done { background: #bcd9c5; color: #234; } .phases li.now { background: #2e8b57; color: #fff; font-weight: bold; }
            footer { padding: 0.3em 1em; font-size: 0.7em; color: #666; border-top: 1px solid #ccc; }
            """;

    private static final String JS = """
            (function () {
              var slides = document.querySelectorAll('section.step');
              var cur = 0;
              function show(i) {
                if (i < 0) { i = 0; }
                if (i > slides.length - 1) { i = slides.length - 1; }
                for (var k = 0; k < slides.length; k++) { slides[k].hidden = (k !== i); }
                cur = i;
                document.body.setAttribute('data-current', String(i + 1));
                if (history.replaceState) { history.replaceState(null, '', '#' + (i + 1)); }
              }
              document.addEventListener('keydown', function (e) {
                var k = e.key;
                if (k === 'ArrowRight' || k === ' ' || k === 'Spacebar' || k === 'PageDown' || k === 'ArrowDown') {
                  show(cur + 1);
                } else if (k === 'ArrowLeft' || k === 'PageUp' || k === 'ArrowUp' || k === 'Backspace') {
                  show(cur - 1);
                } else if (k === 'Home') { show(0); } else if (k === 'End') { show(slides.length - 1); } else { return; }
                e.preventDefault();
              });
              var start = parseInt((location.hash || '#1').substring(1), 10);
              show(isNaN(start) ? 0 : start - 1);
            })();
            """;
}
