package org.layerscope.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.util.Duration;
import javax.imageio.ImageIO;
import org.layerscope.session.UiText;

/**
 * The JavaFX application. Started through {@link #launchWindow} by the launcher in {@code app} (a class
 * that extends {@code Application} cannot be the main class of a plain class path).
 *
 * <p>System properties for automation (the smoke test and the screenshots in {@code docs/}):
 * {@code layerscope.screenshot=FILE.png} writes a snapshot of the window once the capture has loaded
 * and exits (status 0, or 1 when the window shows an error or no packets); {@code layerscope.select=N}
 * selects frame N first; {@code layerscope.tab=ladder|log|explanation}; {@code layerscope.lang=en|ja};
 * {@code layerscope.theme=light|dark}; {@code layerscope.settings=memory} keeps settings out of the
 * user's preferences; {@code layerscope.autorun=true} presses Run &amp; Capture at start;
 * {@code layerscope.field=NAME} selects that field of the selected packet; {@code layerscope.filter=EXPR} applies a
 * display filter; {@code layerscope.tab} also takes {@code connections} and {@code annotations}.
 */
public final class LayerScopeApp extends Application {
    private static volatile Supplier<RunCaptureService> captureFactory = UnavailableRunCaptureService::new;
    private static volatile Path initialFile;
    private static volatile int exitStatus;

    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "layerscope-background");
        t.setDaemon(true);
        return t;
    });
    private MainViewModel vm;
    private MainView view;
    private Stage stage;
    private volatile boolean errorShown;

    /** Opens the window (blocks until it is closed). */
    public static void launchWindow(Path file, Supplier<RunCaptureService> capture) {
        initialFile = file;
        if (capture != null) {
            captureFactory = capture;
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
        vm.warmUp();
        warmUpText();
        if (Boolean.getBoolean("layerscope.bench") && initialFile != null) {
            new OpenBenchmark(vm, view, primary).start(initialFile);
            return;
        }
        if (initialFile != null) {
            vm.open(initialFile);
        }
        if (Boolean.getBoolean("layerscope.autorun")) {
            vm.runCapture();
        }
        String shot = System.getProperty("layerscope.screenshot");
        if (shot != null) {
            automate(Path.of(shot));
        }
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
        vm = new MainViewModel(background, Platform::runLater, settings, capture);
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
        vm.fileProperty().addListener(o -> updateTitle());
        vm.dirtyProperty().addListener(o -> updateTitle());
        vm.messageProperty().addListener((o, a, b) -> {
            if (b != null) {
                errorShown = true;
            }
        });
        vm.captureProblemProperty().addListener((o, a, b) -> {
            if (b != null) {
                errorShown = true;
                System.err.println("layerscope: capture problem: " + b.message() + " / fix: " + b.fix());
            }
        });
        stage.setScene(scene);
        WindowPlacement.apply(stage, settings);
        updateTitle();
        stage.setOnHidden(e -> background.shutdownNow());
        stage.setOnCloseRequest(e -> {
            // unsaved annotations are never lost silently
            if (!view.confirmDiscard()) {
                e.consume();
            }
        });
    }

    private void updateTitle() {
        UiText t = vm.text();
        Path f = vm.fileProperty().get();
        String title = f == null ? t.get("app.title") : t.get("app.title.file", f.getFileName());
        stage.setTitle(vm.dirtyProperty().get() ? "\u25cf " + title : title);
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

    // ---------------------------------------------------------------- automation

    private void automate(Path out) {
        PauseTransition poll = new PauseTransition(Duration.millis(200));
        long started = System.nanoTime();
        poll.setOnFinished(e -> {
            boolean timeout = System.nanoTime() - started > 60_000_000_000L;
            if ((vm.loadingProperty().get() || vm.capturingProperty().get() || vm.rowsProperty().get() == 0)
                    && !timeout && !errorShown) {
                poll.playFromStart();
                return;
            }
            String filter = System.getProperty("layerscope.filter");
            if (filter != null && !filter.equals(vm.filterProperty().get()) && !timeout) {
                vm.applyFilter(filter);
                view.filterBar().box().getEditor().setText(filter);
            }
            if (filter != null && vm.filteringProperty().get() && !timeout) {
                poll.playFromStart();
                return;
            }
            String sel = System.getProperty("layerscope.select");
            if (sel != null && vm.table().size() > 0) {
                int row = vm.table().rowOfFrame(Long.parseLong(sel));
                vm.select(row >= 0 ? row : Math.min(vm.table().size() - 1, Math.max(0, Integer.parseInt(sel) - 1)));
            }
            String tab = System.getProperty("layerscope.tab");
            if (tab != null) {
                view.tabs().getTabs().stream().filter(t -> ("tab-" + tab).equals(t.getId())).findFirst()
                        .ifPresent(t -> view.tabs().getSelectionModel().select(t));
            }
            PauseTransition settle = new PauseTransition(Duration.millis(900));
            settle.setOnFinished(x -> {
                String field = System.getProperty("layerscope.field");
                if (field != null && vm.selectedProperty().get() != null) {
                    var f = vm.selectedProperty().get().tree().find(field);
                    if (f != null) {
                        vm.selectedFieldProperty().set(f);
                    }
                }
                PauseTransition last = new PauseTransition(Duration.millis(400));
                last.setOnFinished(y -> shoot(out));
                last.play();
            });
            settle.play();
        });
        poll.play();
    }

    private void shoot(Path out) {
        int status = 0;
        try {
            WritableImage img = stage.getScene().snapshot(null);
            writePng(img, out);
            List<String> problems = new java.util.ArrayList<>();
            if (errorShown) {
                problems.add("the window shows an error");
            }
            if (vm.rowsProperty().get() == 0) {
                problems.add("the window shows no packets");
            }
            if (!problems.isEmpty()) {
                System.err.println("layerscope: screenshot check failed: " + String.join(", ", problems));
                status = 1;
            } else {
                System.out.println("layerscope: screenshot " + out + " (" + vm.rowsProperty().get() + " packets)");
            }
        } catch (IOException | RuntimeException ex) {
            System.err.println("layerscope: screenshot failed: " + ex);
            status = 1;
        }
        exitStatus = status;
        Platform.exit();
    }

    /** Status for the process once the window closed: 1 when an automated screenshot check failed. */
    public static int exitStatus() {
        return exitStatus;
    }

    /** Writes a JavaFX image as PNG (without the javafx-swing module). */
    public static void writePng(WritableImage img, Path out) throws IOException {
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        PixelReader r = img.getPixelReader();
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] line = new int[w];
        for (int y = 0; y < h; y++) {
            r.getPixels(0, y, w, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), line, 0, w);
            b.setRGB(0, y, w, 1, line, 0, w);
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(b, "png", out.toFile());
    }
}
