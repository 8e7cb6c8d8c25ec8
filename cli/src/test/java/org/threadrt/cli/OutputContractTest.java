package org.threadrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stress and bench commands' output contract: every output path is checked before anything runs (exit 2,
 * one line naming the option and the problem, nothing created), and {@code --compare} judges the rates against
 * a baseline (exit 1 below {@code --min-ratio}; a bad baseline is exit 2, one line).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OutputContractTest {
    @TempDir
    Path dir;

    /** A refused path: exit 2, one line on err naming the option, nothing run. */
    private static void refused(CliRun run, String option, String problem) {
        assertEquals(2, run.status(), run::toString);
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), () -> "one line: " + run);
        assertTrue(lines.get(0).contains(option) && lines.get(0).contains(problem), run::toString);
        assertFalse(run.out().contains("PASSED") || run.out().contains("threadrt stress: "), "nothing ran: " + run);
        assertFalse(run.err().contains("Exception"), run::toString);
    }

    @Test
    void anUnwritablePathIsRefusedBeforeTheRun() {
        refused(CliRun.of("stress", "-d", "30s", "--json", "/proc/x.json"), "--json /proc/x.json",
                "cannot create a file in /proc");
        refused(CliRun.of("stress", "-d", "30s", "--report", "/proc/x.html"), "--report /proc/x.html",
                "cannot create a file in /proc");
    }

    @Test
    void aMissingFolderIsRefusedAndNotCreated() {
        Path missing = dir.resolve("no/such/dir/x.json");
        refused(CliRun.of("stress", "-d", "30s", "--json", missing.toString()), "--json", "does not exist");
        assertFalse(Files.exists(dir.resolve("no")), "no folder was made");
    }

    @Test
    void aFolderOrTheSameFileTwiceIsRefused() throws Exception {
        refused(CliRun.of("stress", "-d", "30s", "--report", dir.toString()), "--report", "is a folder");
        Path f = dir.resolve("both.json");
        refused(CliRun.of("stress", "-d", "30s", "--json", f.toString(), "--report", f.toString()), "--json and --report",
                "the same file");
        Path file = Files.writeString(dir.resolve("plain"), "x");
        refused(CliRun.of("stress", "-d", "30s", "--json", file.resolve("x.json").toString()), "--json",
                "is not a folder");
    }

    @Test
    void benchChecksItsJsonPathBeforeItRuns() {
        CliRun run = CliRun.of("bench", "--quick", "--json", "/proc/bench.json");
        assertEquals(2, run.status(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().contains("--json /proc/bench.json") && run.err().contains("cannot create a file in /proc"),
                run::toString);
        assertFalse(run.out().contains("threadrt bench ("), "nothing ran: " + run);
    }

    @Test
    void dryRunChecksAndWritesNothing() {
        Path json = dir.resolve("dry.json");
        CliRun run = CliRun.of("stress", "-d", "5m", "--json", json.toString(), "--dry-run");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("would run 5 min"), run::toString);
        assertFalse(Files.exists(json));
    }

    @Test
    void badBaselinesAreOneLineUsageErrors() throws Exception {
        Path notJson = Files.writeString(dir.resolve("not.json"), "{ this is not json");
        Path old = Files.writeString(dir.resolve("old.json"), "{\"platform\": \"linux-x86_64\", \"rates\": {}}");
        Path v1 = Files.writeString(dir.resolve("v1.json"), "{\"schemaVersion\": 1, \"kind\": \"stress\"}");
        Path bench = Files.writeString(dir.resolve("bench.json"), "{\"schemaVersion\": 2, \"kind\": \"bench\"}");
        Path noRate = Files.writeString(dir.resolve("norate.json"), "{\"schemaVersion\": 2, \"kind\": \"stress\", "
                + "\"rates\": {\"threadsCreatedPerSecond\": 1}, \"options\": {}}");
        String[][] cases = {
            {dir.resolve("missing.json").toString(), "cannot read it"},
            {notJson.toString(), "not JSON"},
            {old.toString(), "no schemaVersion"},
            {v1.toString(), "schemaVersion 1, this threadrt reads schemaVersion 2"},
            {bench.toString(), "want \"stress\""},
            {noRate.toString(), "rates.threadsExitedPerSecond is missing"},
        };
        for (String[] c : cases) {
            CliRun run = CliRun.of("stress", "-d", "30s", "--compare", c[0]);
            assertEquals(2, run.status(), run::toString);
            assertEquals(1, run.err().lines().count(), run::toString);
            assertTrue(run.err().startsWith("threadrt stress: --compare " + c[0] + ": ") && run.err().contains(c[1]),
                    run::toString);
        }
        CliRun alone = CliRun.of("stress", "--min-ratio", "0.8");
        assertEquals(2, alone.status(), alone::toString);
        assertTrue(alone.err().contains("--min-ratio needs --compare"), alone::toString);
        CliRun zero = CliRun.of("stress", "--compare", notJson.toString(), "--min-ratio", "0");
        assertEquals(2, zero.status(), zero::toString);
        assertTrue(zero.err().contains("--min-ratio must be a number above 0"), zero::toString);
    }

    @Test
    void compareGivesEveryRatesRatioAndFailsBelowTheMinimum() throws Exception {
        Path base = dir.resolve("base.json");
        CliRun first = CliRun.of("stress", "-d", "1s", "-w", "pool,bare", "--progress", "off", "--json", base.toString());
        assertEquals(0, first.status(), first::toString);

        // The same baseline, its rates scaled far out of reach either way: the verdict cannot depend on timing.
        Path fast = scaled(base, "fast.json", 1e6);
        Path slow = scaled(base, "slow.json", 1e-6);
        Path out = dir.resolve("compared.json");
        CliRun below = CliRun.of("stress", "-d", "1s", "-w", "pool,bare", "--progress", "off", "--compare",
                fast.toString(), "--min-ratio", "0.8", "--json", out.toString());
        assertEquals(1, below.status(), below::toString);
        assertTrue(below.out().contains("PASSED: all"), "the invariants held; the rates did not: " + below);
        assertTrue(below.out().contains("tasksCompletedPerSecond") && below.out().contains("BELOW 0.8")
                && below.out().contains("SLOWER"), below::toString);
        String text = Files.readString(out);
        ResultSchema.assertValid(text);
        JsonObject cmp = JsonParser.parseString(text).getAsJsonObject().getAsJsonObject("comparison");
        assertFalse(cmp.get("passed").getAsBoolean(), cmp::toString);
        assertEquals(0.8, cmp.get("minRatio").getAsDouble());
        assertTrue(cmp.getAsJsonArray("ratios").size() >= 3, cmp::toString);

        CliRun above = CliRun.of("stress", "-d", "1s", "-w", "pool,bare", "--progress", "off", "--compare",
                slow.toString(), "--min-ratio", "0.8");
        assertEquals(0, above.status(), above::toString);
        assertFalse(above.out().contains("BELOW"), above::toString);

        CliRun other = CliRun.of("stress", "-d", "1s", "-w", "pool", "--progress", "off", "--compare", slow.toString());
        assertEquals(0, other.status(), other::toString);
        assertTrue(other.out().contains("note: options differ, workloads: baseline pool,bare, this run pool"),
                other::toString);
    }

    private Path scaled(Path base, String name, double factor) throws Exception {
        JsonObject o = JsonParser.parseString(Files.readString(base)).getAsJsonObject();
        JsonObject rates = o.getAsJsonObject("rates");
        for (String k : rates.keySet()) {
            rates.addProperty(k, rates.get(k).getAsDouble() * factor);
        }
        return Files.writeString(dir.resolve(name), o.toString());
    }
}
