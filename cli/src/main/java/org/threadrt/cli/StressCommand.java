package org.threadrt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.lang3.SystemUtils;
import org.threadrt.RuntimeConfig;
import org.threadrt.StackPolicy;
import org.threadrt.stress.Format;
import org.threadrt.stress.HtmlReport;
import org.threadrt.stress.JsonReport;
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
            "Exit status: 0 every invariant held; 1 one or more broke (each is named); 2 usage error; 3 cannot run "
                    + "here (./threadrt doctor says why).",
            "Examples:",
            "  ./threadrt stress",
            "  ./threadrt stress -d 5m -w churn,bare --stack runtime --report churn.html",
            "  ./threadrt stress --duration 10s --json result.json --seed 42"})
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

    @Option(names = "--json", paramLabel = "FILE", description = "Write the result as JSON to FILE.")
    Path json;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Write a self-contained HTML report with charts over time to FILE.html.")
    Path report;

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
        int n = threads == null ? RuntimeConfig.defaultMaxThreads() : threads;
        if (n < 1 || n > 100_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be between 1 and 100000: " + n);
        }
        if (inject != null && !inject.equals("lost-task")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--inject: unknown fault '" + inject + "'");
        }
        StackPolicy policy = stack != null ? stack : SystemUtils.IS_OS_LINUX ? StackPolicy.RUNTIME : StackPolicy.OS;
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000);
        StressConfig.Progress p = progress != null ? progress
                : System.console() != null && System.console().isTerminal() ? StressConfig.Progress.LIVE
                : StressConfig.Progress.LINES;
        Main.loadShim();
        StressConfig config = new StressConfig(duration, n, workloads.set(), policy, callbackMode, s, p, inject);

        out.printf("threadrt stress: %s, workloads %s, stack %s, callback mode %s, maxThreads %d, seed %d%n",
                human(duration), String.join(",", workloads.set().stream().map(Workload::cliName).toList()),
                policy.name().toLowerCase(Locale.ROOT), callbackMode, n, s);
        out.flush();
        StressResult r = StressRun.run(config, out);
        printSummary(out, r);
        if (json != null) {
            JsonReport.write(r, json);
            out.println("JSON:   " + json.toAbsolutePath());
        }
        if (report != null) {
            HtmlReport.write(r, report);
            out.println("report: " + report.toAbsolutePath());
        }
        out.flush();
        return r.passed() ? Main.OK : Main.FAILED;
    }

    static void printSummary(PrintWriter out, StressResult r) {
        out.println();
        out.printf("%-22s %15s %14s%n", "", "total", "per second");
        row(out, "threads created", r.threadsCreated(), r.rates().threadsCreated());
        row(out, "threads exited", r.threadsExited(), r.rates().threadsExited());
        row(out, "stacks reaped", r.stacksReaped(), r.rates().stacksReaped());
        row(out, "tasks completed", r.tasksCompleted(), r.rates().tasksCompleted());
        row(out, "callbacks", r.callbacks(), r.rates().callbacks());
        row(out, "lock ops", r.lockOps(), r.rates().lockOps());
        row(out, "BARE threads", r.bareThreads(), r.rates().bareThreads());
        out.printf("%-22s %15s%n", "idle / locked exits", Format.n(r.idleExits()) + " / " + Format.n(r.lockedExits()));
        out.printf("%-22s %15s%n", "peak live Ms / freem", r.peakLiveMs() + " / " + r.peakFreem());
        out.printf("%-22s %15s%n", "peak RSS", Format.bytes(r.peakRssBytes()));
        out.printf("%-22s %15s%n", "leaks after shutdown", "OS threads " + r.leaks().osThreads() + ", JVM threads "
                + r.leaks().jvmThreads() + ", stack mappings " + r.leaks().stackMappings());
        for (String u : r.unavailable()) {
            out.println("UNAVAILABLE: " + u);
        }
        out.println();
        if (r.passed()) {
            out.printf("PASSED: all %d invariants held over %.1f s on %s%n", r.invariantsChecked().size(),
                    r.durationSeconds(), r.platform());
        } else {
            out.printf("FAILED: %d of %d invariants broke on %s:%n", r.invariantViolations().size(),
                    r.invariantsChecked().size(), r.platform());
            for (Violations.Violation v : r.invariantViolations()) {
                out.println("  VIOLATED " + v);
            }
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
