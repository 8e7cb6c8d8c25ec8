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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.threadrt.workloads.Wake;
import org.threadrt.workloads.Workload;

/**
 * Wake-to-run latency ({@link Wake}): a ping-pong between the benchmark thread and an echo thread, each waking the
 * other and sleeping until woken back. One operation is one hand-off (a round trip counts 2), so the
 * figure is the time from one thread's wakeup call to the other running after its sleep.
 * <ul>
 * <li>{@code note}: two {@link org.threadrt.Note}s (futex on a native word through FFM downcalls; one-shot, cleared
 *     by their owner before it wakes the other side);</li>
 * <li>{@code parkUnpark}: the same protocol with a volatile flag each and
 *     {@code LockSupport.park()}/{@code unpark(Thread)}, what j.u.c builds on.</li>
 * </ul>
 * Both echo threads are plain platform threads (a Note slept on by a task M also registers with the
 * runtime's deadlock check, which this does not measure).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class WakeBench {
    private final Trial trial = new Trial();
    private Workload notes;
    private Workload parks;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        notes = trial.open(Wake.notes());
        parks = trial.open(Wake.parkUnpark());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        trial.close();
    }

    @Benchmark
    @OperationsPerInvocation(Wake.HANDOFFS)
    public void note() throws Exception {
        notes.run(1);
    }

    @Benchmark
    @OperationsPerInvocation(Wake.HANDOFFS)
    public void parkUnpark() throws Exception {
        parks.run(1);
    }
}
