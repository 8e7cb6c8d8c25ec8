package org.threadrt.jmh;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
import org.threadrt.BareThread;
import org.threadrt.Note;
import org.threadrt.RuntimeConfig;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadRuntime;
import org.threadrt.ffm.FfmPort;
import org.threadrt.ffm.bind.threadrt_h;

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
    private static final long STACK = 1024 * 1024;

    private ThreadRuntime os;
    private ThreadRuntime runtimeStack;
    private ThreadRuntime bare;
    private Note ran;
    private BareThread previous;
    private Arena arena;
    private MemorySegment counter;
    private MemorySegment upcallNoop;

    static void noop() {
        // the trivial task
    }

    @Setup(Level.Trial)
    public void setUp() throws ReflectiveOperationException {
        os = ThreadRuntime.start(RuntimeConfig.builder().stackPolicy(StackPolicy.OS).stackSize(STACK).build());
        runtimeStack = ThreadRuntime.start(RuntimeConfig.builder().stackPolicy(StackPolicy.RUNTIME)
                .stackSize(STACK).build());
        bare = ThreadRuntime.start(RuntimeConfig.builder().build());
        ran = bare.newNote();
        arena = Arena.ofShared();
        counter = arena.allocate(JAVA_LONG);
        FfmPort.library();
        var noop = MethodHandles.dropArguments(MethodHandles.lookup().findStatic(ChurnBench.class, "noop",
                MethodType.methodType(void.class)), 0, MemorySegment.class);
        upcallNoop = Linker.nativeLinker().upcallStub(noop, FunctionDescriptor.ofVoid(ADDRESS), arena);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        if (previous != null) {
            previous.join();
        }
        os.close();
        runtimeStack.close();
        bare.close();
        arena.close();
    }

    @Benchmark
    public void threadrtOs() throws Exception {
        os.submit(ThreadRuntime::lockOSThread).get();
    }

    @Benchmark
    public void threadrtRuntimeStack() throws Exception {
        runtimeStack.submit(ThreadRuntime::lockOSThread).get();
    }

    @Benchmark
    public void threadrtBare() throws Exception {
        bare.startBare(threadrt_h.trt_work_count$address(), counter).join();
    }

    @Benchmark
    public void threadrtBareOverlapped() throws Exception {
        ran.clear();
        BareThread started = bare.startBare(threadrt_h.trt_work_wake$address(), ran.word());
        ran.sleep();
        if (previous != null) {
            previous.join();
        }
        previous = started;
    }

    @Benchmark
    public void javaPlatformThread() throws InterruptedException {
        Thread t = new Thread(ChurnBench::noop);
        t.start();
        t.join();
    }

    @Benchmark
    public void javaVirtualThread() throws InterruptedException {
        Thread.ofVirtual().start(ChurnBench::noop).join();
    }

    @Benchmark
    public int cPthreadCreateJoin() {
        return threadrt_h.trt_bench_thread_cycle(MemorySegment.NULL, MemorySegment.NULL);
    }

    @Benchmark
    public int cThreadOneUpcall() {
        return threadrt_h.trt_bench_thread_cycle(upcallNoop, MemorySegment.NULL);
    }
}
