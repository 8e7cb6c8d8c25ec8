package org.threadrt.internal;

import java.util.concurrent.RunnableFuture;

/**
 * A task (Go's g): something ready to run on an M. Linked through {@link #schedlink} on the run queue;
 * owned by the run queue, then by the M it is handed to.
 */
final class G {
    final long id;
    /** What runs: a {@link GFuture} for submit(), the caller's Runnable for execute(). */
    final Runnable task;
    /** Next G on the run queue; guarded by sched.lock. */
    G schedlink;

    G(long id, Runnable task) {
        this.id = id;
        this.task = task;
    }

    /**
     * Ends a G that will never run (its M could not be started): completes its future exceptionally,
     * or reports the failure when it has none. Returns whether the failure reached a future.
     */
    /** Cancels the future of a G that will never run (shutdownNow); a plain Runnable has none. */
    void cancel() {
        if (task instanceof java.util.concurrent.Future<?> f) {
            f.cancel(false);
        }
    }

    boolean fail(Throwable cause) {
        if (task instanceof GFuture<?> f) {
            f.fail(cause);
            return true;
        }
        if (task instanceof RunnableFuture<?> f) {
            f.cancel(false);
            return true;
        }
        return false;
    }
}
