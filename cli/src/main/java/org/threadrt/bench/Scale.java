package org.threadrt.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.threadrt.workloads.RoundTrip;
import org.threadrt.workloads.Workload;

/**
 * {@code bench --scale} (issue 15): the figures of a runtime as the work grows, each beside its anchor from the
 * same run. Four groups:
 *
 * <ol>
 *   <li>round trip: {@code submit(() -> null).get()} to an idle M against a ThreadPoolExecutor of the same
 *       size, for each pool size;</li>
 *   <li>live threads ({@link LiveThreads}): M churn and dispatch with N live Ms against a Java thread's
 *       start + join and a pool's dispatch with N live Java threads, and how each ratio grows from N = 0;</li>
 *   <li>callbacks at scale ({@link CallbackScale}): cost per call and the slowest thread's share from K
 *       long-lived and T short-lived native threads, PER_CALL and CACHED against the plain FFM stub;</li>
 *   <li>memory: the resident stack per idle M (OS and RUNTIME stacks) against an idle Java thread with the same stack.</li>
 * </ol>
 *
 * @param poolThreads     the round trip's pool sizes (1, 2, 16)
 * @param liveMs          the live-thread levels (0, 1,000, 4,000, 10,000)
 * @param callbackThreads the long-lived callback thread counts (1, 2, 8, 64)
 * @param shortLived      the short-lived callback threads per round (1,000)
 * @param idleThreads     the idle threads of one RSS measurement (200)
 */
public record Scale(int[] poolThreads, int[] liveMs, int[] callbackThreads, int shortLived, int idleThreads) {
    /** The sizes of issue 15. */
    public static final Scale ISSUE_15 = new Scale(new int[] {1, 2, 16}, new int[] {0, 1_000, 4_000, 10_000},
            new int[] {1, 2, 8, 64}, 1_000, 200);

    /** Calls each short-lived callback thread makes. */
    public static final int SHORT_CALLS = CallbackScale.SHORT_CALLS;

    /** The stack size of the memory figures (KiB). */
    static final int[] RSS_STACK_KIB = {256, 1024};

    /** Runs the four groups; adds every figure and every row to the report. */
    public void run(Harness h, Report report, PrintWriter progress) throws InterruptedException {
        // ---- round trip
        for (int k : poolThreads) {
            List<Measurement> ms = List.of(
                    Measurement.of(roundTripId("threadrt", k), "submit(() -> null).get(), idle M, maxThreads " + k,
                            roundTrip(true, k)),
                    Measurement.of(roundTripId("tpe", k), "ThreadPoolExecutor(" + k + ") submit(() -> null).get()",
                            roundTrip(false, k)));
            run(h, report, "roundtrip-" + k, ms, progress);
        }

        // ---- live threads
        LiveThreads.run(h, report, liveMs, progress);

        // ---- callbacks
        for (int k : callbackThreads) {
            List<CallbackScale.LongLived> ms = new ArrayList<>();
            for (CallbackScale.Kind kind : CallbackScale.Kind.values()) {
                ms.add(new CallbackScale.LongLived(kind, k));
            }
            callbacks(h, report, "cb-" + k, ms, progress);
        }
        if (shortLived > 0) {
            List<CallbackScale.ShortLived> ms = new ArrayList<>();
            for (CallbackScale.Kind kind : CallbackScale.Kind.values()) {
                ms.add(new CallbackScale.ShortLived(kind, shortLived));
            }
            callbacks(h, report, "cb-short", ms, progress);
        }

        // ---- memory
        List<Measurement> mem = new ArrayList<>();
        for (int kib : RSS_STACK_KIB) {
            for (String kind : new String[] {"OS", "RUNTIME", "JAVA"}) {
                mem.add(Measurement.idleRss("scale.", kind, kib, idleThreads));
            }
        }
        run(h, report, "memory-" + idleThreads, mem, progress);
        rows(report);
    }

    private static void run(Harness h, Report report, String group, List<? extends Measurement> ms, PrintWriter progress) {
        h.run(group, List.copyOf(ms));
        if (progress != null) {
            progress.flush();
        }
        report.addAll(List.copyOf(ms));
    }

    /** A callback group: its figures, then each figure's share (failed with it). */
    private static void callbacks(Harness h, Report report, String group, List<? extends CallbackScale.OnStub> ms,
            PrintWriter progress) {
        run(h, report, group, ms, progress);
        for (CallbackScale.OnStub m : ms) {
            m.failedAlso();
            report.add(m.share);
        }
    }

    static String roundTripId(String side, int threads) {
        return "scale.roundtrip." + side + "-" + threads;
    }

    static String rssId(String kind, int kib) {
        return "scale.rss." + kind.toLowerCase(java.util.Locale.ROOT) + "-" + kib;
    }

    /** The round trip (the same code as JMH's RoundTripBench): workloads/RoundTrip. */
    static Workload roundTrip(boolean threadrt, int threads) {
        return threadrt ? RoundTrip.threadrt(threads) : RoundTrip.threadPoolExecutor(threads);
    }

    /** The rows: each figure against its anchor of the same run; the issue's targets where it sets one. */
    void rows(Report t) {
        for (int k : poolThreads) {
            t.row("roundtrip", roundTripId("threadrt", k), roundTripId("tpe", k), 1.0, "<=1.00x");
        }
        int base = liveMs.length > 0 ? liveMs[0] : 0;
        for (int n : liveMs) {
            t.row("live-Ms", LiveThreads.id(LiveThreads.M_CHURN, n), LiveThreads.id(LiveThreads.JAVA_CHURN, n), null, null);
            t.row("live-Ms", LiveThreads.id(LiveThreads.RT_DISPATCH, n), LiveThreads.id(LiveThreads.POOL_DISPATCH, n),
                    null, null);
        }
        for (int n : liveMs) {
            if (n == base) {
                continue;
            }
            // the ratio at N over the ratio at the first level: issue 15 wants at most 1.1x at 10,000
            t.growthRow("live-growth", LiveThreads.id(LiveThreads.M_CHURN, n), LiveThreads.id(LiveThreads.JAVA_CHURN, n),
                    LiveThreads.id(LiveThreads.M_CHURN, base), LiveThreads.id(LiveThreads.JAVA_CHURN, base), 1.1,
                    "<=1.10x");
            t.growthRow("live-growth", LiveThreads.id(LiveThreads.RT_DISPATCH, n),
                    LiveThreads.id(LiveThreads.POOL_DISPATCH, n), LiveThreads.id(LiveThreads.RT_DISPATCH, base),
                    LiveThreads.id(LiveThreads.POOL_DISPATCH, base), 1.1, "<=1.10x");
        }
        int[] all = Arrays.copyOf(callbackThreads, callbackThreads.length);
        for (int k : all) {
            for (CallbackScale.Kind kind : List.of(CallbackScale.Kind.CACHED, CallbackScale.Kind.PER_CALL)) {
                t.row("cb-scale", CallbackScale.id(kind, k, false), CallbackScale.id(CallbackScale.Kind.FFM, k, false),
                        null, null);
            }
        }
        // throughput with the most threads at least 0.8x the throughput with 2: cost per call at most 1.25x
        int most = all.length == 0 ? 0 : Arrays.stream(all).max().getAsInt();
        int two = Arrays.stream(all).anyMatch(x -> x == 2) ? 2 : all.length == 0 ? 0 : all[0];
        if (most != two) {
            for (CallbackScale.Kind kind : CallbackScale.Kind.values()) {
                t.row("cb-scale", CallbackScale.id(kind, most, false), CallbackScale.id(kind, two, false),
                        kind == CallbackScale.Kind.FFM ? null : 1.25, kind == CallbackScale.Kind.FFM ? null : ">=0.8x thr.");
            }
        }
        if (shortLived > 0) {
            for (CallbackScale.Kind kind : List.of(CallbackScale.Kind.CACHED, CallbackScale.Kind.PER_CALL)) {
                t.row("cb-scale", CallbackScale.id(kind, shortLived, true),
                        CallbackScale.id(CallbackScale.Kind.FFM, shortLived, true), null, null);
            }
        }
        for (int kib : RSS_STACK_KIB) {
            t.row("memory", rssId("OS", kib), rssId("JAVA", kib), 1.2, "<=1.20x");
            t.row("memory", rssId("RUNTIME", kib), rssId("JAVA", kib), 1.2, "<=1.20x");
        }
    }
}
