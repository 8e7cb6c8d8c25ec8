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
import org.threadrt.CallbackMode;
import org.threadrt.workloads.Callbacks.Stub;

/**
 * Callbacks from native threads (extra Ms), threadrt against a bare FFM upcall stub, all in one run.
 * The target is the same no-op everywhere; C drives every call through the shim's anchors.
 *
 * <p>Per call ({@code @OperationsPerInvocation(CALLS)}: total time / CALLS):
 * <ul>
 * <li>{@code plainUpcallAttached}: a bare stub called by C on the benchmark thread (already a Java
 *     thread): the anchor for the CACHED target (at most 2x);</li>
 * <li>{@code plainUpcallNativeThread}: a bare stub called CALLS times by one new C thread (HotSpot
 *     attaches it once, as Thread-N);</li>
 * <li>{@code threadrtCachedNativeThread}: a threadrt callback, CACHED, called CALLS times by one new C thread
 *     (needm and bind once, then a thread-local read a call);</li>
 * <li>{@code threadrtPerCallNativeThread}: the same with PER_CALL (needm / dropm every call; target 1 µs,
 *     against Go 1.19's 2.8 µs cgo callback).</li>
 * </ul>
 * Per thread life (create, one callback, exit, joined):
 * <ul>
 * <li>{@code cycleBareStub}: through a bare stub: the anchor (target: threadrt at most 1.0x);</li>
 * <li>{@code cycleThreadrtCached}, {@code cycleThreadrtPerCall}: through threadrt callbacks.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class CallbackBench {
    static final int CALLS = 200_000;

    private final Trial trial = new Trial();
    private Stub bareStub;
    private Stub cachedStub;
    private Stub perCallStub;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        bareStub = trial.open(Stub.plain());
        cachedStub = trial.open(Stub.threadrt(CallbackMode.CACHED));
        perCallStub = trial.open(Stub.threadrt(CallbackMode.PER_CALL));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        trial.close();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void plainUpcallAttached() {
        bareStub.runOnThisThread(CALLS);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void plainUpcallNativeThread() {
        bareStub.run(CALLS);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void threadrtCachedNativeThread() {
        cachedStub.run(CALLS);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void threadrtPerCallNativeThread() {
        perCallStub.run(CALLS);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void cycleBareStub() {
        bareStub.cycle();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void cycleThreadrtCached() {
        cachedStub.cycle();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void cycleThreadrtPerCall() {
        perCallStub.cycle();
    }
}
