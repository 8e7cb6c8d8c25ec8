package org.threadrt;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.threadrt.internal.M;
import org.threadrt.internal.Sched;

/**
 * A BARE M started with {@link ThreadRuntime#startBare}: a raw OS thread running one native function.
 * {@link #onExit()} completes once the thread is gone and its stack reaped (freed or cached).
 */
public final class BareThread {
    private final M m;
    private final Sched sched;

    BareThread(M m, Sched sched) {
        this.m = m;
        this.sched = sched;
    }

    /**
     * The M's number in its runtime.
     *
     * @return the M's number
     */
    public long id() {
        return m.id();
    }

    /**
     * The OS thread id the clone returned.
     *
     * @return the OS thread id
     */
    public long tid() {
        return m.tid();
    }

    /**
     * Whether the thread has not yet been seen gone.
     *
     * @return true until the thread is seen gone
     */
    public boolean isAlive() {
        return !m.bareExit().isDone();
    }

    /**
     * Completes (with this handle) when the thread is gone and its stack reaped; a copy, so completing or
     * cancelling it does not affect the runtime.
     *
     * @return a future completed with this handle once the thread is gone
     */
    public CompletableFuture<BareThread> onExit() {
        return m.bareExit().thenApply(v -> this);
    }

    /**
     * Waits until the thread is gone and its stack reaped.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void join() throws InterruptedException {
        sched.awaitBare(m); // sleeps on the thread's own freeWait: woken by its exit, not by the reaper
        try {
            m.bareExit().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Waits at most {@code timeout}; returns whether the thread is gone and its stack reaped.
     *
     * @param timeout the longest time to wait
     * @return true if the thread is gone and its stack reaped
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean join(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        try {
            m.bareExit().get(Math.max(0, RuntimeLock.saturatedNanos(timeout)), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public String toString() {
        return "BareThread[M" + id() + ", tid " + tid() + (isAlive() ? ", alive]" : ", gone]");
    }
}
