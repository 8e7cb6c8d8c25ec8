package org.threadrt.it;

import org.threadrt.stress.TrackingPort;
import org.threadrt.stress.ProcSelf;
import org.threadrt.ffm.FfmPort;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.BareThread;
import org.threadrt.Note;
import org.threadrt.RuntimeConfig;
import org.threadrt.RuntimeStats;
import org.threadrt.ThreadRuntime;
import org.threadrt.workloads.natives.threadrt_testkit_h;

/**
 * 200,000 BARE threads through the generated clone trampoline and exitThread, up to 32 at a
 * time; every stack reaped, nothing leaked.
 */
class BareChurnTest {
    static final int THREADS = Integer.getInteger("threadrt.bare.threads", 200_000);

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void bareThreadsRunAndTheirStacksAreReaped() throws Exception {
        Baseline before = Baseline.now();
        TrackingPort port = new TrackingPort(new FfmPort());
        RuntimeStats s;
        try (Arena arena = Arena.ofShared();
             ThreadRuntime rt = ThreadRuntime.start(RuntimeConfig.builder().build(), port)) {
            MemorySegment counter = arena.allocate(JAVA_LONG);
            MemorySegment fn = threadrt_testkit_h.trt_work_count$address();
            ArrayDeque<BareThread> inFlight = new ArrayDeque<>();
            for (int i = 0; i < THREADS; i++) {
                if (inFlight.size() == 32) {
                    inFlight.removeFirst().join();
                }
                inFlight.addLast(rt.startBare(fn, counter));
            }
            for (BareThread t : inFlight) {
                t.join();
            }
            assertEquals(THREADS, counter.get(JAVA_LONG, 0), "every BARE thread ran its function once");
            rt.close();
            s = rt.stats();
        }
        assertEquals(THREADS, s.stacksReaped(), s::toString);
        assertEquals(s.stacksMapped(), s.stacksUnmapped(), s::toString);
        assertEquals(0, s.mcount(), s::toString);
        before.awaitBack();
        assertEquals(0, ProcSelf.stillMapped(port.everMapped()), "BARE stacks left in /proc/self/maps");
    }

    /* trt_work_wake, the function the overlapped BARE benchmark runs: a Note woken from a BARE thread. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aBareThreadWakesANoteFromC() throws Exception {
        try (ThreadRuntime rt = ThreadRuntime.start()) {
            Note ran = rt.newNote();
            for (int i = 0; i < 100; i++) {
                ran.clear();
                BareThread t = rt.startBare(threadrt_testkit_h.trt_work_wake$address(), ran.word());
                assertTrue(ran.sleep(Duration.ofSeconds(10)), "the BARE thread woke the note");
                t.join();
            }
        }
    }
}
