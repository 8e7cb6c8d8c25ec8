package org.threadrt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/*
 * The runtime's lifecycle: shutdown, shutdownNow, termination and close.
 *
 * The rule: shutdown refuses new work and lets queued work run; idle Ms exit at once and busy ones once
 * the queue is empty (findRunnable sees the flag). Terminated means shut down, nothing queued, nothing
 * running, no task M alive and every task M's thread body returned. close is shutdown, then waiting for
 * termination and for every BARE M to be gone, then reaping every stack (sleeping on each freeWait until
 * the kernel clears it) and unmapping the cache: when it returns no thread of the runtime runs and no
 * stack of it is mapped.
 *
 * Synchronization: shutdown is guarded by sched.lock. The termination monitor guards nothing: it is the
 * condition awaitTermination and close wait on, notified (signalTermination) after every change they may
 * wait for; since some of those changes are made without the monitor, waits are bounded (50 ms) and
 * re-read the condition, so a missed notify costs at most one slice.
 */
final class Lifecycle {
    private final Sched sched;

    /** Guarded by sched.lock. */
    boolean shutdown;

    /** See the file comment: a condition, not a lock for state. */
    private final Object termination = new Object();

    Lifecycle(Sched sched) {
        this.sched = sched;
    }

    /** @throws RejectedExecutionException after shutdown; sched.lock held */
    void rejectIfShutdown() {
        if (shutdown) {
            throw new RejectedExecutionException("threadrt runtime '" + sched.config.name() + "' is shut down");
        }
    }

    /** Refuses new tasks; queued tasks still run; idle Ms exit now, busy ones after the queue drains. */
    void shutdown() {
        List<M> idle = new ArrayList<>();
        sched.lock.lock();
        try {
            shutdown = true;
            for (M m; (m = sched.midle.get()) != null; ) {
                idle.add(m);
            }
        } finally {
            sched.lock.unlock();
        }
        for (M m : idle) {
            m.park.wakeup();
        }
        sched.bare.wakeReaper(); // a lingering reaper ends now instead of after idleTimeout
        signalTermination();
    }

    /** Shuts down, drops the queued tasks (returned) and interrupts the Ms running tasks. */
    List<Runnable> shutdownNow() {
        shutdown();
        List<Runnable> dropped = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        sched.lock.lock();
        try {
            for (G g; (g = sched.runq.get()) != null; ) {
                dropped.add(g.task);
            }
            for (M m = sched.allm; m != null; m = m.alllink) {
                if (m.curg != null && m.thread != null) {
                    running.add(m.thread);
                }
            }
        } finally {
            sched.lock.unlock();
        }
        for (Thread t : running) {
            t.interrupt();
        }
        signalTermination();
        return dropped;
    }

    /** Whether shutdown was called. */
    boolean isShutdown() {
        sched.lock.lock();
        try {
            return shutdown;
        } finally {
            sched.lock.unlock();
        }
    }

    /** Shut down, every task done, every task M exited and its thread body returned. */
    boolean isTerminated() {
        sched.lock.lock();
        try {
            return shutdown && sched.runq.isEmpty() && sched.nmrunning == 0 && sched.nschedm == 0
                    && sched.liveBodies == 0;
        } finally {
            sched.lock.unlock();
        }
    }

    /** Wakes awaitTermination and close to look again. Never called with sched.lock held. */
    void signalTermination() {
        synchronized (termination) {
            termination.notifyAll();
        }
    }

    /** Waits until {@link #isTerminated()} or the timeout; returns whether terminated. */
    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return awaitCondition(this::isTerminated, unit.toNanos(timeout));
    }

    private boolean awaitCondition(BooleanSupplier condition, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        synchronized (termination) {
            for (;;) {
                if (condition.getAsBoolean()) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(termination, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        }
    }

    /**
     * Shuts down, waits for every task, every M and every BARE thread to be gone, reaps every stack and
     * unmaps the stack cache. If interrupted while waiting for tasks it calls {@link #shutdownNow()} and
     * keeps waiting, like {@code ExecutorService.close()}; the interrupt status is restored on return.
     */
    void close() {
        shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (awaitCondition(() -> isTerminated() && sched.bare.gone(), Long.MAX_VALUE / 4)) {
                    break;
                }
            } catch (InterruptedException e) {
                if (!interrupted) {
                    shutdownNow();
                }
                interrupted = true;
            }
        }
        sched.stacks.reapAllFreeMs(); // every M has exited; wait until the kernel says each thread is gone
        sched.stacks.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
