package org.threadrt.jmh;

import java.util.concurrent.TimeUnit;

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
import org.threadrt.workloads.Dispatch.Latency;
import org.threadrt.workloads.Dispatch.Pool;

/**
 * Latency from submit to start of one tiny task handed to a pool whose threads all sleep: the
 * runtime's idle Ms (the task is put in the M's nextg and its park Note woken) against a
 * ThreadPoolExecutor and a ForkJoinPool with the same number of threads.
 *
 * <p>One operation: submit a task whose first act is a volatile store, and spin until that store is
 * seen, so the figure is submit + the worker's wake-up + the start of the task, not the submitter's own
 * wake-up. Before each operation the submitter waits until the previous task has ended and then
 * {@code gapMicros} more, so the worker has gone back to sleep (a ForkJoinPool worker spins a little
 * before parking; a gap of 0 measures that warm path instead). SampleTime: the distribution (p50, p90,
 * p99) is the result.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class DispatchLatencyBench {
    /** One pool's latency workload; a state of its own, so the invocation's gap is only that pool's. */
    @State(Scope.Benchmark)
    public abstract static class OnPool {
        /** Threads in every pool (the runtime's maxThreads). */
        @Param({"2"})
        public int threads;

        /** Microseconds the submitter waits after the previous task ended, so that the worker sleeps again. */
        @Param({"200"})
        public int gapMicros;

        Latency latency;

        abstract Pool pool();

        @Setup(Level.Trial)
        public void setUp() {
            latency = new Latency(pool(), threads, gapMicros);
            latency.open();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            latency.close();
        }

        /** Not measured: the previous task is over and its worker asleep again. */
        @Setup(Level.Invocation)
        public void gap() {
            latency.gap();
        }
    }

    public static class OnThreadrt extends OnPool {
        @Override
        Pool pool() {
            return Pool.THREADRT;
        }
    }

    public static class OnThreadPoolExecutor extends OnPool {
        @Override
        Pool pool() {
            return Pool.THREAD_POOL_EXECUTOR;
        }
    }

    public static class OnForkJoinPool extends OnPool {
        @Override
        Pool pool() {
            return Pool.FORK_JOIN_POOL;
        }
    }

    @Benchmark
    public void threadrtIdleM(OnThreadrt s) {
        s.latency.submitAndSeeStart();
    }

    @Benchmark
    public void threadPoolExecutor(OnThreadPoolExecutor s) {
        s.latency.submitAndSeeStart();
    }

    @Benchmark
    public void forkJoinPool(OnForkJoinPool s) {
        s.latency.submitAndSeeStart();
    }
}
