package org.layerscope.ui;

import java.util.function.IntConsumer;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import org.layerscope.render.Palette;

/**
 * Hex and ASCII dump of the selected frame (16 bytes a line), drawn on a canvas with its own scroll bar so
 * frames of any size stay cheap. The bytes of the selected field are highlighted; clicking a byte reports
 * its offset (the window then selects the field that holds it).
 */
final class HexView {
    private static final double LINE_H = 17;
    /** "00".."ff" and each byte's ASCII column text, made once (not String.format at every byte of every redraw). */
    private static final String[] HEX = new String[256];
    private static final String[] ASCII = new String[256];

    static {
        for (int b = 0; b < 256; b++) {
            HEX[b] = String.format("%02x", b);
            ASCII[b] = b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : ".";
        }
    }
    private final BorderPane root = new BorderPane();
    private final Canvas canvas = new Canvas(300, 100);
    private final ScrollBar bar = new ScrollBar();
    private final IntegerProperty highlightStart = new SimpleIntegerProperty(-1);
    private final IntegerProperty highlightLength = new SimpleIntegerProperty(0);
    private final Font font = Font.font("Monospaced", 12);
    private final double charW;
    private byte[] data = new byte[0];
    private byte[] frameBytes = new byte[0];
    private byte[] decryptedBytes = new byte[0];
    private boolean showingDecrypted;
    private final javafx.scene.control.ToggleGroup sources = new javafx.scene.control.ToggleGroup();
    private final javafx.scene.control.ToggleButton frameButton = new javafx.scene.control.ToggleButton();
    private final javafx.scene.control.ToggleButton decryptedButton = new javafx.scene.control.ToggleButton();
    private int wantedStart = -1;
    private int wantedLength;
    private Palette palette = Palette.LIGHT;
    private IntConsumer onByteClicked = o -> { };

    HexView(String title) {
        this(title, null, null);
    }

    /**
     * @param frameTab     label of the captured bytes' tab ("Frame"), or null for a single view
     * @param decryptedTab label of the decrypted TLS data's tab, shown when the frame has some
     */
    HexView(String title, String frameTab, String decryptedTab) {
        Text m = new Text("0000000000");
        m.setFont(font);
        charW = m.getLayoutBounds().getWidth() / 10;
        Label l = new Label(title);
        l.getStyleClass().add("pane-title");
        javafx.scene.layout.HBox header = new javafx.scene.layout.HBox(8, l);
        header.getStyleClass().add("pane-header");
        header.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        if (frameTab != null) {
            frameButton.setText(frameTab);
            decryptedButton.setText(decryptedTab);
            frameButton.setId("hex-frame");
            decryptedButton.setId("hex-decrypted");
            frameButton.setToggleGroup(sources);
            decryptedButton.setToggleGroup(sources);
            frameButton.setSelected(true);
            decryptedButton.visibleProperty().bind(decryptedButton.disableProperty().not());
            frameButton.visibleProperty().bind(decryptedButton.visibleProperty());
            decryptedButton.setDisable(true);
            sources.selectedToggleProperty().addListener((o, a2, b2) -> {
                if (b2 == null) {
                    (a2 == null ? frameButton : (javafx.scene.control.ToggleButton) a2).setSelected(true);
                    return;
                }
                show(b2 == decryptedButton);
            });
            header.getChildren().addAll(frameButton, decryptedButton);
        }
        root.setTop(header);
        Pane holder = new Pane(canvas);
        holder.setMinSize(50, 40);
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        canvas.widthProperty().addListener(o -> redraw());
        canvas.heightProperty().addListener(o -> {
            updateBar();
            redraw();
        });
        canvas.setId("hex-canvas");
        root.setCenter(holder);
        bar.setOrientation(Orientation.VERTICAL);
        bar.valueProperty().addListener(o -> redraw());
        root.setRight(bar);
        highlightStart.addListener(o -> {
            reveal();
            redraw();
        });
        highlightLength.addListener(o -> redraw());
        canvas.setOnScroll(e -> bar.setValue(Math.max(0, Math.min(bar.getMax(), bar.getValue() - e.getDeltaY() / LINE_H))));
        canvas.setOnMouseClicked(e -> {
            int off = offsetAt(e.getX(), e.getY());
            if (off >= 0) {
                onByteClicked.accept(showingDecrypted ? org.layerscope.model.Field.DECRYPTED + off : off);
            }
        });
    }

    BorderPane root() {
        return root;
    }

    Canvas canvas() {
        return canvas;
    }

    void palette(Palette p) {
        palette = p;
        redraw();
    }

    void onByteClicked(IntConsumer c) {
        onByteClicked = c;
    }

    IntegerProperty highlightStartProperty() {
        return highlightStart;
    }

    IntegerProperty highlightLengthProperty() {
        return highlightLength;
    }

    void setData(byte[] d) {
        setData(d, null);
    }

    /** The captured bytes and (may be empty or null) the decrypted TLS data of the selected frame. */
    void setData(byte[] frame, byte[] decrypted) {
        frameBytes = frame == null ? new byte[0] : frame;
        decryptedBytes = decrypted == null ? new byte[0] : decrypted;
        decryptedButton.setDisable(decryptedBytes.length == 0);
        showingDecrypted = false;
        frameButton.setSelected(true);
        data = frameBytes;
        bar.setValue(0);
        updateBar();
        redraw();
    }

    /** Shows the captured bytes or the decrypted data, keeping a highlight that belongs to it. */
    private void show(boolean decrypted) {
        if (decrypted && decryptedBytes.length == 0) {
            decrypted = false;
        }
        if (decrypted == showingDecrypted) {
            return;
        }
        showingDecrypted = decrypted;
        (decrypted ? decryptedButton : frameButton).setSelected(true);
        data = decrypted ? decryptedBytes : frameBytes;
        bar.setValue(0);
        updateBar();
        boolean mine = wantedStart >= 0 && org.layerscope.model.Field.inDecrypted(wantedStart) == decrypted;
        highlightLength.set(mine ? wantedLength : 0);
        highlightStart.set(mine ? local(wantedStart) : -1);
        redraw();
    }

    /** Whether the decrypted TLS data is shown (else the captured bytes). */
    boolean showingDecrypted() {
        return showingDecrypted;
    }

    private static int local(int offset) {
        return org.layerscope.model.Field.inDecrypted(offset) ? offset - org.layerscope.model.Field.DECRYPTED : offset;
    }

    byte[] data() {
        return data;
    }

    /**
     * Highlights {@code length} bytes from {@code start} (-1: none); an offset from
     * {@link org.layerscope.model.Field#DECRYPTED} up switches to the decrypted data.
     */
    void highlight(int start, int length) {
        wantedStart = start;
        wantedLength = length;
        if (start >= 0) {
            show(org.layerscope.model.Field.inDecrypted(start));
        }
        highlightLength.set(length);
        highlightStart.set(start < 0 ? -1 : local(start));
    }

    private int lines() {
        return (data.length + 15) / 16;
    }

    private int visibleLines() {
        return Math.max(1, (int) Math.floor((canvas.getHeight() - 4) / LINE_H));
    }

    private void updateBar() {
        int max = Math.max(0, lines() - visibleLines());
        bar.setMin(0);
        bar.setMax(max);
        bar.setVisibleAmount(Math.max(1, visibleLines()));
        bar.setDisable(max == 0);
    }

    private void reveal() {
        int s = highlightStart.get();
        if (s < 0) {
            return;
        }
        int line = s / 16;
        int first = (int) bar.getValue();
        if (line < first || line >= first + visibleLines()) {
            bar.setValue(Math.min(bar.getMax(), Math.max(0, line - 1)));
        }
    }

    private double hexX(int col) {
        return 8 + charW * (6 + col * 3 + (col >= 8 ? 1 : 0));
    }

    private double asciiX(int col) {
        return 8 + charW * (6 + 16 * 3 + 2) + col * charW;
    }

    /** The byte offset under a point, or -1. */
    int offsetAt(double x, double y) {
        int line = (int) bar.getValue() + (int) Math.floor((y - 2) / LINE_H);
        int col = -1;
        for (int c = 0; c < 16; c++) {
            if (x >= hexX(c) - charW * 0.5 && x < hexX(c) + charW * 2.5) {
                col = c;
            }
            if (x >= asciiX(c) && x < asciiX(c) + charW) {
                col = c;
            }
        }
        int off = line * 16 + col;
        return col < 0 || line < 0 || off >= data.length ? -1 : off;
    }

    void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(FxGfx.fx(palette.background()));
        g.fillRect(0, 0, w, h);
        g.setFont(font);
        g.setTextBaseline(VPos.BASELINE);
        int first = (int) bar.getValue();
        int hs = highlightStart.get();
        int he = hs + highlightLength.get();
        for (int l = 0; l < visibleLines() + 1; l++) {
            int line = first + l;
            if (line >= lines()) {
                break;
            }
            double y = 2 + l * LINE_H;
            double base = y + LINE_H - 4;
            g.setFill(FxGfx.fx(palette.muted()));
            g.fillText(String.format("%04x", line * 16), 8, base);
            for (int c = 0; c < 16; c++) {
                int off = line * 16 + c;
                if (off >= data.length) {
                    break;
                }
                boolean hl = hs >= 0 && off >= hs && off < he;
                if (hl) {
                    g.setFill(FxGfx.fx(Palette.alpha(palette.selection(), 0.45)));
                    g.fillRect(hexX(c) - charW * 0.5, y, charW * 3, LINE_H);
                    g.fillRect(asciiX(c), y, charW, LINE_H);
                }
                int b = data[off] & 0xff;
                g.setFill(FxGfx.fx(palette.foreground()));
                g.fillText(HEX[b], hexX(c), base);
                g.fillText(ASCII[b], asciiX(c), base);
            }
        }
    }
}
