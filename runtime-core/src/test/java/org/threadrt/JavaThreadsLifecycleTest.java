package org.threadrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.testing.Await;
import org.threadrt.testing.JavaThreadsPort;

/** Lifecycle tests that need the Java port's fault injection, fake BARE functions or stack bookkeeping. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JavaThreadsLifecycleTest {

    private static RuntimeConfig.Builder config() {
        return RuntimeConfig.builder().stackSize(256 * 1024);
    }

    @Test
    void runtimeStacksAreReapedCachedAndReprotected() throws Exception {
        JavaThreadsPort port = new JavaThreadsPort();
        try (ThreadRuntime rt = ThreadRuntime.start(config().stackPolicy(StackPolicy.RUNTIME).maxThreads(1)
                .stackCacheSize(2).build(), port)) {
            int cycles = 200;
            for (int i = 0; i < cycles; i++) {
                rt.submit(ThreadRuntime::lockOSThread).get();
                // The next M's allocm can reap this one only once its thread is gone.
                Await.until(() -> port.liveThreads() == 0, Duration.ofSeconds(5), () -> rt.stats().toString());
            }
            RuntimeStats s = rt.stats();
            assertEquals(cycles, s.lockedExits(), s::toString);
            assertTrue(s.stacksReaped() >= cycles - 1, s::toString);
            assertTrue(s.stacksMapped() <= 3, "stacks reused from the cache: " + s);
            assertTrue(port.reprotects() >= cycles - 3, "cached stacks are reprotected before reuse");
            assertTrue(s.freemLength() <= 1, s::toString);
            rt.checkInvariants();
        }
        assertEquals(0, port.mappedStacks());
        assertEquals(List.of(), port.violations());
    }

    @Test
    void closeWaitsForFreeWaitOfExitedMs() throws Exception {
        JavaThreadsPort port = new JavaThreadsPort();
        ThreadRuntime rt = ThreadRuntime.start(config().stackPolicy(StackPolicy.RUNTIME).maxThreads(8)
                .stackCacheSize(0).build(), port);
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fs.add(rt.submit(ThreadRuntime::lockOSThread));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        rt.close();
        RuntimeStats s = rt.stats();
        assertEquals(0, s.freemLength(), s::toString);
        assertEquals(s.stacksMapped(), s.stacksUnmapped(), s::toString);
        assertEquals(0, port.mappedStacks());
        assertEquals(0, port.liveThreads());
        assertEquals(List.of(), port.violations());
    }

    @Test
    void threadStartFailureWithAnotherMLeavesTheTaskQueued() throws Exception {
        JavaThreadsPort port = new JavaThreadsPort();
        try (ThreadRuntime rt = ThreadRuntime.start(config().maxThreads(2).build(), port)) {
            CountDownLatch gate = new CountDownLatch(1);
            CountDownLatch running = new CountDownLatch(1);
            Future<?> blocker = rt.submit(() -> {
                running.countDown();
                gate.await();
                return null;
            });
            // A submit returns before its M's thread exists (the template starts it): wait for the task itself.
            assertTrue(running.await(10, TimeUnit.SECONDS), rt.stats()::toString);
            port.failNextStarts(Integer.MAX_VALUE); // every start refused: the task must wait for M1
            Future<Integer> f = rt.submit(() -> 7);
            Await.until(() -> rt.stats().threadStartFailures() >= 1, Duration.ofSeconds(5), () -> "");
            assertFalse(f.isDone());
            rt.checkInvariants();
            gate.countDown();
            blocker.get();
            assertEquals(7, f.get(), "the surviving M ran the task");
            port.failNextStarts(0);
        }
    }

    @Test
    void bareThreadsRunAreReapedAndCounted() throws Exception {
        JavaThreadsPort port = new JavaThreadsPort();
        CountDownLatch release = new CountDownLatch(1);
        try (ThreadRuntime rt = ThreadRuntime.start(config().build(), port)) {
            MemorySegment fn = port.bareFunction(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            List<BareThread> bare = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                bare.add(rt.startBare(fn, MemorySegment.NULL));
            }
            RuntimeStats s = rt.stats();
            assertEquals(5, s.nbare(), s::toString);
            assertEquals(5, s.mcount(), s::toString);
            rt.checkInvariants();
            assertTrue(bare.get(0).isAlive());
            assertFalse(bare.get(0).join(Duration.ofMillis(20)));
            release.countDown();
            for (BareThread b : bare) {
                assertTrue(b.join(Duration.ofSeconds(10)), b::toString);
                assertFalse(b.isAlive());
                assertTrue(b.tid() > 0);
            }
            s = rt.stats();
            assertEquals(0, s.nbare(), s::toString);
            assertEquals(0, s.mcount(), s::toString);
            assertEquals(5, s.stacksReaped(), s::toString);
            rt.checkInvariants();
            // Many short ones: stacks come from the cache.
            MemorySegment quick = port.bareFunction(() -> { });
            for (int i = 0; i < 100; i++) {
                rt.startBare(quick, MemorySegment.NULL).onExit().get(10, TimeUnit.SECONDS);
            }
            assertTrue(rt.stats().stacksMapped() <= 5 + 1, rt.stats()::toString);
        }
        assertEquals(0, port.mappedStacks());
        assertEquals(List.of(), port.violations());
    }

    @Test
    void closeWaitsForBareThreads() throws Exception {
        JavaThreadsPort port = new JavaThreadsPort();
        ThreadRuntime rt = ThreadRuntime.start(config().build(), port);
        BareThread b = rt.startBare(port.bareFunction(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), MemorySegment.NULL);
        rt.close();
        assertFalse(b.isAlive());
        assertEquals(0, port.mappedStacks());
        assertEquals(0, rt.stats().mcount());
    }

    @Test
    void bareStartFailureIsUndone() {
        JavaThreadsPort port = new JavaThreadsPort();
        try (ThreadRuntime rt = ThreadRuntime.start(config().build(), port)) {
            port.failNextStarts(1);
            assertThrows(ThreadStartException.class, () -> rt.startBare(port.bareFunction(() -> { }), MemorySegment.NULL));
            RuntimeStats s = rt.stats();
            assertEquals(0, s.mcount(), s::toString);
            assertEquals(0, s.nbare(), s::toString);
            rt.checkInvariants();
        }
        assertEquals(0, port.mappedStacks());
    }
}
