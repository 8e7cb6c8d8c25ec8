package org.threadrt.internal;

import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.threadrt.DeadlockReport;
import org.threadrt.internal.events.Events;

/*
 * The deadlock check (Go's checkdead) and the registry of waits it reads.
 *
 * checkdead runs whenever the counts it reads change. It declares a deadlock when every M that holds a
 * task is blocked in one of this runtime's Notes or RuntimeLocks and no queued task can get an M, and the
 * condition has held unchanged for deadlockGrace. Unlike Go, not every waker is an M: a thread outside the
 * runtime (or C code) may still wake a note, which is why there is a grace and why each blocked wait is
 * re-checked just before the declaration. A declared deadlock is reported to the configured handler, and
 * every blocked wait of it throws DeadlockException, so nothing hangs.
 *
 * The locks and notes reach this class only as a WaitObserver: a wait is registered before the waiter
 * sleeps and unregistered when it returns.
 *
 * Cost with many live Ms (issue 15): checkdead runs on every cycle (submit, findRunnable, mexit, a wait's
 * begin and end), and on all of them it reads four counts: O(1) whatever the number of Ms. It walks the
 * wait list (length nblocked, up to the number of live task Ms) only when every M holding a task has been
 * blocked in this runtime's sync for the whole grace, and it must: a declaration needs every waiter
 * re-checked on its own word, and no count can stand in for that. Such a walk normally ends the episode
 * (a declaration resets the suspicion, and its waiters leave), or stops at the first waiter that is awake
 * or was woken. ScaleWorkTest counts the nodes walked on the cycles (Sched.cycleWalkNodes).
 *
 * Synchronization: the wait list, nblocked, deadSuspectSince and deadlocksReported are guarded by
 * sched.lock; checkdead is called with it held and returns what to do once it is released.
 */
final class DeadlockCheck implements WaitObserver {
    private final Sched sched;
    private final boolean enabled;
    private final long graceNanos;
    /** Told of each declared deadlock after the configured handler (the MXBean's notification); copy-on-write. */
    private final List<Consumer<DeadlockReport>> observers = new CopyOnWriteArrayList<>();

    // Guarded by sched.lock.
    /** Registered waits, doubly linked through SyncWait.prev/next. */
    private SyncWait syncWaits;
    private int nblocked;
    /** When the deadlock condition was first seen holding, or -1. */
    private long deadSuspectSince = -1;
    private long deadlocksReported;

    DeadlockCheck(Sched sched) {
        this.sched = sched;
        this.enabled = sched.config.detectDeadlocks();
        this.graceNanos = sched.config.deadlockGrace().toNanos();
    }

    /*
     * checkdead: sched.lock must be held. The rule: a deadlock is when some task is blocked in this
     * runtime's sync, every M holding a task is so blocked (nblocked == nmrunning), no BARE M of the runtime
     * is alive (a BARE thread runs native code that may wake a note or release a lock: the shim's
     * trt_work_wake and C lock loops do), and no queued task can
     * get an M (the queue is empty, or every task M slot is taken by a blocked task), and this has held for
     * deadlockGrace, and each blocked wait, re-checked on its word, is still stuck with its waiter asleep
     * in the futex through the whole re-check (SyncWait's sleep generation). Ms blocked elsewhere
     * (Thread.sleep, I/O, Java locks) count as running: the check errs towards silence. The trade-off: a
     * waker outside the runtime that takes longer than the grace is reported as a deadlock (documented on
     * RuntimeConfig.Builder.detectDeadlocks). Returns what to do after sched.lock is released (wake the
     * blocked words, call the handler), or null.
     */
    Runnable checkdead() {
        if (!enabled) {
            return null;
        }
        // Never throws: it runs under sched.lock right after a handoff (submit, mexit, a failed start, a
        // reap), and a Throwable escaping it (an OutOfMemoryError building the report) would skip the
        // wakeup or the start that follows. A check that fails reports nothing; the next one looks again.
        try {
            return checkdeadOrThrow();
        } catch (Throwable t) {
            deadSuspectSince = -1;
            return null;
        }
    }

    private Runnable checkdeadOrThrow() {
        boolean stuck = nblocked > 0 && nblocked == sched.nmrunning && sched.nbare == 0
                && (sched.runq.isEmpty() || sched.nschedm >= sched.config.maxThreads());
        if (!stuck) {
            deadSuspectSince = -1;
            return null;
        }
        long now = System.nanoTime();
        if (deadSuspectSince < 0) {
            deadSuspectSince = now;
        }
        if (now - deadSuspectSince < graceNanos) {
            return null;
        }
        // Three passes: every waiter must be asleep, its condition must still hold, and it must have slept
        // through that check (same sleep generation), or a waiter woken mid-check looks stuck.
        int[] generations = new int[nblocked];
        int i = 0;
        for (SyncWait w = syncWaits; w != null; w = w.next, i++) {
            sched.cycleWalkNodes++;
            if (w.deadlock() != null) {
                return null; // already declared; its waiters are on their way out
            }
            generations[i] = w.sleepGeneration();
            if ((generations[i] & 1) == 0) {
                return null; // awake: running its lock or note code, not blocked
            }
        }
        for (SyncWait w = syncWaits; w != null; w = w.next) {
            sched.cycleWalkNodes++;
            if (!w.stillBlocked.getAsBoolean()) {
                return null; // woken (from inside or outside the runtime): not a deadlock
            }
        }
        List<DeadlockReport.BlockedWait> waits = new ArrayList<>();
        i = 0;
        for (SyncWait w = syncWaits; w != null; w = w.next, i++) {
            sched.cycleWalkNodes++;
            if (w.sleepGeneration() != generations[i]) {
                return null; // woke during the check
            }
            waits.add(new DeadlockReport.BlockedWait(w.m.id, w.m.tid, w.kind, w.word.address()));
        }
        DeadlockReport report = new DeadlockReport(sched.config.name(), Instant.now(), sched.mcount(),
                sched.nmrunning, sched.runq.size(), waits);
        List<MemorySegment> words = new ArrayList<>();
        for (SyncWait w = syncWaits; w != null; w = w.next) {
            w.declare(report);
            words.add(w.word);
        }
        deadlocksReported++;
        deadSuspectSince = -1;
        return () -> {
            for (MemorySegment word : words) {
                try {
                    sched.port.futexWake(word, Integer.MAX_VALUE);
                } catch (RuntimeException e) {
                    // A word whose arena was closed (IllegalStateException) must not keep the other waiters
                    // asleep or the handler uncalled; that waiter sees the declaration within its slice.
                    Sched.LOG.log(Level.WARNING, "threadrt: could not wake a deadlocked wait on 0x"
                            + Long.toHexString(word.address()), e);
                }
            }
            Events.deadlock(report);
            try {
                sched.config.deadlockHandler().accept(report);
            } catch (Throwable t) {
                Sched.LOG.log(Level.ERROR, "threadrt: deadlock handler failed", t);
            }
            for (Consumer<DeadlockReport> observer : observers) {
                try {
                    observer.accept(report);
                } catch (Throwable t) {
                    Sched.LOG.log(Level.ERROR, "threadrt: a deadlock observer (JMX notification) failed", t);
                }
            }
        };
    }

    /** Adds what is told of each declared deadlock after the configured handler. Any thread. */
    void addObserver(Consumer<DeadlockReport> observer) {
        observers.add(observer);
    }

    /** Runs checkdead again: a registered waiter's slice expired, the grace may have passed. */
    void recheckdead() {
        Runnable deadlockAction;
        sched.lock.lock();
        try {
            deadlockAction = checkdead();
        } finally {
            sched.lock.unlock();
        }
        Sched.runUnlocked(deadlockAction);
    }

    /**
     * Registers the calling thread as blocked in one of this runtime's Notes or RuntimeLocks, if it is a
     * task M of this runtime running a task and deadlock detection is on; otherwise returns null.
     */
    @Override
    public SyncWait beginWait(String kind, MemorySegment word, BooleanSupplier stillBlocked) {
        M m = CurrentM.get();
        if (m == null || m.sched != sched || !enabled) {
            return null;
        }
        SyncWait w = new SyncWait(this, m, kind, word, stillBlocked);
        Runnable deadlockAction;
        sched.lock.lock();
        try {
            if (m.curg == null) {
                return null;
            }
            w.next = syncWaits;
            if (syncWaits != null) {
                syncWaits.prev = w;
            }
            syncWaits = w;
            nblocked++;
            deadlockAction = checkdead();
        } finally {
            sched.lock.unlock();
        }
        Sched.runUnlocked(deadlockAction);
        return w;
    }

    @Override
    public void endWait(SyncWait w) {
        Runnable deadlockAction;
        sched.lock.lock();
        try {
            if (w.prev != null) {
                w.prev.next = w.next;
            } else {
                syncWaits = w.next;
            }
            if (w.next != null) {
                w.next.prev = w.prev;
            }
            w.prev = w.next = null;
            nblocked--;
            deadlockAction = checkdead(); // normally resets the suspicion: something moved
        } finally {
            sched.lock.unlock();
        }
        Sched.runUnlocked(deadlockAction);
    }

    @Override
    public long waitSliceNanos() {
        long slice = graceNanos / 2;
        if (graceNanos == 0) {
            slice = TimeUnit.MILLISECONDS.toNanos(100);
        }
        return Math.max(TimeUnit.MILLISECONDS.toNanos(5), Math.min(slice, TimeUnit.SECONDS.toNanos(1)));
    }

    // For SchedStats, sched.lock held.
    int nblocked() {
        return nblocked;
    }

    long deadlocksReported() {
        return deadlocksReported;
    }
}
