package org.threadrt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.threadrt.RuntimeConfig;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadRuntime;
import org.threadrt.ffm.FfmPort;
import org.threadrt.workloads.IdleRss;

/**
 * An idle M gives back the dead part of its stack (issue 15, docs/DESIGN.md "Memory per idle M"): real
 * threads, the kernel's own count of resident pages ({@code Rss} of each thread's stack mapping in
 * /proc/self/smaps). Each M's first task recurses deep, so its stack has hundreds of KiB resident below
 * the frames it idles in; a Java thread that runs the same recursion and parks is the anchor that proves
 * the recursion was deep. Before the release existed the Ms held as much as the anchor (340 KiB each). The
 * limit leaves room for the 20-page shadow zone that a still-interpreted sleep path touches again after the
 * release (docs/DESIGN.md), so this test proves the deep dead stack is given back, not the shadow zone.
 */
@EnabledOnOs(OS.LINUX)
class IdleStackReleaseTest {
    static final long STACK = 2L << 20;
    static final int DEPTH = 8_000;
    static final int THREADS = 16;

    /** Recursion whose frames cannot be folded into a loop: each level adds after the call returns. */
    static long deep(int n, long a, long b, long c) {
        return n == 0 ? a + b + c : deep(n - 1, b, c, a + 1) + (a ^ n);
    }

    /** deep(n) on a thread with a stack as big as the Ms' (the test's own thread may have less). */
    static long expected(int n) throws InterruptedException {
        long[] result = new long[1];
        Thread t = new Thread(null, () -> result[0] = deep(n, 1, 2, 3), "expected", STACK);
        t.start();
        t.join();
        return result[0];
    }

    @ParameterizedTest
    @EnumSource(value = StackPolicy.class, names = {"OS", "RUNTIME"})
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void anIdleMHoldsNoneOfTheStackItsFirstTaskUsed(StackPolicy policy) throws Exception {
        long want = expected(DEPTH);
        // What an idle M may still hold: the frames it sleeps in and HotSpot's shadow zone (20 pages, which a
        // still-interpreted sleep path touches again), with room to spare; at least 40 pages where pages are big.
        long limitKib = Math.max(160, 40 * new FfmPort().pageSize() / 1024);
        long anchorKib = javaThreadsAfterRecursion();
        RuntimeConfig config = RuntimeConfig.builder().stackPolicy(policy).stackSize(STACK).maxThreads(THREADS)
                .idleTimeout(Duration.ofMinutes(5)).stackCacheSize(0).build();
        try (ThreadRuntime rt = ThreadRuntime.start(config)) {
            Set<Long> selves = ConcurrentHashMap.newKeySet();
            CountDownLatch all = new CountDownLatch(THREADS);
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                results.add(rt.submit(() -> {
                    selves.add(IdleRss.pthreadSelf());
                    long r = deep(DEPTH, 1, 2, 3);
                    all.countDown();
                    all.await(); // all THREADS Ms exist at once
                    return r;
                }));
            }
            for (Future<Long> f : results) {
                assertEquals(want, f.get(1, TimeUnit.MINUTES));
            }
            awaitIdle(rt, THREADS);
            assertEquals(THREADS, selves.size());
            // An M is on the idle list just before it releases and sleeps: wait (bounded) for the release.
            long mKib = IdleRss.stackRssKib(selves) / THREADS;
            for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); mKib > limitKib && System.nanoTime() < end; ) {
                Thread.sleep(10);
                mKib = IdleRss.stackRssKib(selves) / THREADS;
            }
            assertTrue(anchorKib >= 256, "the recursion must reach deep for the test to mean anything: a parked "
                    + "Java thread held " + anchorKib + " KiB of stack after it");
            System.out.printf("IdleStackReleaseTest %s: idle M %d KiB of stack, parked Java thread %d KiB%n",
                    policy, mKib, anchorKib);
            assertTrue(mKib <= limitKib, policy + ": an idle M holds " + mKib + " KiB of stack after a task that used "
                    + "as much as a Java thread's " + anchorKib + " KiB; the dead part should have been released");

            // Nothing live was lost: the released Ms run the deep task again, and again, with the right result.
            for (int round = 0; round < 3; round++) {
                List<Future<Long>> again = new ArrayList<>();
                for (int i = 0; i < THREADS * 4; i++) {
                    again.add(rt.submit(() -> deep(DEPTH, 1, 2, 3)));
                }
                for (Future<Long> f : again) {
                    assertEquals(want, f.get(1, TimeUnit.MINUTES));
                }
            }
            assertEquals(THREADS, rt.stats().threadsStarted(), "no M died and was replaced: " + rt.stats());
        }
    }

    private static long javaThreadsAfterRecursion() throws Exception {
        Set<Long> selves = ConcurrentHashMap.newKeySet();
        CountDownLatch ran = new CountDownLatch(THREADS);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Thread t = new Thread(null, () -> {
                selves.add(IdleRss.pthreadSelf());
                deep(DEPTH, 1, 2, 3);
                ran.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "anchor-" + i, STACK);
            t.start();
            threads.add(t);
        }
        ran.await();
        Thread.sleep(20);
        long kib = IdleRss.stackRssKib(selves) / THREADS;
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return kib;
    }

    private static void awaitIdle(ThreadRuntime rt, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (rt.stats().nmidle() < n) {
            assertTrue(System.nanoTime() < deadline, "Ms did not go idle: " + rt.stats());
            Thread.sleep(1);
        }
    }
}
