package org.layerscope.analysis.filter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.layerscope.analysis.PacketResult;

/**
 * A Wireshark-style display filter over LayerScope's fields, compiled once and then tested on frames.
 *
 * <pre>{@code
 * DisplayFilter f = DisplayFilter.compile("tls.handshake.type == 1 || mqtt.msgtype in {3, 8}");
 * if (f.matches(packetResult)) { ... }
 * }</pre>
 *
 * <p>The language is a subset of Wireshark 4.0's: field presence ({@code tls.handshake}); comparisons
 * {@code == != === !== < <= > >=} and {@code eq ne all_eq any_ne lt le gt ge}; {@code contains};
 * {@code matches} / {@code ~} (a Java regular expression, case-sensitive, found anywhere); {@code and or not}
 * and {@code && || !} (not binds tightest, then and, then or); parentheses; sets {@code in {1, 2, 10..20}};
 * integers in decimal, hex ({@code 0x16}), octal ({@code 010}) and binary ({@code 0b11}); strings in double
 * quotes with C escapes ({@code "a\"b"}, {@code \x41}, {@code \u00e9}) or raw ({@code r"\d+"}); byte strings
 * ({@code 16:03:01}); IPv4 and IPv6 addresses and subnets ({@code ip.addr == 127.0.0.0/8}); Ethernet
 * addresses; True/False or 1/0 for flags; field-to-field comparisons ({@code tcp.srcport == tcp.dstport}).
 *
 * <p>A field can occur several times in a frame (several TLS records): {@code ==}, ordering, {@code contains},
 * {@code matches} and {@code in} are true when some occurrence passes; {@code !=} when every occurrence
 * differs ({@code ===} when every one is equal, {@code !==} when some one differs); any comparison on a field
 * the frame does not have is false, so {@code !(tcp.port == 80)} and {@code tcp.port != 80} differ on UDP.
 *
 * <p>Instances are immutable and may be shared between threads. {@link #matches} needs the frame's details
 * tree for dissector fields ({@link #needsTree()}): run the {@code Analyzer} with trees when filtering.
 */
public final class DisplayFilter {
    private static final DisplayFilter ALL = new DisplayFilter("", null, new Program());

    private final String expression;
    private final Node root;
    private final Program program;
    private final Set<String> referenced;
    private final boolean needsTree;
    private final boolean buildsTree;
    private final boolean wiresharkOnly;

    private DisplayFilter(String expression, Node root, Program program) {
        this.expression = expression;
        this.root = root;
        this.program = program;
        Set<String> names = new LinkedHashSet<>();
        boolean tree = false;
        boolean build = false;
        boolean ws = true;
        for (FieldRef r : program.refs()) {
            names.add(r.name());
            tree |= r.def.fromTree();
            build |= r.def.fromTree() && r.def.fast == null;
            ws &= r.def.wireshark;
        }
        this.referenced = Collections.unmodifiableSet(names);
        this.needsTree = tree;
        this.buildsTree = build;
        this.wiresharkOnly = ws;
    }

    /**
     * Compiles an expression. An empty (or blank) expression gives a filter that matches every frame.
     *
     * @throws FilterSyntaxException with the position of the offending character
     */
    public static DisplayFilter compile(String expression) throws FilterSyntaxException {
        if (expression == null || expression.isBlank()) {
            return ALL;
        }
        Program p = new Program();
        Node root = Parser.parse(expression, p);
        return new DisplayFilter(expression, root, p);
    }

    /** Whether the frame passes the filter. */
    public boolean matches(PacketResult frame) {
        return root == null || root.eval(new FrameView(frame, program));
    }

    /** The expression as given. */
    public String expression() {
        return expression;
    }

    /** True for the empty filter, which lets every frame through. */
    public boolean isEmpty() {
        return root == null;
    }

    /** Whether some field comes from the details tree (then frames must be analysed with trees). */
    public boolean needsTree() {
        return needsTree;
    }

    /**
     * Whether the analysis must build field trees for this filter: it uses a dissector field whose values
     * are not also kept outside the tree (TCP header fields, TLS content and handshake types, the MQTT
     * message type are). The commands build trees only then.
     */
    public boolean buildsTree() {
        return buildsTree;
    }

    /** The field names the expression uses, in order of first use. */
    public Set<String> referencedFields() {
        return referenced;
    }

    /** True when every field used is also a Wireshark field (so tshark can evaluate the same expression). */
    public boolean usesOnlyWiresharkFields() {
        return wiresharkOnly;
    }

    @Override
    public String toString() {
        return expression;
    }

    // ---- the field names, for completion ----

    /** Every field name a filter may use (dissector fields, Wireshark's synthetic fields, {@code phase} and {@code ls.*}), sorted. */
    public static SortedSet<String> fields() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(FieldRegistry.all().keySet()));
    }

    /** The known field names that start with {@code prefix}, sorted (for a completion list). */
    public static List<String> complete(String prefix) {
        List<String> out = new ArrayList<>();
        for (String n : FieldRegistry.all().keySet()) {
            if (n.startsWith(prefix)) {
                out.add(n);
            }
        }
        return out;
    }

    /** The kind of a known field (which literals and operators it takes), if the name is known. */
    public static Optional<FieldKind> kind(String field) {
        FieldDef d = FieldRegistry.get(field);
        return d == null ? Optional.empty() : Optional.of(d.kind);
    }

    /** A short description of a known field for a tooltip ("IPv4 address", "LayerScope phase: ..."), if known. */
    public static Optional<String> describe(String field) {
        FieldDef d = FieldRegistry.get(field);
        return d == null ? Optional.empty() : Optional.of(d.description);
    }

    /** Whether Wireshark knows a field of this name too (false for {@code phase}, {@code ls.*} and LayerScope's own tree names). */
    public static boolean isWiresharkField(String field) {
        FieldDef d = FieldRegistry.get(field);
        return d != null && d.wireshark;
    }
}
