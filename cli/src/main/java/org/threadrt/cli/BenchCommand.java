package org.threadrt.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.threadrt.CallbackMode;
import org.threadrt.StackPolicy;
import org.threadrt.bench.BenchHtml;
import org.threadrt.bench.GoAnchor;
import org.threadrt.bench.Harness;
import org.threadrt.bench.Measurement;
import org.threadrt.bench.Report;
import org.threadrt.bench.Scale;
import org.threadrt.ffm.NativeShim;
import org.threadrt.stress.RunEnvironment;
import org.threadrt.workloads.Callbacks;
import org.threadrt.workloads.Callbacks.Stub;
import org.threadrt.workloads.Churn;
import org.threadrt.workloads.Dispatch;
import org.threadrt.workloads.Dispatch.Pool;
import org.threadrt.workloads.JnaCallbacks;
import org.threadrt.workloads.Locks;
import org.threadrt.workloads.Wake;
import org.threadrt.workloads.natives.threadrt_testkit_h;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code threadrt bench}: a quick comparison of threadrt with its anchors (Java threads and pools, C
 * threads through FFM, JNA, the Go runtime) that needs no JMH. The workloads are those of the JMH suite
 * ({@code org.threadrt.workloads}); the harness is its own: every group of figures
 * that are compared is warmed up, then timed in interleaved repetitions; the table gives each figure's
 * median and spread and the ratio of medians against its anchor.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Compares threadrt with its anchors and prints one table: median, spread and ratio of each figure.",
            "About a minute (--quick: about 15 seconds). The JMH suite (jmh/target/benchmarks.jar) measures the same "
                    + "things more thoroughly; BENCHMARKS.md has a recorded run."},
        footer = {"", "Ratios are threadrt / anchor of the time (or memory) per operation: below 1.00x threadrt is "
                + "faster. Targets are the project's (issue 6); 'MISSED' marks a target not met in this run.",
                "Exit status: 0 when the bench ran (whatever the targets), 1 when --json could not be written, 2 on a "
                        + "usage error (a bad option or output path), 3 when it cannot run here (no shim, no native access)."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "The 15-second version: fewer repetitions and shorter batches.")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every figure (all repetitions), the rows and the ratios to FILE as JSON (its folder must exist; schema: threadrt-result.schema.json).")
    Path json;

    /** The most repetitions per figure: beyond it a full bench takes more than a day. */
    static final int MAX_REPS = 1000;

    @Option(names = "--reps", paramLabel = "N", description = "Timed repetitions per figure, 1 to " + MAX_REPS + " (default: 11, --quick: 5).")
    Integer reps;

    @Option(names = "--dry-run", description = "Check the options and the output path, print what would run, and exit.")
    boolean dryRun;

    @Option(names = "--no-go", description = "Do not build or run the Go anchor (its rows say 'not run').")
    boolean noGo;

    @Option(names = "--no-jna", description = "Do not run the JNA anchors.")
    boolean noJna;

    @Option(names = "--go-src", paramLabel = "DIR", description = "The Go anchor's source folder (default: jmh/anchors/go found from the working directory or the jar).")
    Path goSrc;

    /** The last run's report (tests). */
    Report lastReport;

    /** The largest --time-scale: 10 times the default warm-up and batch times. */
    static final double MAX_TIME_SCALE = 10;

    @Option(names = "--time-scale", hidden = true, description = "Multiplies warm-up and batch times and shrinks the memory figures (tests: 0.05); above 0, at most 10.")
    double timeScale = 1;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write a self-contained HTML page with the table and, for --scale, its charts to FILE.html (its folder must exist).")
    Path report;

    @Option(names = "--scale", description = "Instead of the default figures, the figures of issue 15 as the work grows: round trips "
            + "(--pool-threads), M churn and dispatch with live Ms (--live-ms), callbacks from many native threads "
            + "(--callback-threads, --short-lived) and the resident stack per idle M (--idle-threads), each beside its anchor. About 3 minutes.")
    boolean scaleRun;

    /** Upper bounds of the --scale sizes: beyond them a run needs more memory (or threads) than a machine gives. */
    static final int MAX_LIVE_MS = 100_000;
    static final int MAX_CALLBACK_THREADS = 1_024;
    static final int MAX_SHORT_LIVED = 10_000;
    static final int MAX_POOL_THREADS = 1_024;
    static final int MAX_IDLE_THREADS = 10_000;

    @Option(names = "--pool-threads", split = ",", paramLabel = "N[,N...]", description = "--scale: the round trip's pool sizes (default: 1,2,16).")
    int[] poolThreads;

    @Option(names = "--live-ms", split = ",", paramLabel = "N[,N...]", description = "--scale: the numbers of live Ms (and live Java threads) of the churn and dispatch figures, the first the base of the growth rows (default: 0,1000,4000,10000).")
    int[] liveMs;

    @Option(names = "--callback-threads", split = ",", paramLabel = "K[,K...]", description = "--scale: the long-lived native threads calling back at once (default: 1,2,8,64).")
    int[] callbackThreads;

    @Option(names = "--short-lived", paramLabel = "T", description = "--scale: the short-lived native threads per callback round, 0 for none (default: 1000).")
    Integer shortLived;

    @Option(names = "--idle-threads", paramLabel = "N", description = "--scale: the idle threads of one RSS figure (default: 200).")
    Integer idleThreads;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (reps != null && (reps < 1 || reps > MAX_REPS)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--reps must be between 1 and "
                    + MAX_REPS + ": " + reps);
        }
        if (!(timeScale > 0 && timeScale <= MAX_TIME_SCALE)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--time-scale must be above 0 and at most "
                    + MAX_TIME_SCALE + ": " + timeScale);
        }
        Scale sizes = sizes();
        OutputFile jsonOut;
        OutputFile reportOut;
        try {
            jsonOut = json == null ? null : OutputFile.check("--json", json);
            reportOut = report == null ? null : OutputFile.check("--report", report);
            OutputFile.checkDistinct(jsonOut, reportOut);
        } catch (OutputFile.BadPathException e) {
            err.println("threadrt bench: " + e.getMessage());
            err.flush();
            return 2; // Main's usage error
        }
        int r = reps != null ? reps : quick ? 5 : 11;
        double warm = (quick ? 80 : 250) * timeScale;
        double batch = (quick ? 15 : 50) * timeScale;
        int idleThreads = timeScale < 1 ? 16 : quick ? 50 : 100;
        String kind = (quick ? "quick" : "full") + (scaleRun ? " --scale" : "");
        if (dryRun) {
            out.printf("threadrt bench --dry-run: would run the %s bench, %d repetitions per figure%s%s%s%n", kind, r,
                    scaleRun ? " (" + describe(sizes) + ")" : "",
                    jsonOut == null ? "" : "; JSON to " + jsonOut, reportOut == null ? "" : "; report to " + reportOut);
            out.flush();
            return 0;
        }
        long t0 = System.nanoTime();
        String startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();

        String platform;
        try {
            platform = NativeShim.load().platform();
            threadrt_testkit_h.library(); // the anchors' C drivers
        } catch (Throwable t) {
            err.println("threadrt bench: the native shim could not be loaded: " + t.getMessage());
            err.println("run with --enable-native-access=ALL-UNNAMED (the CLI jar's manifest grants it under java -jar)");
            return 3; // Main's "cannot run here"
        }
        err.printf("threadrt bench (%s): %d repetitions per figure, batches of ~%.0f ms; progress:%n", kind, r, batch);
        err.flush();
        Harness h = new Harness(r, warm, batch, err);
        Report report = new Report();

        if (scaleRun) {
            sizes.run(h, report, err);
        } else {
            defaultFigures(h, report, idleThreads, err);
        }

        // ---- Go
        String goVersion = "not run";
        if (scaleRun) {
            // --scale has no Go figures
        } else if (noGo) {
            for (var en : GoAnchor.NAMES.values()) {
                report.add(Measurement.external(en[0], en[1], "ns", List.of()).notRun("--no-go"));
            }
        } else {
            GoAnchor.Result go = GoAnchor.run(goSrc, quick ? Math.max(3, r) : Math.max(5, r / 2 + 1),
                    (quick ? 0.15 : 1.0) * Math.min(1, timeScale), err);
            report.addAll(go.measurements());
            if (go.version() != null) {
                goVersion = go.version();
            } else {
                err.println("  go        not run: " + go.problem());
            }
        }


        if (!scaleRun) {
            rows(report);
        }
        lastReport = report;
        double secs = (System.nanoTime() - t0) / 1e9;
        String jnaVersion = noJna || scaleRun ? "not run" : JnaCallbacks.version();
        out.printf("threadrt bench (%s) on %s, %s CPUs, %s; Go: %s; JNA: %s; %d repetitions, %.0f s%n",
                kind, platform, report.measurements().isEmpty() ? "?" : Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), goVersion,
                jnaVersion, r, secs);
        report.print(out);
        out.flush();
        if (jsonOut != null || reportOut != null) {
            JsonObject head = new JsonObject();
            head.addProperty("schemaVersion", RunEnvironment.SCHEMA_VERSION);
            head.addProperty("kind", "bench");
            head.addProperty("toolVersion", RunEnvironment.toolVersion());
            head.addProperty("startedAt", startedAt);
            head.add("environment", new Gson().toJsonTree(RunEnvironment.current()));
            JsonObject options = new JsonObject();
            options.addProperty("quick", quick);
            options.addProperty("repetitions", r);
            options.addProperty("warmupMillis", warm);
            options.addProperty("batchMillis", batch);
            options.addProperty("scale", timeScale);
            options.addProperty("scaleRun", scaleRun);
            if (scaleRun) {
                JsonObject z = new JsonObject();
                z.add("poolThreads", new Gson().toJsonTree(sizes.poolThreads()));
                z.add("liveMs", new Gson().toJsonTree(sizes.liveMs()));
                z.add("callbackThreads", new Gson().toJsonTree(sizes.callbackThreads()));
                z.addProperty("shortLivedThreads", sizes.shortLived());
                z.addProperty("shortLivedCalls", Scale.SHORT_CALLS);
                z.addProperty("idleThreads", sizes.idleThreads());
                options.add("scaleSizes", z);
            }
            options.addProperty("noGo", noGo);
            options.addProperty("noJna", noJna);
            if (goSrc != null) {
                options.addProperty("goSrc", goSrc.toString());
            }
            options.add("arguments", new Gson().toJsonTree(spec.commandLine().getParseResult().originalArgs()));
            head.add("options", options);
            head.addProperty("platform", platform);
            head.addProperty("durationSeconds", Math.round(secs * 10) / 10.0);
            head.addProperty("goVersion", goVersion);
            head.addProperty("jnaVersion", jnaVersion);
            String text = report.toJson(head);
            boolean written = write(err, jsonOut, text) & write(err, reportOut, BenchHtml.html(text, report));
            if (!written) {
                return 1;
            }
        }
        return 0;
    }

    /** The default figures (without --scale): churn, dispatch, callbacks, locks, wake-ups, memory. */
    private void defaultFigures(Harness h, Report report, int idleThreads, PrintWriter err) {
            // ---- churn
            List<Measurement> churn = List.of(
                    Measurement.of("churn.m-os", "M create+task+exit, OS stack 1 MiB", Churn.lockedTask(StackPolicy.OS, Churn.STACK)),
                    Measurement.of("churn.m-runtime", "M create+task+exit, RUNTIME 1 MiB + reap",
                            Churn.lockedTask(StackPolicy.RUNTIME, Churn.STACK)),
                    Measurement.of("churn.bare", "BARE M clone+exitThread (stack cache)", Churn.bare()),
                    Measurement.of("churn.bare-overlapped", "BARE M clone+fn ran (exit overlapped, joined next)",
                            Churn.bareOverlapped()),
                    Measurement.of("churn.java-thread", "Java new Thread().start()+join()", Churn.javaThread()),
                    Measurement.of("churn.virtual-thread", "Java virtual thread start+join", Churn.virtualThread()),
                    Measurement.of("churn.c-pthread", "C pthread_create+join via FFM", Churn.cPthread()),
                    Measurement.of("churn.c-thread-upcall", "C thread create + 1 FFM upcall + exit",
                            Callbacks.cycles(Stub.plain())));
            run(h, report, "churn", churn, err);

            // ---- dispatch
            int t = DISPATCH_THREADS;
            run(h, report, "dispatch", List.of(
                    Measurement.of("dispatch.threadrt", "dispatch: tiny task to 2 idle Ms",
                            Dispatch.throughput(Pool.THREADRT, t), Dispatch.BATCH),
                    Measurement.of("dispatch.tpe", "ThreadPoolExecutor(2), tiny task",
                            Dispatch.throughput(Pool.THREAD_POOL_EXECUTOR, t), Dispatch.BATCH),
                    Measurement.of("dispatch.fjp", "ForkJoinPool(2), tiny task",
                            Dispatch.throughput(Pool.FORK_JOIN_POOL, t), Dispatch.BATCH)), err);
            run(h, report, "latency", List.of(
                    Measurement.latency("latency.threadrt", "submit-to-start, sleeping idle M",
                            new Dispatch.Latency(Pool.THREADRT, t, LATENCY_GAP_MICROS)),
                    Measurement.latency("latency.tpe", "submit-to-start, ThreadPoolExecutor(2)",
                            new Dispatch.Latency(Pool.THREAD_POOL_EXECUTOR, t, LATENCY_GAP_MICROS)),
                    Measurement.latency("latency.fjp", "submit-to-start, ForkJoinPool(2)",
                            new Dispatch.Latency(Pool.FORK_JOIN_POOL, t, LATENCY_GAP_MICROS))), err);

            // ---- callbacks
            List<Measurement> cb = new ArrayList<>(List.of(
                    Measurement.of("callback.ffm-plain", "plain FFM upcall, long-lived C thread", Stub.plain()),
                    Measurement.of("callback.cached", "threadrt callback CACHED, long-lived C thread",
                            Stub.threadrt(CallbackMode.CACHED)),
                    Measurement.of("callback.per-call", "threadrt callback PER_CALL, long-lived C thread",
                            Stub.threadrt(CallbackMode.PER_CALL)),
                    jna(Measurement.of("callback.jna", "JNA callback, long-lived C thread (default CallbackThreadInitializer)",
                            JnaCallbacks.callLoop(true))),
                    jna(Measurement.of("callback.jna-no-init",
                            "JNA callback, long-lived C thread (no initializer: attach+detach per call)",
                            JnaCallbacks.callLoop(false)))));
            run(h, report, "callbacks", cb, err);
            run(h, report, "cb-cycle", List.of(
                    Measurement.of("callback-cycle.ffm-plain", "C thread create + 1 plain FFM upcall + exit",
                            Callbacks.cycles(Stub.plain())),
                    Measurement.of("callback-cycle.cached", "threadrt: C thread create + 1 callback (CACHED) + exit",
                            Callbacks.cycles(Stub.threadrt(CallbackMode.CACHED))),
                    jna(Measurement.of("callback-cycle.jna", "JNA: C thread create + 1 callback + exit",
                            JnaCallbacks.cycles()))), err);

            // ---- locks and notes
            for (int k : new int[] {1, 2, 4, 8}) {
                String sfx = k == 1 ? "" : "-" + k;
                String who = k == 1 ? "uncontended" : k + " threads";
                run(h, report, k == 1 ? "locks" : "locks-" + k, List.of(
                        Measurement.of("lock.runtime" + sfx, "RuntimeLock, " + who, Locks.contended(new Locks.OnRuntimeLock(), k)),
                        Measurement.of("lock.reentrant" + sfx, "ReentrantLock, " + who,
                                Locks.contended(new Locks.OnReentrantLock(), k)),
                        Measurement.of("lock.synchronized" + sfx, "synchronized, " + who,
                                Locks.contended(new Locks.OnMonitor(), k))), err);
            }
            run(h, report, "wake", List.of(
                    Measurement.of("wake.note", "Note wakeup -> sleeper runs", Wake.notes(), Wake.HANDOFFS),
                    Measurement.of("wake.park", "LockSupport unpark -> parked thread runs", Wake.parkUnpark(), Wake.HANDOFFS)),
                    err);

            // ---- memory
            List<Measurement> mem = new ArrayList<>();
            for (int kib : new int[] {256, 1024}) {
                for (String kind : new String[] {"OS", "RUNTIME", "JAVA"}) {
                    mem.add(Measurement.idleRss(kind, kib, idleThreads));
                }
            }
            run(h, report, "memory", mem, err);
    }

    /** Threads in every pool of the dispatch and latency figures (the runtime's maxThreads). */
    static final int DISPATCH_THREADS = 2;
    /** Microseconds the submitter waits after the previous task ended, so that the worker sleeps again. */
    static final long LATENCY_GAP_MICROS = 200;

    /** Writes one output, if asked for; false (and a line on err) when it could not be written. */
    private static boolean write(PrintWriter err, OutputFile to, String text) {
        if (to == null) {
            return true;
        }
        try {
            to.write(text);
        } catch (IOException e) {
            err.println("threadrt bench: could not write " + to.option() + " " + to + ": " + OutputFile.reason(e));
            return false;
        }
        err.println("wrote " + to);
        return true;
    }

    /** The --scale sizes: the options given, else issue 15's; a value out of range is a usage error. */
    private Scale sizes() {
        Scale d = Scale.ISSUE_15;
        Scale z = new Scale(poolThreads != null ? poolThreads : d.poolThreads(), liveMs != null ? liveMs : d.liveMs(),
                callbackThreads != null ? callbackThreads : d.callbackThreads(),
                shortLived != null ? shortLived : d.shortLived(), idleThreads != null ? idleThreads : d.idleThreads());
        check("--pool-threads", z.poolThreads(), 1, MAX_POOL_THREADS);
        check("--live-ms", z.liveMs(), 0, MAX_LIVE_MS);
        check("--callback-threads", z.callbackThreads(), 1, MAX_CALLBACK_THREADS);
        check("--short-lived", new int[] {z.shortLived()}, 0, MAX_SHORT_LIVED);
        check("--idle-threads", new int[] {z.idleThreads()}, 1, MAX_IDLE_THREADS);
        return z;
    }

    private void check(String option, int[] values, int min, int max) {
        if (values.length == 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + " needs at least one value");
        }
        for (int v : values) {
            if (v < min || v > max) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + " values must be between "
                        + min + " and " + max + ": " + v);
            }
        }
    }

    private static String describe(Scale z) {
        return "pool threads " + Arrays.toString(z.poolThreads()) + ", live Ms " + Arrays.toString(z.liveMs())
                + ", callback threads " + Arrays.toString(z.callbackThreads()) + " and " + z.shortLived()
                + " short-lived, " + z.idleThreads() + " idle threads per RSS figure";
    }

    /** A JNA figure, or the same figure not run under --no-jna. */
    private Measurement jna(Measurement m) {
        return noJna ? m.notRun("--no-jna") : m;
    }

    private static void run(Harness h, Report report, String group, List<Measurement> ms, PrintWriter err) {
        h.run(group, ms);
        err.flush();
        report.addAll(ms);
    }

    /** The comparisons and the project's targets (issue 6). */
    static void rows(Report t) {
        t.row("churn", "churn.m-os", "churn.java-thread", 1.0, "<=1.00x");
        t.row("churn", "churn.m-os", "churn.c-thread-upcall", 1.1, "<=1.10x");
        t.row("churn", "churn.m-os", "churn.virtual-thread", null, null);
        t.row("churn", "churn.m-os", "go.churn", null, null);
        t.row("churn", "churn.m-runtime", "churn.m-os", 1.1, "<=1.10x");
        t.row("churn", "churn.bare", "churn.c-pthread", 1.0, "<=1.00x");
        t.row("churn", "churn.bare", "go.churn", null, null); // joins the thread's end; Go's loop does not
        t.row("churn", "churn.bare-overlapped", "go.churn", 0.5, "<=0.50x");
        t.row("dispatch", "dispatch.threadrt", "dispatch.tpe", 1.0, ">=1x thr.");
        t.row("dispatch", "dispatch.threadrt", "dispatch.fjp", null, null);
        t.row("dispatch", "latency.threadrt", "latency.tpe", null, null);
        t.row("dispatch", "latency.threadrt", "latency.fjp", null, null);
        t.row("callbacks", "callback.cached", "callback.ffm-plain", 2.0, "<=2.00x");
        t.row("callbacks", "callback.cached", "callback.jna", 0.1, "<=0.10x");
        t.limitRow("callbacks", "callback.per-call", 1000, "<=1 µs");
        t.row("callbacks", "callback.per-call", "go.cgo-callback", 1 / 2.8, "<=0.36x");
        t.row("callbacks", "callback.cached", "go.cgo-callback", null, null);
        t.row("callbacks", "callback-cycle.cached", "callback-cycle.ffm-plain", 1.0, "<=1.00x");
        t.row("callbacks", "callback-cycle.cached", "callback-cycle.jna", null, null);
        t.row("callbacks", "callback-cycle.cached", "go.cgo-callback-cycle", null, null);
        t.row("locks", "lock.runtime", "lock.reentrant", 1.0, "<=1.00x");
        t.row("locks", "lock.runtime", "go.mutex", 1.0, "<=1.00x");
        t.row("locks", "lock.runtime", "lock.synchronized", null, null);
        for (int k : new int[] {2, 4, 8}) {
            t.row("locks", "lock.runtime-" + k, "lock.reentrant-" + k, 1.0, ">=1x thr.");
            t.row("locks", "lock.runtime-" + k, "go.mutex-" + k, null, null);
        }
        t.row("wake", "wake.note", "wake.park", null, null);
        for (int kib : new int[] {256, 1024}) {
            t.row("memory", "rss.os-" + kib, "rss.java-" + kib, null, null);
            t.row("memory", "rss.runtime-" + kib, "rss.java-" + kib, null, null);
        }
    }

    /** Runs the command on its own (the stress CLI's Main registers it as the subcommand "bench"). */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new BenchCommand()).execute(args));
    }
}
