package org.threadrt.it;

import org.threadrt.stress.ProcSelf;

import java.time.Duration;

import org.threadrt.testing.Await;

/** Thread counts before a test, and the wait for them to come back after it. */
record Baseline(int osThreads, int jvmThreads) {
    static Baseline now() {
        return new Baseline(ProcSelf.osThreads(), ProcSelf.jvmThreads());
    }

    /**
     * Waits (bounded) until the OS and JVM thread counts are back to this baseline: a
     * detached thread's last steps (JVM detach, libc exit) run after close() returns.
     */
    void awaitBack() {
        Await.until(() -> ProcSelf.osThreads() <= osThreads && ProcSelf.jvmThreads() <= jvmThreads,
                Duration.ofSeconds(20), () -> "threads not back to baseline " + this + ": os="
                        + ProcSelf.osThreads() + " jvm=" + ProcSelf.jvmThreads());
    }
}
