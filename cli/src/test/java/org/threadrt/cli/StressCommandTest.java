package org.threadrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

        String text = Files.readString(json);
        ResultSchema.assertValid(text);
        JsonObject r = JsonParser.parseString(text).getAsJsonObject();
        assertEquals(2, r.get("schemaVersion").getAsInt());
        assertEquals("stress", r.get("kind").getAsString());
        JsonObject env = r.getAsJsonObject("environment");
        assertEquals(Runtime.getRuntime().availableProcessors(), env.get("cpus").getAsInt());
        assertEquals(System.getProperty("os.version"), env.get("kernel").getAsString());
        JsonObject options = r.getAsJsonObject("options");
        assertEquals(7, options.get("seed").getAsLong());
        assertEquals(3.0, options.get("durationSeconds").getAsDouble());
        assertTrue(options.getAsJsonArray("arguments").toString().contains("\"--seed\""), options::toString);
        assertFalse(r.get("interrupted").getAsBoolean());
        JsonObject cpu = r.getAsJsonObject("cpu");
        assertTrue(cpu.get("totalSeconds").getAsDouble() > 0, cpu::toString);
        assertEquals(cpu.get("totalSeconds").getAsDouble(), cpu.get("userSeconds").getAsDouble()
                + cpu.get("systemSeconds").getAsDouble(), 0.002, cpu::toString);
        JsonArray per = r.getAsJsonArray("perWorkload");
        assertEquals(6, per.size(), per::toString);
        for (var w : per) {
            JsonObject o = w.getAsJsonObject();
            assertTrue(o.get("instances").getAsInt() >= 1, o::toString);
            assertTrue(o.get("operations").getAsLong() > 0, o::toString);
        }
        JsonObject totals = r.getAsJsonObject("totals");
        JsonObject leaks = r.getAsJsonObject("leaks");
        assertEquals(0, leaks.get("osThreads").getAsInt(), leaks::toString);
        assertEquals(0, leaks.get("jvmThreads").getAsInt(), leaks::toString);
        assertEquals(0, leaks.get("stackMappings").getAsInt(), leaks::toString);
        assertEquals(0, r.getAsJsonArray("invariantViolations").size(), r::toString);
        assertTrue(r.get("passed").getAsBoolean());
        assertTrue(totals.get("threadsCreated").getAsLong() > 0, r::toString);
        assertEquals(totals.get("threadsCreated").getAsLong(), totals.get("threadsExited").getAsLong(), r::toString);
        assertTrue(totals.get("stacksReaped").getAsLong() > 0, "RUNTIME and BARE stacks were reaped");
        assertTrue(totals.get("tasksCompleted").getAsLong() > 0);
        assertTrue(totals.get("lockOps").getAsLong() > 0);
        assertTrue(totals.get("bareThreads").getAsLong() > 0);
        assertTrue(totals.get("callbacks").getAsLong() > 0, "native threads called back");
        assertTrue(r.getAsJsonObject("rates").get("threadsCreatedPerSecond").getAsDouble() > 0, r::toString);
        assertEquals(0, r.getAsJsonArray("unavailable").size(), r::toString);
        assertTrue(r.get("durationSeconds").getAsDouble() >= 3.0);
        JsonArray samples = r.getAsJsonArray("samples");
        assertTrue(samples.size() >= 2, "about one sample a second");
        JsonObject last = samples.get(samples.size() - 1).getAsJsonObject();
        assertEquals(totals.get("threadsCreated").getAsLong(), last.get("threadsCreated").getAsLong(),
                "the last sample's running total is the total");
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
        ResultSchema.assertValid(Files.readString(json));
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
