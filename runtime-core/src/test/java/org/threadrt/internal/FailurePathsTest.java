package org.threadrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.DeadlockException;
import org.threadrt.Note;
import org.threadrt.RuntimeConfig;
import org.threadrt.RuntimeLock;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadRuntime;
import org.threadrt.ThreadStartException;
import org.threadrt.spi.Port;
import org.threadrt.testing.Await;
import org.threadrt.testing.JavaThreadsPort;

/**
 * Failure paths a review of runtime-core found (issue 12's review findings): each test injects the failure
 * and shows the runtime neither hangs nor loses anything. Each failed before its fix (see the commit).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailurePathsTest {

    static final class InjectedError extends Error {
        InjectedError(String where) {
            super("injected: " + where);
        }
    }

    static Sched sched(String name, JavaThreadsPort port, RuntimeConfig.Builder b) {
        return new Sched(b.name(name).build(), port, FailurePathsTest.class.getClassLoader());
    }

    /** Finding 6. Before: the reaper died, nbare never reached 0 and close() waited for ever. */
    @Test
    void aBareReaperThatFailsKeepsReapingSoCloseReturns() throws Exception {
        JavaThreadsPort port = new JavaThreadsPort();
        Sched s = sched("reaper-fails", port, RuntimeConfig.builder().detectDeadlocks(false)
                .idleTimeout(Duration.ofSeconds(30)));
        CountDownLatch release = new CountDownLatch(1);
        MemorySegment fn = port.bareFunction(() -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // The reaper's 20 ms sleep on the BARE M's freeWait is the only futex wait longer than 15 ms here.
        port.failNextWaitLongerThan(TimeUnit.MILLISECONDS.toNanos(15), new InjectedError("the BARE reaper"));
        M m = s.startBare(fn, Arena.global().allocate(8));
        Await.until(() -> !port.waitFailurePending(), Duration.ofSeconds(10), () -> "the reaper met the failure");
        release.countDown();
        assertTimeoutPreemptively(Duration.ofSeconds(30), s::close, "close returned after the reaper failed");
        assertTrue(m.bareExit().isDone(), "the BARE M was reaped");
        assertEquals(0, s.stats().mcount(), s.stats()::toString);
        assertEquals(0, port.mappedStacks());
        assertEquals(List.of(), port.violations());
    }

    /** Finding 1. Before: the Throwable escaped checkdead into the waiting task, which failed with it. */
    @Test
    void aCheckdeadThatThrowsReportsNothingAndBreaksNothing() throws Exception {
        JavaThreadsPort port = new JavaThreadsPort();
        AtomicInteger reports = new AtomicInteger();
        Sched s = sched("checkdead-throws", port, RuntimeConfig.builder().maxThreads(1)
                .deadlockGrace(Duration.ZERO).deadlockHandler(r -> reports.incrementAndGet()));
        try {
            GFuture<String> f = new GFuture<>(() -> {
                MemorySegment word = Arena.ofAuto().allocate(4, 4);
                // checkdead re-checks stillBlocked under sched.lock before a declaration: here it throws.
                SyncWait w = s.waits().beginWait("test", word, () -> {
                    throw new OutOfMemoryError("injected into checkdead");
                });
                try {
                    for (int i = 0; i < 3; i++) {
                        w.sleepOn(port, 0, TimeUnit.MILLISECONDS.toNanos(20)); // times out: recheckdead
                    }
                } finally {
                    s.waits().endWait(w);
                }
                return "survived";
            });
            s.submit(f);
            assertEquals("survived", f.get(30, TimeUnit.SECONDS));
            assertEquals(0, reports.get(), "a failed check declares nothing");
            assertFalse(s.lock.isLocked(), "sched.lock is free");
            s.assertInvariants();
        } finally {
            s.close();
        }
    }

    /** Finding 9. Before: the first failing wake ended the action: no handler, the other waits not woken. */
    @Test
    void aDeadlockWhoseWakeFailsStillReportsAndEndsEveryWait() throws Exception {
        JavaThreadsPort real = new JavaThreadsPort();
        MemorySegment broken = Arena.global().allocate(4, 4);
        MemorySegment fine = Arena.global().allocate(4, 4);
        Port port = (Port) Proxy.newProxyInstance(Port.class.getClassLoader(), new Class<?>[] {Port.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("futexWake") && ((MemorySegment) args[0]).address() == broken.address()) {
                        throw new IllegalStateException("injected: the word's arena is closed");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        AtomicInteger reports = new AtomicInteger();
        try (ThreadRuntime rt = ThreadRuntime.start(RuntimeConfig.builder().name("wake-fails").maxThreads(2)
                .deadlockGrace(Duration.ZERO).deadlockHandler(r -> reports.incrementAndGet()).build(), port)) {
            Note a = rt.noteOver(broken);
            Note b = rt.noteOver(fine);
            Future<?> fa = rt.submit(() -> a.sleep());
            Future<?> fb = rt.submit(() -> b.sleep());
            for (Future<?> f : List.of(fa, fb)) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
                assertInstanceOf(DeadlockException.class, e.getCause());
            }
            Await.until(() -> reports.get() == 1, Duration.ofSeconds(10), () -> "the handler ran: " + reports);
            rt.checkInvariants();
        }
    }

    /** Finding 10. Before: the announce carried the demand bits over into 0: the unlock would wake nobody. */
    @Test
    void aVirtualWaitersDemandSaturatesInsteadOfWrapping() throws Exception {
        MemorySegment word = Arena.ofAuto().allocate(4, 4);
        word.set(ValueLayout.JAVA_INT, 0, -1); // locked, wake demand at its maximum (2^31 - 1)
        RuntimeLock lock = RuntimeLock.over(word, new JavaThreadsPort());
        boolean[] got = new boolean[1];
        Thread.ofVirtual().start(() -> got[0] = lock.tryLock(Duration.ofMillis(30))).join();
        assertFalse(got[0], "the lock stayed held");
        assertEquals(-1 >>> 1, word.get(ValueLayout.JAVA_INT, 0) >>> 1, "the demand saturated, held at its maximum");
        assertTrue(lock.isLocked());
    }

    /** Finding 4. Before: the template handed the BARE start to itself and slept for ever waiting for it. */
    @Test
    void aBareStartAskedOnTheTemplateDoesNotDeadlockIt() throws Exception {
        JavaThreadsPort port = new JavaThreadsPort();
        Sched s = sched("template-asks", port, RuntimeConfig.builder().detectDeadlocks(false).stackPolicy(StackPolicy.RUNTIME));
        try {
            MemorySegment fn = port.bareFunction(() -> { });
            MemorySegment arg = Arena.global().allocate(8);
            CompletableFuture<Long> tid = new CompletableFuture<>();
            CompletableFuture<Object> task = new CompletableFuture<>();
            s.template.handoff(new TemplateThread.Start() {
                @Override
                public void start() {
                    try {
                        tid.complete(s.startBare(fn, arg).tid());
                        GFuture<Object> f = new GFuture<>(() -> "ran");
                        s.submit(f); // a submit on the template starts its M there, directly
                        task.complete(f);
                    } catch (Throwable t) {
                        tid.completeExceptionally(t);
                    }
                }

                @Override
                public void abandon(ThreadStartException why) {
                    tid.completeExceptionally(why);
                }
            });
            assertTrue(tid.get(10, TimeUnit.SECONDS) > 0, "the BARE thread started");
            assertEquals("ran", ((GFuture<?>) task.get(10, TimeUnit.SECONDS)).get(10, TimeUnit.SECONDS));
            s.assertInvariants();
        } finally {
            assertTimeoutPreemptively(Duration.ofSeconds(30), s::close);
        }
        assertEquals(List.of(), port.violations());
    }

    /** Finding 3: an M goes on the idle list once; a second put would corrupt the list. */
    @Test
    void anMIsPutOnTheIdleListOnlyOnce() {
        JavaThreadsPort port = new JavaThreadsPort();
        Sched s = sched("idle-twice", port, RuntimeConfig.builder().detectDeadlocks(false));
        try {
            M m = new M(s, 1, StackPolicy.OS, s.blocks.take());
            IdleList idle = new IdleList();
            idle.put(m);
            assertThrows(IllegalStateException.class, () -> idle.put(m));
            assertEquals(1, idle.size());
        } finally {
            s.close();
        }
    }
}
