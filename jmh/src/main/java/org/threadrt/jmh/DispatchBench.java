package org.threadrt.jmh;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
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
import org.threadrt.RuntimeConfig;
import org.threadrt.ThreadRuntime;

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
    static final int BATCH = 1000;

    /** Threads in every pool (the runtime's maxThreads). */
    @Param({"2"})
    public int threads;

    private ThreadRuntime runtime;
    private ExecutorService runtimeExecutor;
    private ThreadPoolExecutor tpe;
    private ForkJoinPool fjp;

    @Setup(Level.Trial)
    public void setUp() {
        runtime = ThreadRuntime.start(RuntimeConfig.builder().maxThreads(threads).build());
        runtimeExecutor = runtime.asExecutorService();
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

    private static void batch(ExecutorService executor) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(BATCH);
        for (int i = 0; i < BATCH; i++) {
            executor.execute(done::countDown);
        }
        done.await();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void threadrtIdleMs() throws InterruptedException {
        batch(runtimeExecutor);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void threadPoolExecutor() throws InterruptedException {
        batch(tpe);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void forkJoinPool() throws InterruptedException {
        batch(fjp);
    }
}
