package org.layerscope.ui;

import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import javafx.util.Duration;
import org.layerscope.session.PacketTable;
import org.layerscope.session.UiText;
import org.layerscope.render.TimelineRenderer;
import org.layerscope.render.TimelineViewport;

/**
 * The phase timeline in the window: a canvas drawn by {@link TimelineRenderer} (by pixel column, so it
 * stays fluid with a million packets), zoom with Ctrl+wheel or the buttons, pan by dragging or the
 * wheel, click to select, hover for a tooltip.
 */
final class TimelineView {
    private final MainViewModel vm;
    private final BorderPane root = new BorderPane();
    private final Canvas canvas = new Canvas(400, 200);
    private final ScrollBar vbar = new ScrollBar();
    private final TimelineViewport viewport = new TimelineViewport();
    private final Tooltip tooltip = new Tooltip();
    /**
     * The selected packet's mark, over the canvas: a new selection moves these two shapes instead of repainting
     * every packet (with a million rows a repaint costs the renderer 100+ ms of software rasterising per click).
     */
    private final Line selectionLine = new Line();
    private final Rectangle selectionBox = new Rectangle();
    private final Rectangle overlayClip = new Rectangle();
    private long repaints;
    private TimelineRenderer renderer;
    private boolean fitted;
    private double dragX = Double.NaN;
    private double dragY;
    private boolean dragged;
    private int hoverRow = -1;
    private long lastBusyRedraw;
    /** Nanoseconds the last repaint while loading took. */
    private long lastBusyRedrawCost;
    private boolean userMoved;

    TimelineView(MainViewModel vm, Disposer d) {
        this.vm = vm;
        UiText t = vm.text();
        root.getStyleClass().add("timeline");
        Button in = new Button("+");
        in.setTooltip(new Tooltip(t.get("timeline.zoomIn")));
        in.setId("timeline-zoom-in");
        in.setOnAction(e -> zoom(2));
        Button out = new Button("\u2212");
        out.setTooltip(new Tooltip(t.get("timeline.zoomOut")));
        out.setId("timeline-zoom-out");
        out.setOnAction(e -> zoom(0.5));
        Button fit = new Button(t.get("timeline.fit"));
        fit.setId("timeline-fit");
        fit.setOnAction(e -> fit());
        Label title = new Label(t.get("timeline.title"));
        title.getStyleClass().add("pane-title");
        Label hint = new Label(t.get("timeline.hint"));
        hint.getStyleClass().add("hint");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(6, title, spacer, hint, out, in, fit);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(2, 6, 2, 6));
        bar.getStyleClass().add("pane-header");
        root.setTop(bar);
        Pane overlay = new Pane(selectionLine, selectionBox);
        overlay.setMouseTransparent(true);
        overlay.setManaged(false);
        overlay.setClip(overlayClip);
        selectionLine.setId("timeline-selection-line");
        selectionBox.setId("timeline-selection-box");
        selectionBox.setFill(null);
        selectionBox.setStrokeWidth(2);
        selectionBox.setStrokeType(javafx.scene.shape.StrokeType.CENTERED);
        Pane holder = new Pane(canvas, overlay);
        holder.setMinSize(100, 60);
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        canvas.widthProperty().addListener(o -> redraw());
        canvas.heightProperty().addListener(o -> {
            updateScrollBar();
            redraw();
        });
        canvas.setId("timeline-canvas");
        root.setCenter(holder);
        vbar.setOrientation(Orientation.VERTICAL);
        vbar.valueProperty().addListener((o, a, b) -> {
            viewport.scrollY(b.doubleValue());
            redraw();
        });
        root.setRight(vbar);
        tooltip.setShowDelay(Duration.millis(150));
        tooltip.setShowDuration(Duration.seconds(20));
        Tooltip.install(canvas, tooltip);
        tooltip.setOnShowing(e -> tooltip.setText(tooltipText(hoverRow)));

        canvas.setOnScroll(e -> {
            if (e.isControlDown()) {
                zoom(e.getDeltaY() > 0 ? 1.25 : 0.8, e.getX() - TimelineRenderer.GUTTER);
            } else if (e.isShiftDown() || Math.abs(e.getDeltaX()) > Math.abs(e.getDeltaY())) {
                viewport.pan(e.isShiftDown() ? e.getDeltaY() : e.getDeltaX());
                redraw();
            } else {
                vbar.setValue(clamp(vbar.getValue() - e.getDeltaY(), vbar.getMin(), vbar.getMax()));
            }
            e.consume();
        });
        canvas.setOnMousePressed(e -> {
            dragX = e.getX();
            dragY = e.getY();
            dragged = false;
        });
        canvas.setOnMouseDragged(e -> {
            if (Double.isNaN(dragX)) {
                return;
            }
            double dx = e.getX() - dragX;
            double dy = e.getY() - dragY;
            if (Math.abs(dx) + Math.abs(dy) > 3) {
                dragged = true;
                canvas.setCursor(Cursor.CLOSED_HAND);
            }
            if (dragged) {
                userMoved = true;
                viewport.pan(dx);
                vbar.setValue(clamp(vbar.getValue() - dy, vbar.getMin(), vbar.getMax()));
                dragX = e.getX();
                dragY = e.getY();
                redraw();
            }
        });
        canvas.setOnMouseReleased(e -> {
            canvas.setCursor(Cursor.DEFAULT);
            if (!dragged && e.getButton() == MouseButton.PRIMARY) {
                int row = renderer().hit(viewport, e.getX(), e.getY(), canvas.getWidth());
                if (row >= 0) {
                    vm.selection().select(row);
                }
            }
            dragX = Double.NaN;
        });
        canvas.setOnMouseMoved(e -> {
            int row = renderer().hit(viewport, e.getX(), e.getY(), canvas.getWidth());
            if (row != hoverRow) {
                hoverRow = row;
                if (row < 0) {
                    tooltip.hide();
                } else {
                    tooltip.setText(tooltipText(row));
                }
            }
            canvas.setCursor(row >= 0 ? Cursor.HAND : Cursor.DEFAULT);
        });

        d.invalidated(vm.packets().revisionProperty(), o -> {
            // while a capture loads, repaint at most once a second (twice while capturing live), and spend at most
            // a twentieth of the time repainting (a repaint of a million rows takes a while), so the analysis keeps
            // the CPU
            long now = System.nanoTime();
            boolean busy = vm.busy();
            long every = vm.document().loadingProperty().get() ? 1_000_000_000L : 500_000_000L;
            if (busy && fitted && now - lastBusyRedraw < Math.max(every, 20 * lastBusyRedrawCost)) {
                return;
            }
            lastBusyRedraw = now;
            if ((busy && !userMoved) || (!fitted && vm.packets().table().size() > 0)) {
                fitViewport();
            }
            updateScrollBar();
            redraw();
            if (busy) {
                lastBusyRedrawCost = System.nanoTime() - now;
            }
        });
        d.invalidated(vm.packets().tableProperty(), o -> {
            renderer = null;
            fitted = false;
            userMoved = false;
            vbar.setValue(0);
            redraw();
        });
        d.invalidated(vm.packets().fitRequestsProperty(), o -> fit());
        d.invalidated(vm.filter().rowFilterProperty(), o -> {
            renderer().visible(visibleRows());
            redraw();
        });
        d.invalidated(vm.packets().annotationsProperty(), o -> redraw());
        d.invalidated(vm.themeProperty(), o -> {
            renderer = null;
            redraw();
        });
        d.listen(vm.selection().selectedRowProperty(), (o, a, b) -> {
            int row = b.intValue();
            double start = viewport.startNanos();
            double scale = viewport.nanosPerPixel();
            double y = viewport.scrollY();
            if (row >= 0 && row < vm.packets().table().size()) {
                renderer().reveal(viewport, row, canvas.getWidth(), canvas.getHeight());
                vbar.setValue(clamp(viewport.scrollY(), vbar.getMin(), vbar.getMax()));
            }
            if (start != viewport.startNanos() || scale != viewport.nanosPerPixel() || y != viewport.scrollY()) {
                redraw();
            } else {
                placeSelection();
            }
        });
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private String tooltipText(int row) {
        PacketTable t = vm.packets().table();
        if (row < 0 || row >= t.size()) {
            return "";
        }
        UiText tx = vm.text();
        String phase = tx.phase(t.phase(row)) + (t.phaseInferred(row) ? " " + tx.get("phase.inferred") : "");
        StringBuilder sb = new StringBuilder(tx.get("timeline.tooltip", t.number(row), tx.millis(t.time(row)), t.label(row),
                phase, t.info(row)));
        int stream = t.stream(row);
        if (stream >= 0 && t.decidingRow(stream) == row && t.summary(stream) != null) {
            sb.append('\n').append(tx.get("timeline.tooltip.verdict", t.summary(stream).verdict()));
        }
        for (String c : t.comments(row)) {
            sb.append("\n\u270e ").append(c);
        }
        return sb.toString();
    }

    TimelineRenderer renderer() {
        if (renderer == null) {
            renderer = new TimelineRenderer(vm.packets().table(), vm.palette(), vm.text(), true);
            renderer.visible(visibleRows());
        }
        return renderer;
    }

    private java.util.BitSet visibleRows() {
        RowFilter f = vm.filter().rowFilterProperty().get();
        return f == null ? null : f.set();
    }

    TimelineViewport viewport() {
        return viewport;
    }

    Canvas canvas() {
        return canvas;
    }

    BorderPane root() {
        return root;
    }

    void fit() {
        fitViewport();
        redraw();
    }

    /** Fits the whole capture's time into the width, without repainting. */
    private void fitViewport() {
        userMoved = false;
        PacketTable t = vm.packets().table();
        if (t.size() > 0) {
            fitted = true;
        }
        viewport.fit(t.maxTime(), TimelineRenderer.plotWidth(canvas.getWidth()));
    }

    void zoom(double factor) {
        zoom(factor, TimelineRenderer.plotWidth(canvas.getWidth()) / 2);
    }

    private void zoom(double factor, double anchor) {
        userMoved = true;
        viewport.zoom(factor, anchor);
        fitted = true;
        redraw();
    }

    private void updateScrollBar() {
        double content = renderer().bandCount() * TimelineRenderer.BAND_H;
        double visible = Math.max(1, canvas.getHeight() - renderer().top());
        double max = Math.max(0, content - visible);
        vbar.setMin(0);
        vbar.setMax(max);
        vbar.setVisibleAmount(max == 0 ? 1 : visible * max / content);
        vbar.setDisable(max == 0);
        if (vbar.getValue() > max) {
            vbar.setValue(max);
        }
    }

    void redraw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        if (w <= 0 || h <= 0) {
            return;
        }
        renderer().render(new FxGfx(canvas.getGraphicsContext2D()), viewport, w, h, -1);
        repaints++;
        placeSelection();
    }

    /** How many times every packet was drawn so far. */
    long repaints() {
        return repaints;
    }

    /** Puts the selected packet's mark (or none) where {@link TimelineRenderer} would draw it. */
    private void placeSelection() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        double top = renderer().top();
        overlayClip.setX(0);
        overlayClip.setY(top);
        overlayClip.setWidth(Math.max(0, w));
        overlayClip.setHeight(Math.max(0, h - top));
        double[] at = renderer().selectionAt(viewport, vm.selection().selectedRowProperty().get());
        boolean shown = at != null && at[0] >= -TimelineRenderer.MARK && at[0] <= w + TimelineRenderer.MARK;
        selectionLine.setVisible(shown);
        selectionBox.setVisible(shown);
        if (!shown) {
            return;
        }
        javafx.scene.paint.Color c = FxGfx.fx(vm.palette().selection());
        selectionLine.setStroke(c);
        selectionBox.setStroke(c);
        selectionLine.setStartX(at[0]);
        selectionLine.setEndX(at[0]);
        selectionLine.setStartY(top);
        selectionLine.setEndY(h);
        selectionBox.setX(at[0] - TimelineRenderer.MARK);
        selectionBox.setY(at[1] - TimelineRenderer.MARK);
        selectionBox.setWidth(2 * TimelineRenderer.MARK);
        selectionBox.setHeight(2 * TimelineRenderer.MARK);
    }
}
