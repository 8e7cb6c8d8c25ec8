package org.threadrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.RuntimeConfig;
import org.threadrt.testing.JavaThreadsPort;

/**
 * A burst of submits to a runtime with many idle Ms (issue 15's finding: with 16 idle Ms, batch dispatch ran
 * 7x slower than a ThreadPoolExecutor, because every submit woke another sleeping M for one task). Now at most
 * one wake of an idle M is in flight ({@link Sched#waking}); the Ms that are awake drain the queue and each M
 * that takes a G wakes the next idle M for what is still queued. Checked by state, not time: after every
 * submit, under sched.lock, at most one M holds a handed G it has not taken yet, and the invariants hold
 * (among them: queued Gs and idle Ms never coexist without a wake in flight); and with no further submit
 * every task of the burst runs and every M is idle again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WakeChainTest {
    static final int MS = 16;
    static final int BURST = 2_000;

    @Test
    void aBurstWakesIdleMsOneAtATimeAndLeavesNothingQueued() throws Exception {
        Sched s = new Sched(RuntimeConfig.builder().name("wake-chain").maxThreads(MS).idleTimeout(Duration.ofMinutes(5))
                .build(), new JavaThreadsPort(), getClass().getClassLoader());
        try {
            // MS Ms, all alive at once, then idle.
            CountDownLatch all = new CountDownLatch(MS);
            for (int i = 0; i < MS; i++) {
                s.submit(() -> {
                    all.countDown();
                    try {
                        all.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            awaitIdle(s, MS);

            AtomicInteger ran = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(BURST);
            int maxInFlight = 0;
            for (int i = 0; i < BURST; i++) {
                s.submit(() -> {
                    ran.incrementAndGet();
                    done.countDown();
                });
                maxInFlight = Math.max(maxInFlight, handedNotTaken(s));
                s.assertInvariants();
            }
            assertTrue(maxInFlight <= 1, "at most one idle M woken at a time, saw " + maxInFlight);
            assertTrue(done.await(30, TimeUnit.SECONDS), "every task of the burst ran without another submit: "
                    + ran.get() + " of " + BURST + ", " + s.stats());
            awaitIdle(s, MS);
            s.assertInvariants();
            assertEquals(MS, s.stats().threadsStarted(), "the burst started no M: " + s.stats());
        } finally {
            s.shutdown();
            assertTrue(s.awaitTermination(30, TimeUnit.SECONDS));
            s.close();
        }
    }

    /** Ms that were handed a G (by a submit or a chain step) and have not taken it yet. */
    private static int handedNotTaken(Sched s) {
        s.lock.lock();
        try {
            int n = 0;
            for (M m = s.allm; m != null; m = m.alllink) {
                if (m.nextg != null) {
                    n++;
                }
            }
            return n;
        } finally {
            s.lock.unlock();
        }
    }

    private static void awaitIdle(Sched s, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (s.stats().nmidle() < n || s.stats().nmrunning() > 0) {
            assertTrue(System.nanoTime() < deadline, "Ms did not go idle: " + s.stats());
            Thread.sleep(1);
        }
    }
}
