package org.threadrt.it;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.BareThread;
import org.threadrt.RuntimeConfig;
import org.threadrt.RuntimeLock;
import org.threadrt.ThreadRuntime;
import org.threadrt.workloads.natives.threadrt_testkit_h;
import org.threadrt.workloads.natives.trt_lock_loop;

/**
 * One RuntimeLock word taken by Java Ms (RuntimeLock in Java) and by C loops in the shim
 * (trt_lock, same algorithm) on BARE threads: 8 threads x 1,000,000 increments of one
 * native counter, each under the lock. The sum must be exact.
 */
class SharedLockTortureTest {
    static final long EACH = Long.getLong("threadrt.lock.each", 1_000_000);

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void javaMsAndCLoopsShareOneLockWord() throws Exception {
        int javaThreads = 6;
        int cThreads = 2;
        try (Arena arena = Arena.ofShared();
             ThreadRuntime rt = ThreadRuntime.start(RuntimeConfig.builder().maxThreads(javaThreads).build())) {
            RuntimeLock lock = rt.newLock();
            MemorySegment counter = arena.allocate(JAVA_LONG);
            MemorySegment work = trt_lock_loop.allocate(arena);
            trt_lock_loop.key(work, lock.word());
            trt_lock_loop.counter(work, counter);
            trt_lock_loop.iterations(work, EACH);
            List<BareThread> cLoops = new ArrayList<>();
            for (int i = 0; i < cThreads; i++) {
                cLoops.add(rt.startBare(threadrt_testkit_h.trt_work_lock_loop$address(), work));
            }
            List<Future<?>> javaLoops = new ArrayList<>();
            for (int i = 0; i < javaThreads; i++) {
                javaLoops.add(rt.submit(() -> {
                    for (long n = 0; n < EACH; n++) {
                        lock.lock();
                        counter.set(JAVA_LONG, 0, counter.get(JAVA_LONG, 0) + 1);
                        lock.unlock();
                    }
                }));
            }
            for (Future<?> f : javaLoops) {
                f.get();
            }
            for (BareThread t : cLoops) {
                t.join();
            }
            assertEquals((javaThreads + cThreads) * EACH, counter.get(JAVA_LONG, 0));
            assertEquals(0, lock.word().get(java.lang.foreign.ValueLayout.JAVA_INT, 0), "free, no waiters");
        }
    }
}
