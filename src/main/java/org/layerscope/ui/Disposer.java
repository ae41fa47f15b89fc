package org.layerscope.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;

/** Listeners a view put on the (longer-lived) view model, removed when the view is rebuilt. */
final class Disposer {
    private final List<Runnable> removals = new ArrayList<>();

    <T> void listen(ObservableValue<T> value, ChangeListener<? super T> listener) {
        value.addListener(listener);
        removals.add(() -> value.removeListener(listener));
    }

    void invalidated(Observable value, InvalidationListener listener) {
        value.addListener(listener);
        removals.add(() -> value.removeListener(listener));
    }

    void dispose() {
        removals.forEach(Runnable::run);
        removals.clear();
    }
}
