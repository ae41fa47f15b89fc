package org.layerscope.ui;

/** For tests outside this package: {@link FxTestSupport#requireToolkit()}. */
public final class FxToolkitCheck {
    private FxToolkitCheck() {
    }

    /** Skips (or fails under LAYERSCOPE_REQUIRE_ALL) when JavaFX cannot start headless and draw text here. */
    public static void require() {
        FxTestSupport.requireToolkit();
    }
}
