package org.layerscope.app;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.CRC32;

/**
 * Runs the window with JavaFX as named modules when this program runs from its jar ({@code java -jar
 * layerscope.jar}). The jar holds JavaFX's modular jars whole under {@value #FOLDER} (the build copies them there
 * instead of shading them). They are unpacked once into {@code ~/.layerscope/javafx/<key>} and resolved into a
 * module layer; the program's own classes are then loaded again from the jar by a class loader whose parent is that
 * layer's loader. JavaFX thus runs in the configuration it supports: no "Unsupported JavaFX configuration" warning,
 * and its natives come from its own platform jar.
 */
final class JavaFxLayer {
    static final String FOLDER = "org/layerscope/app/javafx/";
    private static final String ROOT_MODULE = "javafx.controls";

    private JavaFxLayer() {
    }

    /** True when JavaFX's classes are visible without a layer (boot layer of a jlinked runtime, or the class path). */
    static boolean visible() {
        try {
            Class.forName("javafx.application.Platform", false, JavaFxLayer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Opens the window through {@link Window#open} in a JavaFX module layer; the process's exit status. */
    static int open(Path file) throws IOException, ReflectiveOperationException {
        Path jar = ownJar();
        Path modules = unpack(jar, cacheRoot());
        Configuration cf = ModuleLayer.boot().configuration()
                .resolve(ModuleFinder.of(modules), ModuleFinder.of(), Set.of(ROOT_MODULE));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        ClassLoader fx = layer.findLoader(ROOT_MODULE);
        URLClassLoader app = new URLClassLoader("layerscope", new URL[] {jar.toUri().toURL()}, fx);
        Thread.currentThread().setContextClassLoader(app);
        Class<?> window = Class.forName(Window.class.getName(), true, app);
        return (int) window.getMethod("open", Path.class).invoke(null, file);
    }

    /** The jar this class was loaded from; an {@link IOException} when it runs from a folder without JavaFX. */
    private static Path ownJar() throws IOException {
        try {
            Path p = Path.of(JavaFxLayer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(p)) {
                return p;
            }
            throw new IOException("JavaFX is not on the class path and " + p + " is not LayerScope's jar");
        } catch (java.net.URISyntaxException | SecurityException | NullPointerException e) {
            throw new IOException("cannot find LayerScope's jar: " + e, e);
        }
    }

    private static Path cacheRoot() {
        String home = System.getProperty("layerscope.home", System.getenv("LAYERSCOPE_HOME"));
        Path base = home != null && !home.isBlank() ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".layerscope");
        return base.resolve("javafx");
    }

    /**
     * Unpacks the JavaFX jars into {@code root/<key>} (the key hashes their names, sizes and CRCs, so another
     * version or platform gets its own folder) unless they are there already; returns that folder.
     */
    static Path unpack(Path jar, Path root) throws IOException {
        try (JarFile jf = new JarFile(jar.toFile())) {
            List<JarEntry> entries = new ArrayList<>();
            for (JarEntry e : Collections.list(jf.entries())) {
                String n = e.getName();
                if (n.startsWith(FOLDER) && n.endsWith(".jar") && n.indexOf('/', FOLDER.length()) < 0) {
                    entries.add(e);
                }
            }
            if (entries.isEmpty()) {
                throw new IOException(jar + " holds no JavaFX modules (" + FOLDER + ")");
            }
            CRC32 key = new CRC32();
            for (JarEntry e : entries) {
                key.update((e.getName() + ':' + e.getSize() + ':' + e.getCrc() + ';').getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            Path target = root.resolve(String.format("%08x", key.getValue()));
            if (complete(target, entries)) {
                return target;
            }
            Files.createDirectories(root);
            Path tmp = Files.createTempDirectory(root, ".unpack-");
            try {
                for (JarEntry e : entries) {
                    try (InputStream in = jf.getInputStream(e)) {
                        Files.copy(in, tmp.resolve(e.getName().substring(FOLDER.length())));
                    }
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException
                        | AtomicMoveNotSupportedException raced) {
                    if (!complete(target, entries)) {
                        throw raced;
                    }
                }
            } finally {
                deleteTree(tmp);
            }
            return target;
        }
    }

    private static boolean complete(Path dir, List<JarEntry> entries) throws IOException {
        for (JarEntry e : entries) {
            Path p = dir.resolve(e.getName().substring(FOLDER.length()));
            if (!Files.isRegularFile(p) || Files.size(p) != e.getSize()) {
                return false;
            }
        }
        return true;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
