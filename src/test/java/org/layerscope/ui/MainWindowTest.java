package org.layerscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.layerscope.model.Field;
import org.layerscope.model.Phase;
import org.layerscope.render.TimelineRenderer;
import org.layerscope.session.PacketTable;
import org.layerscope.session.UiText;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The "done when" checks of the window, headless on Monocle. */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS) // a hung window or toolkit fails the test instead of the build
class MainWindowTest {
    private LayerScopeApp app;
    private Stage stage;

    @BeforeAll
    static void toolkit() {
        FxTestSupport.requireToolkit();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new LayerScopeApp();
        Path replay = Tools2.sampleOrNull(Samples.TLS12);
        app.createWindow(stage, settingsIn(UiText.ENGLISH),
                replay == null ? new UnavailableRunCaptureService() : new ReplayRunCaptureService(replay, 20));
        stage.show();
    }

    private static Settings settingsIn(java.util.Locale l) {
        Settings s = Settings.inMemory();
        s.put("language", l.toLanguageTag());
        return s;
    }

    private MainViewModel vm() {
        return app.viewModel();
    }

    private void open(String sample) {
        Path p = Samples.require(sample);
        FxTestSupport.fx(() -> vm().document().open(p));
        FxTestSupport.waitUntil(() -> !vm().document().loadingProperty().get() && vm().packets().rowsProperty().get() > 0, "the capture to load");
    }

    @Test
    void timelineHasOneBandPerConnectionAndTheFourPhaseColours(FxRobot robot) {
        open(Samples.PLAIN);
        TimelineRenderer r = app.view().timeline().renderer();
        assertEquals(vm().packets().table().connectionCount(), r.bandCount(), "one band per TCP connection");
        assertTrue(r.bandCount() >= 2, "the plain sample has several connections");

        open(Samples.TLS12);
        PacketTable t = vm().packets().table();
        assertEquals(1, t.connectionCount());
        assertEquals(1, app.view().timeline().renderer().bandCount());
        AtomicReference<WritableImage> img = new AtomicReference<>();
        FxTestSupport.fx(() -> img.set(app.view().timeline().canvas().snapshot(null, null)));
        for (Phase p : new Phase[] {Phase.TCP_HANDSHAKE, Phase.TLS_HANDSHAKE, Phase.APPLICATION_DATA, Phase.TEARDOWN}) {
            assertTrue(t.phaseCounts()[p.ordinal()] > 0, "the sample has packets in " + p.id());
            assertTrue(FxTestSupport.containsColour(img.get(), vm().palette().phase(p)),
                    "the timeline shows the colour of " + p.id());
        }
    }

    @Test
    void clickingAPacketInTheTimelineSelectsItsRowAndFillsTheDetailsTree(FxRobot robot) {
        open(Samples.TLS12);
        PacketTable t = vm().packets().table();
        int row = -1;
        for (int i = 0; i < t.size(); i++) {
            if (t.phase(i) == Phase.TLS_HANDSHAKE && !t.serverToClient(i)) {
                row = i;
                break;
            }
        }
        assertTrue(row >= 0, "a TLS handshake packet from the client");
        TimelineView tv = app.view().timeline();
        // zoom so that the packet stands alone, then click its mark
        int target = row;
        FxTestSupport.fx(() -> {
            double w = TimelineRenderer.plotWidth(tv.canvas().getWidth());
            tv.viewport().set(t.time(target) - 100_000, 200_000 / w);
            tv.redraw();
        });
        double x = TimelineRenderer.GUTTER + tv.viewport().x(t.time(row));
        double y = tv.renderer().bandY(tv.viewport(), 0) + TimelineRenderer.CAPTION_H + TimelineRenderer.LANE_H * 0.62;
        assertEquals(row, tv.renderer().hit(tv.viewport(), x, y, tv.canvas().getWidth()), "the mark is under the point");
        FxTestSupport.click(tv.canvas(), x, y);
        FxTestSupport.waitUntil(() -> vm().selection().selectedProperty().get() != null, "the details of the clicked packet");
        TableView<Integer> table = app.view().list().table();
        assertEquals(row, table.getSelectionModel().getSelectedIndex(), "the same row is selected in the list");
        assertEquals(t.number(row), vm().selection().selectedProperty().get().number());
        TreeItem<Field> root = app.view().details().tree().getRoot();
        assertNotNull(root, "the details tree is filled");
        assertTrue(root.getChildren().size() >= 4, "frame, link, IP and TCP nodes at least");
        assertTrue(root.getChildren().stream().anyMatch(c -> "tcp".equals(c.getValue().name())), "a TCP node");
    }

    @Test
    void aNewSelectionMovesTheTimelinesMarkWithoutRepaintingEveryPacket(FxRobot robot) {
        open(Samples.TLS12);
        PacketTable t = vm().packets().table();
        TimelineView tv = app.view().timeline();
        FxTestSupport.fx(() -> vm().selection().select(2));
        long repaints = tv.repaints();
        javafx.scene.shape.Line line = robot.lookup("#timeline-selection-line").queryAs(javafx.scene.shape.Line.class);
        javafx.scene.shape.Rectangle box = robot.lookup("#timeline-selection-box").queryAs(javafx.scene.shape.Rectangle.class);
        for (int row : new int[] {5, t.size() - 1}) {
            FxTestSupport.fx(() -> vm().selection().select(row));
            double[] at = tv.renderer().selectionAt(tv.viewport(), row);
            assertTrue(line.isVisible() && box.isVisible(), "the mark is shown");
            assertEquals(at[0], line.getStartX(), 1e-9, "the line at the packet's time");
            assertEquals(tv.renderer().top(), line.getStartY(), 1e-9, "from the top of the bands");
            assertEquals(at[0] - TimelineRenderer.MARK, box.getX(), 1e-9, "the square around the packet's mark");
            assertEquals(at[1] - TimelineRenderer.MARK, box.getY(), 1e-9);
            assertEquals(FxGfx.fx(vm().palette().selection()), line.getStroke(), "in the selection colour");
        }
        assertEquals(repaints, tv.repaints(), "the packets in view were not drawn again");
        FxTestSupport.fx(() -> vm().selection().select(-1));
        assertFalse(line.isVisible(), "no mark without a selection");
    }

    @Test
    void selectingAFieldHighlightsItsBytesAndClickingABytesSelectsItsField(FxRobot robot) {
        open(Samples.TLS12);
        FxTestSupport.fx(() -> vm().selection().select(0));
        FxTestSupport.waitUntil(() -> app.view().details().tree().getRoot() != null, "the details tree");
        TreeItem<Field> tcp = app.view().details().tree().getRoot().getChildren().stream()
                .filter(c -> "tcp".equals(c.getValue().name())).findFirst().orElseThrow();
        TreeItem<Field> dstPort = tcp.getChildren().stream()
                .filter(c -> "tcp.dstport".equals(c.getValue().name())).findFirst().orElseThrow();
        FxTestSupport.fx(() -> app.view().details().tree().getSelectionModel().select(dstPort));
        HexView hex = app.view().hex();
        assertEquals(dstPort.getValue().offset(), hex.highlightStartProperty().get());
        assertEquals(2, hex.highlightLengthProperty().get());

        // clicking a byte of the IP source address selects the ip.src field
        Field ipSrc = vm().selection().selectedProperty().get().tree().find("ip.src");
        assertNotNull(ipSrc);
        int off = ipSrc.offset() + 1;
        double[] xy = new double[2];
        FxTestSupport.fx(() -> {
            for (double yy = 2; yy < hex.canvas().getHeight(); yy += 4) {
                for (double xx = 0; xx < hex.canvas().getWidth(); xx += 2) {
                    if (hex.offsetAt(xx, yy) == off) {
                        xy[0] = xx;
                        xy[1] = yy;
                        return;
                    }
                }
            }
        });
        assertTrue(xy[1] > 0, "the byte is visible in the hex view");
        FxTestSupport.click(hex.canvas(), xy[0] + 1, xy[1] + 1);
        FxTestSupport.waitUntil(() -> vm().selection().selectedFieldProperty().get() != null
                && "ip.src".equals(vm().selection().selectedFieldProperty().get().name()), "ip.src to be selected");
        assertEquals("ip.src", app.view().details().tree().getSelectionModel().getSelectedItem().getValue().name());
        assertEquals(ipSrc.offset(), hex.highlightStartProperty().get());
    }

    @Test
    void switchingToJapaneseChangesTheLabels(FxRobot robot) {
        open(Samples.TLS12);
        FxTestSupport.fx(() -> vm().selection().select(3));
        assertEquals("No.", app.view().list().table().getColumns().get(0).getText());
        Button run = robot.lookup("#run-capture").queryButton();
        assertEquals(UiText.of(UiText.ENGLISH).get("toolbar.runCapture"), run.getText());

        FxTestSupport.fireMenu(stage.getScene().getRoot(), "menu-view", "menu-language", "menu-lang-ja");
        FxTestSupport.waitUntil(() -> UiText.JAPANESE.equals(vm().localeProperty().get()), "the Japanese locale");
        assertEquals("番号", app.view().list().table().getColumns().get(0).getText());
        assertEquals("実行してキャプチャ", robot.lookup("#run-capture").queryButton().getText().replace("\u25B6 ", ""));
        assertTrue(stage.getScene().getRoot() == app.view().root(), "the window shows the rebuilt view");
        FxTestSupport.waitUntil(() -> vm().selection().selectedProperty().get() != null, "the selection");
        javafx.scene.control.Label phase = robot.lookup("#explanation-phase").queryAs(javafx.scene.control.Label.class);
        assertTrue(phase.getText().startsWith("フェーズ"), phase.getText());
        assertEquals(3, app.view().list().table().getSelectionModel().getSelectedIndex(), "the selection is kept");
    }

    @Test
    void saveAsWritesEveryPacketWithItsSecretsAndTheFileGoesToRecentFiles(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        open(Samples.TLS13);
        assertEquals(Samples.require(Samples.TLS13).toAbsolutePath().normalize().toString(), vm().document().recentFiles().get(0));
        Path out = tmp.resolve("copy.pcapng");
        AtomicReference<String> done = new AtomicReference<>();
        assertTrue(vm().document().hasSecrets(), "the TLS 1.3 sample is decrypted with its key log, so the window asks");
        // embedding only when the user said yes
        FxTestSupport.fx(() -> vm().document().saveAs(out, true, done::set));
        FxTestSupport.waitUntil(() -> done.get() != null, "the save to finish");
        Path plain = tmp.resolve("plain.pcapng");
        AtomicReference<String> plainDone = new AtomicReference<>();
        FxTestSupport.fx(() -> vm().document().saveAs(plain, plainDone::set));
        FxTestSupport.waitUntil(() -> plainDone.get() != null, "the plain save to finish");
        try (org.layerscope.pcapio.CaptureReader r = org.layerscope.pcapio.CaptureFiles.open(plain)) {
            while (r.next() != null) {
                assertTrue(r.secrets().isEmpty(), "no secrets unless asked");
            }
            assertTrue(r.secrets().isEmpty(), "no secrets unless asked");
        }
        int rows = vm().packets().table().size();
        org.layerscope.session.CaptureLoader again = new org.layerscope.session.CaptureLoader(out);
        assertTrue(again.run());
        assertEquals(rows, again.table().size());
        for (int i = 0; i < rows; i++) {
            assertEquals(vm().packets().table().label(i), again.table().label(i));
            assertEquals(vm().packets().table().time(i), again.table().time(i));
        }
    }

    @Test
    void runAndCaptureFillsTheTimelineAndTheLog(FxRobot robot) {
        Samples.require(Samples.TLS12);
        FxTestSupport.fx(() -> robot.lookup("#run-capture").queryButton().fire());
        FxTestSupport.waitUntil(() -> vm().capture().capturingProperty().get() || vm().packets().rowsProperty().get() > 0, "the capture to start");
        FxTestSupport.waitUntil(() -> !vm().capture().capturingProperty().get(), "the capture to end");
        assertTrue(vm().packets().rowsProperty().get() > 0, "packets arrived");
        assertFalse(vm().capture().log().isEmpty(), "console lines in the log pane");
        assertEquals(vm().packets().table().connectionCount(), app.view().timeline().renderer().bandCount());
        assertTrue(app.view().timeline().renderer().bandCount() >= 1);
    }
}
