package org.layerscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.layerscope.analysis.PacketResult;
import org.layerscope.model.Field;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The details tree makes a node's child nodes only when they are asked for (expanding it): every field of the
 * packet is still reachable, exactly once, by expanding; selecting a deep field (a click in the bytes) opens
 * its path and highlights its bytes; the bytes view shows the selected packet's bytes.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DetailsTreeTest {
    private LayerScopeApp app;

    @BeforeAll
    static void toolkit() {
        FxTestSupport.requireToolkit();
    }

    @Start
    void start(Stage stage) {
        app = FxTestSupport.englishWindow(stage);
    }

    private PacketResult selectBiggest() {
        Path p = Samples.require(Samples.TLS12);
        MainViewModel vm = app.viewModel();
        FxTestSupport.fx(() -> vm.document().open(p));
        FxTestSupport.waitUntil(() -> !vm.document().loadingProperty().get() && vm.packets().rowsProperty().get() > 0,
                "the capture to load");
        // the packet with the most fields (a server flight of TLS handshake messages)
        int best = 0;
        int most = -1;
        for (int row = 0; row < vm.packets().table().size(); row++) {
            int n = count(org.layerscope.session.Reanalyzer.analyse(vm.packets().table(), row).tree());
            if (n > most) {
                most = n;
                best = row;
            }
        }
        int row = best;
        FxTestSupport.fx(() -> vm.selection().select(row));
        FxTestSupport.waitUntil(() -> vm.selection().selectedProperty().get() != null
                && app.view().details().tree().getRoot() != null, "the details of the selected packet");
        return vm.selection().selectedProperty().get();
    }

    private static int count(Field f) {
        int n = 1;
        for (Field c : f.children()) {
            n += count(c);
        }
        return n;
    }

    private static void fields(Field f, List<Field> out) {
        for (Field c : f.children()) {
            out.add(c);
            fields(c, out);
        }
    }

    @Test
    void expandingEveryNodeShowsEveryFieldOnceAndCollapsedNodesMakeNoChildrenUntilAsked() {
        PacketResult r = selectBiggest();
        List<Field> want = new ArrayList<>();
        fields(r.tree(), want);
        assertTrue(want.size() > 40, "a packet with many fields: " + want.size());
        Map<Field, Integer> seen = new IdentityHashMap<>();
        int[] unbuilt = new int[1];
        FxTestSupport.fx(() -> {
            TreeItem<Field> root = app.view().details().tree().getRoot();
            // a collapsed node with fields under it: has a disclosure arrow (not a leaf) before any child is made
            for (TreeItem<Field> top : root.getChildren()) {
                for (TreeItem<Field> c : top.getChildren()) {
                    if (!c.isExpanded() && !c.getValue().children().isEmpty()) {
                        assertFalse(c.isLeaf(), c.getValue().name() + " shows that it can be expanded");
                        unbuilt[0]++;
                    }
                }
            }
            expandAll(root, seen);
        });
        assertTrue(unbuilt[0] > 0, "some nodes start collapsed");
        for (Field f : want) {
            assertEquals(1, seen.getOrDefault(f, 0), f.name() + " is in the tree once");
        }
        FxTestSupport.fx(() -> {
            int rows = app.view().details().tree().getExpandedItemCount();
            assertTrue(rows >= want.size(), "every field is a row of the expanded tree: " + rows + " of " + want.size());
        });
    }

    private static void expandAll(TreeItem<Field> it, Map<Field, Integer> seen) {
        it.setExpanded(true);
        for (TreeItem<Field> c : it.getChildren()) {
            seen.merge(c.getValue(), 1, Integer::sum);
            assertEquals(c.getValue().children().isEmpty(), c.isLeaf(), c.getValue().name() + ": leaf when it has no fields");
            expandAll(c, seen);
        }
    }

    @Test
    void everyShownNodeTellsItsFieldNameAndBytesInItsTooltipAfterAnotherSelection() {
        // the cells keep one tooltip each and change its text with their field: after a second packet fills the
        // same cells, each tooltip still tells its own field (name and byte range)
        selectBiggest();
        MainViewModel vm = app.viewModel();
        FxTestSupport.fx(() -> vm.selection().select(0));
        FxTestSupport.waitUntil(() -> vm.selection().selectedProperty().get() != null
                && vm.selection().selectedProperty().get().number() == vm.packets().table().number(0), "frame 1's details");
        FxTestSupport.fx(() -> {
            TreeView<Field> tree = app.view().details().tree();
            expandAll(tree.getRoot(), new IdentityHashMap<>());
            tree.layout();
        });
        int[] checked = new int[1];
        FxTestSupport.fx(() -> {
            for (javafx.scene.Node n : app.view().details().tree().lookupAll(".tree-cell")) {
                @SuppressWarnings("unchecked")
                javafx.scene.control.TreeCell<Field> cell = (javafx.scene.control.TreeCell<Field>) n;
                Field f = cell.getItem();
                if (cell.isEmpty() || f == null || f.name().isEmpty()) {
                    continue;
                }
                String want = f.name() + (f.offset() >= 0 && f.length() > 0 ? "  [" + f.offset() + "+" + f.length() + "]" : "");
                assertNotNull(cell.getTooltip(), f.name() + " has a tooltip");
                assertEquals(want, cell.getTooltip().getText(), "the tooltip of " + f.display());
                checked[0]++;
            }
        });
        assertTrue(checked[0] >= 8, "shown nodes checked: " + checked[0]);
    }

    @Test
    void selectingADeepFieldOpensItsPathAndHighlightsItsBytes() {
        PacketResult r = selectBiggest();
        // the deepest field with bytes, under nodes that start collapsed
        Field[] deepest = new Field[1];
        int[] depth = {-1};
        deep(r.tree(), 0, deepest, depth);
        assertNotNull(deepest[0]);
        assertTrue(depth[0] >= 3, "a field at least three levels down: " + depth[0]);
        Field f = deepest[0];
        FxTestSupport.fx(() -> app.viewModel().selection().selectedFieldProperty().set(f));
        FxTestSupport.fx(() -> {
            TreeItem<Field> sel = app.view().details().tree().getSelectionModel().getSelectedItem();
            assertNotNull(sel, "a node is selected");
            assertSame(f, sel.getValue(), "the field's node is selected");
            for (TreeItem<Field> p = sel.getParent(); p != null; p = p.getParent()) {
                assertTrue(p.isExpanded(), "its path is open");
            }
            assertTrue(app.view().details().tree().getRow(sel) >= 0, "its node is a row of the tree");
            HexView hex = app.view().hex();
            assertEquals(f.offset(), hex.highlightStartProperty().get(), "its bytes are highlighted");
            assertEquals(Math.max(1, f.length()), hex.highlightLengthProperty().get());
            assertEquals(r.frame().data().length, hex.data().length, "the bytes of the selected frame");
        });
    }

    private static void deep(Field f, int d, Field[] best, int[] depth) {
        if (d > depth[0] && f.offset() >= 0 && f.length() > 0 && !Field.inDecrypted(f.offset())) {
            best[0] = f;
            depth[0] = d;
        }
        for (Field c : f.children()) {
            deep(c, d + 1, best, depth);
        }
    }
}
