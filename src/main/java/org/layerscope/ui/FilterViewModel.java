package org.layerscope.ui;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.layerscope.analysis.filter.DisplayFilter;
import org.layerscope.analysis.filter.FilterSyntaxException;
import org.layerscope.session.PacketTable;
import org.layerscope.session.RowMatcher;

/**
 * The display filter: the expression applied, why one was refused, the rows it shows (computed in the
 * background over the whole capture) and the history of filters used, kept in the settings.
 */
public final class FilterViewModel {
    static final int MAX_FILTER_HISTORY = 20;

    private final MainViewModel main;
    private final StringProperty filter = new SimpleStringProperty("");
    private final StringProperty filterError = new SimpleStringProperty();
    private final BooleanProperty filtering = new SimpleBooleanProperty();
    private final ObjectProperty<RowFilter> rowFilter = new SimpleObjectProperty<>();
    private final ObservableList<String> filterHistory = FXCollections.observableArrayList();
    private final AtomicLong generation = new AtomicLong();

    FilterViewModel(MainViewModel main) {
        this.main = main;
        filterHistory.setAll(main.settings().list("filterHistory"));
    }

    /**
     * Applies a display filter (empty: show every row). A syntax error sets {@link #filterErrorProperty()}
     * and returns false; otherwise the matching rows are computed in the background over the whole capture.
     */
    public boolean applyFilter(String expression) {
        String expr = expression == null ? "" : expression.strip();
        DisplayFilter df;
        try {
            df = DisplayFilter.compile(expr);
        } catch (FilterSyntaxException e) {
            filterError.set(e.getMessage());
            return false;
        }
        filterError.set(null);
        filter.set(expr);
        long gen = generation.incrementAndGet();
        PacketsViewModel packets = main.packets();
        if (df.isEmpty()) {
            rowFilter.set(null);
            filtering.set(false);
            packets.changed();
            return true;
        }
        main.pushRecent(filterHistory, expr, MAX_FILTER_HISTORY, "filterHistory");
        PacketTable t = packets.table();
        filtering.set(true);
        main.tasks("task.filter").background(() -> {
            RowFilter result = null;
            String err = null;
            try {
                result = evaluate(t, df, gen);
            } catch (RuntimeException e) { // an Error goes to MainViewModel.failed: failed() and a message
                err = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            RowFilter r = result;
            String error = err;
            main.tasks().ui(() -> {
                if (generation.get() != gen || packets.table() != t) {
                    return;
                }
                filtering.set(false);
                if (error != null) {
                    filterError.set(error);
                    return;
                }
                if (r != null) {
                    rowFilter.set(r);
                    packets.changed();
                    main.statusProperty().set(main.text().get("status.filtered", r.rows().length, t.size()));
                }
            });
        });
        return true;
    }

    /** The rows of {@code t} matching {@code df} (null when a newer filter replaced this one). */
    RowFilter evaluate(PacketTable t, DisplayFilter df, long gen) {
        BitSet set = RowMatcher.matchingRows(t, df, () -> generation.get() != gen);
        return set == null ? null : new RowFilter(df.expression(), set.stream().toArray(), set);
    }

    /** Applies the filter again (the rows or their comments changed). */
    void reapply() {
        if (!filter.get().isEmpty()) {
            applyFilter(filter.get());
        }
    }

    /** Whether the filter looks at comments (then editing a comment applies it again). */
    boolean usesComments() {
        return rowFilter.get() != null && rowFilter.get().expression().contains("comment");
    }

    /** Filtering died of an Error (see {@link MainViewModel#failed}): the rows shown stay, the bar is usable. */
    void failed() {
        generation.incrementAndGet();
        filtering.set(false);
    }

    /** Forgets the rows of the previous table (another one is shown; the expression stays and is applied later). */
    void reset() {
        generation.incrementAndGet();
        rowFilter.set(null);
        filtering.set(false);
    }

    /** The display filter applied ("" for none). */
    public StringProperty filterProperty() {
        return filter;
    }

    /** Why the last filter was refused (with its position), or null. */
    public StringProperty filterErrorProperty() {
        return filterError;
    }

    public BooleanProperty filteringProperty() {
        return filtering;
    }

    /** The visible rows, or null when every row shows. */
    public ObjectProperty<RowFilter> rowFilterProperty() {
        return rowFilter;
    }

    public ObservableList<String> filterHistory() {
        return filterHistory;
    }
}
