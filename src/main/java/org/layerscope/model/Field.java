package org.layerscope.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * A node of a packet's details tree, like one line of Wireshark's packet details.
 *
 * <p>{@code name} is a Wireshark-style dotted abbreviation ({@code tcp.flags.syn},
 * {@code tls.record.content_type}, {@code mqtt.msgtype}); protocol nodes use the protocol name
 * ({@code tcp}, {@code tls}, {@code mqtt}). {@code value} is the raw value as text, used by filters and
 * tests (decimal for numbers, dotted or colon form for addresses), or {@code null} for nodes that only
 * group others. {@code display} is the line people read. {@code offset}/{@code length} locate the
 * field's bytes: while a decoder builds a tree they are indices into the byte array it was given; the
 * pipeline turns them into offsets in the frame ({@code -1} when the bytes lie in an earlier frame of
 * a reassembled PDU).
 *
 * <p>Decoders add children with {@link #add}. {@link #NONE} is a sink that drops everything, so a
 * decoder can run without building a tree (check {@link #enabled()} before building costly text).
 */
public final class Field {
    /** A tree that records nothing. */
    public static final Field NONE = new Field("", null, "", -1, 0);

    /**
     * Offsets from here up point into the frame's decrypted TLS data (the plaintext of its records, in order)
     * instead of its captured bytes: offset {@code DECRYPTED + i} is byte {@code i} of that data. Fields of
     * MQTT read inside TLS carry such offsets, so the window can highlight them in a "Decrypted TLS" view.
     */
    public static final int DECRYPTED = 1 << 28;

    /** Whether an offset points into the decrypted data (see {@link #DECRYPTED}). */
    public static boolean inDecrypted(int offset) {
        return offset >= DECRYPTED;
    }

    private final String name;
    private final String value;
    private final String display;
    private final int offset;
    private final int length;
    private List<Field> children;

    public Field(String name, String value, String display, int offset, int length) {
        this.name = name;
        this.value = value;
        this.display = display;
        this.offset = offset;
        this.length = length;
    }

    /** A new, empty root node of a packet tree. */
    public static Field root() {
        return new Field("frame", null, "Frame", 0, 0);
    }

    /** Whether this node records children (false only for {@link #NONE}). */
    public boolean enabled() {
        return this != NONE;
    }

    /**
     * Adds a child and returns it (or {@link #NONE} when this node is {@link #NONE}).
     *
     * @param value   raw value as text, or null for a grouping node
     * @param display the text people read; when null, {@code name + ": " + value} is shown
     */
    public Field add(String name, int offset, int length, Object value, String display) {
        if (this == NONE) {
            return NONE;
        }
        String v = value == null ? null : value.toString();
        Field child = new Field(name, v, display != null ? display : (v == null ? name : name + ": " + v),
                offset, length);
        if (children == null) {
            children = new ArrayList<>(4);
        }
        children.add(child);
        return child;
    }

    /** Adds an already built subtree (ignored on {@link #NONE}). */
    public void addChild(Field child) {
        if (this == NONE || child == NONE) {
            return;
        }
        if (children == null) {
            children = new ArrayList<>(4);
        }
        children.add(child);
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    public String display() {
        return display;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public List<Field> children() {
        return children == null ? List.of() : Collections.unmodifiableList(children);
    }

    /** The first descendant (depth first, this node included) with that name, or null. */
    public Field find(String fieldName) {
        if (fieldName.equals(name)) {
            return this;
        }
        if (children != null) {
            for (Field c : children) {
                Field f = c.find(fieldName);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    /** Every descendant (this node included) with that name, depth first. */
    public List<Field> findAll(String fieldName) {
        List<Field> out = new ArrayList<>();
        collect(fieldName, out);
        return out;
    }

    private void collect(String fieldName, List<Field> out) {
        if (fieldName.equals(name)) {
            out.add(this);
        }
        if (children != null) {
            for (Field c : children) {
                c.collect(fieldName, out);
            }
        }
    }

    /**
     * A copy of this tree whose offsets are mapped through {@code map} (an offset the map returns
     * as negative means "not in this frame": the copy gets offset -1).
     */
    public Field remap(IntUnaryOperator map) {
        if (this == NONE) {
            return NONE;
        }
        int o = offset < 0 ? -1 : map.applyAsInt(offset);
        Field copy = new Field(name, value, display, o < 0 ? -1 : o, length);
        if (children != null) {
            copy.children = new ArrayList<>(children.size());
            for (Field c : children) {
                copy.children.add(c.remap(map));
            }
        }
        return copy;
    }

    @Override
    public String toString() {
        return display;
    }
}
