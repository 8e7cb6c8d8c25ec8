package org.threadrt.internal;

import java.lang.foreign.MemorySegment;
import java.util.function.BooleanSupplier;

import org.threadrt.DeadlockReport;

/**
 * A task blocked in one of its runtime's Notes or RuntimeLocks: what {@code checkdead} counts as
 * "blocked in runtime sync". Registered by the waiter before it sleeps, unregistered when it returns;
 * linked on the scheduler's list under sched.lock.
 */
public final class SyncWait {
    final M m;
    final String kind;
    final MemorySegment word;
    /** Re-checked under sched.lock when a deadlock is about to be declared: is the waiter still stuck? */
    final BooleanSupplier stillBlocked;
    SyncWait prev;
    SyncWait next;
    /** Set (under sched.lock) when a deadlock including this wait was declared. */
    private volatile DeadlockReport deadlock;

    SyncWait(M m, String kind, MemorySegment word, BooleanSupplier stillBlocked) {
        this.m = m;
        this.kind = kind;
        this.word = word;
        this.stillBlocked = stillBlocked;
    }

    /** The deadlock this wait is part of, or null. Checked by the waiter after every wake. */
    public DeadlockReport deadlock() {
        return deadlock;
    }

    void declare(DeadlockReport report) {
        this.deadlock = report;
    }
}
