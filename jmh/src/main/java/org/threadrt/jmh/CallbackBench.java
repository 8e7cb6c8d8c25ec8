package org.threadrt.jmh;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
import org.threadrt.RuntimeConfig;
import org.threadrt.ThreadRuntime;
import org.threadrt.ffm.FfmPort;
import org.threadrt.ffm.bind.threadrt_h;

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

    private ThreadRuntime cached;
    private ThreadRuntime perCall;
    private Arena arena;
    private MemorySegment bareStub;
    private MemorySegment cachedStub;
    private MemorySegment perCallStub;

    static void noop(MemorySegment arg) {
        // the trivial callback
    }

    @Setup(Level.Trial)
    public void setUp() throws ReflectiveOperationException {
        FfmPort.library();
        cached = ThreadRuntime.start(RuntimeConfig.builder().name("bench-cached")
                .callbackMode(CallbackMode.CACHED).build());
        perCall = ThreadRuntime.start(RuntimeConfig.builder().name("bench-per-call")
                .callbackMode(CallbackMode.PER_CALL).build());
        arena = Arena.ofShared();
        MethodHandle noop = MethodHandles.lookup().findStatic(CallbackBench.class, "noop",
                MethodType.methodType(void.class, MemorySegment.class));
        FunctionDescriptor fd = FunctionDescriptor.ofVoid(ADDRESS);
        bareStub = Linker.nativeLinker().upcallStub(noop, fd, arena);
        cachedStub = cached.callback(noop, fd, arena);
        perCallStub = perCall.callback(noop, fd, arena);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cached.close();
        perCall.close();
        arena.close();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int plainUpcallAttached() {
        return threadrt_h.trt_bench_call_loop(bareStub, MemorySegment.NULL, CALLS);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int plainUpcallNativeThread() {
        return threadrt_h.trt_bench_thread_call_loop(bareStub, MemorySegment.NULL, CALLS);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int threadrtCachedNativeThread() {
        return threadrt_h.trt_bench_thread_call_loop(cachedStub, MemorySegment.NULL, CALLS);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int threadrtPerCallNativeThread() {
        return threadrt_h.trt_bench_thread_call_loop(perCallStub, MemorySegment.NULL, CALLS);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int cycleBareStub() {
        return threadrt_h.trt_bench_thread_cycle(bareStub, MemorySegment.NULL);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int cycleThreadrtCached() {
        return threadrt_h.trt_bench_thread_cycle(cachedStub, MemorySegment.NULL);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int cycleThreadrtPerCall() {
        return threadrt_h.trt_bench_thread_cycle(perCallStub, MemorySegment.NULL);
    }
}
