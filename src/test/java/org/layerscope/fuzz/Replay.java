package org.layerscope.fuzz;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Replays a fuzz target on every file of some folders without Jazzer's instrumentation, and judges allocation and
 * time as {@link Targets} says (the bounds are only gross while fuzzing). {@code bench/fuzz.sh} runs it on the
 * corpus a campaign leaves behind.
 *
 * <pre>java -Dlayerscope.fuzz.timed=true -cp TEST_CLASSPATH org.layerscope.fuzz.Replay CLASS#METHOD DIR...</pre>
 *
 * Prints one line per finding (the file and what was wrong) and a summary; exit status 1 when anything was found.
 */
public final class Replay {
    private Replay() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !args[0].contains("#")) {
            System.err.println("usage: Replay CLASS#METHOD DIR...");
            System.exit(2);
        }
        String cls = args[0].substring(0, args[0].indexOf('#'));
        String name = args[0].substring(args[0].indexOf('#') + 1);
        Class<?> c = Class.forName("org.layerscope.fuzz." + cls);
        Method m = c.getDeclaredMethod(name, byte[].class);
        m.setAccessible(true);
        var ctor = c.getDeclaredConstructor();
        ctor.setAccessible(true);
        Object target = ctor.newInstance();
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            Path dir = Path.of(args[i]);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            }
        }
        int found = 0;
        // twice: the first pass loads classes and warms up, the second is judged (as Targets.bounded measures again)
        for (int pass = 0; pass < 2; pass++) {
            found = 0;
            for (Path f : files) {
                String problem = run(m, target, f);
                if (problem != null && pass == 1) {
                    found++;
                    System.out.println("FINDING " + f + ": " + problem);
                }
            }
        }
        System.out.println("replayed " + files.size() + " inputs of " + args[0] + " without instrumentation: "
                + (found == 0 ? "no finding" : found + " finding(s)"));
        System.exit(found == 0 ? 0 : 1);
    }

    private static String run(Method m, Object target, Path f) throws IOException, IllegalAccessException {
        byte[] data = Files.readAllBytes(f);
        try {
            m.invoke(target, (Object) data);
            return null;
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            return t.getClass().getName() + ": " + t.getMessage();
        }
    }
}
