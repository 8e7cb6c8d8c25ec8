package org.threadrt.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.threadrt.StackPolicy;
import org.threadrt.workloads.Callbacks;
import org.threadrt.workloads.Churn;
import org.threadrt.workloads.Workload;

/**
 * Thread churn: one whole life of an OS thread per operation (create, run a trivial task,
 * exit), threadrt against what a user would use instead, all in one run:
 * <ul>
 * <li>{@code threadrtOs}: an M whose task locks its thread, so the M exits (OS stack, 1 MiB);</li>
 * <li>{@code threadrtRuntimeStack}: the same on a runtime-mapped 1 MiB stack, reaped through freeWait;</li>
 * <li>{@code threadrtBare}: a BARE M (raw clone + exitThread, stack cache) running a native no-op;</li>
 * <li>{@code threadrtBareOverlapped}: the same, waited for as Go's LockOSThread churn is: until its function
 *     ran (it wakes a Note from C), not until its thread is gone; that exit overlaps the next start and is
 *     joined (reaped) one operation later, so at most two are alive;</li>
 * <li>{@code javaPlatformThread}: {@code new Thread(r).start(); join()};</li>
 * <li>{@code javaVirtualThread}: {@code Thread.ofVirtual().start(r).join()};</li>
 * <li>{@code cPthreadCreateJoin}: pthread_create + join of a no-op C function through one
 *     downcall: the floor with an OS stack;</li>
 * <li>{@code cThreadOneUpcall}: a C thread that makes one FFM upcall and exits, joined: the
 *     JVM attach floor every Java-running M pays.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class ChurnBench {
    private final Trial trial = new Trial();
    private Workload os;
    private Workload runtimeStack;
    private Workload bare;
    private Workload bareOverlapped;
    private Workload platformThread;
    private Workload virtualThread;
    private Workload cPthread;
    private Workload cThreadUpcall;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        os = trial.open(Churn.lockedTask(StackPolicy.OS, Churn.STACK));
        runtimeStack = trial.open(Churn.lockedTask(StackPolicy.RUNTIME, Churn.STACK));
        bare = trial.open(Churn.bare());
        bareOverlapped = trial.open(Churn.bareOverlapped());
        platformThread = trial.open(Churn.javaThread());
        virtualThread = trial.open(Churn.virtualThread());
        cPthread = trial.open(Churn.cPthread());
        cThreadUpcall = trial.open(Callbacks.cycles(Callbacks.Stub.plain()));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        trial.close();
    }

    @Benchmark
    public void threadrtOs() throws Exception {
        os.run(1);
    }

    @Benchmark
    public void threadrtRuntimeStack() throws Exception {
        runtimeStack.run(1);
    }

    @Benchmark
    public void threadrtBare() throws Exception {
        bare.run(1);
    }

    @Benchmark
    public void threadrtBareOverlapped() throws Exception {
        bareOverlapped.run(1);
    }

    @Benchmark
    public void javaPlatformThread() throws Exception {
        platformThread.run(1);
    }

    @Benchmark
    public void javaVirtualThread() throws Exception {
        virtualThread.run(1);
    }

    @Benchmark
    public void cPthreadCreateJoin() throws Exception {
        cPthread.run(1);
    }

    @Benchmark
    public void cThreadOneUpcall() throws Exception {
        cThreadUpcall.run(1);
    }
}
