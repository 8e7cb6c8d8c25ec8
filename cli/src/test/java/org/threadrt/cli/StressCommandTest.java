package org.threadrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code threadrt stress} end to end, in this JVM: short runs, exit codes, the JSON, a forced violation. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StressCommandTest {
    @TempDir
    Path dir;

    @Test
    void aShortRunOfEveryWorkloadPassesAndWritesJsonAndReport() throws Exception {
        Path json = dir.resolve("result.json");
        Path html = dir.resolve("report.html");
        CliRun run = CliRun.of("stress", "--duration", "3s", "--seed", "7", "--progress", "off", "--json",
                json.toString(), "--report", html.toString());
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("PASSED: all"), run::toString);

        JsonObject r = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        for (String field : List.of("platform", "durationSeconds", "threadsCreated", "threadsExited", "stacksReaped",
                "tasksCompleted", "callbacks", "lockOps", "bareThreads", "rates", "leaks", "invariantViolations")) {
            assertTrue(r.has(field), () -> "JSON has no " + field + ": " + r);
        }
        JsonObject rates = r.getAsJsonObject("rates");
        for (String field : List.of("threadsCreated", "threadsExited", "stacksReaped", "tasksCompleted", "callbacks",
                "lockOps", "bareThreads")) {
            assertTrue(rates.has(field), () -> "rates has no " + field + ": " + rates);
        }
        JsonObject leaks = r.getAsJsonObject("leaks");
        assertEquals(0, leaks.get("osThreads").getAsInt(), leaks::toString);
        assertEquals(0, leaks.get("jvmThreads").getAsInt(), leaks::toString);
        assertEquals(0, leaks.get("stackMappings").getAsInt(), leaks::toString);
        assertEquals(0, r.getAsJsonArray("invariantViolations").size(), r::toString);
        assertTrue(r.get("passed").getAsBoolean());
        assertTrue(r.get("threadsCreated").getAsLong() > 0, r::toString);
        assertEquals(r.get("threadsCreated").getAsLong(), r.get("threadsExited").getAsLong(), r::toString);
        assertTrue(r.get("stacksReaped").getAsLong() > 0, "RUNTIME and BARE stacks were reaped");
        assertTrue(r.get("tasksCompleted").getAsLong() > 0);
        assertTrue(r.get("lockOps").getAsLong() > 0);
        assertTrue(r.get("bareThreads").getAsLong() > 0);
        assertTrue(r.get("callbacks").getAsLong() > 0, "native threads called back");
        assertEquals(0, r.getAsJsonArray("unavailable").size(), r::toString);
        assertTrue(r.get("durationSeconds").getAsDouble() >= 3.0);
        assertTrue(r.getAsJsonArray("samples").size() >= 2, "about one sample a second");
        assertTrue(Files.readString(html).contains("data-charts-drawn"), "the report was written");
    }

    @Test
    void osStacksAndOneWorkloadPassToo() {
        CliRun run = CliRun.of("stress", "-d", "1s", "-w", "churn,pool", "--stack", "os", "--threads", "4",
                "--progress", "off");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("stack os"), run::toString);
    }

    @Test
    void aBrokenInvariantIsNamedAndExitsOne() throws Exception {
        Path json = dir.resolve("broken.json");
        CliRun run = CliRun.of("stress", "-d", "1s", "-w", "pool", "--progress", "off", "--inject", "lost-task",
                "--json", json.toString());
        assertEquals(1, run.status(), run::toString);
        assertTrue(run.out().contains("VIOLATED tasks-exactly-once"), run::toString);
        JsonObject r = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        JsonArray v = r.getAsJsonArray("invariantViolations");
        assertEquals(1, v.size(), r::toString);
        assertEquals("tasks-exactly-once", v.get(0).getAsJsonObject().get("invariant").getAsString());
        assertTrue(!r.get("passed").getAsBoolean());
    }

    @Test
    void badFlagsAndValuesAreUsageErrors() {
        String[][] bad = {
            {"stress", "--duration", "banana"},
            {"stress", "--duration", "0s"},
            {"stress", "--stack", "heap"},
            {"stress", "--workload", "churn,nope"},
            {"stress", "--callback-mode", "sometimes"},
            {"stress", "--threads", "0"},
            {"stress", "--threads", "many"},
            {"stress", "--no-such-flag"},
            {"stress", "--progress", "loud"},
            {"no-such-command"},
            {},
        };
        for (String[] args : bad) {
            CliRun run = CliRun.of(args);
            assertEquals(2, run.status(), () -> String.join(" ", args) + ": " + run);
            assertTrue(run.err().contains("Usage:"), () -> String.join(" ", args) + " prints the usage: " + run);
        }
        CliRun run = CliRun.of("stress", "--stack", "heap");
        assertTrue(run.err().contains("'heap' is not a stack policy (valid: os, runtime)"), run::toString);
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : List.of("stress", "platforms", "doctor", "bench")) {
            CliRun run = CliRun.of(cmd, "--help");
            assertEquals(0, run.status(), run::toString);
            assertTrue(run.out().contains("Usage: threadrt " + cmd), run::toString);
        }
        assertEquals(0, CliRun.of("--help").status());
    }

    @Test
    void durationsParse() {
        StressCommand.DurationConverter c = new StressCommand.DurationConverter();
        assertEquals(java.time.Duration.ofSeconds(30), c.convert("30s"));
        assertEquals(java.time.Duration.ofMillis(500), c.convert("500ms"));
        assertEquals(java.time.Duration.ofSeconds(90), c.convert("1m30s"));
        assertEquals(java.time.Duration.ofHours(2), c.convert("2h"));
        assertEquals(java.time.Duration.ofSeconds(5), c.convert("5"));
        assertEquals(java.time.Duration.ofSeconds(30), c.convert("PT30S"));
    }
}
