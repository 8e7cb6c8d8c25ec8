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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.threadrt.workloads.Locks;

/**
 * lock + increment + unlock: RuntimeLock (one native word shared with C) against
 * ReentrantLock and synchronized. This class runs uncontended (1 thread); the nested
 * subclasses run the same methods with 2, 4 and 8 threads on one shared lock. Throughput in
 * operations per microsecond, summed over threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
@Threads(1)
public class LockBench {
    private final Trial trial = new Trial();
    private Locks.OnRuntimeLock runtimeLock;
    private Locks.OnReentrantLock reentrantLock;
    private Locks.OnMonitor monitor;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        runtimeLock = trial.open(new Locks.OnRuntimeLock());
        reentrantLock = trial.open(new Locks.OnReentrantLock());
        monitor = trial.open(new Locks.OnMonitor());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        trial.close();
    }

    @Benchmark
    public long runtimeLock() {
        return runtimeLock.op();
    }

    @Benchmark
    public long reentrantLock() {
        return reentrantLock.op();
    }

    @Benchmark
    public long synchronizedBlock() {
        return monitor.op();
    }

    /** Two threads on one lock. */
    @Threads(2)
    public static class Contended2 extends LockBench {}

    /** Four threads on one lock. */
    @Threads(4)
    public static class Contended4 extends LockBench {}

    /** Eight threads on one lock. */
    @Threads(8)
    public static class Contended8 extends LockBench {}
}
