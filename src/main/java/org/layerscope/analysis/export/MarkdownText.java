package org.layerscope.analysis.export;

import java.util.List;

/** Escaping and tables for Markdown (CommonMark with GitHub's tables). */
final class MarkdownText {
    private static final String SPECIAL = "\\`*_[]<>&|#";

    private MarkdownText() {
    }

    /**
     * Plain text as inline Markdown: punctuation that Markdown would read ({@code \ ` * _ [ ] < > & | #}) is escaped
     * with a backslash, and line breaks become {@code <br>}, so the text stays on one line (and in its table cell).
     */
    static String text(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                sb.append("<br>");
            } else {
                if (SPECIAL.indexOf(c) >= 0) {
                    sb.append('\\');
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** {@code s} as a code span (outside tables): fenced with more backticks than it holds, on one line. */
    static String code(String s) {
        String one = s.replace("\r\n", " ").replace('\r', ' ').replace('\n', ' ');
        int longest = 0;
        int run = 0;
        for (int i = 0; i < one.length(); i++) {
            run = one.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        boolean pad = one.startsWith("`") || one.endsWith("`") || one.isEmpty();
        return fence + (pad ? " " : "") + one + (pad ? " " : "") + fence;
    }

    /** {@code s} as a code span inside a table cell: as {@link #code(String)}, with {@code |} escaped. */
    static String codeCell(String s) {
        return code(s).replace("|", "\\|");
    }

    /** A table's header row (plain texts) and its delimiter row (one alignment such as {@code ---:} per column). */
    static void tableHeader(StringBuilder sb, List<String> headers, String... alignments) {
        sb.append('|');
        for (String h : headers) {
            sb.append(' ').append(text(h)).append(" |");
        }
        sb.append("\n|");
        for (String a : alignments) {
            sb.append(a).append('|');
        }
        sb.append('\n');
    }

    /** A table row of cells that are already Markdown (escaped with {@link #text} or {@link #codeCell}). */
    static void tableRow(StringBuilder sb, String... cells) {
        sb.append('|');
        for (String c : cells) {
            sb.append(' ').append(c).append(" |");
        }
        sb.append('\n');
    }
}
