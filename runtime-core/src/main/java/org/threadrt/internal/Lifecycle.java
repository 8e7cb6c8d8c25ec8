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
    /**
     * Set once by shutdownNow before it interrupts the running Ms; volatile, read without the lock by
     * every M as it starts a task (Sched.execute), so an interrupt never falls between a hand-off and
     * the interrupt-status clear that starts every task.
     */
    volatile boolean stoppingNow;

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

    /*
     * shutdownNow: shut down, then take back every task that has not started (the run queue, and the Gs
     * handed to an M that has not picked them up yet: a starting M, or an idle M that a submit woke),
     * cancel their futures, return them, and interrupt every M running a task. The rule: every task
     * submitted before shutdownNow either started before it (and is interrupted) or is returned, with
     * its future cancelled so that nobody waits on it forever (ForkJoinPool cancels too;
     * ThreadPoolExecutor leaves them pending, which is the hang this rule removes). A task handed to an M
     * counts as not started until the M takes it under sched.lock (findRunnable sets curg).
     */
    List<Runnable> shutdownNow() {
        shutdown();
        stoppingNow = true;
        List<G> dropped = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        sched.lock.lock();
        try {
            for (G g; (g = sched.runq.get()) != null; ) {
                dropped.add(g);
            }
            for (M m = sched.allm; m != null; m = m.alllink) {
                if (m.nextg != null) {
                    dropped.add(m.nextg); // handed over, not yet taken: the M finds nothing and exits
                    m.nextg = null;
                    sched.nmrunning--;
                    if (sched.waking == m) {
                        sched.waking = null; // the queue is empty now: no wake needs to follow it
                    }
                }
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
        List<Runnable> tasks = new ArrayList<>(dropped.size());
        for (G g : dropped) {
            g.cancel();
            tasks.add(g.task);
        }
        signalTermination();
        return tasks;
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
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return awaitCondition(this::isTerminated, unit.toNanos(timeout), false);
    }

    /**
     * Waits for {@code condition} for at most {@code nanos} (zero or negative: look once; at most
     * {@link #FOREVER} is waited, which no caller reaches). With {@code untilJvmExit}, also stops waiting
     * once the JVM has been exiting for {@link #EXIT_WAIT_NANOS}.
     */
    private boolean awaitCondition(BooleanSupplier condition, long nanos, boolean untilJvmExit)
            throws InterruptedException {
        long start = System.nanoTime();
        long wait = Math.min(Math.max(nanos, 0), FOREVER); // no overflow: start + FOREVER fits in a long
        long exitSeen = 0;
        synchronized (termination) {
            for (;;) {
                if (condition.getAsBoolean()) {
                    return true;
                }
                long now = System.nanoTime();
                long left = wait - (now - start);
                if (left <= 0) {
                    return false;
                }
                if (untilJvmExit && jvmExiting()) {
                    if (exitSeen == 0) {
                        exitSeen = now | 1;
                    } else if (now - exitSeen >= EXIT_WAIT_NANOS) {
                        return false;
                    }
                }
                TimeUnit.NANOSECONDS.timedWait(termination, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        }
    }

    /** Longer than anyone waits: 73 years of nanoseconds, so that a start time plus it cannot overflow. */
    static final long FOREVER = Long.MAX_VALUE / 4;
    /** How long close waits for tasks once the JVM is exiting (see close). */
    static final long EXIT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    /*
     * close: shut down, wait for every task, every task M and every BARE thread to be gone, reap every
     * stack and unmap the cache. If interrupted while waiting it calls shutdownNow (queued tasks are
     * returned nowhere: their futures are cancelled) and keeps waiting, like ExecutorService.close(); the
     * interrupt status is restored on return. Two cases cannot wait and are decided here:
     *   - called on one of this runtime's own task Ms (a task closing its runtime) it would wait for
     *     itself: it throws IllegalStateException before shutting anything down;
     *   - called while the JVM exits (from a shutdown hook, typically), a task may itself be stuck in
     *     System.exit, which waits for the hooks: close then waits at most EXIT_WAIT (1 s) for the tasks,
     *     interrupting them (shutdownNow) when that runs out, and returns without waiting for threads that
     *     are still running or reaping their stacks (the process is ending; the OS frees them).
     * Returns whether every thread of the runtime is gone (false only in the second case).
     */
    boolean close() {
        M self = CurrentM.get();
        if (self != null && self.sched == sched) {
            throw new IllegalStateException("close() called from " + self + ", a task of threadrt runtime '"
                    + sched.config.name() + "': it would wait for its own task to end. Call shutdown() from the "
                    + "task, or close() from a thread outside the runtime");
        }
        shutdown();
        boolean interrupted = false;
        boolean abandoned = false;
        while (true) {
            try {
                if (awaitCondition(() -> isTerminated() && sched.bare.gone(), FOREVER, true)) {
                    break;
                }
                if (!stoppingNow) {
                    shutdownNow(); // the JVM is exiting and the tasks did not end: interrupt, one more slice
                    continue;
                }
                abandoned = true;
                break;
            } catch (InterruptedException e) {
                if (!interrupted) {
                    shutdownNow();
                }
                interrupted = true;
            }
        }
        if (!abandoned) {
            sched.stacks.reapAllFreeMs(); // every M has exited; wait until the kernel says each thread is gone
            sched.stacks.close();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return !abandoned;
    }

    /** Whether the JVM has begun its shutdown sequence (System.exit, the last non-daemon thread, a signal). */
    static boolean jvmExiting() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true; // "Shutdown in progress"
        }
    }
}
