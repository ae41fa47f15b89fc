package org.layerscope.analysis.export;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 reader for tests: records end with CRLF, a field is either plain (no comma, quote, CR or LF)
 * or quoted with doubled quotes inside. Anything else is an error, so a test that parses a file proves its form.
 */
public final class Rfc4180 {
    private Rfc4180() {
    }

    /** The records of {@code csv}; every record, the last included, must end with CRLF. */
    public static List<List<String>> parse(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = csv.length();
        while (i < n) {
            if (csv.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("unterminated quoted field at " + i);
                    }
                    char c = csv.charAt(i++);
                    if (c == '"') {
                        if (i < n && csv.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
            } else {
                while (i < n && ",\r\n\"".indexOf(csv.charAt(i)) < 0) {
                    field.append(csv.charAt(i++));
                }
                if (i < n && csv.charAt(i) == '"') {
                    throw new IllegalArgumentException("quote inside an unquoted field at " + i);
                }
            }
            record.add(field.toString());
            field.setLength(0);
            if (i >= n) {
                throw new IllegalArgumentException("the last record does not end with CRLF");
            }
            char c = csv.charAt(i);
            if (c == ',') {
                i++;
                if (i >= n) {
                    throw new IllegalArgumentException("the last record does not end with CRLF");
                }
            } else if (c == '\r' && i + 1 < n && csv.charAt(i + 1) == '\n') {
                i += 2;
                records.add(record);
                record = new ArrayList<>();
            } else {
                throw new IllegalArgumentException("expected a comma or CRLF at " + i + ", found " + (int) c);
            }
        }
        if (!record.isEmpty()) {
            throw new IllegalArgumentException("the last record does not end with CRLF");
        }
        return records;
    }
}
