package org.threadrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.spi.Port;
import org.threadrt.testing.Await;

/**
 * The runtime's behaviour, against any {@link Port}: subclasses give the port and the stack policy. The
 * FFM port's tests extend this class too.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class RuntimeContractTest {

    /** A fresh port (may be shared; the tests do not assume it is fresh). */
    protected abstract Port port();

    /** The stack policy of task Ms under test. */
    protected abstract StackPolicy policy();

    /** Checks done after each test on the port (e.g. no stack left mapped); default none. */
    protected void afterClose(Port port) {
    }

    private final List<ThreadRuntime> runtimes = new ArrayList<>();
    private Port port;

    protected ThreadRuntime start(RuntimeConfig.Builder builder) {
        if (port == null) {
            port = port();
        }
        ThreadRuntime rt = ThreadRuntime.start(builder.stackPolicy(policy()).stackSize(256 * 1024).build(), port);
        runtimes.add(rt);
        return rt;
    }

    @AfterEach
    void closeAll() throws InterruptedException {
        for (ThreadRuntime rt : runtimes) {
            rt.shutdown();
            if (!rt.awaitTermination(Duration.ofSeconds(20))) {
                rt.shutdownNow(); // a failed test left a task blocked: do not hang in close()
                rt.close();
                fail("tasks still running 20 s after shutdown: " + rt.stats());
            }
            rt.close();
            RuntimeStats s = rt.stats();
            assertEquals(0, s.mcount(), () -> "Ms alive after close: " + s);
            assertEquals(0, s.freemLength(), () -> "freem not reaped after close: " + s);
            assertEquals(s.stacksMapped(), s.stacksUnmapped(), () -> "stacks left mapped after close: " + s);
            rt.checkInvariants();
        }
        if (port != null) {
            afterClose(port);
        }
    }

    private static long tid() {
        return ThreadRuntime.currentM().orElseThrow().tid();
    }

    private static void awaitIdle(ThreadRuntime rt, int n) {
        Await.until(() -> rt.stats().nmidle() >= n, Duration.ofSeconds(10), () -> "idle Ms: " + rt.stats());
    }

    @Test
    void runsTasksOnNamedMs() throws Exception {
        ThreadRuntime rt = start(RuntimeConfig.builder());
        MInfo info = rt.submit(() -> ThreadRuntime.currentM().orElseThrow()).get();
        assertEquals(policy(), info.stackPolicy());
        assertFalse(info.extra());
        assertTrue(info.id() >= 1);
        String name = rt.submit(() -> Thread.currentThread().getName()).get();
        assertTrue(name.matches("threadrt-\\d+-M\\d+"), "the default pattern {runtime}-{seq}-M{m}: " + name);
        ClassLoader ccl = rt.submit(() -> Thread.currentThread().getContextClassLoader()).get();
        assertEquals(Thread.currentThread().getContextClassLoader(), ccl);
        assertTrue(ThreadRuntime.currentM().isEmpty(), "the test thread is not an M");
    }

    @Test
    void lockOSThreadOutsideAnMIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, ThreadRuntime::lockOSThread);
        assertTrue(e.getMessage().contains("not a threadrt M"), e.getMessage());
        assertThrows(IllegalStateException.class, ThreadRuntime::unlockOSThread);
    }

    @Test
    void mcountInvariantHoldsUnderChurn() throws Exception {
        ThreadRuntime rt = start(RuntimeConfig.builder().maxThreads(6).idleTimeout(Duration.ofMillis(5)));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> broken = new AtomicReference<>();
        Thread checker = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                try {
                    rt.checkInvariants();
                    RuntimeStats s = rt.stats();
                    if (s.mcount() != s.mnext() - s.nmfreed() || s.mcount() > 6) {
                        throw new AssertionError("stats: " + s);
                    }
                } catch (Throwable t) {
                    broken.compareAndSet(null, t);
                }
                Thread.onSpinWait();
            }
        });
        int submitters = 3;
        int perSubmitter = 600;
        List<Future<?>> futures = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(submitters);
        for (int s = 0; s < submitters; s++) {
            Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perSubmitter; i++) {
                    final int n = i;
                    futures.add(rt.submit(() -> {
                        if (n % 3 == 0) {
                            ThreadRuntime.lockOSThread(); // the M exits after this task
                        }
                        if (n % 50 == 0) {
                            Thread.sleep(6); // lets other Ms idle out meanwhile
                        }
                        return null;
                    }));
                    if (i % 100 == 0) {
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                done.countDown();
            });
        }
        done.await();
        for (Future<?> f : futures) {
            f.get();
        }
        stop.set(true);
        checker.join();
        if (broken.get() != null) {
            throw new AssertionError("invariant broken under churn", broken.get());
        }
        // A future completes a moment before its M counts the task.
        Await.until(() -> rt.stats().tasksCompleted() == submitters * perSubmitter, Duration.ofSeconds(10),
                () -> rt.stats().toString());
        RuntimeStats s = rt.stats();
        assertTrue(s.lockedExits() >= submitters * perSubmitter / 3, s::toString);
        rt.close();
        RuntimeStats after = rt.stats();
        assertEquals(after.mnext(), after.nmfreed(), after::toString);
        assertEquals(0, after.mcount());
    }

    @Test
    void lockedThreadIsNeverReusedEvenWhenExitRacesWithSubmissions() throws Exception {
        ThreadRuntime rt = start(RuntimeConfig.builder().maxThreads(4).idleTimeout(Duration.ofSeconds(5)));
        record Run(long tid, long start, long end, boolean locked) {
        }
        AtomicLong clock = new AtomicLong();
        ConcurrentLinkedQueue<Run> runs = new ConcurrentLinkedQueue<>();
        int submitters = 4;
        int perSubmitter = 150;
        List<Future<?>> futures = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < submitters; s++) {
            final int sub = s;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perSubmitter; i++) {
                    boolean locked = (i + sub) % 2 == 0;
                    futures.add(rt.submit(() -> {
                        long start = clock.incrementAndGet();
                        long tid = tid();
                        if (locked) {
                            ThreadRuntime.lockOSThread();
                            ThreadRuntime.lockOSThread();
                            ThreadRuntime.unlockOSThread(); // still locked once: counted, like Go
                        }
                        runs.add(new Run(tid, start, clock.incrementAndGet(), locked));
                    }));
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        for (Future<?> f : futures) {
            f.get();
        }
        int lockedCount = 0;
        for (Run l : runs) {
            if (!l.locked()) {
                continue;
            }
            lockedCount++;
            for (Run r : runs) {
                if (r != l && r.tid() == l.tid() && r.start() > l.end()) {
                    fail("tid " + l.tid() + " ran a locked task (ended at " + l.end() + ") and later another task "
                            + r);
                }
            }
        }
        assertEquals(submitters * perSubmitter / 2, lockedCount);
        Await.until(() -> rt.stats().lockedExits() == submitters * perSubmitter / 2, Duration.ofSeconds(10),
                () -> rt.stats().toString());
    }

    @Test
    void unlockedTaskKeepsItsThread() throws Exception {
        ThreadRuntime rt = start(RuntimeConfig.builder().maxThreads(1));
        long t1 = rt.submit(() -> {
            ThreadRuntime.lockOSThread();
            ThreadRuntime.unlockOSThread();
            ThreadRuntime.unlockOSThread(); // extra unlock is a no-op
            return tid();
        }).get();
        awaitIdle(rt, 1);
        assertEquals(t1, rt.submit(RuntimeContractTest::tid).get());
        assertEquals(0, rt.stats().lockedExits());
    }

    @Test
    void idleMIsReusedBeforeTheTimeoutAndExitsAfterIt() throws Exception {
        Duration idle = Duration.ofMillis(300);
        ThreadRuntime rt = start(RuntimeConfig.builder().idleTimeout(idle));
        long t1 = rt.submit(RuntimeContractTest::tid).get();
        awaitIdle(rt, 1);
        long idleSince = System.nanoTime();
        long t2 = rt.submit(RuntimeContractTest::tid).get();
        assertEquals(t1, t2, "an M idle for less than idleTimeout is reused, thread and all");
        assertEquals(1, rt.stats().mcount());
        awaitIdle(rt, 1);
        idleSince = System.nanoTime();
        Await.until(() -> rt.stats().mcount() == 0, Duration.ofSeconds(10), () -> rt.stats().toString());
        long waited = System.nanoTime() - idleSince;
        assertTrue(waited >= idle.toNanos() - TimeUnit.MILLISECONDS.toNanos(20), "exited after " + waited + " ns");
        assertEquals(1, rt.stats().idleExits());
        long t3 = rt.submit(RuntimeContractTest::tid).get();
        assertNotEquals(t1, t3, "a new M after the idle one exited");
    }

    @Test
    void failingTaskCompletesExceptionallyAndItsMSurvives() throws Exception {
        ThreadRuntime rt = start(RuntimeConfig.builder().maxThreads(1));
        AtomicLong failedOn = new AtomicLong();
        Future<Object> f = rt.submit(() -> {
            failedOn.set(tid());
            throw new IllegalStateException("boom");
        });
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        assertInstanceOf(IllegalStateException.class, e.getCause());
        awaitIdle(rt, 1);
        assertEquals(failedOn.get(), rt.submit(RuntimeContractTest::tid).get());
        rt.execute(() -> {
            throw new Error("an Error in execute()");
        });
        awaitIdle(rt, 1);
        assertEquals(failedOn.get(), rt.submit(RuntimeContractTest::tid).get());
        assertEquals(1, rt.stats().mnext(), "one M did it all");
    }

    @Test
    void queuesBeyondMaxThreads() throws Exception {
        ThreadRuntime rt = start(RuntimeConfig.builder().maxThreads(2));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            fs.add(rt.submit(() -> {
                peak.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                release.await();
                concurrent.decrementAndGet();
                return null;
            }));
        }
        Await.until(() -> rt.stats().runqLength() == 8, Duration.ofSeconds(10), () -> rt.stats().toString());
        assertEquals(2, rt.stats().mcount());
        Await.until(() -> concurrent.get() == 2, Duration.ofSeconds(10), () -> "both Ms run a task");
        release.countDown();
        for (Future<?> f : fs) {
            f.get();
        }
        assertEquals(2, peak.get());
    }

    @Test
    void executorServiceContract() throws Exception {
        ThreadRuntime rt = start(RuntimeConfig.builder().maxThreads(2));
        ExecutorService ex = rt.asExecutorService();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            final int n = i;
            calls.add(() -> n * n);
        }
        List<Future<Integer>> results = ex.invokeAll(calls);
        for (int i = 0; i < 20; i++) {
            assertTrue(results.get(i).isDone());
            assertEquals(i * i, results.get(i).get());
        }
        assertEquals(Integer.valueOf(7), ex.invokeAny(List.<Callable<Integer>>of(() -> 7)));

        // shutdownNow: the running tasks are interrupted, the queued ones returned, never run.
        CountDownLatch running = new CountDownLatch(2);
        List<Future<?>> sleepers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            sleepers.add(ex.submit(() -> {
                running.countDown();
                Thread.sleep(60_000);
                return null;
            }));
        }
        AtomicInteger ranQueued = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            ex.execute(ranQueued::incrementAndGet);
        }
        running.await();
        List<Runnable> dropped = ex.shutdownNow();
        assertEquals(5, dropped.size());
        assertTrue(ex.isShutdown());
        assertThrows(RejectedExecutionException.class, () -> ex.submit(() -> 1));
        assertTrue(ex.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(ex.isTerminated());
        for (Future<?> f : sleepers) {
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            assertInstanceOf(InterruptedException.class, e.getCause());
        }
        assertEquals(0, ranQueued.get());
    }

    @Test
    void shutdownLetsQueuedTasksFinish() throws Exception {
        ThreadRuntime rt = start(RuntimeConfig.builder().maxThreads(1));
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        rt.submit(() -> {
            gate.await();
            return ran.incrementAndGet();
        });
        for (int i = 0; i < 5; i++) {
            rt.execute(ran::incrementAndGet);
        }
        rt.shutdown();
        assertThrows(RejectedExecutionException.class, () -> rt.execute(() -> { }));
        assertFalse(rt.awaitTermination(Duration.ofMillis(50)));
        gate.countDown();
        assertTrue(rt.awaitTermination(Duration.ofSeconds(10)));
        assertEquals(6, ran.get());
        assertTrue(rt.isTerminated());
        assertEquals(0, rt.stats().mcount());
    }

    @Test
    void deadlockOnANoteIsReportedAndDoesNotHang() throws Exception {
        ConcurrentLinkedQueue<DeadlockReport> reports = new ConcurrentLinkedQueue<>();
        ThreadRuntime rt = start(RuntimeConfig.builder().deadlockGrace(Duration.ofMillis(50))
                .deadlockHandler(reports::add));
        Note never = rt.newNote();
        Future<?> f = rt.submit(() -> {
            never.sleep();
            return null;
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
        DeadlockException d = assertInstanceOf(DeadlockException.class, e.getCause());
        assertEquals(1, d.report().waits().size());
        assertEquals("Note.sleep", d.report().waits().get(0).kind());
        assertEquals(1, reports.size());
        assertEquals(1, rt.stats().deadlocksReported());
        assertEquals(0, rt.stats().blockedInSync());
    }

    @Test
    void lockOrderDeadlockIsReportedToBothTasks() throws Exception {
        ConcurrentLinkedQueue<DeadlockReport> reports = new ConcurrentLinkedQueue<>();
        ThreadRuntime rt = start(RuntimeConfig.builder().deadlockGrace(Duration.ofMillis(50))
                .deadlockHandler(reports::add));
        RuntimeLock a = rt.newLock();
        RuntimeLock b = rt.newLock();
        CountDownLatch bothHold = new CountDownLatch(2);
        Callable<Object> ab = () -> {
            a.lock();
            try {
                bothHold.countDown();
                bothHold.await();
                b.lock();
                b.unlock();
            } finally {
                a.unlock();
            }
            return null;
        };
        Callable<Object> ba = () -> {
            b.lock();
            try {
                bothHold.countDown();
                bothHold.await();
                a.lock();
                a.unlock();
            } finally {
                b.unlock();
            }
            return null;
        };
        Future<?> f1 = rt.submit(ab);
        Future<?> f2 = rt.submit(ba);
        // Both waits are declared; one task may still get its lock if the other's unwinding frees it first.
        int deadlocked = 0;
        for (Future<?> f : List.of(f1, f2)) {
            try {
                f.get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertInstanceOf(DeadlockException.class, e.getCause());
                deadlocked++;
            }
        }
        assertTrue(deadlocked >= 1);
        assertEquals(1, reports.size());
        assertEquals(2, reports.peek().waits().size());
        assertFalse(a.isLocked());
        assertFalse(b.isLocked());
    }

    @Test
    void wakeupFromOutsideWithinTheGraceIsNoDeadlock() throws Exception {
        ConcurrentLinkedQueue<DeadlockReport> reports = new ConcurrentLinkedQueue<>();
        ThreadRuntime rt = start(RuntimeConfig.builder().deadlockGrace(Duration.ofSeconds(2))
                .deadlockHandler(reports::add));
        Note note = rt.newNote();
        Future<Boolean> f = rt.submit(() -> {
            note.sleep();
            return true;
        });
        Await.until(() -> rt.stats().blockedInSync() == 1, Duration.ofSeconds(10), () -> rt.stats().toString());
        Thread.sleep(100);
        note.wakeup();
        assertTrue(f.get(10, TimeUnit.SECONDS));
        assertTrue(reports.isEmpty());
    }

    /*
     * The race a zero grace exposed: the holder unlocks and its task ends (checkdead runs with the
     * waiter as the only running task) while the woken waiter has taken the lock but not yet left its
     * wait. The waiter is running, so nothing may be declared. Repeated to hit the window.
     */
    @Test
    void lockHandoffAtTaskEndWithZeroGraceIsNoDeadlock() throws Exception {
        ConcurrentLinkedQueue<DeadlockReport> reports = new ConcurrentLinkedQueue<>();
        ThreadRuntime rt = start(RuntimeConfig.builder().maxThreads(2).deadlockGrace(Duration.ZERO)
                .deadlockHandler(reports::add));
        RuntimeLock lock = rt.newLock();
        for (int i = 0; i < 300; i++) {
            CountDownLatch held = new CountDownLatch(1);
            Future<?> holder = rt.submit(() -> {
                lock.lock();
                held.countDown();
                Await.until(() -> rt.stats().blockedInSync() == 1, Duration.ofSeconds(10), () -> rt.stats().toString());
                lock.unlock();
                return null;
            });
            held.await();
            Future<?> waiter = rt.submit(() -> {
                lock.lock();
                lock.unlock();
                return null;
            });
            holder.get(10, TimeUnit.SECONDS);
            waiter.get(10, TimeUnit.SECONDS);
        }
        assertTrue(reports.isEmpty(), () -> "false deadlock: " + reports.peek());
        assertEquals(0, rt.stats().deadlocksReported());
    }

    @Test
    void taskBlockedOutsideRuntimeSyncIsNoDeadlock() throws Exception {
        ConcurrentLinkedQueue<DeadlockReport> reports = new ConcurrentLinkedQueue<>();
        ThreadRuntime rt = start(RuntimeConfig.builder().deadlockGrace(Duration.ZERO).deadlockHandler(reports::add));
        Note note = rt.newNote();
        CountDownLatch latch = new CountDownLatch(1);
        CountDownLatch wakerRuns = new CountDownLatch(1);
        try {
            // The waker must be an M's task before the sleeper blocks: with a zero grace, a waker that is
            // still outside the runtime would rightly look like nobody.
            Future<?> waker = rt.submit(() -> {
                wakerRuns.countDown();
                latch.await(); // blocked, but not in runtime sync: it counts as running
                note.wakeup();
                return null;
            });
            wakerRuns.await();
            Future<?> sleeper = rt.submit(() -> {
                note.sleep();
                return null;
            });
            Await.until(() -> rt.stats().blockedInSync() == 1, Duration.ofSeconds(10), () -> rt.stats().toString());
            Thread.sleep(50);
            latch.countDown();
            sleeper.get(10, TimeUnit.SECONDS);
            waker.get(10, TimeUnit.SECONDS);
            assertTrue(reports.isEmpty());
        } finally {
            latch.countDown();
        }
    }

    @Test
    void runtimeLockTortureInTasks() throws Exception {
        ThreadRuntime rt = start(RuntimeConfig.builder().maxThreads(8));
        RuntimeLock lock = rt.newLock();
        long[] counter = new long[1];
        int tasks = 8;
        int each = 20_000;
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            fs.add(rt.submit(() -> {
                for (int i = 0; i < each; i++) {
                    lock.lock();
                    counter[0]++;
                    lock.unlock();
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        lock.lock();
        assertEquals((long) tasks * each, counter[0]);
        lock.unlock();
        assertEquals(0, rt.stats().deadlocksReported());
    }

    @Test
    void closeLeavesNoThreadAndNoStack() throws Exception {
        ThreadRuntime rt = start(RuntimeConfig.builder().maxThreads(4).idleTimeout(Duration.ofMinutes(1)));
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            final int n = i;
            fs.add(rt.submit(() -> {
                if (n % 4 == 0) {
                    ThreadRuntime.lockOSThread();
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        rt.close();
        RuntimeStats s = rt.stats();
        assertEquals(0, s.mcount(), s::toString);
        assertEquals(0, s.freemLength(), s::toString);
        assertEquals(0, s.stackCacheSize(), s::toString);
        assertEquals(s.stacksMapped(), s.stacksUnmapped(), s::toString);
        assertEquals(s.threadsStarted(), s.threadsExited(), s::toString);
        assertTrue(rt.isTerminated());
        assertThrows(RejectedExecutionException.class, () -> rt.submit(() -> 1));
    }

    @Test
    void lockedChurnIsFast() throws Exception {
        ThreadRuntime rt = start(RuntimeConfig.builder().maxThreads(4));
        int cycles = 3000;
        List<Future<?>> fs = new ArrayList<>(cycles);
        Set<Long> tids = Collections.synchronizedSet(new HashSet<>());
        for (int i = 0; i < cycles; i++) {
            fs.add(rt.submit(() -> {
                ThreadRuntime.lockOSThread();
                tids.add(tid());
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        assertEquals(cycles, tids.size(), "every locked task had a thread of its own");
        Await.until(() -> rt.stats().lockedExits() == cycles, Duration.ofSeconds(10), () -> rt.stats().toString());
        rt.checkInvariants();
    }
}
