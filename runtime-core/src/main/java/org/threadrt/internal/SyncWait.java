package org.threadrt.internal;

import java.lang.foreign.MemorySegment;
import java.util.function.BooleanSupplier;

import org.threadrt.DeadlockReport;
import org.threadrt.spi.Port;

/**
 * A task blocked in one of its runtime's Notes or RuntimeLocks: what {@code checkdead} counts as
 * "blocked in runtime sync". Made by {@link WaitObserver#beginWait} before the waiter sleeps, ended by
 * {@link WaitObserver#endWait} when it returns.
 *
 * <p>Synchronization: {@link #prev}/{@link #next} are guarded by sched.lock (the deadlock check's list);
 * {@link #sleepGeneration} is written only by the waiter and volatile for the checker; {@link #deadlock} is
 * written under sched.lock and volatile for the waiter. The rest is final.
 */
public final class SyncWait {
    private final DeadlockCheck check;
    final M m;
    final String kind;
    final MemorySegment word;
    /** Re-checked under sched.lock when a deadlock is about to be declared: is the waiter still stuck? */
    final BooleanSupplier stillBlocked;
    SyncWait prev;
    SyncWait next;
    /**
     * The waiter's sleep generation: incremented just before each futex sleep on the word and just after
     * it returns, so it is odd exactly while the waiter is asleep. checkdead declares a wait stuck only if
     * the generation is odd and unchanged across the re-check of {@link #stillBlocked}: the waiter slept
     * through the whole check. A plain "asleep" flag read before the condition is not enough: the waiter
     * can wake and take its lock between the two reads (seen in CI with a zero grace, a false second
     * Deadlock event in ObservabilityTest). Written only by the waiter.
     */
    private volatile int sleepGeneration;
    /** Set (under sched.lock) when a deadlock including this wait was declared. */
    private volatile DeadlockReport deadlock;

    SyncWait(DeadlockCheck check, M m, String kind, MemorySegment word, BooleanSupplier stillBlocked) {
        this.check = check;
        this.m = m;
        this.kind = kind;
        this.word = word;
        this.stillBlocked = stillBlocked;
    }

    /** The deadlock this wait is part of, or null. Checked by the waiter after every wake. */
    public DeadlockReport deadlock() {
        return deadlock;
    }

    /**
     * The waiter's one futex sleep: on the word while it holds {@code expected}, for at most {@code nanos}
     * (negative: no limit), counted asleep for checkdead throughout. A sleep that timed out runs checkdead
     * again before the waiter counts as awake: the grace may have passed while it slept, and it is still
     * stuck.
     */
    public void sleepOn(Port port, int expected, long nanos) {
        sleepGeneration++; // odd: asleep (only this thread writes it)
        try {
            if (port.futexWait(word, expected, nanos)) {
                check.recheckdead();
            }
        } finally {
            sleepGeneration++; // even: awake
        }
    }

    /** The sleep generation, odd while asleep; see the field. */
    int sleepGeneration() {
        return sleepGeneration;
    }

    void declare(DeadlockReport report) {
        this.deadlock = report;
    }
}
