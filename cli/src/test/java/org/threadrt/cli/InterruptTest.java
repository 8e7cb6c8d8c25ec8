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
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "kill -INT is POSIX")
class InterruptTest {
    @TempDir
    Path dir;

    record Result(int status, String output) {}

    /** Starts a long run, waits for its first progress line, sends the signal, and collects what it printed. */
    private Result interrupt(String signal, Path json, Path html) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
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
