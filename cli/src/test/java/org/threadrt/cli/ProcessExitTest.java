package org.threadrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The exit status a shell sees: the CLI's main in a JVM of its own. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ProcessExitTest {

    record Result(int status, String output) {}

    static Result threadrt(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "threadrt " + String.join(" ", args) + " ended");
        return new Result(p.exitValue(), out);
    }

    @Test
    void exitStatusZeroForAPassingRunAndTwoForABadFlag() throws Exception {
        Result ok = threadrt("stress", "--duration", "2s", "--progress", "lines");
        assertEquals(0, ok.status(), ok.output());
        assertTrue(ok.output().contains("PASSED"), ok.output());

        Result bad = threadrt("stress", "--duration", "banana");
        assertEquals(2, bad.status(), bad.output());
        assertTrue(bad.output().contains("banana") && bad.output().contains("Usage: threadrt stress"), bad.output());
    }
}
