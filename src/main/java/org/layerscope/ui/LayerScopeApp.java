package org.layerscope.ui;

import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.layerscope.session.UiText;

/**
 * The JavaFX application. Started through {@link #launchWindow} by the launcher in {@code app} (a class
 * that extends {@code Application} cannot be the main class of a plain class path), which also says what
 * happens once the window shows ({@code app.Automation}: open the file given, screenshots, the benchmark).
 *
 * <p>Window options (system properties): {@code layerscope.lang=en|ja}; {@code layerscope.theme=light|dark};
 * {@code layerscope.settings=memory} keeps settings out of the user's preferences.
 */
public final class LayerScopeApp extends Application {
    private static volatile Supplier<RunCaptureService> captureFactory = UnavailableRunCaptureService::new;
    private static volatile Path initialFile;
    private static volatile Startup startup = (app, stage, file) -> {
        if (file != null) {
            app.viewModel().document().open(file);
        }
    };

    /** What the app does once its window shows (by default: opens the file given, if any). */
    @FunctionalInterface
    public interface Startup {
        void started(LayerScopeApp app, Stage stage, Path file);
    }

    private final FxTaskExecutor tasks = new FxTaskExecutor();
    private MainViewModel vm;
    private MainView view;
    private Stage stage;

    /** Opens the window (blocks until it is closed). */
    public static void launchWindow(Path file, Supplier<RunCaptureService> capture, Startup whenShown) {
        initialFile = file;
        if (capture != null) {
            captureFactory = capture;
        }
        if (whenShown != null) {
            startup = whenShown;
        }
        Application.launch(LayerScopeApp.class);
    }

    /** The view model of a window made by {@link #createWindow} (tests). */
    public MainViewModel viewModel() {
        return vm;
    }

    public MainView view() {
        return view;
    }

    @Override
    public void start(Stage primary) {
        createWindow(primary, settingsFromProperties(), captureFactory.get());
        primary.show();
        vm.capture().checkInterrupted(); // captures a crash of the window interrupted are offered
        warmUpText();
        startup.started(this, primary, initialFile);
    }

    /** Lays out and renders typical row text offscreen once, so font fallback lookups happen before a file opens. */
    private static void warmUpText() {
        javafx.scene.control.Label l = new javafx.scene.control.Label(
                "1  0.000000  127.0.0.1:49186 → 127.0.0.1:8883  TLSv1.2  309  TLS handshake  Client Hello … ▶ ←");
        javafx.scene.layout.StackPane p = new javafx.scene.layout.StackPane(l);
        new Scene(p);
        Platform.runLater(() -> p.snapshot(null, null));
    }

    private static Settings settingsFromProperties() {
        return "memory".equals(System.getProperty("layerscope.settings")) ? Settings.inMemory() : Settings.user();
    }

    /** Builds the window's scene on {@code stage} (not shown). */
    public void createWindow(Stage stage, Settings settings, RunCaptureService capture) {
        this.stage = stage;
        String lang = System.getProperty("layerscope.lang");
        if (lang != null) {
            settings.put("language", UiText.parse(lang).toLanguageTag());
        }
        String theme = System.getProperty("layerscope.theme");
        if (theme != null) {
            settings.put("theme", theme);
        }
        vm = new MainViewModel(tasks, settings, capture);
        view = new MainView(vm);
        WindowPlacement.Placement place = WindowPlacement.initial(settings);
        Scene scene = new Scene(view.root(), place.width(), place.height());
        applyTheme(scene);
        vm.themeProperty().addListener(o -> applyTheme(scene));
        vm.localeProperty().addListener(o -> {
            view.dispose();
            view = new MainView(vm);
            scene.setRoot(view.root());
            updateTitle();
        });
        vm.document().fileProperty().addListener(o -> updateTitle());
        vm.annotations().dirtyProperty().addListener(o -> updateTitle());
        stage.setScene(scene);
        WindowPlacement.apply(stage, settings);
        updateTitle();
        stage.setOnHidden(e -> tasks.shutdown());
        stage.setOnCloseRequest(e -> {
            // unsaved annotations are never lost silently
            if (!view.confirmDiscard()) {
                e.consume();
            }
        });
    }

    private void updateTitle() {
        UiText t = vm.text();
        Path f = vm.document().fileProperty().get();
        String title = f == null ? t.get("app.title") : t.get("app.title.file", f.getFileName());
        stage.setTitle(vm.annotations().dirtyProperty().get() ? "\u25cf " + title : title);
    }

    private void applyTheme(Scene scene) {
        scene.getStylesheets().setAll(
                LayerScopeApp.class.getResource("base.css").toExternalForm(),
                LayerScopeApp.class.getResource(vm.themeProperty().get().equals("dark") ? "dark.css" : "light.css")
                        .toExternalForm());
        String fonts = Fonts.stylesheet();
        if (fonts != null) {
            scene.getStylesheets().add(0, fonts);
        }
    }
}
