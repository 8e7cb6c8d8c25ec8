package org.threadrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.management.ObjectName;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.spi.Port;
import org.threadrt.testing.Await;
import org.threadrt.testing.JavaThreadsPort;

/**
 * Issue 12: when the OS refuses threads, the submitter does not pay for it. Starts are refused by a port
 * that wraps the Java-threads port: while {@link RefusingPort#refuse} is set every task-M start throws
 * EAGAIN, and the first one can be held inside the port (as a slow OS call would; until ABI 5 the shim's
 * own retries held it for ~210 ms), so a submit that waited for the OS would hang. Tasks stay queued and
 * run once starts succeed again; a refusal episode is counted, emitted to JFR and shown by the MXBean
 * (logged once: ResourceExhaustionTest reads the child's log). The real-kernel
 * versions (RLIMIT_NPROC, RLIMIT_AS) are src-test's ResourceExhaustionTest.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ThreadStartRefusalTest {

    /** A port whose task-M starts the test can refuse (EAGAIN) and hold. */
    static final class RefusingPort {
        final JavaThreadsPort real = new JavaThreadsPort();
        volatile boolean refuse;
        /** While non-null and not counted down, the first refused start waits on it inside the port. */
        volatile CountDownLatch holdFirst;
        final AtomicInteger refusals = new AtomicInteger();
        final Set<String> askingThreads = ConcurrentHashMap.newKeySet();
        final Port port = (Port) Proxy.newProxyInstance(Port.class.getClassLoader(), new Class<?>[] {Port.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("startThread") || name.equals("startThreadOnStack")) {
                        askingThreads.add(Thread.currentThread().getName());
                        if (refuse) {
                            CountDownLatch hold = holdFirst;
                            if (hold != null && refusals.get() == 0) {
                                hold.await();
                            }
                            refusals.incrementAndGet();
                            throw new ThreadStartException("test: the OS refuses threads", 11);
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    static RuntimeConfig.Builder config(String name, StackPolicy policy) {
        return RuntimeConfig.builder().name(name).stackPolicy(policy).maxThreads(16).detectDeadlocks(false)
                .idleTimeout(Duration.ofSeconds(30));
    }

    /**
     * Before: each submit below maxThreads handed its start to the template and waited for it, so with the
     * start held in the port the submits hung (and with the start refused, each task failed at once).
     */
    @ParameterizedTest
    @EnumSource(value = StackPolicy.class, names = {"OS", "RUNTIME"})
    void submitsReturnWhileTheOsRefusesAndEveryTaskRunsAfterwards(StackPolicy policy) throws Exception {
        RefusingPort p = new RefusingPort();
        p.refuse = true;
        p.holdFirst = new CountDownLatch(1);
        String name = "refused-" + policy;
        try (Recording jfr = new Recording()) {
            jfr.enable("org.threadrt.ThreadStartRefused");
            jfr.start();
            ThreadRuntime rt = ThreadRuntime.start(config(name, policy).build(), p.port);
            CountDownLatch release = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            long[] submitNanos = new long[1];
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                long t0 = System.nanoTime();
                for (int i = 0; i < 64; i++) {
                    int n = i;
                    futures.add(rt.submit(() -> {
                        release.await();
                        return n;
                    }));
                }
                submitNanos[0] = System.nanoTime() - t0;
            }, "64 submits returned while the OS's first refusal was still under way");
            System.out.printf("ThreadStartRefusalTest %s: 64 submits took %.2f ms while the OS refused%n", policy,
                    submitNanos[0] / 1e6);
            rt.checkInvariants();
            p.holdFirst.countDown(); // the held start now fails; the template retries with backoff
            Await.until(() -> rt.stats().threadStartFailures() >= 5, Duration.ofSeconds(30),
                    () -> "the template retried: " + rt.stats());
            rt.checkInvariants();
            RuntimeStats during = rt.stats();
            assertEquals(1, during.startRefusalEpisodes(), during::toString);
            assertEquals(64, during.tasksSubmitted(), during::toString);
            assertTrue(futures.stream().noneMatch(Future::isDone), "nothing ran, nothing failed while refused");
            ObjectName bean = new ObjectName("org.threadrt:type=ThreadRuntime,name=" + name);
            assertEquals(1L, ManagementFactory.getPlatformMBeanServer().getAttribute(bean, "StartRefusalEpisodes"));
            p.refuse = false;
            release.countDown();
            for (int i = 0; i < 64; i++) {
                assertEquals(i, futures.get(i).get(30, TimeUnit.SECONDS), "task " + i + " ran once threads start");
            }
            // a future completes inside its task; the M counts it when it comes back to the scheduler
            Await.until(() -> rt.stats().tasksCompleted() == 64, Duration.ofSeconds(30), rt.stats()::toString);
            rt.checkInvariants();
            RuntimeStats after = rt.stats();
            assertEquals(1, after.startRefusalEpisodes(), after::toString);
            long failures = after.threadStartFailures();
            rt.close();
            jfr.stop();
            Path dump = Files.createTempFile("refusals", ".jfr");
            try {
                jfr.dump(dump);
                long events = RecordingFile.readAllEvents(dump).stream()
                        .filter(e -> e.getEventType().getName().equals("org.threadrt.ThreadStartRefused"))
                        .filter(e -> name.equals(e.getString("runtime")))
                        .peek(e -> assertEquals(11, e.getInt("errno"), e::toString))
                        .count();
                assertEquals(failures, events, "one ThreadStartRefused event per refused start");
            } finally {
                Files.deleteIfExists(dump);
            }
        }
        assertTrue(p.askingThreads.stream().allMatch(t -> t.startsWith("threadrt-template-" + name)),
                () -> "only the template asked the OS for a thread: " + p.askingThreads);
        assertEquals(List.of(), p.real.violations());
        assertEquals(0, p.real.mappedStacks());
    }

    /** A single refusal costs nothing visible: the retry starts the M and the task runs. */
    @Test
    void aSingleRefusalIsRetriedAndTheTaskRuns() throws Exception {
        JavaThreadsPort port = new JavaThreadsPort();
        try (ThreadRuntime rt = ThreadRuntime.start(config("once", StackPolicy.OS).build(), port)) {
            port.failNextStarts(1);
            assertEquals(1, rt.submit(() -> 1).get(30, TimeUnit.SECONDS));
            RuntimeStats s = rt.stats();
            assertEquals(1, s.threadStartFailures(), s::toString);
            assertEquals(1, s.startRefusalEpisodes(), s::toString);
            rt.checkInvariants();
        }
    }

    /**
     * Issue 12's second item, decided: a task that cannot get a thread runs later; only when no task M is
     * alive and starts were refused for threadStartTimeout does it fail (its future, with a
     * RejectedExecutionException caused by the ThreadStartException), and submits are rejected the same
     * way until a probe start succeeds. Before: the task was failed at the first refusal.
     */
    @Test
    void afterThreadStartTimeoutQueuedTasksFailAndSubmitsAreRejectedUntilAThreadStarts() throws Exception {
        RefusingPort p = new RefusingPort();
        p.refuse = true;
        try (ThreadRuntime rt = ThreadRuntime.start(config("gives-up", StackPolicy.OS)
                .threadStartTimeout(Duration.ofMillis(200)).build(), p.port)) {
            long t0 = System.nanoTime();
            Future<Integer> waited = rt.submit(() -> 1);
            ExecutionException e = assertThrows(ExecutionException.class, () -> waited.get(30, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(200),
                    "the task waited threadStartTimeout before it failed");
            RejectedExecutionException r = assertInstanceOf(RejectedExecutionException.class, e.getCause());
            assertEquals(11, assertInstanceOf(ThreadStartException.class, r.getCause()).errno());
            assertTrue(r.getMessage().contains("gives-up") && r.getMessage().contains("threadStartTimeout"),
                    r::getMessage);
            RejectedExecutionException now = assertThrows(RejectedExecutionException.class, () -> rt.execute(() -> { }));
            assertInstanceOf(ThreadStartException.class, now.getCause());
            rt.checkInvariants();
            p.refuse = false;
            Await.until(() -> {
                try {
                    return rt.submit(() -> 2).get(30, TimeUnit.SECONDS) == 2;
                } catch (RejectedExecutionException stillRefused) {
                    return false;
                } catch (Exception unexpected) {
                    throw new AssertionError(unexpected);
                }
            }, Duration.ofSeconds(30), () -> "a probe start succeeded and submits are accepted again: " + rt.stats());
            rt.checkInvariants();
        }
        assertEquals(List.of(), p.real.violations());
    }

    /** close() does not hang on tasks no thread can run: they fail after threadStartTimeout. */
    @Test
    void closeReturnsWhenNoThreadCanEverStart() {
        RefusingPort p = new RefusingPort();
        p.refuse = true;
        ThreadRuntime rt = ThreadRuntime.start(config("never", StackPolicy.RUNTIME)
                .threadStartTimeout(Duration.ofMillis(100)).build(), p.port);
        Future<Integer> f = rt.submit(() -> 1);
        assertTimeoutPreemptively(Duration.ofSeconds(30), rt::close, "close returned");
        assertTrue(f.isDone());
        assertFalse(f.isCancelled());
        assertEquals(0, rt.stats().mcount(), rt.stats()::toString);
        assertEquals(0, p.real.mappedStacks(), "every stack mapped for a refused M was unmapped");
    }
}
