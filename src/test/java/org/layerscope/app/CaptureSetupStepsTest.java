package org.layerscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerscope.capture.HostOs;
import org.layerscope.ui.CaptureSetupStep;

/** The one-time capture set-up the window offers: the right runtime, through pkexec or as a sudo command. */
class CaptureSetupStepsTest {
    @Test
    void theInstallersLauncherRunsTheStepForItself() {
        Path launcher = Path.of("/opt/layerscope/bin/LayerScope");
        CaptureSetupStep s = CaptureSetupSteps.step(launcher, "/opt/layerscope/lib/app/layerscope.jar",
                Path.of("/usr/bin/pkexec"), List.of(launcher.toString()));
        assertEquals(List.of("/usr/bin/pkexec", "/opt/layerscope/bin/LayerScope", "setup-capture", "--program",
                "/opt/layerscope/bin/LayerScope"), s.prompted());
        assertEquals("sudo /opt/layerscope/bin/LayerScope setup-capture --program /opt/layerscope/bin/LayerScope", s.manual());
        assertEquals(List.of("/opt/layerscope/bin/LayerScope"), s.restart());
    }

    @Test
    void theJarRunsTheStepOnItsJavaWithAbsolutePaths() {
        Path java = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
        CaptureSetupStep s = CaptureSetupSteps.step(java, "target/layerscope.jar", null, List.of());
        String jar = Path.of("target/layerscope.jar").toAbsolutePath().normalize().toString();
        assertFalse(s.hasPrompt(), "no pkexec: only the command to copy");
        assertEquals("sudo " + java + " -jar " + CaptureSetupSteps.shell(List.of(jar)) + " setup-capture --program " + java,
                s.manual());
        CaptureSetupStep cp = CaptureSetupSteps.step(java, "target/classes:lib/a b.jar", Path.of("/usr/bin/pkexec"), List.of());
        assertEquals(List.of("/usr/bin/pkexec", java.toString(), "-cp",
                Path.of("target/classes").toAbsolutePath() + ":" + Path.of("lib/a b.jar").toAbsolutePath(),
                "org.layerscope.app.Main", "setup-capture", "--program", java.toString()), cp.prompted());
        assertTrue(cp.manual().contains("'"), "a path with a space is quoted for the shell: " + cp.manual());
    }

    @Test
    void shellQuoting() {
        assertEquals("a 'b c' 'it'\\''s' ''", CaptureSetupSteps.shell(List.of("a", "b c", "it's", "")));
    }

    @Test
    void thisProcessOnLinuxStartsAgainWithItsOwnCommandLine() {
        var step = CaptureSetupSteps.forThisProcess();
        if (HostOs.current() != HostOs.LINUX) {
            assertTrue(step.isEmpty(), "the step is Linux's; elsewhere the problem's fix says what to install");
            return;
        }
        CaptureSetupStep s = step.orElseThrow();
        assertEquals(ProcessHandle.current().info().command().orElseThrow(), s.restart().get(0));
        assertTrue(s.manual().startsWith("sudo ") && s.manual().contains(" setup-capture --program "), s.manual());
    }
}
