package org.layerscope.app;

import java.nio.file.Path;
import org.layerscope.ui.LayerScopeApp;

/**
 * Opens the window. Loaded by a class loader that sees JavaFX: the application class loader when JavaFX is in the
 * boot layer (the installers' runtime) or on the class path (tests, IDEs), else the loader {@link JavaFxLayer}
 * builds over the jar's own JavaFX modules.
 */
public final class Window {
    private Window() {
    }

    /** Opens the window on {@code file} (or none) and blocks until it is closed; the process's exit status. */
    public static int open(Path file) {
        try {
            LayerScopeApp.launchWindow(file, Main::captureService, Automation::start);
            return Automation.exitStatus();
        } catch (RuntimeException | LinkageError e) {
            System.err.println("layerscope: cannot open the window: " + e.getMessage());
            return 3;
        }
    }
}
