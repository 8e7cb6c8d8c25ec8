package org.threadrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.spi.Port;

/**
 * Lifetimes and shutdown (issue 11), against any {@link Port}: words handed to C, shutdownNow and close
 * at their edges, deadlines, virtual threads. Each test failed before its fix; the comment says how.
 * The FFM port's tests extend this class too.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
public abstract class LifetimeContractTest {

    protected abstract Port port();

    protected abstract StackPolicy policy();

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
    void closeAll() {
        for (ThreadRuntime rt : runtimes) {
            rt.shutdownNow();
            rt.close();
            rt.checkInvariants();
        }
    }

    private static void gcUntil(java.util.function.BooleanSupplier done, int rounds) throws InterruptedException {
        for (int i = 0; i < rounds && !done.getAsBoolean(); i++) {
            System.gc();
            Thread.sleep(20);
        }
    }

    // ---- words handed to C

    /** Before: the word came from Arena.ofAuto() and was freed once the RuntimeLock was unreachable. */
    @Test
    void aNewLockWordStaysAllocatedUntilCloseHoweverTheLockIsDropped() throws Exception {
        ThreadRuntime rt = start(RuntimeConfig.builder().name("words"));
        MemorySegment lockWord = rt.newLock().word();
        MemorySegment noteWord = rt.newNote().word();
        WeakReference<MemorySegment.Scope> lockScope = new WeakReference<>(lockWord.scope());
        WeakReference<MemorySegment.Scope> noteScope = new WeakReference<>(noteWord.scope());
        long lockAddress = lockWord.address();
        lockWord = null; // what C keeps is the address, nothing Java can see
        noteWord = null;
        gcUntil(() -> lockScope.get() == null, 30);
        assertNotNull(lockScope.get(), "the lock word's memory owner was collected: the word is freed while C may use it");
        assertNotNull(noteScope.get(), "the note word's memory owner was collected");
        assertTrue(lockScope.get().isAlive() && noteScope.get().isAlive());
        // C's view: lock and unlock the same address through a lock over it, as trt_lock would.
        RuntimeLock fromC = RuntimeLock.over(MemorySegment.ofAddress(lockAddress).reinterpret(4), port);
        fromC.lock();
        fromC.unlock();

        RuntimeLock lock = rt.newLock();
        rt.close();
        assertFalse(lock.word().scope().isAlive(), "close() frees the runtime's words");
        assertThrows(IllegalStateException.class, lock::lock, "a lock used after close throws, never touches freed memory");
        IllegalStateException e = assertThrows(IllegalStateException.class, rt::newLock);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, rt::newNote);
    }

    @Test
    void aLockOrNoteOnTheCallersArenaLivesAsLongAsTheArena() {
        ThreadRuntime rt = start(RuntimeConfig.builder().name("arena-words"));
        Arena arena = Arena.ofConfined();
        RuntimeLock lock = rt.newLock(arena);
        Note note = rt.newNote(arena);
        assertEquals(arena.scope(), lock.word().scope());
        assertEquals(arena.scope(), note.word().scope());
        lock.lock();
        lock.unlock();
        note.wakeup();
        assertTrue(note.isWoken());
        arena.close();
        assertThrows(IllegalStateException.class, lock::lock);
        assertThrows(IllegalStateException.class, () -> rt.newLock(arena));
    }

    // ---- shutdownNow

    /**
     * Before: tasks already handed to a starting or idle M were neither returned nor interrupted (35 of 50
     * on the FFM port); they ran to their end, awaitTermination timed out and close hung.
     */
    @Test
    void shutdownNowRightAfterSubmitReturnsOrInterruptsEveryTask() throws Exception {
        for (int round = 0; round < 20; round++) {
            ThreadRuntime rt = start(RuntimeConfig.builder().name("now-" + round).maxThreads(8));
            int n = 50;
            AtomicInteger started = new AtomicInteger();
            AtomicInteger interrupted = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(rt.submit(() -> {
                    started.incrementAndGet();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                    }
                }));
            }
            List<Runnable> dropped = rt.shutdownNow();
            assertTrue(rt.awaitTermination(Duration.ofSeconds(20)), () -> "round " + rt.config().name()
                    + ": not terminated; started " + started + ", interrupted " + interrupted + ", returned "
                    + dropped.size() + ", " + rt.stats());
            assertEquals(n, dropped.size() + started.get(), "every task was either returned or started");
            assertEquals(started.get(), interrupted.get(), "every started task saw shutdownNow's interrupt");
            Set<Object> returned = new HashSet<>(dropped);
            for (Future<?> f : futures) {
                assertTrue(f.isDone(), "every future ended");
                if (returned.contains(f)) {
                    assertTrue(f.isCancelled(), "a returned task's future is cancelled");
                }
            }
            rt.close();
        }
    }

    /** Before: futures of queued tasks dropped by shutdownNow never completed; get() waited forever. */
    @Test
    void futuresOfTasksDroppedByShutdownNowAreCancelled() throws Exception {
        ThreadRuntime rt = start(RuntimeConfig.builder().name("dropped").maxThreads(1));
        CountDownLatch running = new CountDownLatch(1);
        Future<?> blocker = rt.submit(() -> {
            running.countDown();
            Thread.sleep(60_000);
            return null;
        });
        running.await();
        Future<String> queued = rt.submit(() -> "never");
        List<Runnable> dropped = rt.shutdownNow();
        assertEquals(1, dropped.size());
        assertThrows(CancellationException.class, () -> queued.get(5, TimeUnit.SECONDS));
        ExecutionException e = assertThrows(ExecutionException.class, () -> blocker.get(20, TimeUnit.SECONDS));
        assertInstanceOf(InterruptedException.class, e.getCause());
    }

    /** Before: an interrupted close() dropped the queued tasks without completing their futures. */
    @Test
    void anInterruptedCloseCancelsTheQueuedFutures() throws Exception {
        ThreadRuntime rt = start(RuntimeConfig.builder().name("close-interrupted").maxThreads(1));
        CountDownLatch running = new CountDownLatch(1);
        rt.submit(() -> {
            running.countDown();
            Thread.sleep(60_000);
            return null;
        });
        running.await();
        Future<String> queued = rt.submit(() -> "never");
        Thread closer = Thread.ofPlatform().start(rt::close);
        Thread.sleep(100);
        closer.interrupt();
        closer.join(20_000);
        assertFalse(closer.isAlive(), "close returned after the interrupt");
        assertThrows(CancellationException.class, () -> queued.get(5, TimeUnit.SECONDS));
        assertTrue(rt.isTerminated());
    }

    // ---- close

    /** Before: close() from a task waited for that task, for ever. */
    @Test
    void closeFromOneOfItsOwnTasksIsRefused() throws Exception {
        ThreadRuntime rt = start(RuntimeConfig.builder().name("self-close"));
        Future<?> f = rt.submit(() -> {
            rt.close();
            return null;
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        IllegalStateException ise = assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(ise.getMessage().contains("shutdown()"), ise.getMessage());
        assertFalse(rt.isShutdown(), "a refused close changes nothing");
        assertEquals("still works", rt.submit(() -> "still works").get(10, TimeUnit.SECONDS));
        ExecutorService es = rt.asExecutorService();
        Future<?> g = es.submit(() -> {
            es.close();
            return null;
        });
        assertInstanceOf(IllegalStateException.class,
                assertThrows(ExecutionException.class, () -> g.get(10, TimeUnit.SECONDS)).getCause());
    }

    // ---- deadlines

    /** Before: the deadline System.nanoTime() + Long.MIN_VALUE overflowed and the wait never ended. */
    @Test
    void awaitTerminationWithExtremeTimeoutsNeverOverflows() throws Exception {
        ThreadRuntime rt = start(RuntimeConfig.builder().name("deadlines"));
        ExecutorService es = rt.asExecutorService();
        rt.submit(() -> "warm").get();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertFalse(es.awaitTermination(Long.MIN_VALUE, TimeUnit.NANOSECONDS));
            assertFalse(es.awaitTermination(Long.MIN_VALUE, TimeUnit.DAYS));
            assertFalse(es.awaitTermination(0, TimeUnit.SECONDS));
            assertFalse(rt.awaitTermination(Duration.ofSeconds(Long.MIN_VALUE)));
        });
        rt.shutdown();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertTrue(es.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS));
            assertTrue(rt.awaitTermination(Duration.ofSeconds(Long.MAX_VALUE)));
            assertTrue(es.awaitTermination(Long.MIN_VALUE, TimeUnit.NANOSECONDS), "terminated: true at once");
        });
    }

    @Test
    void awaitTerminationOnAnInterruptedThreadThrows() {
        ThreadRuntime rt = start(RuntimeConfig.builder().name("await-interrupted"));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> rt.asExecutorService().awaitTermination(1, TimeUnit.SECONDS));
        assertFalse(Thread.interrupted());
    }

    // ---- the ExecutorService contract, as JSR-166's TCK (AbstractExecutorServiceTest, ExecutorsTest) checks it

    @Test
    void tckInvokeAnyAndInvokeAllRejectBadInput() throws Exception {
        ExecutorService es = start(RuntimeConfig.builder().name("tck-input")).asExecutorService();
        assertThrows(NullPointerException.class, () -> es.invokeAny(null));
        assertThrows(IllegalArgumentException.class, () -> es.invokeAny(new ArrayList<java.util.concurrent.Callable<String>>()));
        CountDownLatch release = new CountDownLatch(1);
        List<java.util.concurrent.Callable<String>> withNull = new ArrayList<>();
        withNull.add(() -> { // as the TCK's latchAwaitingStringTask: still running when the null is reached
            release.await();
            return "a";
        });
        withNull.add(null);
        assertThrows(NullPointerException.class, () -> es.invokeAny(withNull));
        release.countDown();
        assertThrows(NullPointerException.class, () -> es.invokeAll(withNull));
        assertThrows(NullPointerException.class, () -> es.invokeAll(null));
        assertTrue(es.invokeAll(new ArrayList<java.util.concurrent.Callable<String>>()).isEmpty());
        assertThrows(NullPointerException.class, () -> es.submit((Runnable) null));
        assertThrows(NullPointerException.class, () -> es.submit((java.util.concurrent.Callable<String>) null));
        assertThrows(NullPointerException.class, () -> es.execute(null));
        assertThrows(NullPointerException.class, () -> es.invokeAny(List.of(() -> "a"), 1, null));
    }

    @Test
    void tckInvokeAnyWhenEveryTaskFailsThrowsExecutionException() {
        ExecutorService es = start(RuntimeConfig.builder().name("tck-fail")).asExecutorService();
        List<java.util.concurrent.Callable<String>> failing = List.of(
                () -> { throw new ArithmeticException("one"); },
                () -> { throw new ArithmeticException("two"); });
        ExecutionException e = assertThrows(ExecutionException.class, () -> es.invokeAny(failing));
        assertInstanceOf(ArithmeticException.class, e.getCause());
        e = assertThrows(ExecutionException.class, () -> es.invokeAny(failing, 10, TimeUnit.SECONDS));
        assertInstanceOf(ArithmeticException.class, e.getCause());
    }

    @Test
    void tckTimedInvokeAllCancelsWhatDidNotFinishAndTimedInvokeAnyTimesOut() throws Exception {
        ExecutorService es = start(RuntimeConfig.builder().name("tck-timed").maxThreads(2)).asExecutorService();
        java.util.concurrent.Callable<String> slow = () -> {
            Thread.sleep(60_000);
            return "slow";
        };
        List<Future<String>> fs = es.invokeAll(List.of(() -> "fast", slow), 300, TimeUnit.MILLISECONDS);
        assertEquals(2, fs.size());
        assertEquals("fast", fs.get(0).get());
        assertTrue(fs.get(1).isCancelled(), "the task still running at the deadline is cancelled");
        assertThrows(TimeoutException.class, () -> es.invokeAny(List.of(slow), 200, TimeUnit.MILLISECONDS));
        // Negative and zero timeouts: done at once, never an overflow.
        List<Future<String>> none = es.invokeAll(List.of(slow), Long.MIN_VALUE, TimeUnit.NANOSECONDS);
        assertTrue(none.get(0).isCancelled());
        assertThrows(TimeoutException.class, () -> es.invokeAny(List.of(slow), Long.MIN_VALUE, TimeUnit.NANOSECONDS));
    }

    @Test
    void tckAfterShutdownEverySubmissionIsRejectedAndCloseIsIdempotent() throws Exception {
        ExecutorService es = start(RuntimeConfig.builder().name("tck-shutdown")).asExecutorService();
        es.shutdown();
        assertTrue(es.isShutdown());
        assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> es.execute(() -> { }));
        assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> es.submit(() -> "x"));
        assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> es.invokeAll(List.of(() -> "x")));
        assertTrue(es.awaitTermination(20, TimeUnit.SECONDS));
        assertTrue(es.isTerminated());
        es.close();
        es.close();
        assertTrue(es.shutdownNow().isEmpty());
    }

    // ---- virtual threads

    /**
     * Before: a virtual thread waited inside the futex downcall, pinning its carrier; with as many waiters
     * as carriers the holder, unmounted in Thread.sleep, never ran again (on the FFM port: a hang).
     */
    @Test
    void virtualThreadsWaitingOnALockOrNoteNeverStarveTheHolder() throws Exception {
        ThreadRuntime rt = start(RuntimeConfig.builder().name("virtual"));
        RuntimeLock lock = rt.newLock();
        Note note = rt.newNote();
        int waiters = Runtime.getRuntime().availableProcessors() * 2 + 2;
        AtomicInteger counter = new AtomicInteger();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            CountDownLatch held = new CountDownLatch(1);
            Thread holder = Thread.ofVirtual().start(() -> {
                lock.lock();
                held.countDown();
                try {
                    Thread.sleep(200); // unmounts; needs a carrier back to unlock
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    lock.unlock();
                }
            });
            held.await();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < waiters; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    lock.lock();
                    try {
                        counter.incrementAndGet();
                    } finally {
                        lock.unlock();
                    }
                    note.sleep();
                }));
            }
            holder.join();
            while (counter.get() < waiters) {
                Thread.sleep(5);
            }
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                note.wakeup();
            }).join();
            for (Thread t : threads) {
                t.join();
            }
        }, "virtual waiters pinned their carriers: the holder could not run");
        assertEquals(waiters, counter.get());
        assertFalse(lock.isLocked());
        assertEquals(0, lock.word().get(java.lang.foreign.ValueLayout.JAVA_INT, 0) >>> 1,
                "no wake demand left on the word");
        try {
            rt.submit(() -> "after").get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the runtime stopped working", e);
        }
    }
}
