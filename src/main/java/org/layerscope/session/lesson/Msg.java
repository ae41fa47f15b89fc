package org.layerscope.session.lesson;

import java.util.List;

/**
 * A text to show in the reader's language: a key of the lesson bundle and its arguments, which may be
 * {@code Msg}s themselves. A {@link #literal} is shown as it is (protocol names are the same in every language).
 */
public record Msg(String key, List<Object> args) {
    static final String LITERAL = "";

    public Msg {
        args = List.copyOf(args);
    }

    public static Msg of(String key, Object... args) {
        return new Msg(key, List.of(args));
    }

    /** Text that reads the same in every language ("Client Hello", "MQTT CONNECT"). */
    public static Msg literal(String text) {
        return new Msg(LITERAL, List.of(text));
    }

    public boolean isLiteral() {
        return key.isEmpty();
    }
}
