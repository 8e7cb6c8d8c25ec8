package org.threadrt.it;

import org.threadrt.stress.TrackingPort;
import org.threadrt.stress.ProcSelf;
import org.threadrt.ffm.FfmPort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.threadrt.RuntimeConfig;
import org.threadrt.RuntimeStats;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadRuntime;

/**
 * 100,000 sequential M churn cycles on real threads: each task locks its thread and returns,
 * so its M exits and the next task needs a new OS thread. Afterwards the process has exactly
 * the threads and mappings it had before.
 */
class MChurnLeakTest {
    static final int CYCLES = Integer.getInteger("threadrt.churn.cycles", 100_000);

    @ParameterizedTest
    @EnumSource(value = StackPolicy.class, names = {"OS", "RUNTIME"})
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void churnLeavesNothingBehind(StackPolicy policy) throws Exception {
        Baseline before = Baseline.now();
        TrackingPort port = new TrackingPort(new FfmPort());
        RuntimeStats s;
        try (ThreadRuntime rt = ThreadRuntime.start(RuntimeConfig.builder().stackPolicy(policy)
                .stackSize(256 * 1024).maxThreads(2).build(), port)) {
            for (int i = 0; i < CYCLES; i++) {
                rt.submit(ThreadRuntime::lockOSThread).get();
                if (i % 1000 == 0) {
                    rt.checkInvariants(); // mcount == mnext - nmfreed, under sched.lock
                    RuntimeStats mid = rt.stats();
                    assertEquals(mid.mnext() - mid.nmfreed(), mid.mcount(), mid::toString);
                    // Bounded, not near zero: an exited M stays on freem until the kernel says its thread
                    // is gone, which under load takes a while; a leak would grow it towards CYCLES.
                    assertTrue(mid.freemLength() <= 1000, "freem keeps being reaped: " + mid);
                }
            }
            rt.shutdown();
            assertTrue(rt.awaitTermination(Duration.ofMinutes(1)));
            rt.close(); // reaps what is left on freem and empties the stack cache
            s = rt.stats();
        }
        assertEquals(CYCLES, s.tasksCompleted(), s::toString);
        assertEquals(CYCLES, s.lockedExits(), s::toString);
        assertEquals(s.threadsStarted(), s.threadsExited(), s::toString);
        assertEquals(0, s.mcount(), s::toString);
        if (policy == StackPolicy.RUNTIME) {
            assertEquals(s.threadsExited(), s.stacksReaped(), "every RUNTIME M that exited was reaped: " + s);
            assertEquals(s.stacksMapped(), s.stacksUnmapped(), s::toString);
        }
        before.awaitBack();
        assertEquals(0, ProcSelf.stillMapped(port.everMapped()), "runtime stacks left in /proc/self/maps");
    }
}
