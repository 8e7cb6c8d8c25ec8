package org.threadrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.RuntimeConfig;
import org.threadrt.StackPolicy;
import org.threadrt.testing.Await;
import org.threadrt.testing.JavaThreadsPort;

/**
 * A Throwable injected into the scheduler loop: the M that meets it dies, and the runtime goes on with
 * nothing lost, no lock held, every invariant intact.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchedulerFailureTest {

    static final class InjectedError extends Error {
        InjectedError() {
            super("injected into the scheduler loop");
        }
    }

    /**
     * Before: the M died in its idle park while still on the idle list; the next submit handed its task
     * to the dead M, and the task never ran.
     */
    @Test
    void anMThatFailsInItsIdleParkLeavesNoTraceAndLosesNoTask() throws Exception {
        for (StackPolicy policy : List.of(StackPolicy.OS, StackPolicy.RUNTIME)) {
            JavaThreadsPort port = new JavaThreadsPort();
            Duration idle = Duration.ofSeconds(30);
            Sched s = new Sched(RuntimeConfig.builder().name("inject-" + policy).stackPolicy(policy).maxThreads(1)
                    .idleTimeout(idle).build(), port, getClass().getClassLoader());
            // The idle park is the only futex wait longer than 20 s here.
            port.failNextWaitLongerThan(Duration.ofSeconds(20).toNanos(), new InjectedError());
            org.threadrt.internal.GFuture<String> first = new org.threadrt.internal.GFuture<>(() -> "first");
            s.submit(first);
            assertEquals("first", first.get(10, TimeUnit.SECONDS));
            Await.until(() -> s.stats().threadsExited() == 1, Duration.ofSeconds(10),
                    () -> "the M that met the injected error exited: " + s.stats());
            s.assertInvariants();
            assertEquals(0, s.stats().nmidle(), "the dead M is not on the idle list");
            assertFalse(s.lock.isLocked(), "sched.lock is free");
            List<org.threadrt.internal.GFuture<Integer>> more = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                org.threadrt.internal.GFuture<Integer> f = new org.threadrt.internal.GFuture<>(() -> n);
                more.add(f);
                s.submit(f);
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(i, more.get(i).get(10, TimeUnit.SECONDS), "task " + i + " ran after the failure");
            }
            s.assertInvariants();
            s.close();
            assertEquals(0, s.stats().mcount());
            assertEquals(List.of(), port.violations());
        }
    }
}
