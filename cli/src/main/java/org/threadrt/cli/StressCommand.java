package org.threadrt.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.lang3.SystemUtils;
import org.threadrt.RuntimeConfig;
import org.threadrt.StackPolicy;
import org.threadrt.stress.Comparison;
import org.threadrt.stress.Format;
import org.threadrt.stress.HtmlReport;
import org.threadrt.stress.JsonReport;
import org.threadrt.stress.StopRequest;
import org.threadrt.stress.StressConfig;
import org.threadrt.stress.StressResult;
import org.threadrt.stress.StressRun;
import org.threadrt.stress.Violations;
import org.threadrt.stress.Workload;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code threadrt stress}: the stress-test runner. */
@Command(name = "stress", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Churns OS threads, callbacks and locks through a threadrt runtime for a while, checks its invariants "
                    + "during the run and after shutdown, and reports.",
            "",
            "Workloads (all at once, sharing the runtime's Ms in proportion: churn, pool and idle 2 parts each, "
                    + "lock 1):",
            "  churn     tasks that lock their thread and return: every one makes its M exit",
            "  pool      tiny tasks handed to idle Ms",
            "  idle      bursts, then quiet: Ms time out (100 ms) and exit (own runtime)",
            "  callback  native threads calling back into Java (extra Ms: needm/dropm)",
            "  lock      Java Ms and C (BARE) threads: one counter, one RuntimeLock",
            "  bare      native-only threads: clone + exitThread, stacks reaped",
            ""},
        footer = {"",
            "Invariants: scheduler-invariants (allm == mnext - nmfreed, lists agree), mcount, stacks-reaped, "
                    + "stacks-unmapped, os-threads-baseline, jvm-threads-baseline, stack-mappings-baseline, "
                    + "tasks-exactly-once, callbacks-exactly-once, bare-ran-once, lock-counter-exact, "
                    + "thread-starts-succeed, no-deadlock, workloads-finish.",
            "Ctrl-C (SIGINT) or SIGTERM stops the workloads early: the checks, the summary and the outputs follow, "
                    + "marked interrupted; the exit status is then 130 (SIGINT and SIGTERM). Twice: quit at once.",
            "Exit status: 0 every invariant held (and every rate met --min-ratio); 1 an invariant broke (each is "
                    + "named), a rate fell below --min-ratio, or an output could not be written; 2 usage error (a bad "
                    + "option, output path or baseline); 3 cannot run here (./threadrt doctor says why).",
            "Examples:",
            "  ./threadrt stress",
            "  ./threadrt stress -d 5m -w churn,bare --stack runtime --report churn.html",
            "  ./threadrt stress --duration 10s --json result.json --seed 42",
            "  ./threadrt stress --compare result.json --min-ratio 0.8"})
public final class StressCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-d", "--duration"}, paramLabel = "TIME", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long the workloads run: 500ms, 30s, 5m, 2h, 1m30s (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = {"-t", "--threads"}, paramLabel = "N",
            description = "The runtime's maxThreads: task Ms alive at once (default: max(16, 4 x CPUs) = "
                    + "${sys:threadrt.defaultThreads})." )
    Integer threads;

    @Option(names = {"-w", "--workload"}, paramLabel = "LIST", defaultValue = "all", converter = WorkloadsConverter.class,
            description = "Comma-separated: churn, pool, idle, callback, lock, bare, or all (default: ${DEFAULT-VALUE}).")
    WorkloadList workloads;

    /** The parsed --workload value. */
    public record WorkloadList(Set<Workload> set) {}

    @Option(names = "--stack", paramLabel = "os|runtime", converter = StackConverter.class,
            description = "Who owns the stacks of task Ms: the OS (pthread) or the runtime (mapped, reaped through "
                    + "the kernel's clear-tid word; Linux). Default: runtime on Linux, os elsewhere.")
    StackPolicy stack;

    @Option(names = "--callback-mode", paramLabel = "per-call|cached", defaultValue = "cached",
            converter = CallbackModeConverter.class,
            description = "How native threads get an M for a callback: per-call (needm/dropm around each call) or "
                    + "cached (the M stays with the thread until it exits). Default: ${DEFAULT-VALUE}.")
    String callbackMode;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the result as JSON to FILE (its folder must "
            + "exist; the schema is threadrt-result.schema.json in the jar).")
    Path json;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Write a self-contained HTML report with charts over time to FILE.html (its folder must exist).")
    Path report;

    @Option(names = "--compare", paramLabel = "BASELINE.json",
            description = "Print each rate's ratio to the rates of BASELINE.json (an earlier --json of this version).")
    Path compare;

    @Option(names = "--min-ratio", paramLabel = "R",
            description = "With --compare: exit 1 when a rate is below R times the baseline's (e.g. 0.8; 0 < R <= 1000).")
    Double minRatio;

    @Option(names = "--dry-run", description = "Check the options, the output paths and the baseline, print what "
            + "would run, and exit (0, or 2 naming what is wrong).")
    boolean dryRun;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the workloads' random choices (default: random, "
            + "printed).")
    Long seed;

    @Option(names = "--progress", paramLabel = "live|lines|off", converter = ProgressConverter.class,
            description = "Progress display: live (one line rewritten every second), lines (a line every 5 s), off. "
                    + "Default: live on a terminal, lines otherwise.")
    StressConfig.Progress progress;

    @Option(names = "--inject", hidden = true, paramLabel = "FAULT",
            description = "Test only: inject a fault that must break an invariant (lost-task).")
    String inject;

    static {
        System.setProperty("threadrt.defaultThreads", Integer.toString(RuntimeConfig.defaultMaxThreads()));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int n = threads == null ? RuntimeConfig.defaultMaxThreads() : threads;
        if (n < 1 || n > 100_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be between 1 and 100000: " + n);
        }
        if (inject != null && !inject.equals("lost-task")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--inject: unknown fault '" + inject + "'");
        }
        if (minRatio != null && compare == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--min-ratio needs --compare BASELINE.json "
                    + "(the rates it is a ratio of)");
        }
        if (minRatio != null && !(minRatio > 0 && minRatio <= 1000)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--min-ratio must be a number above 0 and at "
                    + "most 1000: " + minRatio);
        }
        // Outputs and the baseline are checked before anything runs: a bad path is one line and exit 2, not an
        // I/O error after minutes of work.
        OutputFile jsonOut;
        OutputFile reportOut;
        Comparison.Baseline baseline;
        try {
            jsonOut = json == null ? null : OutputFile.check("--json", json);
            reportOut = report == null ? null : OutputFile.check("--report", report);
            OutputFile.checkDistinct(jsonOut, reportOut);
            baseline = compare == null ? null : Comparison.Baseline.load(compare, minRatio);
        } catch (OutputFile.BadPathException | Comparison.BadBaselineException e) {
            err.println("threadrt stress: " + e.getMessage());
            err.flush();
            return Main.USAGE;
        }
        StackPolicy policy = stack != null ? stack : SystemUtils.IS_OS_LINUX ? StackPolicy.RUNTIME : StackPolicy.OS;
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000);
        StressConfig.Progress p = progress != null ? progress
                : System.console() != null && System.console().isTerminal() ? StressConfig.Progress.LIVE
                : StressConfig.Progress.LINES;
        List<String> arguments = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        StressConfig config = new StressConfig(duration, n, workloads.set(), policy, callbackMode, s, p, inject,
                arguments, baseline);
        String header = String.format("threadrt stress: %s, workloads %s, stack %s, callback mode %s, maxThreads %d, "
                        + "seed %d", human(duration), String.join(",", workloads.set().stream().map(Workload::cliName)
                        .toList()), policy.name().toLowerCase(Locale.ROOT), callbackMode, n, s);
        if (dryRun) {
            out.println(header.replace("threadrt stress: ", "threadrt stress --dry-run: would run ")
                    + (jsonOut == null ? "" : "; JSON to " + jsonOut) + (reportOut == null ? "" : "; report to "
                    + reportOut) + (baseline == null ? "" : "; compared with " + baseline.file()));
            out.flush();
            return Main.OK;
        }
        Main.loadShim();

        StopRequest stopRequest = new StopRequest();
        StressResult r;
        int signalStatus;
        try (SignalStop signals = SignalStop.install(stopRequest, err)) {
            out.println(header);
            out.flush();
            r = StressRun.run(config, out, stopRequest);
            signalStatus = signals.exitStatus();
        }
        printSummary(out, r);
        boolean written = write(out, err, jsonOut, "JSON:  ", () -> JsonReport.toJson(r) + "\n")
                & write(out, err, reportOut, "report:", () -> HtmlReport.html(r));
        out.flush();
        if (signalStatus > 0) {
            return signalStatus;
        }
        boolean comparedOk = r.comparison() == null || r.comparison().passed();
        return r.passed() && comparedOk && written ? Main.OK : Main.FAILED;
    }

    /** Text made only when it is written. */
    private interface Text {
        String make();
    }

    /** Writes one output; a failure (disk full, the folder removed during the run) is one line on err. */
    private static boolean write(PrintWriter out, PrintWriter err, OutputFile file, String label, Text text) {
        if (file == null) {
            return true;
        }
        try {
            file.write(text.make());
            out.println(label + " " + file.path());
            return true;
        } catch (IOException e) {
            err.println("threadrt stress: could not write " + file.option() + " " + file.path() + ": "
                    + OutputFile.reason(e));
            return false;
        }
    }

    static void printSummary(PrintWriter out, StressResult r) {
        StressResult.Counts c = r.totals();
        StressResult.Rates pr = r.rates();
        out.println();
        out.printf("%-22s %15s %14s%n", "", "total", "per second");
        row(out, "threads created", c.threadsCreated(), pr.threadsCreatedPerSecond());
        row(out, "threads exited", c.threadsExited(), pr.threadsExitedPerSecond());
        row(out, "stacks reaped", c.stacksReaped(), pr.stacksReapedPerSecond());
        row(out, "tasks completed", c.tasksCompleted(), pr.tasksCompletedPerSecond());
        row(out, "callbacks", c.callbacks(), pr.callbacksPerSecond());
        row(out, "lock ops", c.lockOps(), pr.lockOpsPerSecond());
        row(out, "BARE threads", c.bareThreads(), pr.bareThreadsPerSecond());
        out.printf("%-22s %15s%n", "idle / locked exits", Format.n(c.idleExits()) + " / " + Format.n(c.lockedExits()));
        out.printf("%-22s %15s%n", "peak live Ms / freem", r.peaks().liveMs() + " / " + r.peaks().freemLength());
        out.printf("%-22s %15s%n", "peak RSS", Format.bytes(r.peaks().rssBytes()));
        out.printf("%-22s %s%n", "CPU time", cpu(r));
        out.printf("%-22s %s%n", "leaks after shutdown", "OS threads " + r.leaks().osThreads() + ", JVM threads "
                + r.leaks().jvmThreads() + ", stack mappings " + r.leaks().stackMappings());
        out.println();
        out.printf("%-9s %9s %12s %15s %14s  %s%n", "workload", "instances", "max in flight", "operations",
                "per second", "operation");
        for (StressResult.WorkloadFigures w : r.perWorkload()) {
            out.printf("%-9s %9d %12d %15s %14s  %s%n", w.workload(), w.instances(), w.maxInFlight(),
                    Format.n(w.operations()), Format.si(w.operationsPerSecond()), w.operation());
        }
        for (String u : r.unavailable()) {
            out.println("UNAVAILABLE: " + u);
        }
        if (r.comparison() != null) {
            printComparison(out, r.comparison());
        }
        out.println();
        String cut = r.interrupted() ? " (INTERRUPTED by " + r.interruptedBy() + " after " + r.durationSeconds()
                + " s of " + r.options().durationSeconds() + " s)" : "";
        if (r.passed()) {
            out.printf("PASSED: all %d invariants held over %.1f s on %s%s%n", r.invariantsChecked().size(),
                    r.durationSeconds(), r.platform(), cut);
        } else {
            out.printf("FAILED: %d of %d invariants broke on %s%s:%n", r.invariantViolations().size(),
                    r.invariantsChecked().size(), r.platform(), cut);
            for (Violations.Violation v : r.invariantViolations()) {
                out.println("  VIOLATED " + v);
            }
        }
        if (r.comparison() != null && !r.comparison().passed()) {
            out.printf("SLOWER: a rate is below %s x the baseline's (%s)%n", r.comparison().minRatio(),
                    r.comparison().baselineFile());
        }
    }

    private static String cpu(StressResult r) {
        String total = String.format(Locale.ROOT, "%.2f s (%.0f%% of %d CPUs)", r.cpu().totalSeconds(),
                r.cpu().utilizationPercent(), r.environment().cpus());
        return r.cpu().userSeconds() == null ? total : String.format(Locale.ROOT, "user %.2f s, system %.2f s = %s",
                r.cpu().userSeconds(), r.cpu().systemSeconds(), total);
    }

    private static void printComparison(PrintWriter out, Comparison c) {
        out.println();
        out.println("compared with " + c.baselineFile() + " (" + c.baselineHost() + ", " + c.baselineStartedAt() + ")"
                + (c.minRatio() == null ? "" : ", minimum ratio " + c.minRatio()));
        for (String d : c.differences()) {
            out.println("  note: options differ, " + d);
        }
        out.printf("  %-26s %14s %14s %8s%n", "rate", "baseline", "this run", "ratio");
        for (Comparison.RateRatio x : c.ratios()) {
            out.printf(Locale.ROOT, "  %-26s %14s %14s %7.2fx%s%n", x.rate(), Format.si(x.baselinePerSecond()),
                    Format.si(x.perSecond()), x.ratio(), x.belowMinimum() ? "  BELOW " + c.minRatio() : "");
        }
        if (c.ratios().isEmpty()) {
            out.println("  (the baseline has no rate above 0)");
        }
    }

    private static void row(PrintWriter out, String name, long total, double perSecond) {
        out.printf("%-22s %15s %14s%n", name, Format.n(total), Format.si(perSecond));
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + " ms";
        }
        long s = ms / 1000;
        return s >= 60 && s % 60 == 0 ? (s / 60) + " min" : s + " s";
    }

    // ---- converters: a bad value is a usage error (exit 2) naming the option and what is allowed.

    /** 500ms, 30s, 5m, 2h, 1m30s, a bare number of seconds, or ISO-8601 (PT30S). */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

        @Override
        public Duration convert(String value) {
            Duration d = parse(value.trim().toLowerCase(Locale.ROOT));
            if (d == null || d.isNegative() || d.isZero()) {
                throw new TypeConversionException("'" + value + "' is not a positive duration (e.g. 500ms, 30s, 5m, "
                        + "1h, 1m30s)");
            }
            if (d.compareTo(StressConfig.MAX_DURATION) > 0) {
                throw new TypeConversionException("'" + value + "' is longer than the longest run, "
                        + StressConfig.MAX_DURATION.toDays() + " days");
            }
            return d;
        }

        static Duration parse(String v) {
            if (v.isEmpty()) {
                return null;
            }
            if (v.matches("\\d+(\\.\\d+)?")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
            }
            if (v.startsWith("pt") || v.startsWith("p")) {
                try {
                    return Duration.parse(v.toUpperCase(Locale.ROOT));
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
            Matcher m = PART.matcher(v);
            double ms = 0;
            int at = 0;
            while (m.find() && m.start() == at) {
                double x = Double.parseDouble(m.group(1));
                ms += x * switch (m.group(2)) {
                    case "ms" -> 1;
                    case "s" -> 1000;
                    case "m" -> 60_000;
                    case "h" -> 3_600_000;
                    default -> 86_400_000;
                };
                at = m.end();
            }
            return at == v.length() ? Duration.ofMillis(Math.round(ms)) : null;
        }
    }

    /** A comma-separated list of workloads. */
    public static final class WorkloadsConverter implements ITypeConverter<WorkloadList> {
        @Override
        public WorkloadList convert(String value) {
            try {
                return new WorkloadList(Workload.parseList(value));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** os or runtime. */
    public static final class StackConverter implements ITypeConverter<StackPolicy> {
        @Override
        public StackPolicy convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "os" -> StackPolicy.OS;
                case "runtime" -> StackPolicy.RUNTIME;
                default -> throw new TypeConversionException("'" + value + "' is not a stack policy (valid: os, runtime)");
            };
        }
    }

    /** per-call or cached. */
    public static final class CallbackModeConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            if (!v.equals("per-call") && !v.equals("cached")) {
                throw new TypeConversionException("'" + value + "' is not a callback mode (valid: per-call, cached)");
            }
            return v;
        }
    }

    /** live, lines or off. */
    public static final class ProgressConverter implements ITypeConverter<StressConfig.Progress> {
        @Override
        public StressConfig.Progress convert(String value) {
            try {
                return StressConfig.Progress.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a progress mode (valid: live, lines, off)");
            }
        }
    }
}
