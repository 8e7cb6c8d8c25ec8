package org.threadrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and SIGTERM on a ten-minute stress run in a JVM of its own (a signal to this JVM would end the test
 * run): the run stops its workloads, checks, prints the summary, writes the JSON and the report marked
 * interrupted, and exits 130 whichever of the two signals it was. The 3-minute timeout is only a hang guard.
 *
 * <p>The child starts with SIGINT and SIGTERM at their default dispositions ({@code env --default-signal}):
 * a JVM that inherits SIGINT ignored (a build started as {@code cmd &} by a non-interactive shell, nohup)
 * never installs a handler for it (HotSpot leaves an ignored shutdown signal ignored), so Ctrl-C is rightly
 * ignored there and the run went on for its whole ten minutes: that hung this test once. A watchdog ends the
 * child if it outlives the signal by {@link #AFTER_SIGNAL_LIMIT_S} s, so a real hang fails with the output.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "kill -INT is POSIX")
class InterruptTest {
    @TempDir
    Path dir;

    record Result(int status, String output) {}

    /** How long the child may take, from the signal, to check, report and exit; far above the ~10 s it takes. */
    static final long AFTER_SIGNAL_LIMIT_S = 120;

    /**
     * The prefix that starts the child with SIGINT and SIGTERM at their defaults whatever this JVM inherited:
     * GNU env's {@code --default-signal} (coreutils 8.31+). Elsewhere, nothing; then a SIGINT this JVM
     * inherited ignored (read from /proc/self/status where it exists) fails the test with what to do,
     * rather than letting it wait ten minutes for a signal the child cannot see.
     */
    static List<String> defaultSignals() throws Exception {
        Process probe = new ProcessBuilder("env", "--default-signal=INT,TERM", "true").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        if (probe.waitFor() == 0) {
            return List.of("env", "--default-signal=INT,TERM");
        }
        Path status = Path.of("/proc/self/status");
        if (Files.isReadable(status)) {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("SigIgn:")) {
                    long ignored = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    assertEquals(0, ignored & (1L << 1), "this JVM inherited SIGINT ignored (SigIgn " + line.substring(7).trim()
                            + ") and env has no --default-signal: run the build from a shell with job control, or "
                            + "install GNU coreutils 8.31+");
                }
            }
        }
        return List.of();
    }

    /** Starts a long run, waits for its first progress line, sends the signal, and collects what it printed. */
    private Result interrupt(String signal, Path json, Path html) throws Exception {
        List<String> cmd = new ArrayList<>(defaultSignals());
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "stress", "--duration", "10m", "--progress", "lines", "--seed", "3",
                "--json", json.toString(), "--report", html.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            boolean sent = false;
            for (String line; (line = r.readLine()) != null; ) {
                out.append(line).append('\n');
                // The first progress line (5 s in): the workloads run, and a sample is in the series.
                if (!sent && line.matches("\\s*\\d+\\.\\ds\\s+created.*")) {
                    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
                    assertEquals(0, kill.waitFor(), "kill -" + signal);
                    sent = true;
                    // The read loop ends at the child's EOF; a child that ignores the signal must not hang it.
                    Thread.ofPlatform().daemon().name("interrupt-watchdog").start(() -> {
                        try {
                            if (!p.waitFor(AFTER_SIGNAL_LIMIT_S, TimeUnit.SECONDS)) {
                                p.destroyForcibly();
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }
            }
            assertTrue(sent, () -> "no progress line came: " + out);
        } finally {
            if (!p.waitFor(150, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        return new Result(p.exitValue(), out.toString());
    }

    @Test
    void ctrlCStopsTheRunWithItsSummaryJsonAndReportAndExits130() throws Exception {
        Path json = dir.resolve("cut.json");
        Path html = dir.resolve("cut.html");
        Result r = interrupt("INT", json, html);
        assertEquals(130, r.status(), r.output());
        assertTrue(r.output().contains("SIGINT: stopping the workloads"), r.output());
        assertTrue(r.output().contains("threads created") && r.output().contains("leaks after shutdown"),
                "the summary: " + r.output());
        assertTrue(r.output().contains("PASSED: all 14 invariants held") && r.output().contains("INTERRUPTED by SIGINT"),
                "the shutdown checks ran and held: " + r.output());
        String text = Files.readString(json);
        ResultSchema.assertValid(text);
        JsonObject o = JsonParser.parseString(text).getAsJsonObject();
        assertTrue(o.get("interrupted").getAsBoolean(), text);
        assertEquals("SIGINT", o.get("interruptedBy").getAsString());
        assertTrue(o.get("durationSeconds").getAsDouble() < 600, text);
        assertEquals(0, o.getAsJsonObject("leaks").get("osThreads").getAsInt(), text);
        assertTrue(o.getAsJsonArray("samples").size() >= 1, text);
        String page = Files.readString(html);
        assertTrue(page.contains("INTERRUPTED by SIGINT"), "the report is marked");
    }

    @Test
    void sigtermDoesTheSameAndExits130() throws Exception {
        Path json = dir.resolve("term.json");
        Result r = interrupt("TERM", json, dir.resolve("term.html"));
        assertEquals(130, r.status(), r.output());
        assertTrue(r.output().contains("INTERRUPTED by SIGTERM"), r.output());
        String text = Files.readString(json);
        ResultSchema.assertValid(text);
        assertEquals("SIGTERM", JsonParser.parseString(text).getAsJsonObject().get("interruptedBy").getAsString());
        assertFalse(r.output().contains("Exception"), r.output());
    }
}
