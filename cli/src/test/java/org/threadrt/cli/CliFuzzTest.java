package org.threadrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.threadrt.stress.StressConfig;

import picocli.CommandLine.TypeConversionException;

/**
 * Property-based tests (jqwik) over the {@code stress} and {@code bench} command lines: every input either
 * works or is refused with exit 2 and a message that names the argument and the rule; never another exit
 * status, an exception's stack trace, or a hang. Options are checked with {@code --dry-run} (parse, validate,
 * check the output paths and the baseline, run nothing); a few small valid configurations really run, and
 * must pass with nothing leaked. The timeouts are hang guards, never a measurement.
 */
class CliFuzzTest {
    private static Path dir;
    private static Path notJson;
    private static Path aFile;

    @BeforeContainer
    static void files() throws IOException {
        dir = Files.createTempDirectory("threadrt-fuzz");
        notJson = Files.writeString(dir.resolve("not.json"), "[1, 2");
        aFile = Files.writeString(dir.resolve("file"), "x");
    }

    @AfterContainer
    static void clean() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Strings that have broken parsers: empty, blanks, signs, overflow, NaN, odd units and characters. */
    private static Arbitrary<String> hostile() {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", "-", "--", "0", "-0", "-1", "1", "0.5", "1e309", "-1e309", "NaN", "Infinity",
                        "-Infinity", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
                        "9223372036854775808", "99999999999999999999999", "0x10", "1_000", "１２", "∞", "%n", "${x}",
                        "'", "\"", "\\", ",", ",,", "a,b", "\t", "null"),
                Arbitraries.strings().ofMaxLength(16),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf));
    }

    private static Arbitrary<String> durations() {
        return Arbitraries.oneOf(hostile(),
                Arbitraries.of("1ms", "500ms", "30s", "5m", "2h", "1m30s", "1d", "30d", "31d", "720h", "721h",
                        "0s", "0.0004s", "0.0005s", "1.5s", "s", "ms", "5x", "5 s", "5S", "PT30S", "pt0.5s", "PT-1S",
                        "P1D", "P9999999999D", "PT9999999999999999999H", "P", "PT", "99999999999999999999d",
                        "1e3s", "1m1m", "1h-1s", "9999999999999999999999999999999ms"),
                Arbitraries.integers().between(0, 100_000).map(i -> i + "ms"),
                Arbitraries.doubles().between(0, 1e7).map(d -> d + "s"));
    }

    private static Arbitrary<String> paths() {
        return Arbitraries.oneOf(
                Arbitraries.of("/proc/x.json", "/proc", "/", "/nonexistent/dir/x.json", "", ".", "..",
                        "/dev/null", "a\u0000b"),
                Arbitraries.of(dir.toString(), dir.resolve("out.json").toString(), aFile.toString(),
                        aFile.resolve("x.json").toString(), dir.resolve("no/such/x.json").toString()));
    }

    private static Arbitrary<String> baselines() {
        return Arbitraries.oneOf(paths(), Arbitraries.of(notJson.toString(), aFile.toString()));
    }

    /** An option and its value, each option with the values that test its rules, plus garbage. */
    private static Arbitrary<List<String>> stressOption() {
        Map<String, Arbitrary<String>> values = Map.ofEntries(
                Map.entry("-d", durations()), Map.entry("--duration", durations()),
                Map.entry("-t", Arbitraries.oneOf(hostile(), Arbitraries.integers().between(-5, 200_000).map(String::valueOf))),
                Map.entry("--threads", hostile()),
                Map.entry("-w", Arbitraries.oneOf(hostile(), Arbitraries.of("all", "churn", "churn,pool", "idle,callback",
                        "lock,bare", "CHURN", " pool ", "churn,,pool", ",", "nope", "all,nope", "churn;pool"))),
                Map.entry("--workload", hostile()),
                Map.entry("--stack", Arbitraries.oneOf(hostile(), Arbitraries.of("os", "runtime", "OS", "bare", "heap"))),
                Map.entry("--callback-mode", Arbitraries.oneOf(hostile(),
                        Arbitraries.of("per-call", "cached", "per_call", "PER-CALL", "sometimes"))),
                Map.entry("--json", paths()), Map.entry("--report", paths()),
                Map.entry("--seed", hostile()),
                Map.entry("--progress", Arbitraries.oneOf(hostile(), Arbitraries.of("live", "lines", "off", "loud"))),
                Map.entry("--compare", baselines()),
                Map.entry("--min-ratio", hostile()),
                Map.entry("--inject", Arbitraries.oneOf(hostile(), Arbitraries.of("lost-task"))));
        List<String> flags = new ArrayList<>(values.keySet());
        return Arbitraries.oneOf(
                Arbitraries.of(flags).flatMap(f -> values.get(f).map(v -> List.of(f, v))),
                Arbitraries.of(flags).flatMap(f -> values.get(f).map(v -> List.of(f + "=" + v))),
                Arbitraries.of(flags).map(List::of), // an option without its value
                hostile().map(List::of),             // a stray word
                Arbitraries.of(List.of("--bogus"), List.of("-x"), List.of("--help"), List.of("--"), List.of("-dw")));
    }

    @Provide
    Arbitrary<List<String>> stressArgs() {
        return stressOption().list().ofMaxSize(5).map(CliFuzzTest::flatten);
    }

    private static Arbitrary<List<String>> benchOption() {
        Map<String, Arbitrary<String>> values = Map.of(
                "--json", paths(),
                "--reps", Arbitraries.oneOf(hostile(), Arbitraries.integers().between(-3, 2000).map(String::valueOf)),
                "--time-scale", Arbitraries.oneOf(hostile(), Arbitraries.doubles().between(-1, 20).map(String::valueOf)),
                "--report", paths(),
                "--live-ms", sizeList(-5, 200_000),
                "--callback-threads", sizeList(-1, 2_000),
                "--pool-threads", sizeList(-1, 2_000),
                "--short-lived", Arbitraries.oneOf(hostile(), Arbitraries.integers().between(-3, 20_000).map(String::valueOf)),
                "--idle-threads", Arbitraries.oneOf(hostile(), Arbitraries.integers().between(-3, 20_000).map(String::valueOf)),
                "--go-src", paths());
        List<String> flags = new ArrayList<>(values.keySet());
        return Arbitraries.oneOf(
                Arbitraries.of(flags).flatMap(f -> values.get(f).map(v -> List.of(f, v))),
                Arbitraries.of(flags).map(List::of),
                Arbitraries.of(List.of("--quick"), List.of("--scale"), List.of("--no-go"), List.of("--no-jna"), List.of("--bogus"),
                        List.of("--help")),
                hostile().map(List::of));
    }

    /** A comma-separated list of sizes (some out of range, some empty or not numbers). */
    private static Arbitrary<String> sizeList(int min, int max) {
        return Arbitraries.oneOf(hostile(), Arbitraries.integers().between(min, max).list().ofMaxSize(5)
                .map(l -> String.join(",", l.stream().map(String::valueOf).toList())));
    }

    @Provide
    Arbitrary<List<String>> benchArgs() {
        return benchOption().list().ofMaxSize(5).map(CliFuzzTest::flatten);
    }

    private static List<String> flatten(List<List<String>> parts) {
        List<String> out = new ArrayList<>();
        parts.forEach(out::addAll);
        return out;
    }

    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(|Exception in thread|"
            + "java\\.lang\\.\\w+(Exception|Error)|ArithmeticException|NullPointerException");

    /** The contract: exit 0, or exit 2 with a first line on err that names the argument and says the rule. */
    private static void acceptedOrRefusedWithAReason(List<String> args) {
        CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CliRun.of(args.toArray(String[]::new)),
                () -> "hung: " + args);
        String all = run.out() + run.err();
        assertFalse(STACK_FRAME.matcher(all).find(), () -> "a stack trace or a raw exception for " + args + ": " + run);
        assertTrue(run.status() == 0 || run.status() == 2, () -> "exit 0 or 2 for " + args + ": " + run);
        Statistics.label("exit status").collect(run.status()); // the report shows both outcomes were generated
        if (run.status() == 2) {
            String first = run.err().lines().findFirst().orElse("");
            assertTrue(first.startsWith("threadrt"), () -> "the message says who speaks, for " + args + ": " + run);
            boolean namesIt = first.matches(".*(--?[a-z][a-z-]*|index \\d+|[Ss]ubcommand).*")
                    || args.stream().filter(a -> !a.isBlank()).anyMatch(first::contains);
            assertTrue(namesIt, () -> "the message names the argument, for " + args + ": " + run);
            assertTrue(first.length() > "threadrt stress: ".length() + 10, () -> "and the rule: " + run);
        }
    }

    @Property(tries = 400)
    void everyStressCommandLineWorksOrIsRefusedWithAReason(@ForAll("stressArgs") List<String> args) {
        List<String> full = new ArrayList<>(List.of("stress", "--dry-run"));
        full.addAll(args);
        acceptedOrRefusedWithAReason(full);
    }

    @Property(tries = 300)
    void everyBenchCommandLineWorksOrIsRefusedWithAReason(@ForAll("benchArgs") List<String> args) {
        List<String> full = new ArrayList<>(List.of("bench", "--dry-run"));
        full.addAll(args);
        acceptedOrRefusedWithAReason(full);
    }

    @Property(tries = 3000)
    void aDurationIsPositiveAndAtMost30DaysOrRefused(@ForAll("durationText") String text) {
        try {
            Duration d = new StressCommand.DurationConverter().convert(text);
            assertTrue(d.compareTo(Duration.ZERO) > 0 && d.compareTo(StressConfig.MAX_DURATION) <= 0, d::toString);
            d.toNanos(); // every time sum of a run stays exact
        } catch (TypeConversionException e) {
            assertTrue(e.getMessage().contains("'" + text + "'"), e::getMessage);
        }
    }

    @Provide
    Arbitrary<String> durationText() {
        return durations();
    }

    @Provide
    Arbitrary<List<String>> smallRuns() {
        Arbitrary<String> workloads = Arbitraries.of("churn", "pool", "idle", "callback", "lock", "bare").set()
                .ofMinSize(1).map(s -> String.join(",", s));
        return net.jqwik.api.Combinators.combine(Arbitraries.of("1ms", "40ms", "300ms"),
                        Arbitraries.integers().between(1, 6), workloads, Arbitraries.of("os", "runtime"),
                        Arbitraries.of("per-call", "cached"))
                .as((d, t, w, s, c) -> List.of("stress", "-d", d, "-t", t.toString(), "-w", w, "--stack", s,
                        "--callback-mode", c, "--progress", "off", "--seed", "1"));
    }

    /** Small valid configurations really run: they pass, leak nothing, and their JSON matches the schema. */
    @Property(tries = 6)
    void smallValidRunsPassAndLeakNothing(@ForAll("smallRuns") List<String> args) throws IOException {
        Path json = Files.createTempFile(dir, "run", ".json");
        List<String> full = new ArrayList<>(args);
        full.addAll(List.of("--json", json.toString()));
        CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> CliRun.of(full.toArray(String[]::new)),
                () -> "hung: " + full);
        assertEquals(0, run.status(), () -> full + ": " + run);
        String text = Files.readString(json);
        ResultSchema.assertValid(text);
        JsonObject leaks = JsonParser.parseString(text).getAsJsonObject().getAsJsonObject("leaks");
        assertEquals(0, leaks.get("osThreads").getAsInt() + leaks.get("jvmThreads").getAsInt()
                + leaks.get("stackMappings").getAsInt(), () -> full + ": " + text);
    }
}
