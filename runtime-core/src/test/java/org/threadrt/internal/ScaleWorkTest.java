package org.threadrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.RuntimeConfig;
import org.threadrt.StackPolicy;
import org.threadrt.testing.Await;
import org.threadrt.testing.JavaThreadsPort;

/**
 * Issue 15: the scheduler's cost per cycle does not depend on how many Ms are alive. Counts work, not time:
 * {@link Sched#cycleWalkNodes} is every list node a walk visited on a cycle's path (the freem walk, the stack
 * cache, a BARE join's reap, checkdead), and it must grow by the same amount for the same cycles with
 * {@value #FEW} and with {@value #MANY} other live Ms (blocked in a Java latch, so that they hold their Ms
 * without counting as blocked in runtime sync). The BARE reaper's scan, the one walk over every live BARE M,
 * counts in {@link Sched#backgroundWalkNodes} and is bounded by the clock: at most one scan per
 * {@link BareMs#SCAN_INTERVAL_NANOS}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScaleWorkTest {
    static final int FEW = 10;
    static final int MANY = 2_000;
    /** Cycles measured per case. */
    static final int CYCLES = 100;

    final JavaThreadsPort port = new JavaThreadsPort();

    Sched sched(String name, StackPolicy policy, int maxThreads) {
        return new Sched(RuntimeConfig.builder().name(name).stackPolicy(policy).maxThreads(maxThreads).build(), port,
                getClass().getClassLoader());
    }

    static long cycleWork(Sched s) {
        s.lock.lock();
        try {
            return s.cycleWalkNodes;
        } finally {
            s.lock.unlock();
        }
    }

    static long backgroundWork(Sched s) {
        s.lock.lock();
        try {
            return s.backgroundWalkNodes;
        } finally {
            s.lock.unlock();
        }
    }

    static GFuture<Object> submit(Sched s, Runnable r) {
        GFuture<Object> f = new GFuture<>(r, null);
        s.submit(f);
        return f;
    }

    /** {@code live} task Ms running tasks that wait on {@code release}; returns once all of them run. */
    static void blockTaskMs(Sched s, int live, CountDownLatch release) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(live);
        for (int i = 0; i < live; i++) {
            submit(s, () -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertTrue(running.await(60, TimeUnit.SECONDS), "the blocked tasks started");
    }

    /** Work of CYCLES locked-task cycles (create an M, run a task that locks it, the M exits) beside {@code live} Ms. */
    long lockedTaskChurnWork(int live) throws Exception {
        Sched s = sched("churn-" + live, StackPolicy.RUNTIME, live + 4);
        CountDownLatch release = new CountDownLatch(1);
        try {
            blockTaskMs(s, live, release);
            submit(s, CurrentM::lockOSThread).get(); // warm: the stack cache and freem in their steady state
            long before = cycleWork(s);
            for (int i = 0; i < CYCLES; i++) {
                submit(s, CurrentM::lockOSThread).get();
            }
            long work = cycleWork(s) - before;
            s.assertInvariants();
            return work;
        } finally {
            release.countDown();
            s.close();
        }
    }

    /** Work of CYCLES dispatches of a tiny task to an idle M beside {@code live} Ms. */
    long dispatchWork(int live) throws Exception {
        Sched s = sched("dispatch-" + live, StackPolicy.OS, live + 1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            blockTaskMs(s, live, release);
            submit(s, () -> { }).get(); // the one free slot now holds an idle M
            Await.until(() -> s.stats().nmidle() == 1, Duration.ofSeconds(30), () -> "the M idles");
            long before = cycleWork(s);
            for (int i = 0; i < CYCLES; i++) {
                submit(s, () -> { }).get();
            }
            long work = cycleWork(s) - before;
            assertEquals(live + 1, s.stats().mcount(), "no M was started or lost");
            return work;
        } finally {
            release.countDown();
            s.close();
        }
    }

    /** Work of CYCLES BARE starts, each joined, beside {@code live} BARE Ms; checks the reaper's scan bound too. */
    long bareJoinChurnWork(int live) throws Exception {
        Sched s = sched("bare-" + live, StackPolicy.OS, 4);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(live);
        MemorySegment arg = Arena.global().allocate(8);
        MemorySegment blocked = port.bareFunction(() -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        MemorySegment quick = port.bareFunction(() -> { });
        List<M> longLived = new ArrayList<>();
        try {
            for (int i = 0; i < live; i++) {
                longLived.add(s.startBare(blocked, arg));
            }
            assertTrue(running.await(60, TimeUnit.SECONDS), "the blocked BARE Ms run");
            s.awaitBare(s.startBare(quick, arg));
            long before = cycleWork(s);
            long backgroundBefore = backgroundWork(s);
            long t0 = System.nanoTime();
            for (int i = 0; i < CYCLES; i++) {
                s.awaitBare(s.startBare(quick, arg));
            }
            long work = cycleWork(s) - before;
            long elapsed = System.nanoTime() - t0;
            long background = backgroundWork(s) - backgroundBefore;
            // Not a timing assertion: the scan is allowed once per interval, so its work is bounded by the
            // clock read here, whatever the machine's speed (+2: a scan at each end of the window).
            long scans = elapsed / BareMs.SCAN_INTERVAL_NANOS + 2;
            assertTrue(background <= scans * (live + 2), "the BARE reaper scanned " + background + " nodes in "
                    + elapsed / 1000 + " µs, more than " + scans + " scans of " + (live + 2) + " Ms");
            assertEquals(live, s.stats().nbare(), "the long-lived BARE Ms are still counted");
            return work;
        } finally {
            release.countDown();
            for (M m : longLived) {
                s.awaitBare(m);
            }
            s.close();
        }
    }

    static void assertFlat(String what, long few, long many) {
        System.out.println("ScaleWorkTest " + what + ": " + CYCLES + " cycles visited " + few + " list nodes beside " + FEW
                + " live Ms, " + many + " beside " + MANY);
        // The same cycles must do the same work; a slack of 4 nodes per cycle absorbs freem's timing (a
        // thread seen gone one walk later), which does not depend on the number of live Ms.
        assertTrue(many <= few + 4L * CYCLES, what + ": " + CYCLES + " cycles visited " + few + " list nodes beside "
                + FEW + " live Ms but " + many + " beside " + MANY);
    }

    @Test
    void lockedTaskChurnDoesNotWalkTheLiveMs() throws Exception {
        assertFlat("locked-task churn", lockedTaskChurnWork(FEW), lockedTaskChurnWork(MANY));
    }

    @Test
    void dispatchToAnIdleMDoesNotWalkTheLiveMs() throws Exception {
        assertFlat("dispatch", dispatchWork(FEW), dispatchWork(MANY));
    }

    @Test
    void aJoinedBareMIsReapedWithoutWalkingTheLiveBareMs() throws Exception {
        assertFlat("BARE join churn", bareJoinChurnWork(FEW), bareJoinChurnWork(MANY));
    }
}
