package org.layerscope.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The window's JIT directive is taken by the JDK the build runs on (JDK 17 with jdk.management). */
class QuickJitTest {
    @Test
    void theJvmTakesTheDirective() throws Exception {
        assertTrue(QuickJit.apply(), "the DiagnosticCommand MBean refused the compiler directive");
        String listed = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        assertTrue(listed.contains("*.*"), listed);
    }
}
