package org.threadrt.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URLClassLoader;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntUnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.CallbackMode;
import org.threadrt.CallbackPolicy;
import org.threadrt.MInfo;
import org.threadrt.RuntimeConfig;
import org.threadrt.RuntimeStats;
import org.threadrt.spi.ExtraMLayout;
import org.threadrt.testing.JavaThreadsPort;

/**
 * The extra-M machinery without native code: plain Java threads (which have no M) invoke the handle a
 * callback stub would run, so needm, dropm, newextram and lockextra run exactly as for a native thread.
 * JavaThreadsPort cannot bind an M to a thread, so CACHED gives the M back after each call there.
 */
class ExtraMsTest {
    private static final MethodHandle APPLY;

    static {
        try {
            APPLY = MethodHandles.lookup().findVirtual(IntUnaryOperator.class, "applyAsInt",
                    MethodType.methodType(int.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final FunctionDescriptor INT_INT = FunctionDescriptor.of(JAVA_INT, JAVA_INT);

    static Sched sched(CallbackMode mode, int maxExtraMs) {
        RuntimeConfig c = RuntimeConfig.builder().name("extra-" + mode).callbackMode(mode).maxExtraMs(maxExtraMs)
                .build();
        return new Sched(c, new JavaThreadsPort(), ExtraMsTest.class.getClassLoader());
    }

    static MethodHandle handle(Sched s, IntUnaryOperator body, CallbackPolicy policy) {
        return s.callbackHandle(APPLY.bindTo(body), INT_INT, policy);
    }

    static void join(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void stormIsExactAndBounded() throws Exception {
        for (CallbackMode mode : CallbackMode.values()) {
            Sched s = sched(mode, 4);
            LongAdder calls = new LongAdder();
            Map<Long, AtomicInteger> holders = new ConcurrentHashMap<>();
            AtomicLong shared = new AtomicLong();
            MethodHandle h = handle(s, i -> {
                M m = CurrentM.get();
                AtomicInteger n = holders.computeIfAbsent(m.id, k -> new AtomicInteger());
                if (n.incrementAndGet() != 1) {
                    shared.incrementAndGet();
                }
                calls.increment();
                n.decrementAndGet();
                return i + 1;
            }, CallbackPolicy.defaults());
            assertEquals(1, s.stats().extraMs(), "the list starts with one M");
            List<Thread> threads = new ArrayList<>();
            AtomicLong wrong = new AtomicLong();
            for (int t = 0; t < 16; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int i = 0; i < 20_000; i++) {
                            if ((int) h.invokeExact(i) != i + 1) {
                                wrong.incrementAndGet();
                            }
                        }
                    } catch (Throwable e) {
                        wrong.incrementAndGet();
                    }
                }));
            }
            join(threads);
            assertEquals(16 * 20_000L, calls.sum(), mode + ": every call ran once");
            assertEquals(0, wrong.get());
            assertEquals(0, shared.get(), mode + ": an M held by two threads at once");
            RuntimeStats st = s.stats();
            assertTrue(st.extraMs() <= 4, st::toString);
            assertEquals(st.extraMs(), st.extraMsFree(), st::toString);
            assertEquals(st.mnext() - st.nmfreed(), st.mcount());
            assertEquals(st.extraMs(), st.mcount(), "extra Ms count in mcount");
            s.assertInvariants();
        }
    }

    @Test
    void insideACallbackTheThreadIsPresentableAndPutBackAfter() throws Exception {
        Sched s = sched(CallbackMode.PER_CALL, 2);
        ClassLoader runtimeLoader = ExtraMsTest.class.getClassLoader();
        AtomicReference<String> name = new AtomicReference<>();
        AtomicReference<ClassLoader> loader = new AtomicReference<>();
        AtomicReference<MInfo> info = new AtomicReference<>();
        MethodHandle h = handle(s, i -> {
            name.set(Thread.currentThread().getName());
            loader.set(Thread.currentThread().getContextClassLoader());
            info.set(CurrentM.currentMInfo().orElse(null));
            return 0;
        }, CallbackPolicy.defaults());
        ClassLoader foreign = new URLClassLoader(new URL[0], null);
        for (String threadName : List.of("Thread-42", "app-worker")) {
            AtomicReference<Throwable> failed = new AtomicReference<>();
            AtomicReference<String> nameAfter = new AtomicReference<>();
            AtomicReference<ClassLoader> loaderAfter = new AtomicReference<>();
            Thread t = Thread.ofPlatform().name(threadName).unstarted(() -> {
                try {
                    Thread.currentThread().setContextClassLoader(foreign);
                    int r = (int) h.invokeExact(1);
                    nameAfter.set(Thread.currentThread().getName());
                    loaderAfter.set(Thread.currentThread().getContextClassLoader());
                    assertTrue(CurrentM.currentMInfo().isEmpty(), "dropm cleared the current M");
                } catch (Throwable e) {
                    failed.set(e);
                }
            });
            t.start();
            t.join();
            assertEquals(null, failed.get());
            MInfo m = info.get();
            assertNotNull(m);
            assertTrue(m.extra());
            assertEquals(runtimeLoader, loader.get(), "the runtime's context class loader inside");
            assertEquals(foreign, loaderAfter.get(), "the thread's own loader after");
            if (threadName.startsWith("Thread-")) {
                assertTrue(name.get().matches(".*-\\d+-extra-M" + m.id()), "an attached thread is named after its M: " + name.get());
                assertEquals(name.get(), nameAfter.get(), "the name stays: setName is a syscall");
            } else {
                assertEquals(threadName, name.get(), "a thread the application named keeps its name");
            }
        }
        s.assertInvariants();
    }

    @Test
    void exceptionPolicy() throws Throwable {
        Sched s = sched(CallbackMode.CACHED, 2);
        List<Throwable> seen = new ArrayList<>();
        MethodHandle h = handle(s, i -> {
            throw new IllegalStateException("boom " + i);
        }, CallbackPolicy.defaults().withReturnValue(-7).withHandler(seen::add));
        assertEquals(-7, (int) h.invokeExact(3));
        assertEquals(1, seen.size());
        assertEquals("boom 3", seen.get(0).getMessage());
        MethodHandle zero = handle(s, i -> {
            throw new OutOfMemoryError("not really");
        }, CallbackPolicy.defaults().withHandler(t -> {
            throw new IllegalStateException("handler fails too");
        }));
        assertEquals(0, (int) zero.invokeExact(3), "zero by default; a failing handler changes nothing");
        RuntimeStats st = s.stats();
        assertEquals(st.extraMs(), st.extraMsFree(), "dropm ran although the target threw: " + st);
    }

    @Test
    void badDescriptorAndValues() {
        Sched s = sched(CallbackMode.CACHED, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.callbackHandle(APPLY.bindTo((IntUnaryOperator) i -> i), FunctionDescriptor.ofVoid(JAVA_INT),
                        CallbackPolicy.defaults()));
        assertTrue(e.getMessage().contains("asType"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> handle(s, i -> i,
                CallbackPolicy.defaults().withReturnValue("no")));
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> RuntimeConfig.builder().maxExtraMs(0).build());
        assertTrue(c.getMessage().contains("maxExtraMs must be at least 1"), c.getMessage());
    }

    /**
     * The LOCKED sentinel: while someone holds the list (here the test, as the shim's trt_extra_push
     * would), needm waits; when the holder stores the head back, it proceeds. And an empty list at the
     * bound: needm sleeps until a dropm brings an M back.
     */
    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void lockextraWaitsOnTheSentinelAndOnAnEmptyListAtTheBound() throws Exception {
        Sched s = sched(CallbackMode.PER_CALL, 1);
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        LongAdder calls = new LongAdder();
        MethodHandle h = handle(s, i -> {
            calls.increment();
            if (i == 1) {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return i;
        }, CallbackPolicy.defaults());
        ExtraList list = s.extra.list();
        long head = list.lockextra(true, s.port(), "test"); // hold it
        assertTrue(head != 0 && head != ExtraMLayout.LOCKED);
        Thread a = Thread.ofPlatform().start(() -> invoke(h, 1));
        Thread.sleep(50);
        assertEquals(0, calls.sum(), "needm waits while the list is held");
        list.unlockextra(head);
        inside.await();
        // The only extra M (maxExtraMs 1) is lent to a: b finds the list empty and sleeps.
        Thread b = Thread.ofPlatform().start(() -> invoke(h, 2));
        Thread.sleep(50);
        assertEquals(1, calls.sum(), "needm waits on an empty list at the bound");
        assertEquals(0, list.length());
        release.countDown();
        a.join();
        b.join();
        assertEquals(2, calls.sum());
        RuntimeStats st = s.stats();
        assertEquals(1, st.extraMs(), st::toString);
        assertEquals(1, st.extraMsFree(), st::toString);
        assertFalse(list.list.get(ValueLayout.JAVA_LONG, ExtraMLayout.HEAD) == ExtraMLayout.LOCKED);
        s.assertInvariants();
    }

    private static void invoke(MethodHandle h, int i) {
        try {
            int r = (int) h.invokeExact(i);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
