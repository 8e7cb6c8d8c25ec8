package org.threadrt.jmh;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
import org.threadrt.ffm.FfmPort;
import org.threadrt.spi.NativeStack;

/**
 * What naming an M costs its start (issue 14): the same churn twice, one whole thread life per operation,
 * through the FFM port with nothing of the runtime around it, so that the only difference is the entry:
 * <ul>
 * <li>{@code unnamedEntry}: {@code trt_thread_start_on_stack} with the port's upcall stub as the entry. The
 *     upcall attaches the thread as {@code Thread-N}; HotSpot detaches it in a thread-exit destructor.</li>
 * <li>{@code namedEntry}: the same start with {@code trt_named_entry} and a {@code struct trt_named_start}
 *     (what the runtime does for every task M): the per-start record (an automatic arena, the two names),
 *     {@code pthread_setname_np}, JNI {@code AttachCurrentThreadAsDaemon} with the name, the upcall, and
 *     {@code DetachCurrentThread} after it. The name is made per start as the runtime makes it
 *     ({@code threadrt-1-M<n>}).</li>
 * </ul>
 * One operation: reprotect the stack (as the runtime does before reusing one), store 1 to freeWait, start,
 * run an empty body, and sleep on freeWait until the kernel cleared it: the thread is completely gone, so
 * its attach and detach are both inside the operation and no two threads overlap. RUNTIME stacks (Linux
 * only) because only they report a thread's end; OS-stack starts run the same entries.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class NamingCostBench {
    private static final long STACK_BYTES = 1 << 20;
    private static final Runnable EMPTY = () -> { };

    private final FfmPort port = new FfmPort();
    private Arena arena;
    private NativeStack stack;
    private MemorySegment freeWait;
    private long starts;

    @Setup(Level.Trial)
    public void setUp() {
        if (!port.supports(StackPolicy.RUNTIME)) {
            throw new IllegalStateException("NamingCostBench needs RUNTIME stacks (Linux): " + port.platform());
        }
        arena = Arena.ofShared();
        freeWait = arena.allocate(JAVA_INT);
        long page = port.pageSize();
        stack = port.mapStack(STACK_BYTES + page, page);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        port.unmapStack(stack);
        arena.close();
    }

    @Benchmark
    public void unnamedEntry() {
        cycle(null);
    }

    @Benchmark
    public void namedEntry() {
        cycle("threadrt-1-M" + ++starts);
    }

    /* One thread life on the one stack: the stack is reused only once freeWait read 0 (the kernel's store
     * after the thread is gone), the rule the runtime's stack cache keeps. */
    private void cycle(String name) {
        port.reprotectStack(stack);
        freeWait.set(JAVA_INT, 0, 1);
        if (name == null) {
            port.startThreadOnStack(EMPTY, stack, freeWait);
        } else {
            port.startThreadOnStack(EMPTY, stack, freeWait, name);
        }
        while (freeWait.get(JAVA_INT, 0) != 0) {
            port.futexWait(freeWait, 1, TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
