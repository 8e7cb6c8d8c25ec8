package org.threadrt.internal;

import java.lang.foreign.MemorySegment;
import java.util.function.BooleanSupplier;

/**
 * Where a {@code RuntimeLock} or {@code Note} made by a runtime reports that its caller is about to block,
 * and that it stopped blocking: the runtime's deadlock check ({@link DeadlockCheck}) implements it. This is
 * the whole of what the futex lock and note know of the scheduler, as Go's {@code lock_futex.go} knows
 * nothing of {@code proc.go}: the public sync types depend on this interface, the scheduler depends on
 * them (its own lock is a RuntimeLock), and neither imports the other.
 *
 * <p>Rule: every {@link #beginWait} that returned a wait is matched by exactly one {@link #endWait} on the
 * same thread, in a {@code finally}.
 */
public interface WaitObserver {
    /**
     * Counts the calling thread as blocked on {@code word} if it is one of this runtime's task Ms running a
     * task; otherwise returns null and nothing is counted.
     *
     * @param kind         what blocks, for the deadlock report ({@code "RuntimeLock.lock"}, {@code "Note.sleep"})
     * @param stillBlocked re-checked under the scheduler lock just before a deadlock is declared
     */
    SyncWait beginWait(String kind, MemorySegment word, BooleanSupplier stillBlocked);

    /** Stops counting a wait returned by {@link #beginWait}. */
    void endWait(SyncWait wait);

    /** How long a counted waiter sleeps at most before it looks at its wait's {@link SyncWait#deadlock()}. */
    long waitSliceNanos();
}
