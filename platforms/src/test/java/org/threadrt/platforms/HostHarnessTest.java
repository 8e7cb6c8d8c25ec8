package org.threadrt.platforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Builds this machine's shim with the host C compiler and runs the native harness on it
 * through platforms/matrix: BARE, OS and RUNTIME threads, the EAGAIN retry path, futex,
 * the shared lock, the thread-exit destructor. The other targets run in platforms/matrix
 * itself (CI runs all of them).
 */
class HostHarnessTest {
    private static final Path ROOT = Path.of(System.getProperty("threadrt.root", ".."));

    @Test
    void hostHarnessPasses() throws IOException, InterruptedException {
        String host = hostTarget();
        Process p = new ProcessBuilder("bash", ROOT.resolve("platforms/matrix").toString(), host)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "matrix timed out");
        System.out.print(out);
        assertEquals(0, p.exitValue(), "platforms/matrix " + host + " failed:\n" + out);
        assertTrue(out.contains("1 passed, 0 failed"), out);
        assertTrue(out.matches("(?s).*" + host + " +yes +ok +ok +passed \\(\\d+ passed, 0 failed\\).*"), out);
    }

    private static String hostTarget() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "linux-x86_64";
            case "aarch64" -> "linux-aarch64";
            default -> "linux-" + arch;
        };
    }
}
