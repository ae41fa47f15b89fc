package org.layerscope.ui;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.layerscope.session.PacketTable;

/**
 * The packets the window shows (packet list, timeline, ladder): the table of the open capture or the live
 * capture, how many rows are published to the views, and counters the views repaint on.
 */
public final class PacketsViewModel {
    private final ObjectProperty<PacketTable> table = new SimpleObjectProperty<>(new PacketTable());
    private final IntegerProperty rows = new SimpleIntegerProperty();
    private final LongProperty revision = new SimpleLongProperty();
    private final LongProperty annotations = new SimpleLongProperty();
    private final LongProperty fitRequests = new SimpleLongProperty();

    /** Shows another table (a capture opened or a live capture started): no rows published yet. */
    void reset(PacketTable t) {
        table.set(t);
        rows.set(0);
        changed();
    }

    /** Publishes the rows added so far (FX thread, at most ten times a second while loading). */
    void publish() {
        rows.set(table.get().size());
        changed();
    }

    /** The rows or what they show changed: the views repaint. */
    void changed() {
        revision.set(revision.get() + 1);
    }

    /** Comments or connection summaries changed. */
    void annotationsChanged() {
        annotations.set(annotations.get() + 1);
    }

    /** Asks the window to give the timeline the height its bands need. */
    public void requestFit() {
        fitRequests.set(fitRequests.get() + 1);
    }

    public ObjectProperty<PacketTable> tableProperty() {
        return table;
    }

    public PacketTable table() {
        return table.get();
    }

    /** Rows published to the views. */
    public IntegerProperty rowsProperty() {
        return rows;
    }

    /** Bumped whenever the views must repaint (rows added, filter applied, comments changed). */
    public LongProperty revisionProperty() {
        return revision;
    }

    /** Bumped whenever comments or connection summaries change (the annotations and connections panels). */
    public LongProperty annotationsProperty() {
        return annotations;
    }

    public LongProperty fitRequestsProperty() {
        return fitRequests;
    }
}
