package org.threadrt.jmh;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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
import org.threadrt.RuntimeConfig;
import org.threadrt.ThreadRuntime;

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
@State(Scope.Benchmark)
public class DispatchLatencyBench {
    /** Threads in every pool (the runtime's maxThreads). */
    @Param({"2"})
    public int threads;

    /** Microseconds the submitter waits after the previous task ended, so that the worker sleeps again. */
    @Param({"200"})
    public int gapMicros;

    private ThreadRuntime runtime;
    private ThreadPoolExecutor tpe;
    private ForkJoinPool fjp;

    private volatile boolean started;
    private volatile boolean ended = true;
    private final Runnable task = () -> {
        started = true;
        ended = true;
    };

    @Setup(Level.Trial)
    public void setUp() {
        runtime = ThreadRuntime.start(RuntimeConfig.builder().maxThreads(threads).build());
        tpe = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
        tpe.prestartAllCoreThreads();
        fjp = new ForkJoinPool(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.close();
        tpe.shutdownNow();
        fjp.shutdownNow();
    }

    /** Not measured: the previous task is over and its worker asleep again. */
    @Setup(Level.Invocation)
    public void gap() {
        while (!ended) {
            Thread.onSpinWait();
        }
        if (gapMicros > 0) {
            long until = System.nanoTime() + gapMicros * 1000L;
            for (long left; (left = until - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(left);
            }
        }
        started = false;
        ended = false;
    }

    private void submitAndSeeStart(Executor executor) {
        executor.execute(task);
        while (!started) {
            Thread.onSpinWait();
        }
    }

    @Benchmark
    public void threadrtIdleM() {
        submitAndSeeStart(runtime::execute);
    }

    @Benchmark
    public void threadPoolExecutor() {
        submitAndSeeStart(tpe);
    }

    @Benchmark
    public void forkJoinPool() {
        submitAndSeeStart(fjp);
    }
}
