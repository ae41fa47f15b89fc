package org.layerscope.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ToolBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Nothing of the toolbar is cut on a projector: at 1024×768 and 1280×720, in English and Japanese, every item of both
 * toolbar rows is shown inside the window and neither row needs its overflow menu (»).
 */
@org.junit.jupiter.api.extension.ExtendWith(ApplicationExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ToolbarFitTest {
    private Stage stage;

    @BeforeAll
    static void toolkit() {
        FxTestSupport.requireToolkit();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @ParameterizedTest
    @CsvSource({"1024, 768, en", "1024, 768, ja", "1280, 720, en", "1280, 720, ja"})
    void everyToolbarItemIsShown(int width, int height, String lang, FxRobot robot) {
        LayerScopeApp app = new LayerScopeApp();
        FxTestSupport.fx(() -> {
            Settings s = Settings.inMemory();
            s.put("language", lang);
            app.createWindow(stage, s, new ReplayRunCaptureService(Samples.require(Samples.TLS12), 1));
            stage.show();
            stage.setWidth(width);
            stage.setHeight(height);
        });
        FxTestSupport.waitUntil(() -> Math.abs(app.view().root().getWidth() - width) < 1, "the window at " + width);
        FxTestSupport.fx(() -> app.view().root().layout());
        for (String id : new String[] {"#toolbar", "#classroom-bar"}) {
            ToolBar bar = robot.lookup(id).queryAs(ToolBar.class);
            Node overflow = bar.lookup(".tool-bar-overflow-button");
            assertFalse(overflow != null && overflow.isVisible(), id + " needs its overflow menu at " + width + "x"
                    + height + " (" + lang + ")");
            for (Node item : bar.getItems()) {
                assertTrue(item.getScene() != null && item.isVisible(), id + ": " + item + " is not shown");
                Bounds b = item.localToScene(item.getLayoutBounds());
                assertTrue(b.getMinX() >= 0 && b.getMaxX() <= width, id + ": " + item + " is cut: " + b);
            }
        }
        assertTrue(robot.lookup("#tls-version").tryQuery().isPresent() && robot.lookup("#profile").tryQuery().isPresent()
                && robot.lookup("#capture-filter").tryQuery().isPresent(), "the capture settings are there");
    }
}
