package org.layerscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.layerscope.testutil.Tools;

/**
 * JavaFX for each platform: {@code -Djavafx.platform=NAME} resolves that platform's JavaFX jars only (the ones the
 * build copies into the jar's {@code org/layerscope/app/javafx/}), with its natives and no Linux {@code .so}; the jar
 * built here carries the natives of the platform it was built on.
 */
class JavaFxPlatformTest {

    @ParameterizedTest
    @CsvSource({"win, .dll", "mac-aarch64, .dylib"})
    void anotherPlatformsBuildCarriesItsNativesOnly(String platform, String nativeSuffix, @TempDir Path out) throws IOException {
        List<String> args = List.of("-q", "-B", "-Djavafx.platform=" + platform,
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies",
                "-DincludeGroupIds=org.openjfx", "-DincludeScope=runtime", "-DoutputDirectory=" + out);
        Tools.Result r = mvn(args, true);
        if (r.exitCode() != 0) {
            r = mvn(args, false); // not in the local repository yet: let Maven download it
        }
        if (r.exitCode() != 0) {
            Tools.missing("cannot resolve JavaFX for " + platform + " (no network to Maven Central?): "
                    + firstLine(r.stdout() + r.stderr()));
        }
        List<String> natives = new ArrayList<>();
        List<String> jars = new ArrayList<>();
        try (var files = Files.list(out)) {
            for (Path jar : files.sorted().toList()) {
                jars.add(jar.getFileName().toString());
                natives.addAll(nativesIn(jar));
            }
        }
        assertTrue(jars.contains("javafx-graphics-21.0.11-" + platform + ".jar"), "graphics for " + platform + ": " + jars);
        assertFalse(jars.stream().anyMatch(j -> j.endsWith("-linux.jar")), "no Linux JavaFX jar: " + jars);
        assertTrue(natives.stream().anyMatch(n -> n.endsWith(nativeSuffix)), platform + " natives (" + nativeSuffix + "): " + natives);
        assertTrue(natives.stream().noneMatch(n -> n.endsWith(".so")), "no Linux .so: " + natives);
        assertTrue(natives.stream().anyMatch(n -> n.contains("glass")), "the glass (window) library: " + natives);
    }

    @Test
    void theJarBuiltHereCarriesThisPlatformsJavaFxModulesWhole() throws IOException {
        // the build copies them into the classes folder (process-classes) and the jar packs that folder; the shade
        // plugin leaves org.openjfx out of the class path
        Path folder = Tools.requireFile(Tools.repoRoot().resolve("target/classes").resolve(JavaFxLayer.FOLDER),
                "the JavaFX modules the build copies for the jar (./mvnw process-classes)");
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        String suffix = os.contains("win") ? ".dll" : os.contains("mac") ? ".dylib" : ".so";
        List<String> natives = new ArrayList<>();
        try (var files = Files.list(folder)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).toList()) {
                natives.addAll(nativesIn(jar));
            }
        }
        assertTrue(natives.stream().anyMatch(n -> n.contains("glass") && n.endsWith(suffix)), "this platform's glass: " + natives);
        assertEquals(List.of(), natives.stream().filter(n -> !n.endsWith(suffix)).toList(), "no other platform's natives");
        String pom = Files.readString(Tools.repoRoot().resolve("pom.xml"));
        assertTrue(pom.contains("<exclude>org.openjfx:*</exclude>"), "JavaFX is not shaded into the jar's class path");
    }

    private static Tools.Result mvn(List<String> args, boolean offline) {
        boolean windows = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("win");
        List<String> cmd = new ArrayList<>();
        cmd.add(Tools.repoRoot().resolve(windows ? "mvnw.cmd" : "mvnw").toString());
        cmd.add("-f");
        cmd.add(Tools.repoRoot().resolve("pom.xml").toString());
        if (offline) {
            cmd.add("-o");
        }
        cmd.addAll(args);
        return Tools.run(cmd, Map.of(), Duration.ofMinutes(5));
    }

    private static List<String> nativesIn(Path jar) throws IOException {
        List<String> found = new ArrayList<>();
        try (JarFile jf = new JarFile(jar.toFile())) {
            for (ZipEntry e : Collections.list(jf.entries())) {
                if (e.getName().matches(".*\\.(so|dll|dylib)")) {
                    found.add(e.getName());
                }
            }
        }
        return found;
    }

    private static String firstLine(String s) {
        return s.lines().filter(l -> !l.isBlank()).findFirst().orElse("(no output)");
    }
}
