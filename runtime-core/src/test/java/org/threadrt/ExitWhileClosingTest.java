package org.threadrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.lang3.Validate;
import org.junit.jupiter.api.Test;
import org.threadrt.testing.JavaThreadsPort;

/**
 * A task calls System.exit while a shutdown hook closes the runtime (issue 11). System.exit waits for the
 * hooks; before the fix the hook's close() waited for the task in System.exit, and the JVM never ended.
 * Run in a child JVM, since the case ends the JVM.
 */
class ExitWhileClosingTest {

    /** The child: a runtime, a hook that closes it, a task that exits the JVM, and a task still running. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            ThreadRuntime rt = ThreadRuntime.start(RuntimeConfig.builder().name("exiting").build(),
                    new JavaThreadsPort());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                rt.close();
                System.out.println("hook: close returned, terminated=" + rt.isTerminated());
            }));
            rt.submit(() -> {
                Thread.sleep(600_000); // a task that would keep close() waiting; the interrupt ends it
                return null;
            });
            rt.submit(() -> {
                System.exit(0);
                return null;
            });
            Thread.sleep(600_000);
        }
    }

    private static String where(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void aTaskCallingSystemExitWhileAHookClosesTheRuntimeEndsTheJvm() throws Exception {
        String cp = String.join(File.pathSeparator, where(Child.class), where(ThreadRuntime.class),
                where(Validate.class));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, Child.class.getName()).redirectErrorStream(true).start();
        boolean ended = p.waitFor(30, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ended, "the JVM did not end within 30 s (close() in the hook waited for the task in System.exit):\n"
                + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("hook: close returned"), out);
        assertTrue(List.of(out.split("\n")).stream().noneMatch(l -> l.contains("Exception")), out);
    }
}
