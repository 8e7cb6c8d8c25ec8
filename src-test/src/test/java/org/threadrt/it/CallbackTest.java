package org.threadrt.it;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.threadrt.CallbackMode;
import org.threadrt.CallbackPolicy;
import org.threadrt.MInfo;
import org.threadrt.RuntimeConfig;
import org.threadrt.RuntimeStats;
import org.threadrt.ThreadRuntime;
import org.threadrt.workloads.natives.threadrt_testkit_h;

/**
 * Callbacks from native threads the runtime did not create (extra Ms, needm / dropm), on real threads
 * started by the shim's C drivers: the seed's cthread test, a storm, CACHED thread exits, and callbacks
 * from threads that already have an M.
 */
class CallbackTest {
    static final FunctionDescriptor VOID_INT = FunctionDescriptor.ofVoid(JAVA_INT);
    static final FunctionDescriptor VOID_PTR = FunctionDescriptor.ofVoid(ADDRESS);
    private static final MethodHandle ACCEPT;
    private static final MethodHandle RUN;

    static {
        try {
            ACCEPT = MethodHandles.lookup().findVirtual(IntConsumer.class, "accept",
                    MethodType.methodType(void.class, int.class));
            RUN = MethodHandles.lookup().findVirtual(Runnable.class, "run", MethodType.methodType(void.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A {@code void (*)(int32_t)} callback running {@code body}. */
    static MemorySegment intCallback(ThreadRuntime rt, Arena arena, IntConsumer body, CallbackPolicy policy) {
        return rt.callback(ACCEPT.bindTo(body), VOID_INT, arena, policy);
    }

    /** A {@code void (*)(void *)} callback running {@code body} (the argument is ignored). */
    static MemorySegment voidCallback(ThreadRuntime rt, Arena arena, Runnable body) {
        MethodHandle h = MethodHandles.dropArguments(RUN.bindTo(body), 0, MemorySegment.class);
        return rt.callback(h, VOID_PTR, arena);
    }

    static ThreadRuntime start(CallbackMode mode, int maxExtraMs) {
        return ThreadRuntime.start(RuntimeConfig.builder().name("callbacks-" + mode).callbackMode(mode)
                .maxExtraMs(maxExtraMs).build());
    }

    static void assertAllBack(ThreadRuntime rt) {
        RuntimeStats s = rt.stats();
        assertEquals(s.extraMs(), s.extraMsFree(), () -> "every extra M back on the list: " + s);
        rt.checkInvariants();
    }

    /**
     * The seed's cthread test, ported: C starts 6 pthreads that each call the callback with i = 0..9; the
     * callback adds i to a sum under a lock and then throws. The sum is 10*9/2*6 = 270 and the JVM lives.
     */
    @ParameterizedTest
    @EnumSource(CallbackMode.class)
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void cthread(CallbackMode mode) {
        ReentrantLock lock = new ReentrantLock();
        long[] sum = {0};
        LongAdder thrown = new LongAdder();
        Set<String> names = ConcurrentHashMap.newKeySet();
        List<String> wrong = new CopyOnWriteArrayList<>();
        try (Arena arena = Arena.ofShared(); ThreadRuntime rt = start(mode, 64)) {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            MemorySegment add = intCallback(rt, arena, i -> {
                lock.lock();
                try {
                    sum[0] += i;
                } finally {
                    lock.unlock();
                }
                MInfo m = ThreadRuntime.currentM().orElse(null);
                Thread t = Thread.currentThread();
                names.add(t.getName());
                if (m == null || !m.extra() || !t.getName().matches("callbacks-" + mode + "-\\d+-extra-M" + m.id())
                        || t.getContextClassLoader() != loader) {
                    wrong.add(m + " on " + t.getName() + " loader " + t.getContextClassLoader());
                }
                throw new IllegalStateException("the seed's Add dereferences nil here; i = " + i);
            }, CallbackPolicy.defaults().withHandler(e -> thrown.increment()));
            assertEquals(0, threadrt_testkit_h.trt_test_call_threads(add, 6, 10));
            assertEquals(270, sum[0]);
            assertEquals(60, thrown.sum(), "every call threw and the handler saw it");
            assertEquals(List.of(), wrong, "inside a callback: an extra M, its name, the runtime's loader");
            assertTrue(names.stream().allMatch(n -> n.matches("callbacks-" + mode + "-\\d+-extra-M\\d+")), names::toString);
            assertAllBack(rt);
        }
    }

    /**
     * 64 native threads x 10,000 callbacks, the extra list starting with one M: every call runs exactly
     * once, no M is held by two threads at once, no deadlock, extra Ms bounded by the config.
     */
    @ParameterizedTest
    @EnumSource(CallbackMode.class)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void storm(CallbackMode mode) {
        int threads = 64;
        int calls = 10_000;
        int bound = mode == CallbackMode.PER_CALL ? 8 : 16;
        LongAdder count = new LongAdder();
        LongAdder sum = new LongAdder();
        Map<Long, AtomicInteger> holders = new ConcurrentHashMap<>();
        AtomicLong shared = new AtomicLong();
        try (Arena arena = Arena.ofShared(); ThreadRuntime rt = start(mode, bound)) {
            MemorySegment cb = intCallback(rt, arena, i -> {
                long id = ThreadRuntime.currentM().orElseThrow().id();
                AtomicInteger h = holders.computeIfAbsent(id, k -> new AtomicInteger());
                if (h.incrementAndGet() != 1) {
                    shared.incrementAndGet();
                }
                count.increment();
                sum.add(i);
                h.decrementAndGet();
            }, CallbackPolicy.defaults());
            RuntimeStats before = rt.stats();
            assertEquals(1, before.extraMs(), "the extra list starts with one M: " + before);
            assertEquals(0, threadrt_testkit_h.trt_test_call_threads(cb, threads, calls));
            assertEquals((long) threads * calls, count.sum(), "every call ran exactly once");
            assertEquals((long) threads * calls * (calls - 1) / 2, sum.sum());
            assertEquals(0, shared.get(), "an extra M was held by two threads at once");
            RuntimeStats s = rt.stats();
            assertTrue(s.extraMs() <= bound, () -> "extra Ms bounded by maxExtraMs " + bound + ": " + s);
            assertTrue(holders.size() <= bound, () -> holders.size() + " distinct Ms");
            assertAllBack(rt);
        }
    }

    /**
     * Callbacks at scale, counted (issue 15): {@code trt_bench_call_crowd} starts the callers, has each make
     * its first call, holds them at a start line until all have, then lets each make exactly {@code calls}
     * calls in all. 64 long-lived callers and 1,000 short-lived ones (all alive at once): every caller
     * completes every call (C's count per thread and the callback's count per Java thread agree, thread by
     * thread: none starved to zero, none counted twice), no M is held by two threads at once, the Ms made stay
     * within one per concurrent caller plus the "one more" (no M lost, so none made to replace it), every M is
     * back on the list afterwards, and the runtime's invariants hold.
     */
    @ParameterizedTest
    @EnumSource(CallbackMode.class)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void crowdOfCallersEachCompleteEveryCall(CallbackMode mode) {
        for (int[] shape : new int[][] {{64, 2_000}, {1_000, 20}}) {
            int threads = shape[0];
            int calls = shape[1];
            Map<Thread, LongAdder> perThread = new ConcurrentHashMap<>();
            Map<Long, AtomicInteger> holders = new ConcurrentHashMap<>();
            AtomicLong shared = new AtomicLong();
            try (Arena arena = Arena.ofShared(); ThreadRuntime rt = start(mode, 4096)) {
                MemorySegment cb = voidCallback(rt, arena, () -> {
                    long id = ThreadRuntime.currentM().orElseThrow().id();
                    AtomicInteger h = holders.computeIfAbsent(id, k -> new AtomicInteger());
                    if (h.incrementAndGet() != 1) {
                        shared.incrementAndGet();
                    }
                    perThread.computeIfAbsent(Thread.currentThread(), k -> new LongAdder()).increment();
                    h.decrementAndGet();
                });
                MemorySegment counts = arena.allocate(JAVA_LONG, threads);
                assertEquals(0, threadrt_testkit_h.trt_bench_call_crowd(cb, MemorySegment.NULL, threads,
                        Long.MAX_VALUE, calls, counts));
                long[] fromC = counts.toArray(JAVA_LONG);
                String shapeName = threads + " threads x " + calls + " calls";
                assertEquals(threads, fromC.length);
                for (int i = 0; i < threads; i++) {
                    assertEquals(calls, fromC[i], shapeName + ": C thread " + i + " completed its calls");
                }
                assertEquals(threads, perThread.size(), shapeName + ": one Java thread per C thread");
                assertTrue(perThread.values().stream().allMatch(c -> c.sum() == calls),
                        () -> shapeName + ": every thread's calls ran exactly once: " + perThread.values());
                assertEquals(0, shared.get(), shapeName + ": an extra M was held by two threads at once");
                RuntimeStats s = rt.stats();
                assertTrue(s.extraMs() <= threads + 1, () -> shapeName + ": at most one M per caller + 1: " + s);
                assertTrue(holders.size() <= s.extraMs(), () -> holders.size() + " distinct Ms, " + s);
                assertAllBack(rt);
            }
        }
    }

    /**
     * CACHED: 1,000 native threads that each call back 100 times and exit. Their Ms all come back to the
     * list from the threads' exit destructors, in native code: no JavaThread is left (ThreadMXBean) and
     * /proc/self/task is back to where it was.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void cachedThreadExitsGiveTheirMsBack() {
        Baseline before = Baseline.now();
        LongAdder count = new LongAdder();
        Set<Long> ms = ConcurrentHashMap.newKeySet();
        try (Arena arena = Arena.ofShared(); ThreadRuntime rt = start(CallbackMode.CACHED, 4096)) {
            MemorySegment cb = intCallback(rt, arena, i -> {
                ms.add(ThreadRuntime.currentM().orElseThrow().id());
                count.increment();
            }, CallbackPolicy.defaults());
            long steady = -1;
            for (int round = 0; round < 10; round++) {
                assertEquals(0, threadrt_testkit_h.trt_test_call_threads(cb, 100, 100));
                assertAllBack(rt);
                RuntimeStats s = rt.stats();
                if (round == 0) {
                    steady = s.extraMs();
                }
                // Ms are reused from round to round: the list only grows while 100 threads hold Ms at once.
                assertTrue(s.extraMs() <= 101, s::toString);
            }
            assertEquals(1000L * 100, count.sum());
            RuntimeStats s = rt.stats();
            assertEquals(s.extraMs(), s.extraMsFree(), "count back to its steady value: " + s);
            assertTrue(s.extraMs() >= steady, s::toString);
        }
        before.awaitBack(); // ThreadMXBean thread count and /proc/self/task back to the baseline
    }

    /** A callback on a threadrt task M uses that M: no needm, extra() is false. */
    @ParameterizedTest
    @EnumSource(CallbackMode.class)
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void callbackFromATaskMUsesThatM(CallbackMode mode) throws Exception {
        try (Arena arena = Arena.ofShared(); ThreadRuntime rt = start(mode, 4)) {
            MInfo[] inside = new MInfo[1];
            MemorySegment cb = voidCallback(rt, arena, () -> inside[0] = ThreadRuntime.currentM().orElse(null));
            MInfo task = rt.submit(() -> {
                assertEquals(0, threadrt_testkit_h.trt_bench_call_loop(cb, MemorySegment.NULL, 1));
                return ThreadRuntime.currentM().orElseThrow();
            }).get();
            assertEquals(task, inside[0], "the callback ran on the task's own M");
            assertFalse(inside[0].extra());
            assertEquals(1, rt.stats().extraMs(), "no extra M taken beyond the list's first");
            assertAllBack(rt);
        }
    }

    /** Java -> C -> Java on a native thread: the nested callback reuses the M the outer one has. */
    @ParameterizedTest
    @EnumSource(CallbackMode.class)
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void nestedCallbackReusesTheM(CallbackMode mode) {
        try (Arena arena = Arena.ofShared(); ThreadRuntime rt = start(mode, 4)) {
            MInfo[] seen = new MInfo[2];
            MemorySegment inner = voidCallback(rt, arena, () -> seen[1] = ThreadRuntime.currentM().orElse(null));
            MemorySegment outer = voidCallback(rt, arena, () -> {
                seen[0] = ThreadRuntime.currentM().orElse(null);
                threadrt_testkit_h.trt_bench_call_loop(inner, MemorySegment.NULL, 1);
            });
            assertEquals(0, threadrt_testkit_h.trt_bench_thread_call_loop(outer, MemorySegment.NULL, 3));
            assertTrue(seen[0] != null && seen[0].extra(), String.valueOf(seen[0]));
            assertEquals(seen[0], seen[1], "the nested callback ran on the outer callback's M");
            assertAllBack(rt);
        }
    }

    /** A callback on a plain Java thread (Java -> C -> Java) borrows an extra M and leaves the thread as it was. */
    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void perCallOnAJavaThreadPutsItBack() {
        try (Arena arena = Arena.ofShared(); ThreadRuntime rt = start(CallbackMode.PER_CALL, 4)) {
            MInfo[] inside = new MInfo[1];
            MemorySegment cb = voidCallback(rt, arena, () -> inside[0] = ThreadRuntime.currentM().orElse(null));
            String name = Thread.currentThread().getName();
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            threadrt_testkit_h.trt_bench_call_loop(cb, MemorySegment.NULL, 1);
            assertTrue(inside[0] != null && inside[0].extra(), String.valueOf(inside[0]));
            assertTrue(ThreadRuntime.currentM().isEmpty(), "dropm cleared the current M");
            assertEquals(name, Thread.currentThread().getName(), "a thread the application named keeps its name");
            assertEquals(loader, Thread.currentThread().getContextClassLoader());
            assertAllBack(rt);
        }
    }

    /** What a failed call returns: zero by default, the policy's value when given. */
    @Test
    void exceptionPolicyReturnValues() throws Throwable {
        try (Arena arena = Arena.ofShared(); ThreadRuntime rt = start(CallbackMode.PER_CALL, 4)) {
            MethodHandle boom = MethodHandles.dropArguments(MethodHandles.throwException(int.class,
                    IllegalStateException.class).bindTo(new IllegalStateException("boom")), 0, int.class);
            FunctionDescriptor intInt = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
            LongAdder seen = new LongAdder();
            MemorySegment zero = rt.callback(boom, intInt, arena, CallbackPolicy.defaults().withHandler(t -> seen.increment()));
            MemorySegment minus = rt.callback(boom, intInt, arena,
                    CallbackPolicy.defaults().withReturnValue(-1).withHandler(t -> seen.increment()));
            MethodHandle call = java.lang.foreign.Linker.nativeLinker().downcallHandle(intInt);
            assertEquals(0, (int) call.invokeExact(zero, 5));
            assertEquals(-1, (int) call.invokeExact(minus, 5));
            assertEquals(2, seen.sum());
            // A handler that throws, and a pointer-returning callback: NULL comes back.
            FunctionDescriptor ptr = FunctionDescriptor.of(ADDRESS);
            MethodHandle boomPtr = MethodHandles.throwException(MemorySegment.class, Error.class)
                    .bindTo(new Error("an Error, not an Exception"));
            MemorySegment nul = rt.callback(boomPtr, ptr, arena, CallbackPolicy.defaults().withHandler(t -> {
                throw new RuntimeException("the handler fails too");
            }));
            MethodHandle callPtr = java.lang.foreign.Linker.nativeLinker().downcallHandle(ptr);
            assertEquals(MemorySegment.NULL, (MemorySegment) callPtr.invokeExact(nul));
            assertAllBack(rt);
        }
    }

    /** Bad input is refused with a clear exception, before any stub exists. */
    @Test
    void badInput() {
        try (ThreadRuntime rt = start(CallbackMode.CACHED, 4)) {
            Arena closed = Arena.ofConfined();
            closed.close();
            try (Arena arena = Arena.ofConfined()) {
                MethodHandle h = ACCEPT.bindTo((IntConsumer) i -> { });
                assertThrows(NullPointerException.class, () -> rt.callback(null, VOID_INT, arena));
                assertThrows(NullPointerException.class, () -> rt.callback(h, null, arena));
                assertThrows(NullPointerException.class, () -> rt.callback(h, VOID_INT, null));
                IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                        () -> rt.callback(h, VOID_PTR, arena));
                assertTrue(mismatch.getMessage().contains("does not match the descriptor"), mismatch.getMessage());
                IllegalStateException gone = assertThrows(IllegalStateException.class,
                        () -> rt.callback(h, VOID_INT, closed));
                assertTrue(gone.getMessage().contains("closed"), gone.getMessage());
                assertThrows(IllegalArgumentException.class,
                        () -> rt.callback(h, VOID_INT, arena, CallbackPolicy.defaults().withReturnValue(1)));
                MethodHandle intInt = MethodHandles.identity(int.class);
                IllegalArgumentException wrongValue = assertThrows(IllegalArgumentException.class,
                        () -> rt.callback(intInt, FunctionDescriptor.of(JAVA_INT, JAVA_INT), arena,
                                CallbackPolicy.defaults().withReturnValue(1L)));
                assertTrue(wrongValue.getMessage().contains("give a Integer"), wrongValue.getMessage());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> RuntimeConfig.builder().maxExtraMs(0).build());
    }
}
