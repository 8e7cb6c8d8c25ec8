package org.threadrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.invoke.MethodHandle;
import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.CallbackMode;
import org.threadrt.CallbackPolicy;

/** Extra Ms outlive their runtime but never keep it reachable; another runtime's extra M is checked. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExtraMsLifetimeTest {

    /** Before: a static map of every extra M kept each closed runtime that ever made a callback reachable. */
    @Test
    void aClosedRuntimeThatMadeCallbacksIsCollected() throws Exception {
        WeakReference<Sched> ref = callOnceAndClose();
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(ref.get(), "the closed runtime is still reachable (through its extra Ms)");
    }

    private static WeakReference<Sched> callOnceAndClose() throws Exception {
        Sched s = ExtraMsTest.sched(CallbackMode.CACHED, 4);
        MethodHandle h = ExtraMsTest.handle(s, i -> i + 1, CallbackPolicy.defaults());
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                int r = (int) h.invokeExact(41);
                assertEquals(42, r);
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        t.join();
        if (failed.get() != null) {
            throw new AssertionError(failed.get());
        }
        assertEquals(s.stats().extraMs(), s.stats().extraMsFree(), "the M went back to the list");
        s.close();
        return new WeakReference<>(s);
    }

    /**
     * Before: a thread holding runtime A's extra M that called runtime B's callback ran B's code on A's M
     * (silently: B's context loader, A's M in currentM()). Now B lends one of its own for the call, and A's
     * M is the thread's again afterwards.
     */
    @Test
    void anotherRuntimesExtraMIsCheckedNotUsed() throws Throwable {
        Sched a = ExtraMsTest.sched(CallbackMode.PER_CALL, 4);
        Sched b = ExtraMsTest.sched(CallbackMode.CACHED, 4);
        AtomicReference<M> insideB = new AtomicReference<>();
        AtomicReference<M> insideAAfterB = new AtomicReference<>();
        AtomicReference<M> insideA = new AtomicReference<>();
        MethodHandle hb = ExtraMsTest.handle(b, i -> {
            insideB.set(CurrentM.get());
            return i + 100;
        }, CallbackPolicy.defaults());
        MethodHandle ha = ExtraMsTest.handle(a, i -> {
            insideA.set(CurrentM.get());
            int r;
            try {
                r = (int) hb.invokeExact(i); // C code running on A's M calls B's callback
            } catch (Throwable e) {
                throw new AssertionError(e);
            }
            insideAAfterB.set(CurrentM.get());
            return r;
        }, CallbackPolicy.defaults());
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                assertEquals(101, (int) ha.invokeExact(1));
            } catch (Throwable e) {
                throw new AssertionError(e);
            }
        });
        t.join();
        assertSame(a.extra.list(), insideA.get().home, "A's callback ran on A's extra M");
        assertSame(b.extra.list(), insideB.get().home, "B's callback ran on one of B's extra Ms, not A's");
        assertSame(insideA.get(), insideAAfterB.get(), "after B's call the thread has A's M again");
        assertEquals(b.stats().extraMs(), b.stats().extraMsFree(), "B's M went back to B's list");
        a.assertInvariants();
        b.assertInvariants();
        a.close();
        b.close();
    }
}
