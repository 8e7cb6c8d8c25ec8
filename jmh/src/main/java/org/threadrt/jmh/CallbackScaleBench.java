package org.threadrt.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.threadrt.CallbackMode;
import org.threadrt.workloads.Callbacks.Stub;

/**
 * Callbacks at scale (issue 15): many native threads calling one callback at once, driven by the testkit's
 * {@code trt_bench_call_crowd} (the callers wait at a start line until all exist, so thread creation is
 * outside the window).
 *
 * <p>{@code stub}: {@code PLAIN} (a bare FFM upcall stub: the anchor), {@code CACHED}, {@code PER_CALL}
 * (threadrt callbacks; PER_CALL takes an extra M off the shared extra list and pushes it back on every call).
 * {@code callers}: {@code N} long-lived threads that each call for a {@value #WINDOW_MILLIS} ms window per
 * invocation, or {@code NxK}: N short-lived threads that each make K calls and end.
 *
 * <p>Read the aux counters, not the primary score (invocations per second):
 * <ul>
 * <li>{@code calls}: aggregate callbacks per second over the iteration (all threads);</li>
 * <li>{@code slowestPermille}: the slowest thread's calls as a share of the mean thread's, in permille, the
 *     smallest seen in any invocation of the iteration (1000 = perfectly fair; 0 = a thread starved).
 *     JMH sums EVENTS counters over iterations: divide the reported total by the number of measurement
 *     iterations (or read one iteration's line). For {@code NxK} every thread makes exactly K calls, so it
 *     is 1000 by construction.</li>
 * </ul>
 * Target: {@code calls} with 64 callers at least 0.8x {@code calls} with 2 (2 CPUs), no thread starved.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class CallbackScaleBench {
    static final long WINDOW_MILLIS = 100;

    @Param({"PLAIN", "CACHED", "PER_CALL"})
    public String stub;

    @Param({"1", "2", "8", "64", "1000x100"})
    public String callers;

    private final Trial trial = new Trial();
    private Stub callback;
    private int threads;
    /** Calls each thread makes, or 0: a {@value #WINDOW_MILLIS} ms window. */
    private long callsEach;

    /** The aux counters of one iteration; reset at its start (JMH does not). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Calls {
        public long calls;

        @Setup(Level.Iteration)
        public void reset() {
            calls = 0;
        }
    }

    /**
     * The slowest thread's share, the smallest of the iteration. JMH zeroes the public counter itself at the
     * start of an iteration (after this state's setup), so the first invocation of the iteration sets it.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Fairness {
        public double slowestPermille;
        /** Whether an invocation of this iteration has set slowestPermille (not a counter: not public). */
        private boolean seen;

        @Setup(Level.Iteration)
        public void reset() {
            seen = false;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        callback = trial.open(stub.equals("PLAIN") ? Stub.plain() : Stub.threadrt(CallbackMode.valueOf(stub)));
        int x = callers.indexOf('x');
        threads = Integer.parseInt(x < 0 ? callers : callers.substring(0, x));
        callsEach = x < 0 ? 0 : Long.parseLong(callers.substring(x + 1));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        trial.close();
    }

    @Benchmark
    public void crowd(Calls calls, Fairness fairness) {
        long[] counts = callsEach > 0
                ? callback.crowd(threads, Long.MAX_VALUE, callsEach)
                : callback.crowd(threads, TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS), 0);
        long sum = 0;
        long min = Long.MAX_VALUE;
        for (long c : counts) {
            sum += c;
            min = Math.min(min, c);
        }
        calls.calls += sum;
        double permille = sum == 0 ? 0 : min * 1000.0 * counts.length / sum;
        if (!fairness.seen || permille < fairness.slowestPermille) {
            fairness.slowestPermille = permille;
            fairness.seen = true;
        }
    }
}
