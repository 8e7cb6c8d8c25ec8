package org.threadrt.it;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.threadrt.BareThread;
import org.threadrt.RuntimeConfig;
import org.threadrt.RuntimeLock;
import org.threadrt.RuntimeStats;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadRuntime;
import org.threadrt.ffm.FfmPort;
import org.threadrt.workloads.natives.threadrt_testkit_h;
import org.threadrt.it.OsState.Snapshot;
import org.threadrt.testing.Await;

/**
 * Issue 10: per-thread kernel state a task changes on its locked M never reaches another M (Go's
 * TestLockOSThreadExit, LockOSThreadAvoidsStatePropagation and LockOSThreadTemplateThreadRace, on real
 * kernel state). Every M, task or BARE, must start with the state the thread that called
 * {@code ThreadRuntime.start} had: here the JUnit thread, whose state is {@link #original}.
 *
 * <p>Needs Linux and root; skipped with the reason otherwise.
 */
class TemplateThreadKernelStateTest {
    /** Per-thread states a task can change; each is changed on the calling thread only. */
    enum Taint {
        /** unshare(CLONE_FS) then chdir: a private cwd. */
        FS_CWD,
        /** unshare(CLONE_NEWNS): a private mount namespace. */
        MOUNT_NS,
        /** setns into a network namespace made by the test. */
        NET_NS,
        /** sched_setaffinity to one CPU. */
        AFFINITY,
        /** setpriority on the thread's tid: nice + 5. */
        NICE,
        /** pthread_sigmask(SIG_BLOCK, SIGWINCH). */
        SIGMASK,
        /** the raw setresuid syscall: effective uid nobody on this thread only. */
        CREDS;

        void apply() {
            switch (this) {
                case FS_CWD -> {
                    OsState.unshare(OsState.CLONE_FS);
                    OsState.chdir(tmpDir);
                }
                case MOUNT_NS -> OsState.unshare(OsState.CLONE_NEWNS);
                case NET_NS -> OsState.setns(netnsFd, OsState.CLONE_NEWNET);
                case AFFINITY -> OsState.pinTo(Integer.parseInt(original.cpus().split(",")[0]));
                case NICE -> OsState.setNice(Math.min(19, original.nice() + 5));
                case SIGMASK -> OsState.blockSignal(OsState.SIGWINCH);
                case CREDS -> OsState.setEffectiveUidRaw(OsState.NOBODY);
            }
        }

        /** Whether {@code s} carries this taint (so that a test cannot pass by tainting nothing). */
        boolean shows(Snapshot s) {
            return switch (this) {
                case FS_CWD -> s.cwd().equals(tmpDirReal);
                case MOUNT_NS -> !s.ns().get("mnt").equals(original.ns().get("mnt"));
                case NET_NS -> !s.ns().get("net").equals(original.ns().get("net"));
                case AFFINITY -> !s.cpus().equals(original.cpus());
                case NICE -> s.nice() != original.nice();
                case SIGMASK -> s.sigwinchBlocked();
                case CREDS -> s.uids().equals("0/" + OsState.NOBODY + "/0");
            };
        }

        /** Every taint at once, in an order that keeps the capabilities each needs (credentials last). */
        static void applyAll() {
            for (Taint t : values()) {
                t.apply();
            }
        }
    }

    static Snapshot original;
    static Path tmpDir;
    static String tmpDirReal;
    static int netnsFd = -1;

    @BeforeAll
    static void setUp() throws Exception {
        String why = OsState.unavailable();
        assumeTrue(why == null, why);
        original = OsState.self();
        assertTrue(!original.sigwinchBlocked() && original.uids().equals("0/0/0"), "a clean JUnit thread: " + original);
        tmpDir = Files.createTempDirectory("threadrt-template-");
        tmpDirReal = tmpDir.toRealPath().toString();
        // A network namespace of the test's own: a plain thread unshares one and keeps an fd to it.
        AtomicReference<Object> fd = new AtomicReference<>();
        Thread maker = Thread.ofPlatform().start(() -> {
            try {
                OsState.unshare(OsState.CLONE_NEWNET);
                fd.set(OsState.openNs(Path.of("/proc/thread-self/ns/net")));
            } catch (Throwable t) {
                fd.set(t);
            }
        });
        maker.join();
        if (fd.get() instanceof Throwable t) {
            throw new AssertionError("could not make a network namespace", t);
        }
        netnsFd = (Integer) fd.get();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (tmpDir != null) {
            Files.deleteIfExists(tmpDir);
        }
        // netnsFd is left to the process: closing it through libc would need one more downcall for nothing.
    }

    static Stream<Arguments> taintsAndPolicies() {
        List<Arguments> all = new ArrayList<>();
        for (Taint t : Taint.values()) {
            for (StackPolicy p : List.of(StackPolicy.OS, StackPolicy.RUNTIME)) {
                all.add(Arguments.of(t, p));
            }
        }
        return all.stream();
    }

    private static ThreadRuntime start(StackPolicy policy, int maxThreads) {
        return ThreadRuntime.start(RuntimeConfig.builder().name("template-state").stackPolicy(policy)
                .maxThreads(maxThreads).stackSize(256 * 1024).detectDeadlocks(false).build(), new FfmPort());
    }

    /** Thrown by a tainted task that ends by throwing. */
    static final class TaskEnded extends RuntimeException {
        TaskEnded() {
            super("the tainted task throws", null, false, false);
        }
    }

    private static void assertClean(String what, Snapshot s) {
        assertEquals(original, s, () -> what + " inherited:" + s.diff(original));
    }

    private static void assertClean(String what, List<Future<Snapshot>> fs) throws Exception {
        for (Future<Snapshot> f : fs) {
            assertClean(what, f.get(30, TimeUnit.SECONDS));
        }
    }

    /** The tainted task's own check: the taint took (else the test would prove nothing). */
    private static void taintAndCheck(Taint taint) {
        taint.apply();
        Snapshot s = OsState.self();
        if (!taint.shows(s)) {
            throw new AssertionError(taint + " did not change the thread: " + s);
        }
    }

    private static void awaitGone(long tid) {
        Await.until(() -> !OsState.threadExists(tid), Duration.ofSeconds(20),
                () -> "the tainted thread " + tid + " is still alive");
    }

    private static void endAsExpected(Future<?> tainted, boolean throwing) throws Exception {
        if (throwing) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> tainted.get(30, TimeUnit.SECONDS));
            assertInstanceOf(TaskEnded.class, e.getCause(), "the task's own exception");
        } else {
            tainted.get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * maxThreads 1: a locked task taints its thread; tasks queued meanwhile (by the test thread and by the
     * tainted task itself) run after it, on the M that mexit starts from the dying tainted thread; then
     * later tasks. None sees the taint, and the tainted thread is gone.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("taintsAndPolicies")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void queuedAndLaterTasksDoNotInherit(Taint taint, StackPolicy policy) throws Exception {
        for (boolean throwing : new boolean[] {false, true}) {
            try (ThreadRuntime rt = start(policy, 1)) {
                CountDownLatch tainted = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                AtomicLong tid = new AtomicLong();
                List<Future<Snapshot>> submittedByTask = new CopyOnWriteArrayList<>();
                Future<?> t = rt.submit(() -> {
                    ThreadRuntime.lockOSThread();
                    taintAndCheck(taint);
                    tid.set(OsState.gettid());
                    submittedByTask.add(rt.submit(OsState::self));
                    submittedByTask.add(rt.submit(OsState::self));
                    tainted.countDown();
                    release.await();
                    if (throwing) {
                        throw new TaskEnded();
                    }
                    return null;
                });
                awaitOrFail(tainted, t);
                List<Future<Snapshot>> queued = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    queued.add(rt.submit(OsState::self));
                }
                release.countDown();
                endAsExpected(t, throwing);
                String how = taint + (throwing ? ", task threw" : ", task returned");
                assertClean("a task queued while the tainted M ran (" + how + ")", queued);
                assertClean("a task the tainted task submitted (" + how + ")", submittedByTask);
                awaitGone(tid.get());
                List<Future<Snapshot>> later = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    later.add(rt.submit(OsState::self));
                }
                assertClean("a later task (" + how + ")", later);
            }
        }
    }

    /**
     * maxThreads 8: the tainted task's submissions start new Ms from its thread (no M is idle); later tasks
     * from the test thread reuse those Ms. None sees the taint.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("taintsAndPolicies")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void msStartedByATaintedTaskDoNotInherit(Taint taint, StackPolicy policy) throws Exception {
        for (boolean throwing : new boolean[] {false, true}) {
            try (ThreadRuntime rt = start(policy, 8)) {
                AtomicLong tid = new AtomicLong();
                List<Future<Snapshot>> children = new CopyOnWriteArrayList<>();
                Future<?> t = rt.submit(() -> {
                    ThreadRuntime.lockOSThread();
                    taintAndCheck(taint);
                    tid.set(OsState.gettid());
                    for (int i = 0; i < 3; i++) {
                        children.add(rt.submit(OsState::self));
                    }
                    if (throwing) {
                        throw new TaskEnded();
                    }
                    return null;
                });
                endAsExpected(t, throwing);
                String how = taint + (throwing ? ", task threw" : ", task returned");
                assertEquals(3, children.size());
                assertClean("a task the tainted task submitted (" + how + ")", children);
                awaitGone(tid.get());
                List<Future<Snapshot>> later = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    later.add(rt.submit(OsState::self));
                }
                assertClean("a later task on any M (" + how + ")", later);
            }
        }
    }

    /** The shim's trt_work_lock_loop: blocks on a held lock word, so the BARE thread can be read from /proc. */
    private static MemorySegment lockLoop() {
        return threadrt_testkit_h.trt_work_lock_loop$address();
    }

    /** A BARE M that will block on {@code held} (which the test thread holds) and then count once. */
    record BlockedBare(BareThread thread, MemorySegment counter) {
        /** Reads its state from /proc/self/task/TID while it waits, lets it go, joins it. */
        Snapshot readAndRelease(RuntimeLock held) throws InterruptedException {
            Snapshot s;
            try {
                s = OsState.ofThread(thread.tid());
            } finally {
                held.unlock();
            }
            assertTrue(thread.join(Duration.ofSeconds(20)), "the BARE thread ended");
            assertEquals(1, counter.get(JAVA_LONG, 0), "the BARE thread ran its function");
            return s;
        }
    }

    /** Starts, from the calling thread, a BARE M running trt_work_lock_loop once on {@code held}'s word. */
    private static BlockedBare startBlockedBare(ThreadRuntime rt, RuntimeLock held) {
        MemorySegment counter = Arena.global().allocate(JAVA_LONG);
        MemorySegment work = Arena.global().allocate(24, 8); // struct trt_lock_loop { key, counter, iterations }
        work.set(ADDRESS, 0, held.word());
        work.set(ADDRESS, 8, counter);
        work.set(JAVA_LONG, 16, 1);
        return new BlockedBare(rt.startBare(lockLoop(), work), counter);
    }

    private static void assertCleanBare(String what, Snapshot s) {
        Snapshot want = original.withoutSigmask();
        assertEquals(want, s.withoutSigmask(), () -> what + " inherited:" + s.withoutSigmask().diff(want));
    }

    /** A BARE M started by a tainted locked task starts with the original state (every signal blocked: the shim's rule). */
    @ParameterizedTest
    @EnumSource(Taint.class)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void bareMsStartedByATaintedTaskDoNotInherit(Taint taint) throws Exception {
        try (ThreadRuntime rt = start(StackPolicy.RUNTIME, 4)) {
            RuntimeLock held = rt.newLock();
            held.lock();
            Snapshot fromTestThread = startBlockedBare(rt, held).readAndRelease(held);
            assertTrue(fromTestThread.sigwinchBlocked(), "a BARE thread starts with every signal blocked");
            assertCleanBare("a BARE M started by the test thread", fromTestThread);
            held.lock();
            BlockedBare b = rt.submit(() -> {
                ThreadRuntime.lockOSThread();
                taintAndCheck(taint);
                return startBlockedBare(rt, held);
            }).get(30, TimeUnit.SECONDS);
            assertCleanBare("a BARE M started by a task tainted with " + taint, b.readAndRelease(held));
        }
    }

    /**
     * A plain Java thread (not an M) that changed its own state and then submits and starts BARE Ms: the Ms
     * start with the state the runtime's starter had, not the submitter's.
     */
    @ParameterizedTest
    @EnumSource(Taint.class)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aTaintedPlainThreadSubmitsCleanMs(Taint taint) throws Exception {
        for (StackPolicy policy : List.of(StackPolicy.OS, StackPolicy.RUNTIME)) {
            try (ThreadRuntime rt = start(policy, 4)) {
                RuntimeLock held = rt.newLock();
                held.lock();
                AtomicReference<Object> bare = new AtomicReference<>();
                List<Future<Snapshot>> fs = new CopyOnWriteArrayList<>();
                Thread plain = Thread.ofPlatform().name("tainted-plain-thread").start(() -> {
                    try {
                        taintAndCheck(taint);
                        for (int i = 0; i < 3; i++) {
                            fs.add(rt.submit(OsState::self));
                        }
                        bare.set(startBlockedBare(rt, held));
                    } catch (Throwable t) {
                        bare.set(t);
                    }
                });
                plain.join();
                if (bare.get() instanceof Throwable t) {
                    throw new AssertionError(t);
                }
                Snapshot b = ((BlockedBare) bare.get()).readAndRelease(held);
                assertClean("a task submitted by a plain thread tainted with " + taint + ", " + policy, fs);
                assertCleanBare("a BARE M started by a plain thread tainted with " + taint, b);
            }
        }
    }

    /**
     * Go's LockOSThreadTemplateThreadRace: 200 rounds of two locked tasks that each taint every state and
     * submit at the same moment, with a GC between rounds. No hang, nothing inherited, and afterwards no
     * thread left.
     */
    @ParameterizedTest
    @EnumSource(value = StackPolicy.class, names = {"OS", "RUNTIME"})
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void twoLockedTasksTaintAndSubmitAtOnce200Times(StackPolicy policy) throws Exception {
        assumeTrue(original.cpus().contains(","), "AFFINITY needs two CPUs");
        for (int i = 0; i < 3; i++) {
            System.gc(); // let G1 start the workers it will use, before the baseline
        }
        Baseline before = Baseline.now();
        List<Long> taintedTids = new ArrayList<>();
        RuntimeStats stats;
        try (ThreadRuntime rt = start(policy, 4)) {
            for (int round = 0; round < 200; round++) {
                CyclicBarrier atOnce = new CyclicBarrier(2);
                List<Future<Future<Snapshot>>> lockers = new ArrayList<>();
                AtomicLong[] tids = {new AtomicLong(), new AtomicLong()};
                for (int k = 0; k < 2; k++) {
                    AtomicLong tid = tids[k];
                    Callable<Future<Snapshot>> locker = () -> {
                        ThreadRuntime.lockOSThread();
                        Taint.applyAll();
                        tid.set(OsState.gettid());
                        atOnce.await(30, TimeUnit.SECONDS);
                        return rt.submit(OsState::self);
                    };
                    lockers.add(rt.submit(locker));
                }
                for (Future<Future<Snapshot>> l : lockers) {
                    assertClean("round " + round + ": a task submitted by a tainted locked task",
                            l.get(30, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS));
                }
                taintedTids.add(tids[0].get());
                taintedTids.add(tids[1].get());
                System.gc();
            }
            rt.close();
            stats = rt.stats();
        }
        assertEquals(800, stats.tasksCompleted(), stats::toString);
        assertEquals(400, stats.lockedExits(), stats::toString);
        assertEquals(0, stats.mcount(), stats::toString);
        for (long tid : taintedTids) {
            assertTrue(!OsState.threadExists(tid), "tainted thread " + tid + " still alive");
        }
        before.awaitBack();
    }

    /**
     * startBare from a plain thread goes through the template, but the caller's argument may live in the
     * caller's confined arena (the template's downcall must not touch that segment's scope).
     */
    @Test
    void aBareArgumentInTheCallersConfinedArenaStillWorks() throws Exception {
        try (ThreadRuntime rt = start(StackPolicy.RUNTIME, 2); Arena confined = Arena.ofConfined()) {
            MemorySegment counter = confined.allocate(JAVA_LONG);
            rt.startBare(threadrt_testkit_h.trt_work_count$address(), counter).join();
            assertEquals(1, counter.get(JAVA_LONG, 0));
        }
    }

    /** After the tainted Ms are gone, a task on the JUnit thread's side still sees the original (sanity). */
    @Test
    void theOriginalStateIsTheTestThreads() throws Exception {
        try (ThreadRuntime rt = start(StackPolicy.OS, 2)) {
            Snapshot s = rt.submit(OsState::self).get(30, TimeUnit.SECONDS);
            assertClean("an M of a fresh runtime", s);
            assertNotEquals(OsState.gettid(), rt.submit(OsState::gettid).get());
        }
    }

    private static void awaitOrFail(CountDownLatch latch, Future<?> task) throws Exception {
        while (!latch.await(10, TimeUnit.MILLISECONDS)) {
            if (task.isDone()) {
                try {
                    task.get();
                } catch (ExecutionException e) {
                    throw new AssertionError("the tainted task failed before it was ready", e.getCause());
                }
                fail("the tainted task ended before it was ready");
            }
        }
    }
}
