package org.threadrt.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.threadrt.workloads.Dispatch;
import org.threadrt.workloads.Dispatch.Pool;
import org.threadrt.workloads.Workload;

/**
 * Dispatch of tiny tasks to waiting threads: throughput of the runtime's idle Ms (a ready
 * task is handed to an idle M and its Note woken, else queued) against a ThreadPoolExecutor
 * and a ForkJoinPool with the same number of threads. One operation = one task; each
 * invocation submits a batch and waits for all of it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class DispatchBench {
    /** Threads in every pool (the runtime's maxThreads). */
    @Param({"2"})
    public int threads;

    private final Trial trial = new Trial();
    private Workload runtime;
    private Workload tpe;
    private Workload fjp;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        runtime = trial.open(Dispatch.throughput(Pool.THREADRT, threads));
        tpe = trial.open(Dispatch.throughput(Pool.THREAD_POOL_EXECUTOR, threads));
        fjp = trial.open(Dispatch.throughput(Pool.FORK_JOIN_POOL, threads));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        trial.close();
    }

    @Benchmark
    @OperationsPerInvocation(Dispatch.BATCH)
    public void threadrtIdleMs() throws Exception {
        runtime.run(1);
    }

    @Benchmark
    @OperationsPerInvocation(Dispatch.BATCH)
    public void threadPoolExecutor() throws Exception {
        tpe.run(1);
    }

    @Benchmark
    @OperationsPerInvocation(Dispatch.BATCH)
    public void forkJoinPool() throws Exception {
        fjp.run(1);
    }
}
