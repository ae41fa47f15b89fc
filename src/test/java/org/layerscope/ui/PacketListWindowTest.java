package org.layerscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.testutil.ShortConnections;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The packet list over more rows than its table holds at a time ({@link RowList}'s window, made small here: 300 of
 * the 100 copies of the TLS 1.2 sample's connection): our scroll bar covers all rows, the window follows selections,
 * that bar, the table's own scrolling and Home/End, and the list comes to rest after a selection.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PacketListWindowTest {
    private static final int WINDOW = 300;
    @TempDir
    static Path dir;
    private LayerScopeApp app;
    private Stage stage;

    @BeforeAll
    static void toolkit() {
        FxTestSupport.requireToolkit();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        PacketListView.windowRows = WINDOW;
        app = FxTestSupport.englishWindow(stage);
        // a 1024x768 screen: the list is narrower than its columns (1,310 px), as on most laptops
        stage.setWidth(1024);
        stage.setHeight(740);
    }

    @AfterEach
    void restore() {
        PacketListView.windowRows = 20_000;
    }

    private MainViewModel vm() {
        return app.viewModel();
    }

    private PacketListView list() {
        return app.view().list();
    }

    private TableView<Integer> table() {
        return list().table();
    }

    private VirtualFlow<?> flow() {
        return (VirtualFlow<?>) table().lookup(".virtual-flow");
    }

    /** Opens 100 copies of the TLS 1.2 sample's connection; returns the number of rows. */
    private int open() throws Exception {
        Path capture = dir.resolve("hundred.pcap");
        if (!java.nio.file.Files.exists(capture)) {
            ShortConnections.write(Samples.require(Samples.TLS12), capture, 100);
        }
        FxTestSupport.fx(() -> vm().document().open(capture));
        FxTestSupport.waitUntil(() -> !vm().document().loadingProperty().get() && vm().packets().rowsProperty().get() > 0,
                "the capture to load");
        pulses(3);
        int rows = vm().packets().table().size();
        assertTrue(rows > 4 * WINDOW, "the capture has many more rows than the window: " + rows);
        return rows;
    }

    /** Waits for {@code n} pulses (layout and all) to pass. */
    private void pulses(int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            CountDownLatch done = new CountDownLatch(1);
            FxTestSupport.fx(() -> {
                stage.getScene().addPostLayoutPulseListener(new Runnable() {
                    @Override
                    public void run() {
                        stage.getScene().removePostLayoutPulseListener(this);
                        done.countDown();
                    }
                });
                Platform.requestNextPulse();
            });
            assertTrue(done.await(10, TimeUnit.SECONDS), "a pulse");
        }
        FxTestSupport.fx(() -> { });
    }

    /** The table rows the list shows whole now, first and last. */
    private int[] shownRows() {
        int[] r = new int[2];
        FxTestSupport.fx(() -> {
            IndexedCell<?> first = flow().getFirstVisibleCell();
            IndexedCell<?> last = flow().getLastVisibleCell();
            r[0] = table().getItems().get(first.getIndex());
            r[1] = table().getItems().get(last.getIndex());
        });
        return r;
    }

    @Test
    void allRowsAreOnOurScrollBarWhileTheTableHoldsAWindowOfThem(FxRobot robot) throws Exception {
        int rows = open();
        assertEquals(WINDOW, table().getItems().size(), "the table holds the window");
        assertEquals(rows, list().shownRows(), "the list shows every row");
        assertEquals(rows, app.view().listedRows());
        ScrollBar bar = list().allRowsBar();
        assertTrue(bar.isVisible(), "our scroll bar is shown");
        assertTrue(bar.getMax() > rows - 100 && bar.getMax() < rows, "it covers all rows: max " + bar.getMax());
        assertTrue(bar.getWidth() > 5 && bar.getHeight() > 50, "it is laid out over the table's own: " + bar.getLayoutBounds());
        javafx.geometry.Bounds own = flow().lookupAll(".scroll-bar").stream()
                .filter(n -> ((ScrollBar) n).getOrientation() == javafx.geometry.Orientation.VERTICAL).findFirst()
                .orElseThrow().localToScene(new javafx.geometry.BoundingBox(0, 0, 1, 1));
        javafx.geometry.Bounds ours = bar.localToScene(new javafx.geometry.BoundingBox(0, 0, 1, 1));
        assertEquals(own.getMinX(), ours.getMinX(), 1.0, "exactly over the table's own scroll bar");
        assertEquals(own.getMinY(), ours.getMinY(), 1.0);
    }

    @Test
    void selectingARowOutsideTheWindowMovesTheWindowToItAndShowsIt(FxRobot robot) throws Exception {
        int rows = open();
        int last = rows - 1;
        FxTestSupport.fx(() -> vm().selection().select(last));
        pulses(3);
        assertTrue(list().windowStart() > 0, "the window moved");
        assertEquals(last, (int) table().getSelectionModel().getSelectedItem(), "the row is selected in the list");
        int[] shown = shownRows();
        assertTrue(shown[0] <= last && last <= shown[1], "and shown: " + shown[0] + ".." + shown[1]);
        assertEquals(last, vm().selection().selectedRowProperty().get(), "the selection stays the same row");

        FxTestSupport.fx(() -> vm().selection().select(3));
        pulses(3);
        assertEquals(0, list().windowStart(), "back to the start");
        assertEquals(3, (int) table().getSelectionModel().getSelectedItem());
    }

    @Test
    void ourScrollBarScrollsThroughAllRows(FxRobot robot) throws Exception {
        int rows = open();
        ScrollBar bar = list().allRowsBar();
        FxTestSupport.fx(() -> bar.setValue(bar.getMax()));
        pulses(3);
        int[] shown = shownRows();
        assertTrue(shown[1] >= rows - 2, "the end of all rows is shown: " + shown[0] + ".." + shown[1] + " of " + rows);
        FxTestSupport.fx(() -> bar.setValue(rows / 2.0));
        pulses(3);
        shown = shownRows();
        assertTrue(Math.abs(shown[0] - rows / 2) <= 1, "the middle: " + shown[0] + " for " + rows / 2);
        FxTestSupport.fx(() -> bar.setValue(0));
        pulses(3);
        assertEquals(0, shownRows()[0], "the start");
    }

    @Test
    void scrollingTheTableNearTheEndOfItsWindowMovesTheWindowAndKeepsTheView(FxRobot robot) throws Exception {
        open();
        int top = WINDOW - 40;
        FxTestSupport.fx(() -> flow().scrollToTop(top));
        pulses(4);
        assertTrue(list().windowStart() > 0, "the window moved on");
        assertEquals(top, shownRows()[0], "the same row is still at the top");
        ScrollBar bar = list().allRowsBar();
        assertEquals(top, bar.getValue(), 1.0, "our scroll bar follows");
        // and the list can go on past the first window
        FxTestSupport.fx(() -> flow().scrollToTop(table().getItems().size() - 30));
        pulses(4);
        assertTrue(shownRows()[0] > WINDOW, "past the first window: " + shownRows()[0]);
    }

    @Test
    void homeAndEndSelectTheFirstAndLastOfAllRows(FxRobot robot) throws Exception {
        int rows = open();
        FxTestSupport.fx(() -> {
            table().requestFocus();
            vm().selection().select(10);
        });
        robot.type(KeyCode.END);
        pulses(3);
        assertEquals(rows - 1, vm().selection().selectedRowProperty().get(), "End: the last of all rows");
        assertEquals(rows - 1, (int) table().getSelectionModel().getSelectedItem());
        robot.type(KeyCode.HOME);
        pulses(3);
        assertEquals(0, vm().selection().selectedRowProperty().get(), "Home: the first");
        assertEquals(0, list().windowStart());
    }

    @Test
    void pageDownWalksOnPastTheEndOfTheWindow(FxRobot robot) throws Exception {
        open();
        int start = WINDOW - 20;
        FxTestSupport.fx(() -> {
            vm().selection().select(start);
            table().requestFocus();
        });
        pulses(3);
        int before = vm().selection().selectedRowProperty().get();
        for (int i = 0; i < 15; i++) {
            robot.type(KeyCode.PAGE_DOWN);
            pulses(2);
        }
        int after = vm().selection().selectedRowProperty().get();
        assertTrue(after > WINDOW, "the selection went on past the first window: " + before + " -> " + after);
        assertEquals(after, (int) table().getSelectionModel().getSelectedItem(), "the list selects the same row");
        int[] shown = shownRows();
        assertTrue(shown[0] <= after && after <= shown[1], "and shows it: " + shown[0] + ".." + shown[1]);
    }

    @Test
    void theListComesToRestAfterASelection(FxRobot robot) throws Exception {
        int rows = open();
        FxTestSupport.fx(() -> vm().selection().select(rows / 2));
        pulses(3);
        long before = list().rowLayouts();
        pulses(4);
        assertEquals(before, list().rowLayouts(), "the rows are not laid out again and again once the selection is shown");
        double[] widths = new double[2];
        FxTestSupport.fx(() -> {
            widths[0] = flow().getFirstVisibleCell().getWidth();
            widths[1] = flow().getLastVisibleCell().getWidth();
        });
        assertEquals(widths[0], widths[1], "every row has the same width");
        assertTrue(widths[0] >= 1300, "the columns' width, wider than the list: " + widths[0]);
    }
}
